/**
 * verifyWebhookEvent against deliveries signed with real ES256 keys by jose (independently of the
 * simulator's signer): a genuine delivery passes, and each way a delivery can be forged, changed,
 * replayed or misdirected is refused with its own code.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FlattenedSign } from 'jose';
import { WEBHOOK_ERRORS } from '../../../src/contract/errors.js';
import {
  createMemoryReplayStore,
  verifyWebhookEvent,
  WebhookEventError,
  type VerifyWebhookEventOptions,
} from '../../../src/verify/index.js';
import { createTestIssuer, PARTNER_ID, type TestIssuer } from './support/token-issuer.js';

const encoder = new TextEncoder();
const NOW = Date.UTC(2026, 11, 3, 9, 30);
const nowSeconds = Math.floor(NOW / 1000);

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: `evt_${randomBytes(16).toString('base64url')}`,
    type: 'consent.revoked',
    createdAt: new Date(NOW - 2000).toISOString(),
    partnerId: PARTNER_ID,
    data: {
      jti: randomBytes(16).toString('base64url'),
      sub: randomBytes(32).toString('base64url'),
      purpose: 'account-opening',
      status: 'revoked',
      grantedAt: new Date(NOW - 60_000).toISOString(),
      expiresAt: new Date(NOW + 540_000).toISOString(),
      revokedAt: new Date(NOW - 2000).toISOString(),
    },
    ...overrides,
  };
}

/** Signs `body` as the service does: a JWS with a detached payload, `<protected>..<signature>`. */
async function sign(body: string, issuer: TestIssuer, header: Record<string, unknown> = {}): Promise<string> {
  const jws = await new FlattenedSign(encoder.encode(body))
    .setProtectedHeader({ alg: 'ES256', kid: issuer.kid, typ: 'consent-event+jws', iat: nowSeconds, ...header })
    .sign(issuer.privateKey);
  return `${jws.protected}..${jws.signature}`;
}

const options = (issuer: TestIssuer, extra: Partial<VerifyWebhookEventOptions> = {}): VerifyWebhookEventOptions => ({
  jwks: issuer.jwks,
  audience: PARTNER_ID,
  now: NOW,
  replay: createMemoryReplayStore({ now: () => NOW }),
  ...extra,
});

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof WebhookEventError, String(error));
    assert.equal(error.message, WEBHOOK_ERRORS[error.code]);
    return error.code;
  }
  assert.fail('the delivery was accepted');
}

