/**
 * The SQLite store (the Node server's `--data`) against IndexedDB (fake-indexeddb): the same
 * operations must leave the same records, survive closing and reopening the file, and keep the
 * IndexedDB behaviour the simulator relies on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDataStore } from '../../../simulator/data-store.js';
import { createNodeSimulator, type Simulator } from '../../../simulator/node.js';
import { decodeKey, encodeKey, type StoreKey } from '../../../simulator/store/key-encoding.js';
import { compareKeys } from '../../../simulator/store/memory-database.js';
import { STORE_NAMES } from '../../../simulator/store/schema.js';
import { SqliteDatabase } from '../../../simulator/store/sqlite-database.js';
import { DB_VERSION } from '../../../simulator/store/open.js';
import { script, shape } from './store-script.js';

let dir: string;
let files = 0;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'ijazat-sqlite-'))));
after(() => rm(dir, { recursive: true, force: true }));

const newFile = () => join(dir, `data-${++files}.db`);

async function onFile(file: string): Promise<Simulator> {
  const { database } = await openDataStore(file);
  return createNodeSimulator({ database: database.asSimulatorDatabase(), extractableKeys: true });
}

async function openStore(): Promise<SqliteDatabase> {
  return (await openDataStore(newFile())).database;
}

describe('the SQLite store keeps the same records as IndexedDB', () => {
  it('after every kind of state change, store by store, and again after reopening the file', async () => {
    const file = newFile();
    const inSqlite = await onFile(file);
    const inIndexedDb = await createNodeSimulator();
    try {
      await script(inSqlite);
      await script(inIndexedDb);
      const [sqlite, indexedDb] = [await shape(inSqlite), await shape(inIndexedDb)];
      for (const store of STORE_NAMES) assert.deepEqual(sqlite[store], indexedDb[store], store);
      assert.ok(sqlite.audit!.length > 10 && sqlite.consents!.length === 1, 'the script did change state');
      assert.equal(sqlite.idempotency!.length, 2, 'the expired verify answer was swept, the two creates kept');
      assert.equal((await inSqlite.audit()).chain.ok, false, 'the tampered entry breaks the chain in SQLite too');
      await inSqlite.close();
      const reopened = await onFile(file);
      try {
        assert.deepEqual(await shape(reopened), sqlite, 'a reopened file holds exactly what was written');
        const bank = (await reopened.partnerByPublishableKey('pk_test_sandbox_bank'))!;
        const again = await reopened.createRequest(
          bank,
          {
            purpose: 'account-opening',
            nonce: 'n0nce-for-tests-0123456789abcdef',
            cnic: '4210122222222',
            locale: 'en',
          },
          'localhost',
          'create-2',
        );
        assert.ok(again.ok, 'the replayed answer of a keyed create survives a restart');
        assert.equal((await reopened.records()).requests.length, sqlite.requests!.length, 'the retry made no request');
      } finally {
        await reopened.close();
      }
    } finally {
      await inIndexedDb.close();
    }
  });

  it('signs with the same keys after a restart (the JWKS and the secrets come back)', async () => {
    const file = newFile();
    const first = await onFile(file);
    const jwks = await first.jwks();
    const ids = await first.identities();
    await first.close();
    const second = await onFile(file);
    try {
      assert.deepEqual(await second.jwks(), jwks);
      assert.deepEqual(await second.identities(), ids);
    } finally {
      await second.close();
    }
  });
});

describe('SQLite store behaviour', () => {
  it('undoes only the transaction whose write breaks a unique index, and rejects its done', async () => {
    const store = await openStore();
    await store.put('citizens', { id: 'cit_a', cnic: '1', name: 'A' });
    const other = store.transaction('sims', 'readwrite');
    void other.objectStore('sims').put({ id: 'sim_x', mobile: '031', ownerCnic: '3', holderId: 'cit_x' });
    const tx = store.transaction(['citizens', 'sims'], 'readwrite');
    const sim = tx.objectStore('sims').put({ id: 'sim_b', mobile: '030', ownerCnic: '2', holderId: 'cit_b' });
    const clash = tx.objectStore('citizens').add({ id: 'cit_b', cnic: '1', name: 'B' });
    await sim;
    await assert.rejects(clash, { name: 'ConstraintError' });
    await assert.rejects(tx.done);
    await other.done;
    assert.equal(await store.get('sims', 'sim_b'), undefined, 'the failed transaction left nothing');
    assert.ok(await store.get('sims', 'sim_x'), 'the other transaction of the same commit kept its write');
    assert.deepEqual((await store.getAll('citizens')).length, 1);
    store.close();
  });

  it('refuses a put that would give two records one unique index key (no silent replace)', async () => {
    const store = await openStore();
    await store.put('citizens', { id: 'cit_a', cnic: '1', name: 'A' });
    await assert.rejects(store.put('citizens', { id: 'cit_b', cnic: '1', name: 'B' }), { name: 'ConstraintError' });
    assert.deepEqual(
      (await store.getAll('citizens')).map((c) => (c as { id: string }).id),
      ['cit_a'],
    );
    store.close();
  });

  it('returns records and index ranges in IndexedDB key order', async () => {
    const store = await openStore();
    const tx = store.transaction('messages', 'readwrite');
    for (const simId of ['sim_b', 'sim_a', 'sim_b', 'sim_a', 'sim_b'])
      void tx.objectStore('messages').put({ simId, body: simId, at: 0, visibleAfter: 0, direction: 'in' });
    await tx.done;
    const all = (await store.getAll('messages')) as { seq: number; simId: string }[];
    assert.deepEqual(
      all.map((m) => m.seq),
      [1, 2, 3, 4, 5],
    );
    const read = store.transaction('messages');
    const after2 = await read
      .objectStore('messages')
      .index('simId-seq')
      .getAll(IDBKeyRange.bound(['sim_b', 2], ['sim_b', Infinity], true));
    assert.deepEqual(
      (after2 as { seq: number }[]).map((m) => m.seq),
      [3, 5],
    );
    const keys = await read.objectStore('messages').index('simId').getAllKeys('sim_a');
    assert.deepEqual(keys, [2, 4]);
    store.close();
  });

  it('never hands out an auto-increment key twice, even after a clear and a reopen', async () => {
    const file = newFile();
    const first = (await openDataStore(file)).database;
    const tx = first.transaction('messages', 'readwrite');
    void tx.objectStore('messages').put({ simId: 'sim_a', body: '1', at: 0, visibleAfter: 0, direction: 'in' });
    void tx.objectStore('messages').put({ simId: 'sim_a', body: '2', at: 0, visibleAfter: 0, direction: 'in' });
    await tx.done;
    const clear = first.transaction('messages', 'readwrite');
    void clear.objectStore('messages').clear();
    await clear.done;
    first.close();
    // Reopened without the start-up checks: this file holds no sandbox, only messages.
    const second = new SqliteDatabase(new Database(file), DB_VERSION);
    const key = await second.put('messages', { simId: 'sim_a', body: '3', at: 0, visibleAfter: 0, direction: 'in' });
    assert.equal(key, 3);
    second.close();
  });

  it('encodes keys so that byte order is key order, and decodes them back', () => {
    const keys: StoreKey[] = [
      -Infinity,
      -1.5,
      0,
      1,
      2,
      10,
      1e15,
      Infinity,
      '',
      '\u0000',
      '\u0001x',
      'a',
      'a\u0000',
      'ab',
      'b',
      'ز',
      [],
      ['a'],
      ['a', 1],
      ['a', 2],
      ['a', 'b'],
      ['b'],
      [['a']],
    ];
    for (const key of keys) assert.deepEqual(decodeKey(encodeKey(key)), key);
    const byBytes = [...keys].sort((a, b) => Buffer.compare(encodeKey(a), encodeKey(b)));
    const byIndexedDb = [...keys].sort((a, b) => compareKeys(a, b));
    assert.deepEqual(byBytes, byIndexedDb);
  });
});
