/**
 * In-memory indexes of the records that change rarely (partners, citizens, SIMs, signing keys,
 * webhook endpoints), read
 * on nearly every request. fake-indexeddb's index lookups cost about a millisecond each in Node, so
 * these are loaded once and dropped whenever a commit touches their stores (or another tab says so).
 * IndexedDB stays the source of truth.
 */
import type { SimulatorDatabase } from './open.js';
import type {
  CitizenRecord,
  MobileChangeRecord,
  PartnerRecord,
  SigningKeyRecord,
  SimRecord,
  StoreName,
  WebhookEndpointRecord,
} from './schema.js';

export interface RegistryIndexes {
  partnersByPublishableKey: Map<string, PartnerRecord>;
  partnersBySecretKey: Map<string, PartnerRecord>;
  partnersById: Map<string, PartnerRecord>;
  citizensByCnic: Map<string, CitizenRecord>;
  citizensById: Map<string, CitizenRecord>;
  simsByMobile: Map<string, SimRecord>;
  simsById: Map<string, SimRecord>;
  keys: SigningKeyRecord[];
  /** Changes of a registered mobile still on hold: checked on every send, usually none. */
  pendingMobileChanges: MobileChangeRecord[];
  /** Each partner's webhook endpoints, oldest first; partners without any are absent. */
  endpointsByPartner: Map<string, WebhookEndpointRecord[]>;
}

const MEMO_STORES: readonly StoreName[] = ['partners', 'citizens', 'sims', 'keys', 'mobileChanges', 'webhookEndpoints'];

export class RegistryMemo {
  private loaded: Promise<RegistryIndexes> | null = null;

  constructor(private readonly db: SimulatorDatabase) {}

  get(): Promise<RegistryIndexes> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** Drops the indexes when `stores` include any they mirror (all when omitted). */
  invalidate(stores: readonly StoreName[] = MEMO_STORES): void {
    if (stores.some((store) => MEMO_STORES.includes(store))) this.loaded = null;
  }

  private async load(): Promise<RegistryIndexes> {
    const tx = this.db.transaction(['partners', 'citizens', 'sims', 'keys', 'mobileChanges', 'webhookEndpoints']);
    const [partners, citizens, sims, keys, pendingMobileChanges, endpoints] = await Promise.all([
      tx.objectStore('partners').getAll(),
      tx.objectStore('citizens').getAll(),
      tx.objectStore('sims').getAll(),
      tx.objectStore('keys').getAll(),
      tx.objectStore('mobileChanges').index('status').getAll('pending'),
      tx.objectStore('webhookEndpoints').getAll(),
    ]);
    const endpointsByPartner = new Map<string, WebhookEndpointRecord[]>();
    for (const endpoint of endpoints.sort((a, b) => a.createdAt - b.createdAt))
      endpointsByPartner.set(endpoint.partnerId, [...(endpointsByPartner.get(endpoint.partnerId) ?? []), endpoint]);
    return {
      partnersByPublishableKey: new Map(partners.map((p) => [p.publishableKey, p])),
      partnersBySecretKey: new Map(partners.map((p) => [p.secretKey, p])),
      partnersById: new Map(partners.map((p) => [p.id, p])),
      citizensByCnic: new Map(citizens.map((c) => [c.cnic, c])),
      citizensById: new Map(citizens.map((c) => [c.id, c])),
      simsByMobile: new Map(sims.map((s) => [s.mobile, s])),
      simsById: new Map(sims.map((s) => [s.id, s])),
      keys,
      pendingMobileChanges,
      endpointsByPartner,
    };
  }
}
