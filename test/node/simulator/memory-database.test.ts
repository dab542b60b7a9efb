/**
 * The memory store (the Node HTTP server's) against IndexedDB (fake-indexeddb here, the real one in
 * the browser): the same operations must leave the same records, and the store must keep the
 * IndexedDB behaviour the simulator relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IDBFactory } from 'fake-indexeddb';
import { createNodeSimulator } from '../../../simulator/node.js';
import { MemoryDatabase } from '../../../simulator/store/memory-database.js';
import { DB_VERSION, openSimulatorDatabase } from '../../../simulator/store/open.js';
import { STORE_LAYOUT, STORE_NAMES } from '../../../simulator/store/schema.js';
import { AYESHA, NONCE } from './sandbox.js';
import { script, shape } from './store-script.js';

describe('the memory store keeps the same records as IndexedDB', () => {
  it('after every kind of state change, store by store', async () => {
    const inMemory = await createNodeSimulator({ store: 'memory' });
    const inIndexedDb = await createNodeSimulator();
    try {
      await script(inMemory);
      await script(inIndexedDb);
      const [memory, indexedDb] = [await shape(inMemory), await shape(inIndexedDb)];
      for (const store of STORE_NAMES) assert.deepEqual(memory[store], indexedDb[store], store);
      assert.ok(memory.audit!.length > 10 && memory.consents!.length === 1, 'the script did change state');
      assert.equal(memory.idempotency!.length, 2, 'the expired verify answer was swept, the two creates kept');
      assert.equal((await inMemory.audit()).chain.ok, false, 'the tampered entry breaks the chain in memory too');
      // Keys come back in IndexedDB order (numbers ascending, strings by code unit).
      const audit = (await inMemory.records()).audit as { seq: number }[];
      assert.deepEqual(
        audit.map((entry) => entry.seq),
        [...audit.map((entry) => entry.seq)].sort((a, b) => a - b),
      );
    } finally {
      await inMemory.close();
      await inIndexedDb.close();
    }
  });

  it('survives a reset and an export/import round trip the same way', async () => {
    const source = await createNodeSimulator({ store: 'memory', extractableKeys: true });
    await script(source);
    await source.reset();
    const exported = await source.exportState();
    const restored = await createNodeSimulator({ store: 'memory', initialState: exported });
    const restoredInIdb = await createNodeSimulator({ initialState: exported });
    try {
      assert.deepEqual(await shape(restored), await shape(restoredInIdb));
      assert.deepEqual(await shape(restored), await shape(source));
    } finally {
      await Promise.all([source.close(), restored.close(), restoredInIdb.close()]);
    }
  });
});

describe('state files from before replayed answers expired', () => {
  it('load without their replayed answers, which would otherwise never be swept', async () => {
    const source = await createNodeSimulator({ store: 'memory', extractableKeys: true });
    const bank = (await source.partnerByPublishableKey('pk_test_sandbox_bank'))!;
    assert.ok(
      (
        await source.createRequest(
          bank,
          { purpose: 'account-opening', nonce: NONCE, cnic: AYESHA, locale: 'en' },
          'localhost',
          'kept',
        )
      ).ok,
    );
    const state = await source.exportState();
    state.stores.idempotency.push({
      value: {
        scope: 'old|verify:req_x|k',
        fingerprint: 'f',
        status: 200,
        body: { ok: true, value: { token: 'old.token.here' } },
        createdAt: 0,
      },
    });
    const restored = await createNodeSimulator({ store: 'memory', initialState: state });
    try {
      const scopes = ((await restored.records()).idempotency as { scope: string }[]).map((record) => record.scope);
      assert.deepEqual(scopes, [`${bank.id}|create|kept`]);
    } finally {
      await Promise.all([source.close(), restored.close()]);
    }
  });
});

describe('memory store behaviour', () => {
  const db = () => MemoryDatabase.open();

  it('undoes a transaction whole when one write breaks a unique index, and rejects done', async () => {
    const store = db();
    await store.put('citizens', { id: 'cit_a', cnic: '1', name: 'A' } as never);
    const tx = store.transaction(['citizens', 'sims'], 'readwrite');
    const sim = tx.objectStore('sims').put({ id: 'sim_b', mobile: '030', ownerCnic: '2', holderId: 'cit_b' });
    const clash = tx.objectStore('citizens').add({ id: 'cit_b', cnic: '1', name: 'B' } as never);
    await assert.doesNotReject(sim);
    await assert.rejects(clash, { name: 'ConstraintError' });
    await assert.rejects(tx.done, { name: 'ConstraintError' });
    assert.deepEqual(await store.getAll('sims'), [], 'the SIM written before the clash is undone');
    assert.deepEqual(
      (await store.getAll('citizens')).map((c) => c.id),
      ['cit_a'],
    );
  });

  it('returns records in key order whatever the order they were written in', async () => {
    const store = db();
    for (const id of ['cit_b', 'cit_c', 'cit_a', 'CIT_z']) await store.put('citizens', { id, cnic: id } as never);
    for (const seq of [3, 1, 2, 10]) await store.put('audit', { seq } as never);
    assert.deepEqual(
      (await store.getAll('citizens')).map((c) => c.id),
      ['CIT_z', 'cit_a', 'cit_b', 'cit_c'],
    );
    assert.deepEqual(await store.transaction('audit').store.getAllKeys(), [1, 2, 3, 10]);
    assert.equal((await store.transaction('audit').store.openCursor(null, 'prev'))!.value.seq, 10);
  });

  it('clones values in and out, and writes auto-increment keys into them', async () => {
    const store = db();
    const message = { simId: 'sim_a', body: 'hello' } as Record<string, unknown>;
    const key = await store.put('messages', message as never);
    message.body = 'changed after the write';
    const [stored] = await store.getAll('messages');
    assert.deepEqual(stored, { simId: 'sim_a', body: 'hello', seq: key });
    (stored as unknown as Record<string, unknown>).body = 'changed after the read';
    assert.equal(((await store.get('messages', key)) as { body: string }).body, 'hello');
    const secrets = {
      passcodeKey: await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    };
    await store.put('meta', secrets as never, 'secrets');
    const read = (await store.get('meta', 'secrets')) as typeof secrets;
    assert.ok(
      read.passcodeKey instanceof CryptoKey && read.passcodeKey !== secrets.passcodeKey,
      'keys are cloned as keys',
    );
    await assert.rejects(store.put('meta', { run: () => 1 } as never, 'bad'), { name: 'DataCloneError' });
    assert.equal(await store.get('meta', 'bad'), undefined);
  });

  it('answers index ranges in index order and refuses queries it does not support', async () => {
    const store = db();
    for (const [simId, n] of [
      ['sim_b', 1],
      ['sim_a', 2],
      ['sim_b', 3],
      ['sim_b', 4],
    ] as const)
      await store.put('messages', { simId, body: String(n) } as never);
    const range = IDBKeyRange.bound(['sim_b', 1], ['sim_b', Infinity], true);
    assert.deepEqual(
      (await store.getAllFromIndex('messages', 'simId-seq', range)).map((m) => m.body),
      ['3', '4'],
    );
    assert.deepEqual(
      (await store.getAllFromIndex('messages', 'simId', 'sim_a')).map((m) => m.body),
      ['2'],
    );
    // Keys written out of order, and a record moved to another SIM: the index follows.
    for (const seq of [9, 6, 7]) await store.put('messages', { seq, simId: 'sim_c', body: String(seq) } as never);
    await store.put('messages', { seq: 6, simId: 'sim_a', body: 'moved' } as never);
    assert.deepEqual(
      (await store.getAllFromIndex('messages', 'simId', 'sim_c')).map((m) => m.body),
      ['7', '9'],
    );
    assert.deepEqual(
      (await store.getAllFromIndex('messages', 'simId', 'sim_a')).map((m) => m.body),
      ['2', 'moved'],
    );
    assert.deepEqual(
      (
        await store.getAllFromIndex('messages', 'simId-seq', IDBKeyRange.bound(['sim_c', 7], ['sim_c', 9], false, true))
      ).map((m) => m.body),
      ['7'],
    );
    await assert.rejects(store.getAllFromIndex('messages', 'simId', IDBKeyRange.lowerBound('sim_a')), {
      name: 'NotSupportedError',
    });
    const readonly = store.transaction('messages');
    await assert.rejects((readonly.store as unknown as { put(value: unknown): Promise<unknown> }).put({ simId: 'x' }), {
      name: 'ReadOnlyError',
    });
  });

  it('deletes by key with its index entries, and a failed transaction brings the deleted record back', async () => {
    const store = db();
    const answer = (scope: string, partnerId: string, expiresAt: number) => ({
      scope,
      partnerId,
      expiresAt,
      fingerprint: 'f',
      status: 200,
      body: {},
      createdAt: 0,
    });
    for (const [scope, partner, at] of [
      ['a', 'p1', 5],
      ['b', 'p1', 20],
      ['c', 'p2', 1],
      ['d', 'p1', 10],
    ] as const)
      await store.put('idempotency', answer(scope, partner, at));
    const due = IDBKeyRange.bound(['p1', -Infinity], ['p1', 10]);
    const tx = store.transaction('idempotency', 'readwrite');
    assert.deepEqual(await tx.store.index('partnerId-expiresAt').getAllKeys(due), ['a', 'd'], 'index order: by expiry');
    assert.deepEqual(
      await tx.store.index('partnerId-expiresAt').getAll(due, 1),
      [answer('a', 'p1', 5)],
      'with a count',
    );
    await tx.store.delete('a');
    await tx.store.delete('nothing-here');
    await tx.done;
    assert.deepEqual(await store.transaction('idempotency').store.getAllKeys(), ['b', 'c', 'd']);
    assert.deepEqual(
      (await store.getAllFromIndex('idempotency', 'partnerId-expiresAt', due)).map((r) => r.scope),
      ['d'],
      'the index forgot the deleted record',
    );

    const failing = store.transaction(['idempotency', 'citizens'], 'readwrite');
    void failing.objectStore('idempotency').delete('d');
    await store.put('citizens', { id: 'cit_a', cnic: '1' } as never);
    await assert.rejects(failing.objectStore('citizens').add({ id: 'cit_a', cnic: '2' } as never), {
      name: 'ConstraintError',
    });
    await assert.rejects(failing.done);
    assert.deepEqual(
      (await store.getAllFromIndex('idempotency', 'partnerId-expiresAt', due)).map((r) => r.scope),
      ['d'],
      'the delete was undone',
    );
    await assert.rejects(store.transaction('idempotency', 'readwrite').store.delete(IDBKeyRange.lowerBound('a')), {
      name: 'DataError',
    });
  });
});

describe('the IndexedDB store', () => {
  it('an IndexedDB connection steps aside for a newer version opened elsewhere', async () => {
    const factory = new IDBFactory();
    await openSimulatorDatabase(factory, 'upgrade');
    const newer = factory.open('upgrade', DB_VERSION + 1);
    const outcome = await new Promise<string>((resolve) => {
      newer.onblocked = () => resolve('blocked');
      newer.onsuccess = () => resolve('opened');
    });
    assert.equal(outcome, 'opened');
    newer.result.close();
  });

  it('upgrading from version 2 drops the replayed answers (they had no expiry) and keeps the rest', async () => {
    const factory = new IDBFactory();
    const v2 = factory.open('from-v2', 2);
    v2.onupgradeneeded = () => {
      v2.result
        .createObjectStore('idempotency', { keyPath: 'scope' })
        .put({ scope: 'p|verify:req_1|k', fingerprint: 'f', status: 200, body: {}, createdAt: 0 });
      v2.result.createObjectStore('requests', { keyPath: 'id' }).put({ id: 'req_1', status: 'granted' });
      v2.result.createObjectStore('consents', { keyPath: 'jti' }).createIndex('citizenId', 'citizenId');
    };
    await new Promise((resolve) => (v2.onsuccess = resolve));
    v2.result.close();
    const idb = await openSimulatorDatabase(factory, 'from-v2');
    try {
      assert.equal(idb.version, DB_VERSION);
      assert.equal(await idb.count('idempotency'), 0);
      assert.deepEqual([...idb.transaction('idempotency').store.indexNames], ['partnerId-expiresAt']);
      assert.deepEqual(await idb.get('requests', 'req_1'), { id: 'req_1', status: 'granted' });
    } finally {
      idb.close();
    }
  });

  it('upgrading from version 3 keeps the consents and adds the webhook stores, empty', async () => {
    const factory = new IDBFactory();
    const v3 = factory.open('from-v3', 3);
    v3.onupgradeneeded = () => {
      // Version 3's layout: the stores as they were before held mobile changes (4) and webhooks (5).
      for (const name of STORE_NAMES.filter((store) => !store.startsWith('webhook') && store !== 'mobileChanges')) {
        const layout = STORE_LAYOUT[name];
        const store = v3.result.createObjectStore(name, {
          ...(layout.keyPath === null ? {} : { keyPath: layout.keyPath }),
          autoIncrement: layout.autoIncrement ?? false,
        });
        for (const [index, spec] of Object.entries(layout.indexes ?? {}))
          if (!(name === 'consents' && index === 'partnerId-expiresAt')) store.createIndex(index, spec.keyPath, spec);
      }
      v3.transaction!.objectStore('consents').put({ jti: 'jti_1', citizenId: 'cit_1', partnerId: 'p', expiresAt: 5 });
    };
    await new Promise((resolve) => (v3.onsuccess = resolve));
    v3.result.close();
    const idb = await openSimulatorDatabase(factory, 'from-v3');
    try {
      assert.equal(idb.version, DB_VERSION);
      assert.deepEqual(await idb.getAllFromIndex('consents', 'partnerId-expiresAt', IDBKeyRange.only(['p', 5])), [
        { jti: 'jti_1', citizenId: 'cit_1', partnerId: 'p', expiresAt: 5 },
      ]);
      for (const store of ['webhookEndpoints', 'webhookEvents', 'webhookDeliveries'] as const)
        assert.equal(await idb.count(store), 0, store);
    } finally {
      idb.close();
    }
  });

  it('has exactly the stores and indexes IndexedDB gets from its upgrade steps', async () => {
    const idb = await openSimulatorDatabase(new IDBFactory(), 'layout');
    try {
      assert.deepEqual([...idb.objectStoreNames].sort(), [...STORE_NAMES].sort());
      const tx = idb.transaction([...STORE_NAMES]);
      for (const name of STORE_NAMES) {
        const store = tx.objectStore(name);
        const layout = STORE_LAYOUT[name];
        assert.deepEqual([store.keyPath, store.autoIncrement], [layout.keyPath, layout.autoIncrement ?? false], name);
        const indexes = Object.fromEntries(
          [...store.indexNames].map((index) => [
            index,
            { keyPath: store.index(index).keyPath, unique: store.index(index).unique },
          ]),
        );
        const expected = Object.fromEntries(
          Object.entries(layout.indexes ?? {}).map(([index, spec]) => [
            index,
            { keyPath: spec.keyPath, unique: spec.unique ?? false },
          ]),
        );
        assert.deepEqual(indexes, expected, name);
      }
    } finally {
      idb.close();
    }
  });
});
