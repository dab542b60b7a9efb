/**
 * The simulator's database in SQLite (better-sqlite3), for the Node server's `--data FILE`: the same
 * part of idb's API that memory-database.ts implements, so the domain runs on it unchanged, with
 * transactions and crash recovery by the engine (WAL, synchronous=FULL: a commit is on disk when it
 * returns).
 *
 * Generic over schema.ts: one table per store (`"store:<name>"`: the key, the record as JSON, one
 * column per index), made at open from STORE_LAYOUT, so a store or index added there is created here
 * without SQLite code. Keys are stored as order-preserving bytes (key-encoding.ts), so SQLite's own
 * ordering, ranges and unique indexes are IndexedDB's.
 *
 * Group commit: every transaction opened in one turn of the event loop shares one SQLite transaction,
 * committed (one fsync) at the next turn, when IndexedDB would commit them too; each transaction's
 * `done` resolves only after that commit, so an answer that waits for `done` is durable. A write that
 * fails (a unique index) rolls the SQLite transaction back and replays the others' writes, so only
 * its own transaction is undone, as in IndexedDB.
 */
import Database from 'better-sqlite3';
import { STORE_LAYOUT, STORE_NAMES, type StoreLayout, type StoreName } from './schema.js';
import { decodeKey, encodeKey, isStoreKey, type StoreKey } from './key-encoding.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import type { SimulatorDatabase } from './open.js';

type Value = Record<string, unknown>;

export const FORMAT = 'ijazat-simulator';

const nextTask = (run: () => void) => void setImmediate(run);

function domError(name: string, message: string): Error {
  return new DOMException(message, name);
}

export const tableOf = (store: string) => `"store:${store}"`;
export const columnOf = (index: string) => `"index:${index}"`;

function keyAt(value: Value, keyPath: string | string[]): StoreKey | undefined {
  const key = Array.isArray(keyPath) ? keyPath.map((path) => value[path]) : value[keyPath];
  return isStoreKey(key) ? key : undefined;
}

interface KeyRange {
  lower: unknown;
  upper: unknown;
  lowerOpen: boolean;
  upperOpen: boolean;
}

const isRange = (query: unknown): query is KeyRange =>
  typeof query === 'object' && query !== null && !Array.isArray(query) && 'lowerOpen' in query;

/** A WHERE clause and its parameters for a key or a key range over `column`. */
function whereOf(column: string, query: unknown): { sql: string; params: Buffer[] } {
  if (query === null || query === undefined) return { sql: '1', params: [] };
  if (isStoreKey(query)) return { sql: `${column} = ?`, params: [encodeKey(query)] };
  if (isRange(query)) {
    const parts: string[] = [];
    const params: Buffer[] = [];
    // An open end is ±Infinity in a bound, or undefined in lowerBound/upperBound.
    if (isStoreKey(query.lower)) {
      parts.push(`${column} ${query.lowerOpen ? '>' : '>='} ?`);
      params.push(encodeKey(query.lower));
    } else parts.push(`${column} IS NOT NULL`);
    if (isStoreKey(query.upper)) {
      parts.push(`${column} ${query.upperOpen ? '<' : '<='} ?`);
      params.push(encodeKey(query.upper));
    }
    return { sql: parts.join(' AND '), params };
  }
  throw domError('DataError', 'A query must be a key or a key range.');
}

/** One write, kept so that it can be replayed after another transaction's failure rolled it back. */
type Operation =
  | { kind: 'put'; store: SqliteStore; key: StoreKey; value: Value; text: string; mustBeNew: boolean }
  | { kind: 'delete'; store: SqliteStore; query: unknown }
  | { kind: 'clear'; store: SqliteStore };

class SqliteStore {
  readonly indexNames: string[];
  private readonly statements = new Map<string, Database.Statement>();
  nextKey = 1;
  savedNextKey = 1;

  constructor(
    private readonly sqlite: Database.Database,
    readonly name: StoreName,
    readonly layout: StoreLayout,
  ) {
    this.indexNames = Object.keys(layout.indexes ?? {});
  }

