/** The in-memory replay store: each jti once, forgotten only after its token has expired. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryReplayStore } from '../../../src/verify/index.js';

describe('createMemoryReplayStore', () => {
  it('answers true for a new jti and false when it comes back', () => {
    const store = createMemoryReplayStore();
    const exp = Date.now() / 1000 + 600;
    assert.equal(store.checkAndRemember('jti_aaaaaaaaaaaaaaaa', exp), true);
    assert.equal(store.checkAndRemember('jti_aaaaaaaaaaaaaaaa', exp), false);
    assert.equal(store.checkAndRemember('jti_bbbbbbbbbbbbbbbb', exp), true);
  });

  it('forgets ids whose tokens have expired, so memory stays bounded', () => {
    let now = 1_000_000_000_000;
    const store = createMemoryReplayStore({ now: () => now });
    for (let i = 0; i < 1000; i++) store.checkAndRemember(`jti_${i}`.padEnd(20, 'x'), now / 1000 + 600);
    assert.equal(store.size, 1000);
    now += 601_000; // every token above has expired
    for (let i = 0; i < 256; i++) store.checkAndRemember(`late_${i}`.padEnd(20, 'x'), now / 1000 + 600);
    assert.ok(store.size <= 256, `pruned to the live ids, kept ${store.size}`);
  });

  it('never forgets an id before its token expires', () => {
    let now = 1_000_000_000_000;
    const store = createMemoryReplayStore({ now: () => now });
    const exp = now / 1000 + 600;
    store.checkAndRemember('jti_kept_until_expiry', exp);
    for (let i = 0; i < 600; i++) {
      now += 999;
      store.checkAndRemember(`other_${i}`.padEnd(20, 'x'), now / 1000 + 600);
    }
    assert.equal(store.checkAndRemember('jti_kept_until_expiry', exp), false);
  });
});
