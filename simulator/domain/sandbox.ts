/**
 * Seeding, reset and key rotation: the sandbox-wide state changes. Reset makes new secrets and a new
 * signing key, so nothing from before a reset verifies after it.
 */
import { TOKEN_TTL_SECONDS } from '../../src/contract/schemas.js';
import { seedPartners, SEED_CITIZENS, SEED_SIMS } from '../seeds.js';
import { commit } from '../store/commit.js';
import { STORE_NAMES, type SecretsRecord } from '../store/schema.js';
import type { SimulatorContext } from './context.js';
import { generateHmacKey } from './passcode.js';
import { currentKey, generateSigningKey, publishedKeys } from './signing-keys.js';

async function newSecrets(extractable: boolean): Promise<SecretsRecord> {
  return { passcodeKey: await generateHmacKey(extractable), pseudonymKey: await generateHmacKey(extractable) };
}

/** Clears every store and writes the seeds; the audit log restarts with a `reset` entry. */
export async function seedSandbox(ctx: SimulatorContext, reason: 'seeded' | 'reset'): Promise<void> {
  const secrets = await newSecrets(ctx.extractableKeys);
  const key = await generateSigningKey(ctx.extractableKeys, ctx.clock.now());
  const clear = ctx.db.transaction([...STORE_NAMES], 'readwrite');
  await Promise.all([...STORE_NAMES.map((name) => clear.objectStore(name).clear()), clear.done]);
  ctx.registry.invalidate();
  ctx.records.clear();
  ctx.auditHead = null;
  ctx.secrets = secrets;
  await commit(
    ctx,
    ['citizens', 'sims', 'partners', 'keys', 'meta'],
    [{ type: 'reset', detail: { reason, kid: key.kid } }],
    (tx) => {
      for (const citizen of SEED_CITIZENS) void tx.objectStore('citizens').put({ ...citizen });
      for (const sim of SEED_SIMS) void tx.objectStore('sims').put({ ...sim });
      for (const partner of seedPartners(ctx.extraOrigins)) void tx.objectStore('partners').put(partner);
      void tx.objectStore('keys').put(key);
      void tx.objectStore('meta').put(secrets, 'secrets');
      void tx.objectStore('meta').put({ offsetMs: ctx.clock.offset }, 'clock');
    },
  );
}

export async function rotateSigningKeys(ctx: SimulatorContext): Promise<{ kid: string; kids: string[] }> {
  const now = ctx.clock.now();
  const { keys } = await ctx.registry.get();
  const previous = currentKey(keys);
  const next = await generateSigningKey(ctx.extractableKeys, now);
  // The old key signs nothing new; its public half stays published while its tokens can be alive.
  const retired = previous
    ? { ...previous, retiredAt: now + Math.max(ctx.limits.tokenTtlSeconds, TOKEN_TTL_SECONDS) * 1000 }
    : null;
  await commit(
    ctx,
    ['keys'],
    [{ type: 'keys_rotated', detail: { kid: next.kid, previousKid: previous?.kid ?? null } }],
    (tx) => {
      if (retired) void tx.objectStore('keys').put(retired);
      void tx.objectStore('keys').put(next);
    },
  );
  const all = [next, ...keys.filter((key) => key.kid !== previous?.kid), ...(retired ? [retired] : [])];
  return { kid: next.kid, kids: publishedKeys(all, now).map((key) => key.kid) };
}
