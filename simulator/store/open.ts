/**
 * Opens (and upgrades) the simulator's database. Takes the IDBFactory explicitly so Node can give
 * each simulator its own fake-indexeddb factory; the browser uses the page's `indexedDB`.
 */
import { wrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { SimulatorDB } from './schema.js';

export const DB_VERSION = 5;
export type SimulatorDatabase = IDBPDatabase<SimulatorDB>;

/** A store whose commits land after its transactions report done (SQLite's group commit) says when. */
export interface DurableStore {
  whenDurable(): Promise<void>;
}

type UpgradeTransaction = IDBPTransaction<SimulatorDB, StoreNames<SimulatorDB>[], 'versionchange'>;

function upgrade(db: SimulatorDatabase, oldVersion: number, tx: UpgradeTransaction): void {
  // One step per version; later versions add steps below, never edit this one.
  if (oldVersion < 1) {
    db.createObjectStore('citizens', { keyPath: 'id' }).createIndex('cnic', 'cnic', { unique: true });
    db.createObjectStore('sims', { keyPath: 'id' }).createIndex('mobile', 'mobile', { unique: true });
    const partners = db.createObjectStore('partners', { keyPath: 'id' });
    partners.createIndex('publishableKey', 'publishableKey', { unique: true });
    partners.createIndex('secretKey', 'secretKey', { unique: true });
    db.createObjectStore('requests', { keyPath: 'id' });
    db.createObjectStore('messages', { keyPath: 'seq', autoIncrement: true }).createIndex('simId', 'simId');
    db.createObjectStore('consents', { keyPath: 'jti' }).createIndex('citizenId', 'citizenId');
    db.createObjectStore('audit', { keyPath: 'seq' });
    db.createObjectStore('idempotency', { keyPath: 'scope' });
    db.createObjectStore('activity', { keyPath: 'citizenId' });
    db.createObjectStore('keys', { keyPath: 'kid' });
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) {
    // An inbox read from a given message on reads only the newer ones (GET …/messages?after=msg_N).
    tx.objectStore('messages').createIndex('simId-seq', ['simId', 'seq']);
  }
  if (oldVersion < 3) {
    // Replayed answers expire and are swept by partner. Older answers carry no expiry; they are a
    // replay cache, so they are dropped rather than kept forever (tokens among them).
    const idempotency = tx.objectStore('idempotency');
    void idempotency.clear();
    idempotency.createIndex('partnerId-expiresAt', ['partnerId', 'expiresAt']);
  }
  if (oldVersion < 4) {
    // Per-CNIC limits now count under a keyed CNIC reference, for registered and unknown CNICs
    // alike; the old records (by citizen id, at most 24 h of counters) are dropped with their store.
    if (db.objectStoreNames.contains('activity')) db.deleteObjectStore('activity');
    db.createObjectStore('activity', { keyPath: 'cnicRef' });
    // Changes of a registered mobile, held before they take effect.
    const changes = db.createObjectStore('mobileChanges', { keyPath: 'id' });
    changes.createIndex('citizenId', 'citizenId');
    changes.createIndex('status', 'status');
  }
  if (oldVersion < 5) {
    // Consent-status webhooks: endpoints, events and their deliveries (with every attempt); consents
    // by partner and expiry, so the expiries a partner must hear of are found by range.
    db.createObjectStore('webhookEndpoints', { keyPath: 'id' }).createIndex('partnerId', 'partnerId');
    db.createObjectStore('webhookEvents', { keyPath: 'id' });
    const deliveries = db.createObjectStore('webhookDeliveries', { keyPath: 'id' });
    deliveries.createIndex('state-due', ['state', 'nextAttemptAt']);
    deliveries.createIndex('partnerId-createdAt', ['partnerId', 'createdAt']);
    tx.objectStore('consents').createIndex('partnerId-expiresAt', ['partnerId', 'expiresAt']);
  }
}

export function openSimulatorDatabase(factory: IDBFactory, name: string): Promise<SimulatorDatabase> {
  const request = factory.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(
      wrap(request.result) as unknown as SimulatorDatabase,
      event.oldVersion,
      wrap(request.transaction!) as unknown as UpgradeTransaction,
    );
  });
  // A newer version opened elsewhere (another tab after an upgrade) waits until this connection
  // closes: close it rather than leave that tab's simulator hanging.
  request.addEventListener('success', () =>
    request.result.addEventListener('versionchange', () => request.result.close()),
  );
  return wrap(request) as unknown as Promise<SimulatorDatabase>;
}