  /** A prepared statement, made once. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.sqlite.prepare(sql)));
    return statement;
  }

  indexKeys(value: Value): (Buffer | null)[] {
    return this.indexNames.map((index) => {
      const key = keyAt(value, this.layout.indexes![index]!.keyPath);
      return key === undefined ? null : encodeKey(key);
    });
  }

  write(operation: Operation): void {
    const table = tableOf(this.name);
    if (operation.kind === 'clear') {
      this.statement(`DELETE FROM ${table}`).run();
      return;
    }
    if (operation.kind === 'delete') {
      const where = whereOf('k', operation.query);
      this.statement(`DELETE FROM ${table} WHERE ${where.sql}`).run(...where.params);
      return;
    }
    const columns = ['k', 'v', ...this.indexNames.map(columnOf)];
    const values = [encodeKey(operation.key), operation.text, ...this.indexKeys(operation.value)];
    const placeholders = columns.map(() => '?').join(', ');
    // An upsert, not INSERT OR REPLACE: REPLACE would silently delete another record holding the same
    // unique index key, where IndexedDB refuses the write.
    const sql = operation.mustBeNew
      ? `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})`
      : `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders}) ON CONFLICT(k) DO UPDATE SET ${columns
          .slice(1)
          .map((column) => `${column} = excluded.${column}`)
          .join(', ')}`;
    this.statement(sql).run(...values);
  }
}

/** Turns SQLite's constraint failures into the DOMException IndexedDB throws. */
function asDomError(error: unknown, store: string): Error {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return domError('ConstraintError', `A record in ${store} already has this key or unique index key.`);
  return error as Error;
}

class Group {
  readonly transactions: SqliteTransaction[] = [];
  begun = false;
  finished = false;
  /** Settles when the group has committed (or failed to): `done` of each member follows. */
  readonly settled: Promise<void>;
  settle!: () => void;
  constructor() {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }
}

class SqliteTransaction {
  readonly done: Promise<void>;
  readonly operations: Operation[] = [];
  failure: Error | null = null;
  private finished = false;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    private readonly db: SqliteDatabase,
    private readonly names: readonly StoreName[],
    readonly mode: 'readonly' | 'readwrite',
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Whoever awaits `done` still sees the failure; nobody awaiting it is not a crash.
    this.done.catch(() => undefined);
  }

  finish(commitError: Error | null): void {
    this.finished = true;
    const error = this.failure ?? commitError;
    if (error) this.settle.reject(error);
    else this.settle.resolve();
  }

  get store() {
    if (this.names.length !== 1)
      throw domError('InvalidStateError', 'tx.store needs a transaction over exactly one store.');
    return this.objectStore(this.names[0]!);
  }

  objectStore(name: StoreName): SqliteObjectStore {
    if (!this.names.includes(name)) throw domError('NotFoundError', `${name} is not in this transaction.`);
    return new SqliteObjectStore(this, this.db.store(name));
  }

  /** Runs one request: its result, or its error after undoing the whole transaction. */
  request<T>(run: () => T): Promise<Awaited<T>> {
    if (this.failure) return Promise.reject(domError('AbortError', 'The transaction was aborted.'));
    if (this.finished) return Promise.reject(domError('TransactionInactiveError', 'The transaction has finished.'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      this.failure = error as Error;
      this.db.undo(this);
      return Promise.reject(error);
    }
  }

  write(operation: Operation): void {
    if (this.mode !== 'readwrite') throw domError('ReadOnlyError', 'The transaction is read-only.');
    this.db.begin();
    try {
      operation.store.write(operation);
    } catch (error) {
      throw asDomError(error, operation.store.name);
    }
    this.operations.push(operation);
  }
}

/** One store as seen through one transaction (idb's IDBPObjectStore, the part the simulator uses). */
class SqliteObjectStore {
  constructor(
    private readonly tx: SqliteTransaction,
    private readonly store: SqliteStore,
  ) {}

  private get table() {
    return tableOf(this.store.name);
  }

