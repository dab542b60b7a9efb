/**
 * `--data FILE`: opens the server's SQLite database, or refuses with one line saying why. Before
 * anything is written, FILE must be a whole SQLite file (not cut short), pass SQLite's own check, be
 * ours and not from a newer version, and hold records the domain can read (store/record-checks.ts),
 * a signing key and the secrets; and no other process may have it open. A refusal leaves FILE as it
 * was. A FILE that does not exist yet is created (the simulator seeds it).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DB_VERSION } from './store/open.js';
import { META_CHECKS, RECORD_CHECKS } from './store/record-checks.js';
import { STORE_LAYOUT, STORE_NAMES, type StoreName } from './store/schema.js';
import { decodeKey, encodeKey } from './store/key-encoding.js';
import { decodeRecord } from './store/record-codec.js';
import { FORMAT, SqliteDatabase, tableOf } from './store/sqlite-database.js';

/** Start-up refused: the message is one line for the operator, never a stack trace. */
export class DataRefusedError extends Error {
  override name = 'DataRefusedError';
}

const SQLITE_HEADER = 'SQLite format 3\0';

function refuse(message: string): never {
  throw new DataRefusedError(message);
}

/** The file's first 100 bytes (SQLite's header), or fewer when it is shorter. */
function readHeader(path: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    return header.subarray(0, readSync(fd, header, 0, 100, 0));
  } finally {
    closeSync(fd);
  }
}

/** A whole SQLite file: its header says how many pages it has, and they are all there. */
function checkFileShape(path: string): void {
  const size = statSync(path).size;
  if (size === 0) refuse(`${path} is empty (0 bytes); remove it to start a new sandbox`);
  const header = readHeader(path);
  if (header.subarray(0, 16).toString('latin1') !== SQLITE_HEADER) {
    if (header.subarray(0, 1).toString() === '{')
      refuse(
        `${path} is a JSON state file from an earlier version; give --data a new file name (the JSON is not read)`,
      );
    refuse(`${path} is not an SQLite database, so not ijazat simulator data`);
  }
  if (header.length < 100) refuse(`${path} is truncated: ${size} bytes, shorter than SQLite's header`);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The page count is valid when the change counter matches "version-valid-for" (every SQLite ≥ 3.7).
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && size < pages * pageSize)
    refuse(`${path} is truncated: ${size} bytes of the ${pages * pageSize} its header declares`);
}

/** Every record of every store, parsed and checked; the first bad one stops start-up. */
async function checkRecords(sqlite: Database.Database, path: string): Promise<void> {
  for (const name of STORE_NAMES) {
    const exists = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(`store:${name}`);
    // A store this file does not have yet is created empty at open (a store added by a later version).
    if (!exists) continue;
    const check = RECORD_CHECKS[name];
    const { keyPath } = STORE_LAYOUT[name];
    for (const row of sqlite.prepare(`SELECT k, v FROM ${tableOf(name)}`).iterate() as Iterable<{
      k: Buffer;
      v: string;
    }>) {
      let key: unknown;
      let value: unknown;
      try {
        key = decodeKey(row.k);
        value = JSON.parse(row.v);
      } catch {
        refuse(`${path} is damaged: a record in ${name} cannot be read`);
      }
      const where = `${name} ${JSON.stringify(key)}`;
      if (!value || typeof value !== 'object') refuse(`${path} is damaged: ${where} is not a record`);
      const record = value as Record<string, unknown>;
      if (typeof keyPath === 'string' && JSON.stringify(record[keyPath]) !== JSON.stringify(key))
        refuse(`${path} is damaged: ${where} does not carry its key ${keyPath}`);
      const schema = name === 'meta' ? META_CHECKS[String(key)] : check;
      const problem = schema?.safeParse(record).error?.issues[0];
      if (problem) {
        const field = problem.path.join('.') || 'the record';
        refuse(`${path} is damaged: ${where} has a bad ${field} (${problem.message.toLowerCase()})`);
      }
    }
  }
  const count = (store: StoreName) =>
    (sqlite.prepare(`SELECT count(*) AS n FROM ${tableOf(store)}`).get() as { n: number }).n;
  if (count('keys') === 0) refuse(`${path} has no signing key (the keys store is empty), so no token could be signed`);
  if (count('partners') === 0) refuse(`${path} has no partners, so no request could be made`);
  const secrets = sqlite.prepare(`SELECT v FROM ${tableOf('meta')} WHERE k = ?`).get(encodeKey('secrets'));
  if (!secrets) refuse(`${path} has no secrets record (meta "secrets"), so no passcode could be checked`);
  // The keys must import, or the first verify would fail.
  const keyRows = sqlite.prepare(`SELECT v FROM ${tableOf('keys')}`).all() as { v: string }[];
  for (const row of [...keyRows, secrets as { v: string }]) {
    try {
      await decodeRecord(row.v);
    } catch {
      refuse(`${path} is damaged: a stored key cannot be imported`);
    }
  }
}

export interface DataStore {
  database: SqliteDatabase;
  /** False when FILE was created now (the simulator seeds it). */
  existed: boolean;
}

/** Opens FILE as the server's database, or throws DataRefusedError with one line saying why. */
export async function openDataStore(path: string): Promise<DataStore> {
  const existed = existsSync(path);
  if (existed) checkFileShape(path);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { timeout: 0 });
  } catch (error) {
    refuse(`${path} cannot be opened: ${(error as Error).message}`);
  }
  try {
    // Exclusive from the first read: a second server on the same file is refused here.
    sqlite.pragma('locking_mode = EXCLUSIVE');
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      sqlite.exec('ROLLBACK');
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        refuse(`${path} is in use by another ijazat-simulator (one server per data file)`);
      throw error;
    }
    if (existed) await checkExisting(sqlite, path);
    return { database: new SqliteDatabase(sqlite, DB_VERSION), existed };
  } catch (error) {
    sqlite.close();
    if (error instanceof DataRefusedError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
      refuse(`${path} is damaged: ${(error as Error).message}`);
    if (code.startsWith('SQLITE_BUSY'))
      refuse(`${path} is in use by another ijazat-simulator (one server per data file)`);
    refuse(`${path} cannot be used: ${(error as Error).message}`);
  }
}

async function checkExisting(sqlite: Database.Database, path: string): Promise<void> {
  const integrity = sqlite.pragma('quick_check', { simple: true });
  if (integrity !== 'ok') refuse(`${path} is damaged: SQLite reports ${String(integrity)}`);
  const hasMeta = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'ijazat'").get();
  if (!hasMeta) refuse(`${path} is an SQLite database but not ijazat simulator data`);
  const meta = new Map(
    (sqlite.prepare('SELECT name, value FROM ijazat').all() as { name: string; value: string }[]).map((row) => [
      row.name,
      row.value,
    ]),
  );
  if (meta.get('format') !== FORMAT) refuse(`${path} is an SQLite database but not ijazat simulator data`);
  const version = Number(meta.get('version'));
  if (!Number.isInteger(version)) refuse(`${path} is damaged: it does not say which version wrote it`);
  if (version > DB_VERSION)
    refuse(
      `${path} was written by a newer ijazat-simulator (data version ${version}; this one reads up to ${DB_VERSION})`,
    );
  await checkRecords(sqlite, path);
}
