/**
 * Fuzzing every API body and header (issue 7), property-based with fast-check, against the real
 * handlers in-process. For every input: no 5xx, an error is `{ error: { code, message } }` with a
 * documented code and its documented status, nothing malformed is ever accepted, and a rejected
 * request changes nothing anyone can observe (audit log, SMS inboxes, consents). The only
 * rejections that do change state are wrong passcodes: each is audited on purpose (brute-force trail),
 * and the one that locks a request also sends the citizen an alert.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { z } from 'zod';
import { SERVICE_ERRORS, type ServiceErrorCode } from '../../../src/contract/errors.js';
import {
  ConsentContext,
  ConsentRequestView,
  CreateConsentRequestBody,
  Grant,
  VerifyBody,
} from '../../../src/contract/schemas.js';
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER, paths } from '../../../src/contract/api.js';
import { RegisteredWebhookEndpoint, RegisterWebhookBody } from '../../../src/contract/webhooks.js';
import { startInProcessService, watchUnhandledRejections, type InProcessService } from './support/in-process.js';
import { observableState, type ObservableState } from './support/observable-state.js';
import { AYESHA, BANK, newNonce, type Answer } from './support/service-client.js';
import { anyJson, headerValue, junkCnic, nearValid, rawBytes, typedCnic } from './support/arbitraries.js';

const LIMITS = {
  partnerRequestsPerMinute: 10_000_000,
  partnerCeilingPerMinute: 100_000_000,
  wrongCodesPerClientPerHour: 10_000_000,
  smsPerCnicPerHour: 1_000_000,
  backoffBaseSeconds: 0,
  maxAttempts: 100,
};
/** Runs per endpoint; × 16 endpoints. Sized so the file runs in about half a minute on 2 cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; value: Uint8Array } | { kind: 'none' };
interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Body;
}

let service: InProcessService;
let pendingId = '';
let state: ObservableState;
let fuzzed = 0;
/** Per endpoint: how many inputs were accepted and which codes refused the others (for docs/reliability.md). */
const stats = new Map<string, { accepted: number; codes: Map<string, number> }>();
const rejections = watchUnhandledRejections();

before(async () => {
  service = await startInProcessService(LIMITS);
  const created = await service.client.create({ cnic: AYESHA.cnic });
  assert.equal(created.status, 201);
  pendingId = created.body.id;
  state = await observableState(service.client);
});
after(async () => {
  await service.close();
  rejections.stop();
  assert.deepEqual(rejections.reasons, [], 'no unhandled promise rejection');
});

// --- how each input is built ------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'host',
  'te',
  'trailer',
]);
const extraHeader = fc
  .tuple(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,20}$/), headerValue)
  .filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));

/**
 * Headers around a request. Mostly the valid set with ONE header missing or junk (so the input gets
 * past the other checks and reaches the one under test), sometimes all of them at random.
 */
const headers = (opts: { json: boolean; idempotency?: boolean; secret?: boolean }) => {
  const valid: Record<string, string> = {};
  if (!opts.secret) valid[PARTNER_KEY_HEADER] = BANK.key;
  if (opts.json) valid['content-type'] = 'application/json';
  if (opts.secret) valid.authorization = `Bearer ${BANK.secret}`;
  const names = [
    PARTNER_KEY_HEADER,
    'content-type',
    'origin',
    'authorization',
    ...(opts.idempotency ? [IDEMPOTENCY_KEY_HEADER] : []),
  ];
  const oneChanged = fc.tuple(fc.constantFrom(...names), fc.option(headerValue, { freq: 4 })).map(([name, value]) => {
    const out = { ...valid };
    if (value === null) delete out[name];
    else out[name] = value;
    return out;
  });
  const allRandom = fc.dictionary(fc.constantFrom(...names), headerValue, { maxKeys: names.length });
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(valid) },
        { weight: 3, arbitrary: oneChanged },
        { weight: 1, arbitrary: allRandom },
      ),
      fc.option(extraHeader, { freq: 3 }),
      opts.idempotency ? fc.option(fc.stringMatching(/^[!-~]{1,40}$/), { freq: 2 }) : fc.constant(null),
    )
    .map(([h, extra, key]) => ({
      ...(extra ? { [extra[0]]: extra[1] } : {}),
      ...(key !== null ? { [IDEMPOTENCY_KEY_HEADER]: key } : {}),
      ...h,
    }));
};

const jsonBody = (valid: Record<string, unknown>, more: fc.Arbitrary<unknown>[] = []): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<Body>({ kind: 'json', value: valid }) },
    {
      weight: 4,
      arbitrary: fc.oneof(nearValid(valid), anyJson, ...more).map((value): Body => ({ kind: 'json', value })),
    },
    { weight: 1, arbitrary: rawBytes.map((value): Body => ({ kind: 'raw', value })) },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );

const requestId = fc.oneof(
  fc.constant('__pending__'),
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^req_[A-Za-z0-9_-]{10,64}$/),
  fc.constantFrom('..', '%2e%2e', 'req_%00', ' '),
);

const createBodies = [
  typedCnic.map(({ text }) => ({ purpose: 'account-opening', nonce: newNonce(), cnic: text })),
  junkCnic.map((cnic) => ({ purpose: 'account-opening', nonce: newNonce(), cnic })),
  fc.string({ maxLength: 300 }).map((nonce) => ({ purpose: 'account-opening', nonce, cnic: AYESHA.cnic })),
  fc.string({ maxLength: 80 }).map((purpose) => ({ purpose, nonce: newNonce(), cnic: AYESHA.cnic })),
  fc
    .string({ maxLength: 8 })
    .map((locale) => ({ purpose: 'account-opening', nonce: newNonce(), cnic: AYESHA.cnic, locale })),
];

interface Endpoint {
  name: string;
  cases: fc.Arbitrary<Case>;
  /** What a 2xx must look like, and whether the input was acceptable at all. */
  success?: { schema: z.ZodType; accepts(c: Case): boolean };
}

const isJsonType = (c: Case) =>
  (c.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
const jsonValue = (c: Case) => (c.body.kind === 'json' ? c.body.value : undefined);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /v1/context',
    cases: fc
      .tuple(fc.oneof(fc.constant('account-opening'), fc.string({ maxLength: 80 })), headers({ json: false }))
      .map(([purpose, h]) => ({
        method: 'GET',
        path: `${paths.context}?purpose=${encodeURIComponent(purpose)}`,
        headers: h,
        body: { kind: 'none' },
      })),
    success: { schema: ConsentContext, accepts: (c) => c.headers[PARTNER_KEY_HEADER]?.trim() === BANK.key },
  },
  {
    name: 'POST /v1/consent-requests',
    cases: fc
      .tuple(
        jsonBody({ purpose: 'account-opening', nonce: 'n'.repeat(22), cnic: AYESHA.cnic, locale: 'en' }, createBodies),
        headers({ json: true, idempotency: true }),
      )
      .map(([body, h]) => ({ method: 'POST', path: paths.consentRequests, headers: h, body })),
    success: {
      schema: ConsentRequestView,
      accepts: (c) => isJsonType(c) && CreateConsentRequestBody.safeParse(jsonValue(c)).success,
    },
  },
  ...(['resend', 'cancel'] as const).map((op): Endpoint => ({
    name: `POST /v1/consent-requests/:id/${op}`,
    cases: fc.tuple(requestId, jsonBody({}), headers({ json: true })).map(([id, body, h]) => ({
      method: 'POST',
      path: `/v1/consent-requests/${encodeURIComponent(id)}/${op}`,
      headers: h,
      body,
    })),
    success: { schema: ConsentRequestView, accepts: (c) => c.path.includes(pendingId) },
  })),
  {
    name: 'POST /v1/consent-requests/:id/verify',
    cases: fc
      .tuple(
        requestId,
        jsonBody({ code: '123456' }, [fc.string({ maxLength: 10 }).map((code) => ({ code }))]),
        headers({ json: true, idempotency: true }),
      )
      .map(([id, body, h]) => ({ method: 'POST', path: paths.verify(id), headers: h, body })),
    success: { schema: Grant, accepts: (c) => isJsonType(c) && VerifyBody.safeParse(jsonValue(c)).success },
  },
  {
    name: 'GET /v1/consent-requests/:id',
    cases: fc
      .tuple(requestId, headers({ json: false }))
      .map(([id, h]) => ({ method: 'GET', path: paths.consentRequest(id), headers: h, body: { kind: 'none' } })),
    success: { schema: ConsentRequestView, accepts: (c) => c.path.endsWith(pendingId) },
  },
  {
    name: 'GET /v1/consents/:jti',
    cases: fc
      .tuple(fc.string({ maxLength: 40 }), headers({ json: false, secret: true }))
      .map(([jti, h]) => ({ method: 'GET', path: paths.consentStatus(jti), headers: h, body: { kind: 'none' } })),
  },
  {
    name: 'any method, any path',
    cases: fc
      .tuple(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.oneof(
          fc.constantFrom(
            '/v1',
            '/v1/',
            '/v1/consent-requests/',
            '/__sim',
            '/__sim/',
            '/.well-known/jwks.json',
            '/v1/consents',
          ),
          fc.webPath().map((p) => `/v1${p}`),
          fc.webPath().map((p) => `/__sim${p}`),
          // Not valid percent-encoding: the router used to throw on these (a 500 with a stack).
          fc.constantFrom(
            '/v1/%zz',
            '/v1/context%',
            '/v1/consent-requests/%E0%A4%A/verify',
            '/__sim/sims/%zz/messages',
            '/__sim/citizens/%C0%AF/consents',
          ),
        ),
        jsonBody({}),
        headers({ json: true }),
      )
      .map(([method, path, body, h]) => ({
        method,
        path,
        headers: h,
        body: method === 'GET' ? { kind: 'none' } : body,
      })),
  },
  {
    name: 'POST /__sim/identities',
    cases: fc
      .tuple(
        jsonBody({ cnic: '3520299999999', name: 'Test', cardStatus: 'active', mobile: '03009999999' }, [
          typedCnic.map(({ text }) => ({ cnic: text, name: 'x', cardStatus: 'active', mobile: null })),
        ]),
        headers({ json: true }),
      )
      .map(([body, h]) => ({ method: 'POST', path: '/__sim/identities', headers: h, body })),
  },
  {
    name: 'POST /__sim/sims/:id/send',
    cases: fc
      .tuple(
        fc.oneof(fc.constant(AYESHA.simId), fc.string({ maxLength: 20 })),
        jsonBody({ to: '9000', body: '3520211111111' }),
        headers({ json: true }),
      )
      .map(([sim, body, h]) => ({
        method: 'POST',
        path: `/__sim/sims/${encodeURIComponent(sim)}/send`,
        headers: h,
        body,
      })),
  },
  {
    name: 'POST /__sim/audit/tamper',
    // Only malformed bodies: a well-formed tamper is meant to change the log.
    cases: fc
      .tuple(
        fc
          .oneof(anyJson, nearValid({ seq: 1, detail: {} }))
          .filter(
            (v) =>
              !(
                v &&
                typeof v === 'object' &&
                !Array.isArray(v) &&
                Object.keys(v).sort().join() === 'detail,seq' &&
                Number.isInteger((v as { seq: unknown }).seq) &&
                (v as { seq: number }).seq >= 1
              ),
          ),
        headers({ json: true }),
      )
      .map(([value, h]) => ({
        method: 'POST',
        path: '/__sim/audit/tamper',
        headers: h,
        body: { kind: 'json', value },
      })),
  },
  ...(['/__sim/faults', '/__sim/limits'] as const).map((path): Endpoint => ({
    name: `PUT ${path}`,
    cases: fc
      .tuple(jsonBody({ latencyMs: 0, maxAttempts: 5 }), headers({ json: true }))
      .map(([body, h]) => ({ method: 'PUT', path, headers: h, body })),
  })),
  {
    name: 'POST /__sim/partners/:id/webhooks',
    cases: fc
      .tuple(
        fc.oneof(fc.constant(BANK.id), fc.string({ maxLength: 20 })),
        jsonBody({ url: 'http://127.0.0.1:9/hook' }, [
          fc.oneof(fc.webUrl(), fc.string({ maxLength: 60 })).map((url) => ({ url })),
        ]),
        headers({ json: true }),
      )
      .map(([partner, body, h]) => ({
        method: 'POST',
        path: `/__sim/partners/${encodeURIComponent(partner)}/webhooks`,
        headers: h,
        body,
      })),
    success: {
      schema: RegisteredWebhookEndpoint,
      accepts: (c) =>
        isJsonType(c) &&
        RegisterWebhookBody.safeParse(jsonValue(c)).success &&
        c.path === `/__sim/partners/${BANK.id}/webhooks`,
    },
  },
  {
    name: 'DELETE /__sim/partners/:id/webhooks/:endpointId',
    cases: fc
      .tuple(
        fc.oneof(fc.constant(BANK.id), fc.string({ maxLength: 20 })),
        fc.oneof(fc.stringMatching(/^whe_[A-Za-z0-9_-]{16}$/), fc.string({ maxLength: 30 })),
        headers({ json: false }),
      )
      .map(([partner, endpoint, h]) => ({
        method: 'DELETE',
        path: `/__sim/partners/${encodeURIComponent(partner)}/webhooks/${encodeURIComponent(endpoint)}`,
        headers: h,
        body: { kind: 'none' },
      })),
  },
  {
    name: 'POST /__sim/clock',
    cases: fc
      .tuple(jsonBody({ advanceSeconds: 1 }), headers({ json: true }))
      .map(([body, h]) => ({ method: 'POST', path: '/__sim/clock', headers: h, body })),
  },
];