  get(key: StoreKey) {
    return this.tx.request(() => {
      const row = this.store.statement(`SELECT v FROM ${this.table} WHERE k = ?`).get(encodeKey(key)) as
        { v: string } | undefined;
      return row ? decodeRecord(row.v) : undefined;
    });
  }

  getAll(query: unknown = null, count?: number) {
    return this.tx.request(() => {
      const where = whereOf('k', query);
      const rows = this.store
        .statement(`SELECT v FROM ${this.table} WHERE ${where.sql} ORDER BY k LIMIT ?`)
        .all(...where.params, count ?? -1) as { v: string }[];
      return Promise.all(rows.map((row) => decodeRecord(row.v)));
    });
  }

  getAllKeys(query: unknown = null, count?: number) {
    return this.tx.request(() => {
      const where = whereOf('k', query);
      const rows = this.store
        .statement(`SELECT k FROM ${this.table} WHERE ${where.sql} ORDER BY k LIMIT ?`)
        .all(...where.params, count ?? -1) as { k: Buffer }[];
      return rows.map((row) => decodeKey(row.k));
    });
  }

  count() {
    return this.tx.request(
      () => (this.store.statement(`SELECT count(*) AS n FROM ${this.table}`).get() as { n: number }).n,
    );
  }

  put(value: unknown, key?: unknown) {
    return this.tx.request(() => this.write(value, key, false));
  }

  add(value: unknown, key?: unknown) {
    return this.tx.request(() => this.write(value, key, true));
  }

  clear() {
    return this.tx.request(() => this.tx.write({ kind: 'clear', store: this.store }));
  }

  delete(query: unknown) {
    return this.tx.request(() => {
      whereOf('k', query); // refuses what is neither a key nor a range before anything is written
      this.tx.write({ kind: 'delete', store: this.store, query });
    });
  }

  /** A cursor at the first (`next`) or last (`prev`) record of the whole store; it does not move. */
  openCursor(query: null, direction: 'next' | 'prev' = 'next') {
    return this.tx.request(async () => {
      if (query !== null) throw domError('NotSupportedError', 'The SQLite store opens cursors over whole stores only.');
      const row = this.store
        .statement(`SELECT k, v FROM ${this.table} ORDER BY k ${direction === 'prev' ? 'DESC' : 'ASC'} LIMIT 1`)
        .get() as { k: Buffer; v: string } | undefined;
      if (!row) return null;
      const key = decodeKey(row.k);
      return { key, primaryKey: key, value: await decodeRecord(row.v) };
    });
  }

  index(name: string) {
    if (!this.store.indexNames.includes(name))
      throw domError('NotFoundError', `${this.store.name} has no index ${name}.`);
    const select = (what: string, query: unknown, count?: number) => {
      const where = whereOf(columnOf(name), query);
      return this.store
        .statement(
          `SELECT ${what} FROM ${this.table} WHERE ${where.sql} AND ${columnOf(name)} IS NOT NULL ORDER BY ${columnOf(name)}, k LIMIT ?`,
        )
        .all(...where.params, count ?? -1);
    };
    return {
      getAll: (query: unknown, count?: number) =>
        this.tx.request(() =>
          Promise.all((select('v', query, count) as { v: string }[]).map((row) => decodeRecord(row.v))),
        ),
      getAllKeys: (query: unknown, count?: number) =>
        this.tx.request(() => (select('k', query, count) as { k: Buffer }[]).map((row) => decodeKey(row.k))),
    };
  }

