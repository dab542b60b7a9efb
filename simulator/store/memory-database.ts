/**
 * The simulator's database in plain memory: the part of idb's API the simulator uses, with the
 * IndexedDB behaviour it relies on. Values are cloned in and out, keys come back in IndexedDB
 * order, auto-increment keys are written into the value, unique indexes hold, and a readwrite transaction that fails is undone whole and rejects `done`.
 *
 * The Node HTTP server runs on it (its persistence is the `--data` file, not IndexedDB):
 * fake-indexeddb emulates all of IndexedDB (events, scheduling, key trees) and cost about a fifth of
 * the server's time per flow (docs/performance.md). The browser keeps real IndexedDB, and
 * setupSimulatorServer keeps fake-indexeddb, so both paths stay tested; test/node/simulator/
 * memory-database.test.ts drives the same operations through both and compares every record.
 *
 * Supported queries: get by key; getAll / getAllKeys of a whole store or a key range of it, with a
 * count; an index's getAll / getAllKeys (and getAllFromIndex) by an exact key, or by a range over a
 * compound index whose bounds share their first part, with a count; a cursor at the first or last
 * record. Writes: put, add, delete by key, clear. Anything
 * else throws, so a new kind of query cannot silently misbehave.
 */
import type { SimulatorDatabase } from './open.js';
import { STORE_LAYOUT, STORE_NAMES, type StoreLayout, type StoreName } from './schema.js';

type Key = string | number | Key[];
type Value = Record<string, unknown>;

/**
 * A deep copy as IndexedDB stores it. Plain objects, arrays and primitives (every record but the
 * keys') are copied directly, several times faster than structuredClone; anything else (CryptoKeys)
 * goes through structuredClone, which also throws on what IndexedDB would refuse to store.
 */
function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') return structuredClone(value); // throws DataCloneError
    return value;
  }
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneValue<unknown>(value[i]);
    return copy as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneValue((value as Record<string, unknown>)[key]);
  return copy as T;
}

const nextTask: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => void setImmediate(run) : (run) => void setTimeout(run, 0);

function domError(name: string, message: string): Error {
  return typeof DOMException === 'function'
    ? new DOMException(message, name)
    : Object.assign(new Error(message), { name });
}

