/**
 * The contract's behavioural checks, in the order they run. Each one is what a partner (or a citizen)
 * would notice if an implementation got it wrong; docs/conformance.md lists them in words.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { MAX_BODY_BYTES, TOKEN_ALG, TOKEN_TTL_SECONDS, TOKEN_TYPE } from '../contract/schemas.js';
import { JWKS_PATH, paths } from '../contract/api.js';
import { cnicDigest } from '../contract/cnic-digest.js';
import {
  ConsentClaims,
  ConsentContext,
  ConsentRequestView,
  ConsentStatusView,
  Grant,
  JsonWebKeySet,
  ServiceErrorResponse,
} from '../contract/schemas.js';
import { check, describeAnswer, expectError, expectOk } from './expect.js';
import { ServiceHttp, type Answer } from './http.js';
import type { Check, Kit } from './runner.js';
import { Skip } from './runner.js';
import { randomCnic, type SandboxCitizen } from './sandbox.js';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
/** A fresh session nonce, as a partner backend makes one (128 bits and more). */
export const newNonce = (): string => base64url(crypto.getRandomValues(new Uint8Array(24)));
const newIdempotencyKey = () => `conformance-${newNonce()}`;

function create(kit: Kit, cnic: string, nonce = newNonce(), idempotencyKey?: string): Promise<Answer> {
  return kit.http.post(
    paths.consentRequests,
    { purpose: kit.partner.purpose, nonce, cnic },
    idempotencyKey ? { idempotencyKey } : {},
  );
}

const verify = (kit: Kit, id: string, code: string, idempotencyKey?: string) =>
  kit.http.post(paths.verify(id), { code }, idempotencyKey ? { idempotencyKey } : {});

/** A registered CNIC (`--cnic` or a sandbox citizen), or a skip saying why there is none. */
async function registeredCnic(kit: Kit): Promise<string> {
  const cnic = await kit.registeredCnic();
  if (!cnic) throw new Skip('needs a registered CNIC with a mobile: pass --cnic, or run against a sandbox');
  return cnic;
}

/** A code that is not `right`: the next one along (wrong by construction, the same length). */
const wrongCodeFor = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

/** A granted consent over the whole flow: create, the passcode from the sandbox inbox, verify. */
async function grantedConsent(
  kit: Kit,
  citizen?: SandboxCitizen,
  as: { http: ServiceHttp; purpose: string } = kit.partner,
) {
  citizen ??= await kit.citizen();
  const nonce = newNonce();
  const asked = await as.http.post(paths.consentRequests, { purpose: as.purpose, nonce, cnic: citizen.cnic });
  const request = expectOk(asked, 201, ConsentRequestView, 'create');
  const code = await kit.sandbox!.latestPasscode(citizen.simId!);
  const answer = await as.http.post(paths.verify(request.id), { code });
  const grant = expectOk(answer, 200, Grant, 'verify with the right code');
  return { citizen, nonce, request, code, grant };
}

async function signingKeys(kit: Kit) {
  return expectOk(await kit.http.get(JWKS_PATH, { partnerKey: null }), 200, JsonWebKeySet, 'GET the JWKS');
}

/** The token verified against the service's JWKS with jose: ES256 only, its type, the partner's audience. */
async function verifiedClaims(kit: Kit, token: string): Promise<JWTPayload> {
  const keys = createLocalJWKSet(await signingKeys(kit));
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [TOKEN_ALG],
      typ: TOKEN_TYPE,
      audience: kit.partner.id,
      ...(kit.issuer ? { issuer: kit.issuer } : {}),
    });
    return payload;
  } catch (error) {
    throw new Error(`the token does not verify against the JWKS: ${(error as Error).message}`, { cause: error });
  }
}

/** Header names and body fields of an answer, with values that differ per request left out (and `ignored`). */
function outline(answer: Answer, ignored: readonly string[] = []): string {
  const left = new Set(['id', 'expiresAt', 'resendAvailableAt', ...ignored]);
  const fields = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([field]) => !left.has(field))
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([field, inner]) => [field, fields(inner)]),
        )
      : value;
  const headers = [...answer.headers.keys()].filter((name) => !['date', 'content-length'].includes(name)).sort();
  return JSON.stringify({ status: answer.status, headers, body: fields(answer.body) });
}