  private write(value: unknown, outOfLineKey: unknown, mustBeNew: boolean): StoreKey {
    if (this.tx.mode !== 'readwrite') throw domError('ReadOnlyError', 'The transaction is read-only.');
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw domError('DataError', `Records in ${this.store.name} are objects.`);
    const copy = { ...(value as Value) };
    const { keyPath, autoIncrement } = this.store.layout;
    let key: StoreKey | undefined;
    if (keyPath === null) key = isStoreKey(outOfLineKey) ? outOfLineKey : undefined;
    else if (outOfLineKey !== undefined)
      throw domError('DataError', `${this.store.name} keeps its keys in its records.`);
    else {
      key = keyAt(copy, keyPath);
      if (key === undefined && autoIncrement && typeof keyPath === 'string') {
        key = this.store.nextKey;
        copy[keyPath] = key;
        // The caller's object gets its key too, as IndexedDB writes it into the stored clone only.
      }
    }
    if (key === undefined) throw domError('DataError', `No valid key for a record in ${this.store.name}.`);
    this.tx.write({ kind: 'put', store: this.store, key, value: copy, text: encodeRecord(copy), mustBeNew });
    if (typeof key === 'number' && autoIncrement)
      this.store.nextKey = Math.max(this.store.nextKey, Math.floor(key) + 1);
    return key;
  }
}

export interface SqliteOpenOptions {
  /** Milliseconds to wait for another process's lock before refusing (default 0: refuse at once). */
  lockTimeoutMs?: number;
}

export class SqliteDatabase {
  private readonly stores = new Map<StoreName, SqliteStore>();
  readonly objectStoreNames = STORE_NAMES;
  private group: Group | null = null;
  /** The newest group commit: resolves once everything written so far is on disk. */
  private lastCommit: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly setMeta: Database.Statement;

  /**
   * Opens FILE for writing, creating the tables schema.ts declares. The caller has checked the data
   * (sqlite-checks.ts) before; this takes the exclusive lock, so one process writes a file.
   */
  constructor(
    readonly sqlite: Database.Database,
    schemaVersion: number,
  ) {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit waits for the WAL to reach the disk, so power loss cannot take an answered change
    // either (NORMAL would survive a killed process but not a crashed machine). Costs ~0.1 ms of CPU.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('cache_size = -16000');
    // The exclusive lock is taken by the first write and kept until close.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('CREATE TABLE IF NOT EXISTS ijazat (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    for (const name of STORE_NAMES) this.createStore(name, STORE_LAYOUT[name]);
    this.setMeta = sqlite.prepare(
      'INSERT INTO ijazat (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
    );
    this.setMeta.run('format', FORMAT);
    this.setMeta.run('version', String(schemaVersion));
    sqlite.exec('COMMIT');
    for (const row of sqlite.prepare("SELECT name, value FROM ijazat WHERE name LIKE 'next-key:%'").all() as {
      name: string;
      value: string;
    }[]) {
      const store = this.stores.get(row.name.slice('next-key:'.length) as StoreName);
      if (store) store.nextKey = store.savedNextKey = Math.max(store.nextKey, Number(row.value));
    }
  }