// --- the property ------------------------------------------------------------------------------

async function send(c: Case): Promise<Answer> {
  const path = c.path.replace('__pending__', pendingId);
  const init = { headers: c.headers, partnerKey: null };
  if (c.body.kind === 'json')
    return service.client.call(c.method, path, { ...init, rawBody: JSON.stringify(c.body.value) });
  if (c.body.kind === 'raw')
    return service.client.call(c.method, path, { ...init, rawBody: c.body.value as Uint8Array<ArrayBuffer> });
  return service.client.call(c.method, path, init);
}

/** Rejections that are recorded on purpose: a wrong passcode is a try, audited and counted. */
const AUDITED_REJECTIONS = new Set<ServiceErrorCode>(['wrong_code', 'request_locked']);

async function checkOne(endpoint: Endpoint, c: Case): Promise<void> {
  fuzzed += 1;
  const answer = await send(c);
  const tally = stats.get(endpoint.name) ?? { accepted: 0, codes: new Map<string, number>() };
  stats.set(endpoint.name, tally);
  if (answer.status < 400) tally.accepted += 1;
  else tally.codes.set(String(answer.body?.error?.code), (tally.codes.get(String(answer.body?.error?.code)) ?? 0) + 1);
  const resolved = { ...c, path: c.path.replace('__pending__', pendingId) };
  assert.ok(answer.status < 500, `${endpoint.name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const after = await observableState(service.client);
  if (answer.status >= 400) {
    const code = answer.body?.error?.code as ServiceErrorCode;
    assert.ok(code in SERVICE_ERRORS, `undocumented error ${JSON.stringify(answer.body)}`);
    assert.equal(answer.status, SERVICE_ERRORS[code][0], `${code} comes with its documented status`);
    assert.equal(typeof answer.body.error.message, 'string');
    if (AUDITED_REJECTIONS.has(code)) {
      // The lock itself tells the citizen by SMS (one alert, no code); nothing else is sent or granted.
      const alerts = code === 'request_locked' ? 1 : 0;
      const inboxes = Object.fromEntries(
        Object.entries(after.inboxes).map(([sim, ids]) => [sim, ids.slice(0, state.inboxes[sim]?.length ?? 0)]),
      );
      const added = Object.entries(after.inboxes).reduce(
        (n, [sim, ids]) => n + ids.length - (state.inboxes[sim]?.length ?? 0),
        0,
      );
      assert.ok(added <= alerts, `${code} sent ${added} SMS`);
      assert.deepEqual(
        { ...after, inboxes, auditEntries: 0, auditHead: null },
        { ...state, auditEntries: 0, auditHead: null },
        `${code} sends and grants nothing`,
      );
    } else {
      assert.deepEqual(after, state, `${endpoint.name} rejected with ${code} yet changed the observable state`);
    }
  } else if (endpoint.success) {
    assert.ok(
      endpoint.success.accepts(resolved),
      `${endpoint.name} accepted an input the contract refuses: ${JSON.stringify(c)}`,
    );
    assert.ok(endpoint.success.schema.safeParse(answer.body).success, `${endpoint.name} answered outside the contract`);
  }
  assert.ok(after.chainOk, 'the audit chain still verifies');
  state = after;
  if (answer.status < 300 && c.method === 'PUT') {
    // A well-formed fault or limit change is accepted on purpose; undo it for the next input.
    await service.client.setFaults({ latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0 });
    await service.client.setLimits(LIMITS);
  }
  if (answer.status < 300 && /\/(verify|cancel)$/.test(resolved.path) && resolved.path.includes(pendingId)) {
    // The shared pending request was closed: open another for the next inputs.
    pendingId = (await service.client.create({ cnic: AYESHA.cnic })).body.id;
    state = await observableState(service.client);
  }
}

describe('fuzzing every endpoint', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.name}: no 5xx, documented errors, nothing malformed accepted, rejections change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(endpoint.cases, (c) => checkOne(endpoint, c)),
        // A failure's shrinking re-runs the service: bound it, and count running out of time as a failure.
        { numRuns: RUNS, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true },
      );
    });
  }

  it('reports the count', (t) => {
    t.diagnostic(`figures: ${fuzzed} requests fuzzed over ${ENDPOINTS.length} endpoints`);
    for (const [name, tally] of stats) {
      const codes = [...tally.codes]
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(', ');
      t.diagnostic(`${name}: ${tally.accepted} accepted; refused: ${codes}`);
    }
    assert.ok(fuzzed >= RUNS * ENDPOINTS.length);
  });
});