export const checks: readonly Check[] = [
  // --- discovery --------------------------------------------------------------------------------
  {
    group: 'discovery',
    name: 'publishes its signing keys: EC P-256 for ES256, each with a kid, no private parts',
    async run(kit) {
      const answer = await kit.http.get(JWKS_PATH, { partnerKey: null });
      check(answer.status === 200, `expected 200, got ${describeAnswer(answer)}`);
      const keys = (answer.body as { keys?: Record<string, unknown>[] } | null)?.keys;
      check(Array.isArray(keys) && keys.length > 0, 'the JWKS has no keys');
      check(
        keys.every((key) => !('d' in key)),
        'the JWKS publishes a private key (`d`)',
      );
      expectOk(answer, 200, JsonWebKeySet, 'the JWKS');
    },
  },
  {
    group: 'discovery',
    name: "tells who asks and why: the partner's registered name and the purpose's wording",
    async run(kit) {
      const context = expectOk(
        await kit.http.get(`${paths.context}?purpose=${encodeURIComponent(kit.partner.purpose)}`),
        200,
        ConsentContext,
        'GET /v1/context',
      );
      check(context.purpose.id === kit.partner.purpose, 'the context is for another purpose');
      check(context.partner.displayName.en.length > 0, 'the partner has no display name');
    },
  },

  // --- errors -----------------------------------------------------------------------------------
  {
    group: 'errors',
    name: 'refuses a request without a partner key: 401 missing_partner_key',
    async run(kit) {
      expectError(
        await kit.http.get(`${paths.context}?purpose=${kit.partner.purpose}`, { partnerKey: null }),
        'missing_partner_key',
      );
    },
  },
  {
    group: 'errors',
    name: 'refuses an unknown partner key: 401 unknown_partner_key',
    async run(kit) {
      expectError(
        await kit.http.get(`${paths.context}?purpose=${kit.partner.purpose}`, {
          partnerKey: 'pk_test_no_such_partner',
        }),
        'unknown_partner_key',
      );
    },
  },
  {
    group: 'errors',
    name: 'refuses a purpose the partner is not registered for: 400 unknown_purpose',
    async run(kit) {
      expectError(await kit.http.get(`${paths.context}?purpose=no-such-purpose-here`), 'unknown_purpose');
    },
  },
  {
    group: 'errors',
    name: 'refuses a malformed CNIC (400 invalid_cnic) without echoing it',
    async run(kit) {
      const sent = '12345-678';
      const answer = await kit.http.post(paths.consentRequests, {
        purpose: kit.partner.purpose,
        nonce: newNonce(),
        cnic: sent,
      });
      expectError(answer, 'invalid_cnic');
      check(!answer.text.includes(sent), 'the error answer repeats the CNIC that was sent');
    },
  },
  {
    group: 'errors',
    name: 'refuses fields the contract does not have: 400 invalid_request with issues',
    async run(kit) {
      const error = expectError(
        await kit.http.post(paths.consentRequests, {
          purpose: kit.partner.purpose,
          nonce: newNonce(),
          cnic: randomCnic(),
          mobile: '03001234567',
        }),
        'invalid_request',
      );
      check(Array.isArray(error.issues) && error.issues.length > 0, 'invalid_request without issues');
    },
  },
  {
    group: 'errors',
    name: 'refuses a body that is not JSON: 415 unsupported_media_type and 400 invalid_json',
    async run(kit) {
      expectError(
        await kit.http.send('POST', paths.consentRequests, { raw: { text: 'cnic=1', contentType: 'text/plain' } }),
        'unsupported_media_type',
      );
      expectError(
        await kit.http.send('POST', paths.consentRequests, {
          raw: { text: '{"cnic":', contentType: 'application/json' },
        }),
        'invalid_json',
      );
    },
  },
  {
    group: 'errors',
    name: `refuses a body over ${MAX_BODY_BYTES / 1024} KiB: 413 body_too_large`,
    async run(kit) {
      const text = JSON.stringify({
        purpose: kit.partner.purpose,
        nonce: newNonce(),
        cnic: 'x'.repeat(MAX_BODY_BYTES),
      });
      expectError(
        await kit.http.send('POST', paths.consentRequests, { raw: { text, contentType: 'application/json' } }),
        'body_too_large',
      );
    },
  },
  {
    group: 'errors',
    name: 'answers unknown endpoints 404 not_found and wrong methods 405 method_not_allowed with Allow',
    async run(kit) {
      expectError(await kit.http.get('/v1/no-such-endpoint'), 'not_found');
      const wrongMethod = await kit.http.send('PUT', paths.consentRequests, { body: {} });
      expectError(wrongMethod, 'method_not_allowed');
      check(/\bPOST\b/.test(wrongMethod.headers.get('allow') ?? ''), 'the 405 has no Allow header naming POST');
    },
  },
  {
    group: 'errors',
    name: "answers another partner's or an unknown request id 404 request_not_found",
    async run(kit) {
      expectError(await kit.http.get(paths.consentRequest('req_conformance0000000000')), 'request_not_found');
      expectError(await verify(kit, 'req_conformance0000000000', '123456'), 'request_not_found');
    },
  },
  {
    group: 'errors',
    name: 'refuses a passcode that is not 6 digits: 400 invalid_code',
    async run(kit) {
      const request = expectOk(await create(kit, await registeredCnic(kit)), 201, ConsentRequestView, 'create');
      expectError(await verify(kit, request.id, '12ab'), 'invalid_code');
    },
  },
  {
    group: 'errors',
    name: 'the status endpoint needs the secret key (401 invalid_secret_key) and knows only its own consents',
    needs: ['secretKey'],
    async run(kit) {
      expectError(await kit.http.get(paths.consentStatus('jti-unknown-0123456789')), 'invalid_secret_key');
      expectError(
        await kit.http.get(paths.consentStatus('jti-unknown-0123456789'), { secretKey: 'sk_test_not_a_key' }),
        'invalid_secret_key',
      );
      expectError(
        await kit.http.get(paths.consentStatus('jti-unknown-0123456789'), { secretKey: kit.partner.secretKey! }),
        'consent_not_found',
      );
    },
  },

  // --- limits -----------------------------------------------------------------------------------
  {
    group: 'limits',
    name: 'states its limits as remaining time and counts: a passcode lives at most 10 minutes',
    async run(kit) {
      const answer = await create(kit, await registeredCnic(kit));
      const request = expectOk(answer, 201, ConsentRequestView, 'create');
      check(request.status === 'pending', `a new request is ${request.status}, not pending`);
      // The service's own now: the sandbox's clock may have been moved; otherwise the answer's Date.
      const now = kit.sandbox ? await kit.sandbox.now() : Date.parse(answer.headers.get('date') ?? '') || Date.now();
      const lifetime = (Date.parse(request.expiresAt) - now) / 1000;
      check(
        lifetime > 0 && lifetime <= 600 + 5,
        `the passcode lives ${Math.round(lifetime)} s (more than 10 minutes or none)`,
      );
      check(request.attemptsLeft > 0 && request.attemptsLeft <= 5, `attemptsLeft is ${request.attemptsLeft}`);
    },
  },
  {
    group: 'limits',
    name: 'a resend inside the cooldown is 429 resend_too_soon with Retry-After = retryAfterSeconds',
    async run(kit) {
      const request = expectOk(await create(kit, await registeredCnic(kit)), 201, ConsentRequestView, 'create');
      const answer = await kit.http.post(paths.resend(request.id), {});
      const error = expectError(answer, 'resend_too_soon');
      const seconds = error.retryAfterSeconds;
      check(typeof seconds === 'number' && seconds > 0, 'no retryAfterSeconds');
      check(answer.headers.get('retry-after') === String(seconds), 'Retry-After differs from retryAfterSeconds');
    },
  },
  {
    group: 'limits',
    name: 'wrong codes count down attemptsLeft and the fifth locks the request (423), even for the right code',
    needs: ['sandbox'],
    async run(kit) {
      const citizen = await kit.citizen();
      const request = expectOk(await create(kit, citizen.cnic), 201, ConsentRequestView, 'create');
      const right = await kit.sandbox!.latestPasscode(citizen.simId!);
      const wrong = wrongCodeFor(right);
      for (let left = request.attemptsLeft - 1; left > 0; left -= 1) {
        const error = expectError(await verify(kit, request.id, wrong), 'wrong_code');
        check(error.attemptsLeft === left, `attemptsLeft ${String(error.attemptsLeft)}, expected ${left}`);
      }
      expectError(await verify(kit, request.id, wrong), 'request_locked');
      expectError(await verify(kit, request.id, right), 'request_locked');
    },
  },
  {
    group: 'limits',
    name: 'a passcode past its expiry is 410 code_expired',
    needs: ['sandbox'],
    async run(kit) {
      const citizen = await kit.citizen();
      const request = expectOk(await create(kit, citizen.cnic), 201, ConsentRequestView, 'create');
      const code = await kit.sandbox!.latestPasscode(citizen.simId!);
      const ttl = Math.ceil((Date.parse(request.expiresAt) - (await kit.sandbox!.now())) / 1000);
      await kit.sandbox!.advanceClock(ttl + 1);
      expectError(await verify(kit, request.id, code), 'code_expired');
    },
  },
  {
    group: 'limits',
    name: 'a partner over its request rate is 429 rate_limited with Retry-After',
    needs: ['sandbox'],
    async run(kit) {
      const sandbox = kit.sandbox!;
      const limits = await sandbox.limits();
      await sandbox.advanceClock(60); // a fresh rate window
      await sandbox.setLimits({ partnerRequestsPerMinute: 3 });
      try {
        let answer: Answer | undefined;
        for (let i = 0; i < 4; i += 1) answer = await kit.http.get(`${paths.context}?purpose=${kit.partner.purpose}`);
        const error = expectError(answer!, 'rate_limited');
        check(
          answer!.headers.get('retry-after') === String(error.retryAfterSeconds),
          'Retry-After differs from retryAfterSeconds',
        );
      } finally {
        await sandbox.setLimits({ partnerRequestsPerMinute: limits.partnerRequestsPerMinute! });
        await sandbox.advanceClock(60);
      }
    },
  },

  // --- idempotency ------------------------------------------------------------------------------
  {
    group: 'idempotency',
    name: 'a create retried with the same Idempotency-Key gets the first answer again',
    async run(kit) {
      const cnic = await registeredCnic(kit);
      const nonce = newNonce();
      const key = newIdempotencyKey();
      const first = expectOk(await create(kit, cnic, nonce, key), 201, ConsentRequestView, 'create');
      const again = expectOk(await create(kit, cnic, nonce, key), 201, ConsentRequestView, 'the retried create');
      check(again.id === first.id, 'the retry made a second request');
    },
  },
  {
    group: 'idempotency',
    name: 'the same key with another body is 409 idempotency_conflict; a malformed key is invalid_request',
    async run(kit) {
      const cnic = await registeredCnic(kit);
      const key = newIdempotencyKey();
      expectOk(await create(kit, cnic, newNonce(), key), 201, ConsentRequestView, 'create');
      expectError(await create(kit, cnic, newNonce(), key), 'idempotency_conflict');
      expectError(await create(kit, cnic, newNonce(), 'has spaces in it'), 'invalid_request');
    },
  },
  {
    group: 'idempotency',
    name: 'a retried create sends one SMS; a retried verify returns the same token',
    needs: ['sandbox'],
    async run(kit) {
      const citizen = await kit.citizen();
      const nonce = newNonce();
      const createKey = newIdempotencyKey();
      const request = expectOk(await create(kit, citizen.cnic, nonce, createKey), 201, ConsentRequestView, 'create');
      await create(kit, citizen.cnic, nonce, createKey);
      const received = (await kit.sandbox!.messages(citizen.simId!)).filter((message) => message.direction === 'in');
      check(received.length === 1, `the citizen received ${received.length} SMS for one request`);
      const code = await kit.sandbox!.latestPasscode(citizen.simId!);
      const verifyKey = newIdempotencyKey();
      const first = expectOk(await verify(kit, request.id, code, verifyKey), 200, Grant, 'verify');
      const again = expectOk(await verify(kit, request.id, code, verifyKey), 200, Grant, 'the retried verify');
      check(again.token === first.token, 'the retried verify minted a second token');
    },
  },

  // --- the token --------------------------------------------------------------------------------
  {
    group: 'token',
    name: 'the token header is ES256, typ consent+jwt, with a kid the JWKS publishes',
    needs: ['sandbox'],
    async run(kit) {
      const { grant } = await grantedConsent(kit);
      const header = decodeProtectedHeader(grant.token);
      check(header.alg === TOKEN_ALG, `alg is ${String(header.alg)}`);
      check(header.typ === TOKEN_TYPE, `typ is ${String(header.typ)}`);
      const keys = await signingKeys(kit);
      check(
        keys.keys.some((key) => key.kid === header.kid),
        'the kid is not in the JWKS',
      );
    },
  },
  {
    group: 'token',
    name: "the signature verifies against the JWKS (jose) and the claims are the contract's",
    needs: ['sandbox'],
    async run(kit) {
      const { citizen, nonce, grant } = await grantedConsent(kit);
      const payload = await verifiedClaims(kit, grant.token);
      const claims = ConsentClaims.safeParse(payload);
      check(
        claims.success,
        `claims: ${claims.error?.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      );
      const { aud, nonce: tokenNonce, purpose, iat, exp, cnic_digest } = claims.data;
      check(aud === kit.partner.id, 'aud is not the partner id');
      check(tokenNonce === nonce, "nonce is not the partner's");
      check(purpose === kit.partner.purpose, 'purpose is not the one asked for');
      check(
        exp > iat && exp - iat <= TOKEN_TTL_SECONDS,
        `the token lives ${exp - iat} s (at most ${TOKEN_TTL_SECONDS})`,
      );
      check(cnic_digest === (await cnicDigest(citizen.cnic, nonce)), 'cnic_digest does not bind the CNIC');
      check(
        !grant.token.includes(citizen.cnic) && !JSON.stringify(payload).includes(citizen.cnic),
        'the token carries the CNIC',
      );
    },
  },
  {
    group: 'token',
    name: 'a token is single use: the same code again is 409 request_closed, and the request reads granted',
    needs: ['sandbox'],
    async run(kit) {
      const { request, code } = await grantedConsent(kit);
      expectError(await verify(kit, request.id, code), 'request_closed');
      expectError(await kit.http.post(paths.resend(request.id), {}), 'request_closed');
      const view = expectOk(
        await kit.http.get(paths.consentRequest(request.id)),
        200,
        ConsentRequestView,
        'GET the request',
      );
      check(view.status === 'granted', `the request reads ${view.status}`);
    },
  },
  {
    group: 'token',
    name: "the partner's backend sees the consent active, then revoked once the citizen takes it back",
    needs: ['sandbox', 'secretKey'],
    async run(kit) {
      const { citizen, grant } = await grantedConsent(kit);
      const jti = (await verifiedClaims(kit, grant.token)).jti!;
      const status = () => kit.http.get(paths.consentStatus(jti), { secretKey: kit.partner.secretKey! });
      check(
        expectOk(await status(), 200, ConsentStatusView, 'status').status === 'active',
        'not active after the grant',
      );
      await kit.sandbox!.revoke(citizen.id, jti);
      const revoked = expectOk(await status(), 200, ConsentStatusView, 'status after revocation');
      check(revoked.status === 'revoked' && revoked.revokedAt !== null, `reads ${revoked.status} after revocation`);
    },
  },

  {
    group: 'token',
    name: 'sub is pairwise: one citizen has one sub with this partner and another with a second partner',
    needs: ['sandbox'],
    async run(kit) {
      const other = kit.sandbox!.partners.find((partner) => partner.publishableKey !== kit.partner.key);
      if (!other?.purposes[0]) throw new Skip('needs a second sandbox partner with a purpose');
      const citizen = await kit.citizen();
      const subOf = async (as?: { http: ServiceHttp; purpose: string }) =>
        decodeJwt((await grantedConsent(kit, citizen, as)).grant.token).sub;
      const [first, again] = [await subOf(), await subOf()];
      const elsewhere = await subOf({
        http: new ServiceHttp(kit.http.baseUrl, other.publishableKey),
        purpose: other.purposes[0],
      });
      check(first === again, 'the same citizen has two subs with one partner');
      check(elsewhere !== first, 'two partners see the same sub for one citizen (they could link their records)');
    },
  },

  // --- privacy ----------------------------------------------------------------------------------
  {
    group: 'privacy',
    name: 'nothing is learned before consent: the same answer for an unknown and a registered CNIC',
    async run(kit) {
      const cases: [string, string][] = [['registered, with a mobile', await registeredCnic(kit)]];
      if (kit.sandbox) {
        cases.push(['registered, no mobile', (await kit.citizen({ mobile: false })).cnic]);
        cases.push(['expired card', (await kit.citizen({ cardStatus: 'expired' })).cnic]);
        cases.push(['cancelled card', (await kit.citizen({ cardStatus: 'cancelled' })).cnic]);
      }
      cases.push(['unknown', randomCnic()]);
      // A --cnic may carry wrong codes from earlier runs, which rightly lower its attemptsLeft.
      const ignored = kit.sandbox ? [] : ['attemptsLeft'];
      const answers: [string, Answer][] = [];
      for (const [label, cnic] of cases) answers.push([label, await create(kit, cnic)]);
      const [firstLabel, first] = answers[0]!;
      for (const [label, answer] of answers.slice(1))
        check(
          outline(answer, ignored) === outline(first, ignored),
          `a create for a CNIC that is ${label} answers ${describeAnswer(answer)}, for one ${firstLabel} ${describeAnswer(first)}` +
            (answer.status === first.status ? ' (same status, different fields or headers)' : ''),
        );
      const ids = answers.map(([, answer]) => (answer.body as { id?: string } | null)?.id);
      check(
        ids.every((id) => typeof id === 'string'),
        'not every create answered a request',
      );
      const wrong = [];
      for (const id of ids) wrong.push(outline(await verify(kit, id, '000000'), ignored));
      check(new Set(wrong).size === 1, 'a wrong code answers differently for some of these CNICs');
      check(
        answers.every(([, answer]) => !ServiceErrorResponse.safeParse(answer.body).success),
        'a create answered an error',
      );
    },
  },
];