  /** The store's table, with a column and an SQL index per declared index (added to older files too). */
  private createStore(name: StoreName, layout: StoreLayout): void {
    const table = tableOf(name);
    this.sqlite.exec(`CREATE TABLE IF NOT EXISTS ${table} (k BLOB PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID`);
    const store = new SqliteStore(this.sqlite, name, layout);
    this.stores.set(name, store);
    const columns = new Set((this.sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    for (const [index, { unique }] of Object.entries(layout.indexes ?? {})) {
      const column = columnOf(index);
      if (!columns.has(`index:${index}`)) {
        this.sqlite.exec(`ALTER TABLE ${table} ADD COLUMN ${column} BLOB`);
        this.backfill(store, index);
      }
      this.sqlite.exec(
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}:${index}" ON ${table} (${column}${unique ? '' : ', k'})`,
      );
    }
    if (layout.autoIncrement) {
      const last = this.sqlite.prepare(`SELECT k FROM ${table} ORDER BY k DESC LIMIT 1`).get() as
        { k: Buffer } | undefined;
      const key = last ? decodeKey(last.k) : undefined;
      if (typeof key === 'number') store.nextKey = Math.floor(key) + 1;
    }
  }

  /** Fills a new index column from the records already stored. */
  private backfill(store: SqliteStore, index: string): void {
    const position = store.indexNames.indexOf(index);
    const update = this.sqlite.prepare(`UPDATE ${tableOf(store.name)} SET ${columnOf(index)} = ? WHERE k = ?`);
    for (const row of this.sqlite.prepare(`SELECT k, v FROM ${tableOf(store.name)}`).all() as {
      k: Buffer;
      v: string;
    }[])
      update.run(store.indexKeys(JSON.parse(row.v) as Value)[position], row.k);
  }

  /** The simulator's database interface over this SQLite file (a cast: it implements the part used). */
  asSimulatorDatabase(): SimulatorDatabase {
    return this as unknown as SimulatorDatabase;
  }

  store(name: StoreName): SqliteStore {
    const store = this.stores.get(name);
    if (!store) throw domError('NotFoundError', `No store ${name}.`);
    return store;
  }

  transaction(names: StoreName | readonly StoreName[], mode: 'readonly' | 'readwrite' = 'readonly') {
    if (this.closed) throw domError('InvalidStateError', 'The database is closed.');
    const tx = new SqliteTransaction(this, typeof names === 'string' ? [names] : names, mode);
    this.currentGroup().transactions.push(tx);
    return tx;
  }

  /** Resolves when every change made so far is committed to disk (rejects if its commit failed). */
  whenDurable(): Promise<void> {
    return this.group?.begun ? this.group.settled : this.lastCommit;
  }

  private currentGroup(): Group {
    if (this.group) return this.group;
    const group = (this.group = new Group());
    nextTask(() => this.commit(group));
    return group;
  }

  /** Opens the group's SQLite transaction at its first write. */
  begin(): void {
    const group = this.currentGroup();
    if (group.begun) return;
    this.sqlite.exec('BEGIN IMMEDIATE');
    group.begun = true;
  }

  /** Undoes one failed transaction: roll the group back, then replay the writes of the others. */
  undo(failed: SqliteTransaction): void {
    const group = this.group;
    if (!group?.begun) return;
    this.sqlite.exec('ROLLBACK');
    group.begun = false;
    for (const tx of group.transactions) {
      if (tx === failed || tx.failure) continue;
      for (const operation of tx.operations) {
        this.begin();
        try {
          operation.store.write(operation);
        } catch (error) {
          tx.failure = asDomError(error, operation.store.name);
          return this.undo(tx);
        }
      }
    }
  }

  private commit(group: Group): void {
    if (group.finished) return; // close() committed it before its turn came
    group.finished = true;
    if (this.group === group) this.group = null;
    let commitError: Error | null = null;
    if (group.begun) {
      try {
        this.saveKeyGenerators();
        this.sqlite.exec('COMMIT');
      } catch (error) {
        commitError = error as Error;
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      }
    }
    for (const tx of group.transactions) tx.finish(commitError);
    group.settle();
    if (group.begun) this.lastCommit = group.settled;
  }

  /** Auto-increment keys never go back, even after a clear (IndexedDB's key generator): kept on disk. */
  private saveKeyGenerators(): void {
    for (const store of this.stores.values()) {
      if (!store.layout.autoIncrement || store.savedNextKey === store.nextKey) continue;
      this.setMeta.run(`next-key:${store.name}`, String(store.nextKey));
      store.savedNextKey = store.nextKey;
    }
  }

  get(name: StoreName, key: StoreKey) {
    return this.transaction(name).objectStore(name).get(key);
  }

  getAll(name: StoreName) {
    return this.transaction(name).objectStore(name).getAll();
  }

  put(name: StoreName, value: unknown, key?: unknown) {
    const tx = this.transaction(name, 'readwrite');
    return tx
      .objectStore(name)
      .put(value, key)
      .then(async (written) => {
        await tx.done;
        return written;
      });
  }

  getAllFromIndex(name: StoreName, indexName: string, query: unknown) {
    return this.transaction(name).objectStore(name).index(indexName).getAll(query);
  }

  close(): void {
    if (this.closed) return;
    if (this.group) this.commit(this.group);
    this.closed = true;
    this.sqlite.close();
  }
}
