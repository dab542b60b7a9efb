/**
 * The whole state as plain JSON and back, for the CLI's `--data FILE`. CryptoKeys become JWKs, so
 * this only works on extractable keys (the Node simulator makes them so; the browser's are not, and
 * the browser has IndexedDB itself for persistence). No node: imports here: the file I/O is in
 * ../data-file.ts.
 */
import type { SimulatorDatabase } from './open.js';
import { STORE_NAMES, type StoreName } from './schema.js';

/** Stores added after state files were first written: a file from before them holds none (empty). */
const LATER_STORES: ReadonlySet<StoreName> = new Set([
  'mobileChanges',
  'webhookEndpoints',
  'webhookEvents',
  'webhookDeliveries',
]);

export interface StateSnapshot {
  format: 'ijazat-simulator-state';
  version: 1;
  stores: Record<StoreName, { key?: IDBValidKey; value: unknown }[]>;
}

interface EncodedKey {
  $cryptoKey: {
    jwk: JsonWebKey;
    algorithm: KeyAlgorithm & { namedCurve?: string; hash?: { name: string } };
    usages: KeyUsage[];
  };
}

async function encode(value: unknown): Promise<unknown> {
  if (value instanceof CryptoKey) {
    const algorithm = value.algorithm as EncodedKey['$cryptoKey']['algorithm'];
    const encoded: EncodedKey = {
      $cryptoKey: {
        jwk: await crypto.subtle.exportKey('jwk', value),
        algorithm: {
          name: algorithm.name,
          ...(algorithm.namedCurve ? { namedCurve: algorithm.namedCurve } : {}),
          ...(algorithm.hash ? { hash: { name: algorithm.hash.name } } : {}),
        },
        usages: [...value.usages],
      },
    };
    return encoded;
  }
  if (Array.isArray(value)) return Promise.all(value.map(encode));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await encode(v);
    return out;
  }
  return value;
}

async function decode(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(decode));
  if (value && typeof value === 'object') {
    if ('$cryptoKey' in value) {
      const { jwk, algorithm, usages } = (value as EncodedKey).$cryptoKey;
      return crypto.subtle.importKey('jwk', jwk, algorithm, true, usages);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await decode(v);
    return out;
  }
  return value;
}

/** Every stored record as it is (CryptoKeys stay objects): for inspection, not for files. */
export async function readAllRecords(db: SimulatorDatabase): Promise<Record<StoreName, unknown[]>> {
  const tx = db.transaction([...STORE_NAMES]);
  const all = await Promise.all(STORE_NAMES.map((name) => tx.objectStore(name).getAll()));
  return Object.fromEntries(STORE_NAMES.map((name, i) => [name, all[i]!])) as Record<StoreName, unknown[]>;
}

export async function dumpState(db: SimulatorDatabase): Promise<StateSnapshot> {
  const tx = db.transaction([...STORE_NAMES]);
  const raw = await Promise.all(
    STORE_NAMES.map(async (name) => {
      const store = tx.objectStore(name);
      const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
      // Only `meta` has out-of-line keys; the others carry theirs in the value.
      return values.map((value, i) => (name === 'meta' ? { key: keys[i]!, value } : { value }));
    }),
  );
  // Encoding awaits WebCrypto, so it runs after the read transaction.
  const stores = {} as StateSnapshot['stores'];
  for (const [i, name] of STORE_NAMES.entries())
    stores[name] = (await encode(raw[i])) as StateSnapshot['stores'][StoreName];
  return { format: 'ijazat-simulator-state', version: 1, stores };
}

export function isStateSnapshot(value: unknown): value is StateSnapshot {
  const v = value as StateSnapshot | null;
  return (
    !!v &&
    v.format === 'ijazat-simulator-state' &&
    v.version === 1 &&
    typeof v.stores === 'object' &&
    STORE_NAMES.every((name) => Array.isArray(v.stores[name]) || (LATER_STORES.has(name) && !(name in v.stores)))
  );
}

export async function loadState(db: SimulatorDatabase, snapshot: StateSnapshot): Promise<void> {
  const decoded = {} as StateSnapshot['stores'];
  for (const name of STORE_NAMES)
    decoded[name] = (await decode(snapshot.stores[name] ?? [])) as StateSnapshot['stores'][StoreName];
  const tx = db.transaction([...STORE_NAMES], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const name of STORE_NAMES) {
    const store = tx.objectStore(name);
    writes.push(store.clear());
    for (const row of decoded[name]) {
      // Replayed answers saved before they had an expiry would never be swept: they are a cache, drop them.
      if (name === 'idempotency' && typeof (row.value as { expiresAt?: unknown }).expiresAt !== 'number') continue;
      // Limit counters kept by citizen id (before every CNIC counted alike) are dropped, as the upgrade does.
      if (name === 'activity' && typeof (row.value as { cnicRef?: unknown }).cnicRef !== 'string') continue;
      writes.push(
        row.key === undefined ? store.put(row.value as never) : store.put(row.value as never, row.key as never),
      );
    }
  }
  await Promise.all([...writes, tx.done]);
}