/** IndexedDB's key order for the key types the simulator uses: numbers < strings < arrays. */
export function compareKeys(a: Key, b: Key): number {
  const rank = (key: Key) => (typeof key === 'number' ? 0 : typeof key === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareKeys(a[i]!, b[i]!);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const isKey = (value: unknown): value is Key =>
  (typeof value === 'number' && !Number.isNaN(value)) ||
  typeof value === 'string' ||
  (Array.isArray(value) && value.every(isKey));

function keyAt(value: Value, keyPath: string | string[]): Key | undefined {
  const key = Array.isArray(keyPath) ? keyPath.map((path) => value[path]) : value[keyPath];
  return isKey(key) ? key : undefined;
}

interface IndexEntry {
  indexKey: Key;
  primaryKey: Key;
}

const entryOrder = (a: IndexEntry, b: IndexEntry) =>
  compareKeys(a.indexKey, b.indexKey) || compareKeys(a.primaryKey, b.primaryKey);

/** The first position in `entries` (sorted) whose entry does not come before `probe`. */
function lowerBound(entries: IndexEntry[], probe: (entry: IndexEntry) => boolean): number {
  let [low, high] = [0, entries.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (probe(entries[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One index: its entries grouped by the first part of their index key (the whole key when simple),
 * each group sorted by index key then primary key, so lookups and ranges are binary searches.
 */
class MemoryIndex {
  private readonly groups = new Map<string | number, IndexEntry[]>();

  constructor(
    readonly keyPath: string | string[],
    readonly unique: boolean,
  ) {}

  private static group(key: Key): string | number {
    const first = Array.isArray(key) ? key[0]! : key;
    return Array.isArray(first) ? JSON.stringify(first) : first;
  }

  add(entry: IndexEntry): void {
    const group = MemoryIndex.group(entry.indexKey);
    const entries = this.groups.get(group);
    if (!entries) return void this.groups.set(group, [entry]);
    // Auto-increment keys arrive in order: appending is the common case.
    if (entryOrder(entries.at(-1)!, entry) < 0) entries.push(entry);
    else
      entries.splice(
        lowerBound(entries, (other) => entryOrder(other, entry) < 0),
        0,
        entry,
      );
  }

  remove(entry: IndexEntry): void {
    const group = MemoryIndex.group(entry.indexKey);
    const entries = this.groups.get(group);
    if (!entries) return;
    const at = lowerBound(entries, (other) => entryOrder(other, entry) < 0);
    if (at < entries.length && entryOrder(entries[at]!, entry) === 0) entries.splice(at, 1);
    if (entries.length === 0) this.groups.delete(group);
  }

  /** Entries whose index key is within [lower, upper] (each end open or closed), in order. */
  range(lower: Key, upper: Key, lowerOpen = false, upperOpen = false): IndexEntry[] {
    const entries = this.groups.get(MemoryIndex.group(lower)) ?? [];
    const from = lowerBound(entries, (entry) => {
      const order = compareKeys(entry.indexKey, lower);
      return order < 0 || (order === 0 && lowerOpen);
    });
    const found: IndexEntry[] = [];
    for (let i = from; i < entries.length; i++) {
      const order = compareKeys(entries[i]!.indexKey, upper);
      if (order > 0 || (order === 0 && upperOpen)) break;
      found.push(entries[i]!);
    }
    return found;
  }
}

class MemoryStore {
  readonly records = new Map<string | number, { key: Key; value: Value }>();
  readonly indexes = new Map<string, MemoryIndex>();
  nextKey = 1;

  constructor(
    readonly name: string,
    readonly layout: StoreLayout,
  ) {
    for (const [indexName, index] of Object.entries(layout.indexes ?? {}))
      this.indexes.set(indexName, new MemoryIndex(index.keyPath, index.unique ?? false));
  }

  static id(key: Key): string | number {
    return Array.isArray(key) ? JSON.stringify(key) : key;
  }

  sorted(): { key: Key; value: Value }[] {
    return [...this.records.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Writes a record (already cloned) and its index entries; returns how to undo it. */
  write(key: Key, value: Value): () => void {
    const id = MemoryStore.id(key);
    const previous = this.records.get(id);
    for (const index of this.indexes.values()) {
      if (!index.unique) continue;
      const indexKey = keyAt(value, index.keyPath);
      if (indexKey === undefined) continue;
      if (index.range(indexKey, indexKey).some((entry) => MemoryStore.id(entry.primaryKey) !== id)) {
        throw domError('ConstraintError', `A record in ${this.name} already has this ${String(index.keyPath)}.`);
      }
    }
    if (previous) this.unindex(previous);
    this.records.set(id, { key, value });
    this.index({ key, value });
    return () => {
      this.unindex({ key, value });
      if (previous) {
        this.records.set(id, previous);
        this.index(previous);
      } else this.records.delete(id);
    };
  }

  /** Removes a record and its index entries, if there is one; returns how to undo it. */
  delete(key: Key): () => void {
    const id = MemoryStore.id(key);
    const previous = this.records.get(id);
    if (!previous) return () => undefined;
    this.unindex(previous);
    this.records.delete(id);
    return () => {
      this.records.set(id, previous);
      this.index(previous);
    };
  }

  clear(): () => void {
    const before = [...this.records.values()];
    for (const record of before) this.unindex(record);
    this.records.clear();
    return () => {
      for (const record of before) {
        this.records.set(MemoryStore.id(record.key), record);
        this.index(record);
      }
    };
  }

  private index(record: { key: Key; value: Value }): void {
    for (const index of this.indexes.values()) {
      const indexKey = keyAt(record.value, index.keyPath);
      if (indexKey !== undefined) index.add({ indexKey, primaryKey: record.key });
    }
  }

  private unindex(record: { key: Key; value: Value }): void {
    for (const index of this.indexes.values()) {
      const indexKey = keyAt(record.value, index.keyPath);
      if (indexKey !== undefined) index.remove({ indexKey, primaryKey: record.key });
    }
  }
}

interface KeyRange {
  lower: unknown;
  upper: unknown;
  lowerOpen: boolean;
  upperOpen: boolean;
}

const isRange = (query: unknown): query is KeyRange =>
  typeof query === 'object' && query !== null && !Array.isArray(query) && 'lowerOpen' in query;

/** Whether `key` is the key `query` names or within the range it is (an end left undefined is open). */
function inQuery(key: Key, query: unknown): boolean {
  if (isKey(query)) return compareKeys(key, query) === 0;
  if (!isRange(query)) throw domError('DataError', 'A query must be a key or a key range.');
  if (isKey(query.lower)) {
    const order = compareKeys(key, query.lower);
    if (order < 0 || (order === 0 && query.lowerOpen)) return false;
  }
  if (isKey(query.upper)) {
    const order = compareKeys(key, query.upper);
    if (order > 0 || (order === 0 && query.upperOpen)) return false;
  }
  return true;
}

class MemoryTransaction {
  readonly done: Promise<void>;
  private readonly undo: (() => void)[] = [];
  private failure: Error | null = null;
  private finished = false;

  constructor(
    private readonly db: MemoryDatabase,
    private readonly names: readonly StoreName[],
    readonly mode: 'readonly' | 'readwrite',
  ) {
    // Like IndexedDB, the transaction commits once the code that opened it has run: its requests are
    // all made synchronously or from their own callbacks, never after an unrelated await.
    this.done = new Promise((resolve, reject) =>
      nextTask(() => {
        this.finished = true;
        if (this.failure) reject(this.failure);
        else resolve();
      }),
    );
    // Whoever awaits `done` still sees the failure; nobody awaiting it is not a crash.
    this.done.catch(() => undefined);
  }

  get store() {
    if (this.names.length !== 1)
      throw domError('InvalidStateError', 'tx.store needs a transaction over exactly one store.');
    return this.objectStore(this.names[0]!);
  }

  objectStore(name: StoreName): MemoryObjectStore {
    if (!this.names.includes(name)) throw domError('NotFoundError', `${name} is not in this transaction.`);
    return new MemoryObjectStore(this, this.db, this.db.store(name));
  }

  /** Runs one request: its result, or its error after aborting the whole transaction. */
  request<T>(run: () => T): Promise<T> {
    if (this.failure) return Promise.reject(domError('AbortError', 'The transaction was aborted.'));
    if (this.finished) return Promise.reject(domError('TransactionInactiveError', 'The transaction has finished.'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      this.abort(error as Error);
      return Promise.reject(error);
    }
  }

  /** Writes a clone of `value`; returns its key. */
  write(store: MemoryStore, value: unknown, outOfLineKey: unknown, mustBeNew: boolean): Key {
    if (this.mode !== 'readwrite') throw domError('ReadOnlyError', 'The transaction is read-only.');
    const copy = cloneValue(value) as Value;
    let key: Key | undefined;
    if (store.layout.keyPath === null) key = isKey(outOfLineKey) ? outOfLineKey : undefined;
    else if (outOfLineKey !== undefined) throw domError('DataError', `${store.name} keeps its keys in its records.`);
    else {
      key = keyAt(copy, store.layout.keyPath);
      if (key === undefined && store.layout.autoIncrement) {
        key = store.nextKey;
        copy[store.layout.keyPath] = key;
      }
    }
    if (key === undefined) throw domError('DataError', `No valid key for a record in ${store.name}.`);
    if (mustBeNew && store.records.has(MemoryStore.id(key)))
      throw domError('ConstraintError', `${store.name} already has a record with this key.`);
    this.undo.push(store.write(key, copy));
    if (typeof key === 'number' && store.layout.autoIncrement)
      store.nextKey = Math.max(store.nextKey, Math.floor(key) + 1);
    return key;
  }

  clear(store: MemoryStore): void {
    if (this.mode !== 'readwrite') throw domError('ReadOnlyError', 'The transaction is read-only.');
    this.undo.push(store.clear());
  }

  delete(store: MemoryStore, key: unknown): void {
    if (this.mode !== 'readwrite') throw domError('ReadOnlyError', 'The transaction is read-only.');
    if (!isKey(key)) throw domError('DataError', 'The memory store deletes by one key, not a range.');
    this.undo.push(store.delete(key));
  }

  private abort(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const undo of this.undo.reverse()) undo();
  }
}

const copyOf = (record: { value: Value } | undefined) => (record ? cloneValue(record.value) : undefined);

/** One store as seen through one transaction (idb's IDBPObjectStore, the part the simulator uses). */
class MemoryObjectStore {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly db: MemoryDatabase,
    private readonly store: MemoryStore,
  ) {}

  get(key: Key) {
    return this.tx.request(() => copyOf(this.store.records.get(MemoryStore.id(key))));
  }

  getAll(query: unknown = null, count?: number) {
    return this.tx.request(() => this.select(query, count).map(copyOf));
  }

  getAllKeys(query: unknown = null, count?: number) {
    return this.tx.request(() => this.select(query, count).map((record) => record.key));
  }

  /** The records whose key is `query` (a key, a range, or null for all), in key order, at most `count`. */
  private select(query: unknown, count?: number) {
    const records =
      query === null || query === undefined
        ? this.store.sorted()
        : this.store.sorted().filter((record) => inQuery(record.key, query));
    return count ? records.slice(0, count) : records;
  }

  put(value: unknown, key?: unknown) {
    return this.tx.request(() => this.tx.write(this.store, value, key, false));
  }

  add(value: unknown, key?: unknown) {
    return this.tx.request(() => this.tx.write(this.store, value, key, true));
  }

  clear() {
    return this.tx.request(() => this.tx.clear(this.store));
  }

  delete(key: unknown) {
    return this.tx.request(() => this.tx.delete(this.store, key));
  }

  /** A cursor at the first (`next`) or last (`prev`) record of the whole store; it does not move. */
  openCursor(query: null, direction: 'next' | 'prev' = 'next') {
    return this.tx.request(() => {
      if (query !== null) throw domError('NotSupportedError', 'The memory store opens cursors over whole stores only.');
      const records = this.store.sorted();
      const record = direction === 'prev' ? records.at(-1) : records[0];
      return record ? { key: record.key, primaryKey: record.key, value: copyOf(record)! } : null;
    });
  }

  index(name: string) {
    const select = (query: unknown, count?: number) => {
      const entries = this.db.fromIndex(this.store, name, query);
      return count ? entries.slice(0, count) : entries;
    };
    return {
      getAll: (query: unknown, count?: number) =>
        this.tx.request(() =>
          select(query, count).map((entry) => copyOf(this.store.records.get(MemoryStore.id(entry.primaryKey)))!),
        ),
      getAllKeys: (query: unknown, count?: number) =>
        this.tx.request(() => select(query, count).map((entry) => entry.primaryKey)),
    };
  }
}

export class MemoryDatabase {
  private readonly stores = new Map<StoreName, MemoryStore>(
    STORE_NAMES.map((name) => [name, new MemoryStore(name, STORE_LAYOUT[name])]),
  );
  readonly objectStoreNames = STORE_NAMES;

  /** The simulator's database interface over this memory (a cast: it implements the part used). */
  static open(): SimulatorDatabase {
    return new MemoryDatabase() as unknown as SimulatorDatabase;
  }

  store(name: StoreName): MemoryStore {
    const store = this.stores.get(name);
    if (!store) throw domError('NotFoundError', `No store ${name}.`);
    return store;
  }

  /** The index entries a query selects, in index order. */
  fromIndex(store: MemoryStore, indexName: string, query: unknown): IndexEntry[] {
    const index = store.indexes.get(indexName);
    if (!index) throw domError('NotFoundError', `${store.name} has no index ${indexName}.`);
    let entries: IndexEntry[];
    if (isKey(query)) entries = index.range(query, query);
    else if (
      isRange(query) &&
      Array.isArray(query.lower) &&
      Array.isArray(query.upper) &&
      compareKeys(query.lower[0] as Key, query.upper[0] as Key) === 0
    ) {
      entries = index.range(query.lower as Key, query.upper as Key, query.lowerOpen, query.upperOpen);
    } else {
      throw domError(
        'NotSupportedError',
        'The memory store answers index queries by a key, or by a range whose bounds share their first part.',
      );
    }
    return entries;
  }

  transaction(names: StoreName | readonly StoreName[], mode: 'readonly' | 'readwrite' = 'readonly') {
    return new MemoryTransaction(this, typeof names === 'string' ? [names] : names, mode);
  }

  get(name: StoreName, key: Key) {
    return this.transaction(name).objectStore(name).get(key);
  }

  getAll(name: StoreName) {
    return this.transaction(name).objectStore(name).getAll();
  }

  put(name: StoreName, value: unknown, key?: unknown) {
    return this.transaction(name, 'readwrite').objectStore(name).put(value, key);
  }

  getAllFromIndex(name: StoreName, indexName: string, query: unknown) {
    return this.transaction(name).objectStore(name).index(indexName).getAll(query);
  }

  close(): void {}
}
