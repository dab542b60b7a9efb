/**
 * Consent requests and per-CNIC activity as last written by this simulator, kept in memory so that
 * operations in the serial queue do not wait behind the previous operation's write transaction to
 * read them. Writes go through `remember` in the same step as the IndexedDB put; misses are read
 * from IndexedDB (which stays the source of truth) and dropped on reset or another tab's change.
 */
import type { SimulatorDatabase } from './open.js';
import type { CnicActivityRecord, ConsentRequestRecord } from './schema.js';

interface Cached {
  requests: ConsentRequestRecord;
  activity: CnicActivityRecord;
}
export type CachedStore = keyof Cached;

/**
 * At most this many records per map, the least recently written dropped first: a flow's request is
 * read again within seconds of being written, and memory stays flat however long the server runs.
 */
const MAX_ENTRIES = 10_000;

const keyOf = <S extends CachedStore>(store: S, value: Cached[S]): string =>
  store === 'requests' ? (value as ConsentRequestRecord).id : (value as CnicActivityRecord).cnicRef;

export class RecordCache {
  private readonly maps: { [S in CachedStore]: Map<string, Cached[S]> } = { requests: new Map(), activity: new Map() };

  constructor(private readonly db: SimulatorDatabase) {}

  async get<S extends CachedStore>(store: S, key: string): Promise<Cached[S] | undefined> {
    const map = this.maps[store] as Map<string, Cached[S]>;
    const known = map.get(key);
    if (known) return known;
    const stored = (await this.db.get(store, key)) as Cached[S] | undefined;
    // A write that landed while we read wins over what we read.
    if (stored && !map.has(key)) this.set(map, key, stored);
    return map.get(key) ?? stored;
  }

  remember<S extends CachedStore>(store: S, value: Cached[S]): void {
    this.set(this.maps[store], keyOf(store, value), value);
  }

  clear(): void {
    this.maps.requests.clear();
    this.maps.activity.clear();
  }

  private set<V>(map: Map<string, V>, key: string, value: V): void {
    // A Map iterates in insertion order: deleting first makes this key the newest.
    map.delete(key);
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, value);
  }
}