describe('verifyWebhookEvent', () => {
  it('accepts a genuine delivery, from Fetch Headers, Node headers or the signature alone', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const signature = await sign(body, issuer);
    const fromHeaders = await verifyWebhookEvent(body, new Headers({ 'Ijazat-Signature': signature }), options(issuer));
    assert.equal(fromHeaders.type, 'consent.revoked');
    assert.equal(fromHeaders.partnerId, PARTNER_ID);
    const fromNode = await verifyWebhookEvent(encoder.encode(body), { 'ijazat-signature': signature }, options(issuer));
    assert.deepEqual(fromNode, fromHeaders);
    assert.deepEqual(await verifyWebhookEvent(body, signature, options(issuer)), fromHeaders);
  });

  it('refuses a tampered body', async () => {
    const issuer = await createTestIssuer();
    const original = event();
    const signature = await sign(JSON.stringify(original), issuer);
    const tampered = JSON.stringify({ ...original, type: 'consent.granted' });
    assert.equal(await refusal(verifyWebhookEvent(tampered, signature, options(issuer))), 'webhook_signature_invalid');
    const reformatted = JSON.stringify(original, null, 2);
    assert.equal(
      await refusal(verifyWebhookEvent(reformatted, signature, options(issuer))),
      'webhook_signature_invalid',
      'the signature covers the bytes, so the body must not be re-serialised',
    );
  });

  it('refuses a signature by another key, an unknown kid, and a key set that is not one', async () => {
    const issuer = await createTestIssuer();
    const impostor = await createTestIssuer(issuer.kid);
    const body = JSON.stringify(event());
    assert.equal(
      await refusal(verifyWebhookEvent(body, await sign(body, impostor), options(issuer))),
      'webhook_signature_invalid',
    );
    assert.equal(
      await refusal(verifyWebhookEvent(body, await sign(body, issuer, { kid: 'kid_other' }), options(issuer))),
      'webhook_key_unknown',
    );
    assert.equal(
      await refusal(
        verifyWebhookEvent(body, await sign(body, issuer), { ...options(issuer), jwks: { keys: 'x' } as never }),
      ),
      'jwks_unavailable',
    );
  });

  it('refuses an old or future timestamp outside the tolerance, and a missing one', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const old = await sign(body, issuer, { iat: nowSeconds - 301 });
    assert.equal(await refusal(verifyWebhookEvent(body, old, options(issuer))), 'webhook_timestamp_out_of_tolerance');
    const future = await sign(body, issuer, { iat: nowSeconds + 301 });
    assert.equal(
      await refusal(verifyWebhookEvent(body, future, options(issuer))),
      'webhook_timestamp_out_of_tolerance',
    );
    assert.equal((await verifyWebhookEvent(body, old, options(issuer, { tolerance: 600 }))).type, 'consent.revoked');
    for (const iat of [undefined, '1700000000', 1.5])
      assert.equal(
        await refusal(verifyWebhookEvent(body, await sign(body, issuer, { iat }), options(issuer))),
        'webhook_timestamp_invalid',
        String(iat),
      );
  });

  it('refuses a replayed event id, also when the retry is signed afresh', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const replay = new Set<string>();
    await verifyWebhookEvent(body, await sign(body, issuer), options(issuer, { replay }));
    assert.equal(
      await refusal(verifyWebhookEvent(body, await sign(body, issuer), options(issuer, { replay }))),
      'webhook_replayed',
    );
    assert.equal(
      await refusal(
        verifyWebhookEvent(body, await sign(body, issuer, { iat: nowSeconds + 60 }), options(issuer, { replay })),
      ),
      'webhook_replayed',
    );
    const store = createMemoryReplayStore({ now: () => NOW });
    const fresh = JSON.stringify(event());
    await verifyWebhookEvent(fresh, await sign(fresh, issuer), options(issuer, { replay: store }));
    assert.equal(
      await refusal(verifyWebhookEvent(fresh, await sign(fresh, issuer), options(issuer, { replay: store }))),
      'webhook_replayed',
    );
  });

  it('does not use up an event id on a delivery refused for another reason', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const replay = new Set<string>();
    await refusal(
      verifyWebhookEvent(body, await sign(body, issuer, { iat: nowSeconds - 3600 }), options(issuer, { replay })),
    );
    assert.equal(replay.size, 0);
    assert.equal(
      (await verifyWebhookEvent(body, await sign(body, issuer), options(issuer, { replay }))).type,
      'consent.revoked',
    );
  });

  it("refuses another partner's event", async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event({ partnerId: 'prt_sandbox_telecom' }));
    assert.equal(
      await refusal(verifyWebhookEvent(body, await sign(body, issuer), options(issuer))),
      'webhook_audience_invalid',
    );
  });

  it('refuses headers that are missing, malformed, of another alg or type', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const signature = await sign(body, issuer);
    assert.equal(await refusal(verifyWebhookEvent(body, {}, options(issuer))), 'webhook_signature_missing');
    assert.equal(await refusal(verifyWebhookEvent(body, new Headers(), options(issuer))), 'webhook_signature_missing');
    assert.equal(await refusal(verifyWebhookEvent(body, undefined, options(issuer))), 'webhook_signature_missing');
    const [header, , sig] = signature.split('.');
    const payload = Buffer.from(body).toString('base64url');
    for (const malformed of [`${header}.${payload}.${sig}`, `${header}..`, 'x..y', `${header}..${sig}!`, 't=1,v1=abc'])
      assert.equal(
        await refusal(verifyWebhookEvent(body, malformed, options(issuer))),
        'webhook_signature_malformed',
        malformed,
      );
    const hs256 = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: issuer.kid, typ: 'consent-event+jws', iat: nowSeconds })).toString('base64url')}..${sig}`;
    assert.equal(await refusal(verifyWebhookEvent(body, hs256, options(issuer))), 'webhook_alg_not_allowed');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'consent-event+jws', iat: nowSeconds })).toString('base64url')}..${sig}`;
    assert.equal(await refusal(verifyWebhookEvent(body, none, options(issuer))), 'webhook_alg_not_allowed');
    assert.equal(
      await refusal(verifyWebhookEvent(body, await sign(body, issuer, { typ: 'consent+jwt' }), options(issuer))),
      'webhook_type_invalid',
      'a consent token signature is not an event signature',
    );
  });

  it('refuses a body that was parsed, is not an event, or is too large', async () => {
    const issuer = await createTestIssuer();
    const parsed = event();
    const signature = await sign(JSON.stringify(parsed), issuer);
    assert.equal(
      await refusal(verifyWebhookEvent(parsed as never, signature, options(issuer))),
      'webhook_body_invalid',
    );
    for (const body of [
      'not json',
      JSON.stringify({ ...parsed, type: 'consent.renewed' }),
      JSON.stringify({ ...parsed, data: {} }),
    ])
      assert.equal(
        await refusal(verifyWebhookEvent(body, await sign(body, issuer), options(issuer))),
        'webhook_body_invalid',
        body.slice(0, 30),
      );
    const large = JSON.stringify({ ...parsed, padding: 'x'.repeat(16 * 1024) });
    assert.equal(
      await refusal(verifyWebhookEvent(large, await sign(large, issuer), options(issuer))),
      'webhook_body_too_large',
    );
  });

  it('treats bad options as programming errors (TypeError), not as a refused delivery', async () => {
    const issuer = await createTestIssuer();
    const body = JSON.stringify(event());
    const signature = await sign(body, issuer);
    await assert.rejects(verifyWebhookEvent(body, signature, { jwks: issuer.jwks } as never), TypeError);
    await assert.rejects(verifyWebhookEvent(body, signature, { audience: PARTNER_ID }), TypeError);
    await assert.rejects(verifyWebhookEvent(body, signature, options(issuer, { tolerance: -1 })), TypeError);
  });
});
