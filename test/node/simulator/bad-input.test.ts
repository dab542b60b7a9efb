import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SERVICE_ERRORS } from '../../../src/contract/errors.js';
import {
  AYESHA,
  BANK_PK,
  BANK_SK,
  call,
  createRequest,
  NONCE,
  startSandbox,
  type Sandbox,
  storedState,
} from './sandbox.js';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const MARKER = 'MARKER-VALUE-5e3b';
const create = (body: unknown) => ({ method: 'POST', path: '/v1/consent-requests', body });
const good = { purpose: 'account-opening', nonce: NONCE, cnic: AYESHA };

interface Case {
  name: string;
  method: string;
  path: string | ((ids: Ids) => string);
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  key?: string | null;
  code: keyof typeof SERVICE_ERRORS;
}
interface Ids {
  requestId: string;
  telecomRequestId: string;
}

const cases: Case[] = [
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/v1/consent-requests',
    raw: '{"purpose":',
    headers: JSON_TYPE,
    code: 'invalid_json',
  },
  {
    name: 'body that is not UTF-8',
    method: 'POST',
    path: '/v1/consent-requests',
    raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    headers: JSON_TYPE,
    code: 'invalid_json',
  },
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/v1/consent-requests',
    raw: JSON.stringify(good),
    headers: { 'Content-Type': 'text/plain' },
    code: 'unsupported_media_type',
  },
  {
    name: 'form body',
    method: 'POST',
    path: '/v1/consent-requests',
    raw: new URLSearchParams(good),
    code: 'unsupported_media_type',
  },
  {
    name: 'oversized body',
    method: 'POST',
    path: '/v1/consent-requests',
    body: { ...good, padding: 'x'.repeat(9000) },
    code: 'body_too_large',
  },
  { name: 'missing fields', ...create({}), code: 'invalid_request' },
  { name: 'an extra field', ...create({ ...good, mobile: MARKER }), code: 'invalid_request' },
  { name: 'a JSON array', ...create([good]), code: 'invalid_request' },
  { name: 'JSON null', ...create(null), code: 'invalid_request' },
  { name: 'nonce of the wrong type', ...create({ ...good, nonce: 12345 }), code: 'invalid_request' },
  { name: 'a short nonce', ...create({ ...good, nonce: 'short' }), code: 'invalid_request' },
  { name: 'an unknown locale', ...create({ ...good, locale: 'fr' }), code: 'invalid_request' },
  { name: 'CNIC with dashes', ...create({ ...good, cnic: '35202-1111111-1' }), code: 'invalid_cnic' },
  { name: 'CNIC as a number', ...create({ ...good, cnic: 3520211111111 }), code: 'invalid_cnic' },
  { name: 'CNIC of 12 digits', ...create({ ...good, cnic: '352021111111' }), code: 'invalid_cnic' },
  { name: 'no partner key', ...create(good), key: null, code: 'missing_partner_key' },
  { name: 'an unknown partner key', ...create(good), key: 'pk_test_nobody', code: 'unknown_partner_key' },
  { name: 'a secret key as partner key', ...create(good), key: BANK_SK, code: 'unknown_partner_key' },
  {
    name: 'a page origin off the allow-list',
    ...create(good),
    headers: { Origin: 'https://evil.example' },
    code: 'origin_not_allowed',
  },
  { name: 'a purpose of another partner', ...create({ ...good, purpose: 'sim-issuance' }), code: 'unknown_purpose' },
  {
    name: 'an unusable Idempotency-Key',
    ...create(good),
    headers: { 'Idempotency-Key': 'x'.repeat(300) },
    code: 'invalid_request',
  },
  {
    name: 'verify: 5 digits',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/verify`,
    body: { code: '12345' },
    code: 'invalid_code',
  },
  {
    name: 'verify: letters',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/verify`,
    body: { code: 'abcdef' },
    code: 'invalid_code',
  },
  {
    name: 'verify: code as a number',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/verify`,
    body: { code: 123456 },
    code: 'invalid_code',
  },
  {
    name: 'verify: an extra field',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/verify`,
    body: { code: '123456', cnic: MARKER },
    code: 'invalid_request',
  },
  {
    name: 'verify: no body',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/verify`,
    headers: JSON_TYPE,
    code: 'invalid_json',
  },
  {
    name: 'verify: an unknown request',
    method: 'POST',
    path: '/v1/consent-requests/req_doesnotexist000/verify',
    body: { code: '123456' },
    code: 'request_not_found',
  },
  {
    name: "verify: another partner's request",
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.telecomRequestId}/verify`,
    body: { code: '123456' },
    code: 'request_not_found',
  },
  {
    name: 'resend: a body with fields',
    method: 'POST',
    path: (ids) => `/v1/consent-requests/${ids.requestId}/resend`,
    body: { force: true },
    code: 'invalid_request',
  },
  {
    name: 'resend: an unknown request',
    method: 'POST',
    path: '/v1/consent-requests/nope/resend',
    body: {},
    code: 'request_not_found',
  },
  {
    name: 'cancel: an unknown request',
    method: 'POST',
    path: '/v1/consent-requests/nope/cancel',
    body: {},
    code: 'request_not_found',
  },
  {
    name: "get: another partner's request",
    method: 'GET',
    path: (ids) => `/v1/consent-requests/${ids.telecomRequestId}`,
    code: 'request_not_found',
  },
  { name: 'context: no purpose', method: 'GET', path: '/v1/context', code: 'invalid_request' },
  {
    name: 'context: an extra parameter',
    method: 'GET',
    path: '/v1/context?purpose=account-opening&debug=1',
    code: 'invalid_request',
  },
  {
    name: 'context: a malformed purpose',
    method: 'GET',
    path: '/v1/context?purpose=Account%20Opening',
    code: 'invalid_request',
  },
  { name: 'context: an unknown purpose', method: 'GET', path: '/v1/context?purpose=loans', code: 'unknown_purpose' },
  {
    name: 'status check: no Authorization',
    method: 'GET',
    path: '/v1/consents/abcdefghijklmnop',
    key: null,
    code: 'invalid_secret_key',
  },
  {
    name: 'status check: a publishable key',
    method: 'GET',
    path: '/v1/consents/abcdefghijklmnop',
    key: null,
    headers: { Authorization: `Bearer ${BANK_PK}` },
    code: 'invalid_secret_key',
  },
  {
    name: 'status check: an unknown consent',
    method: 'GET',
    path: '/v1/consents/abcdefghijklmnop',
    key: null,
    headers: { Authorization: `Bearer ${BANK_SK}` },
    code: 'consent_not_found',
  },
  { name: 'an unknown /v1 path', method: 'GET', path: '/v1/citizens', code: 'not_found' },
  {
    name: 'a path that is not valid percent-encoding',
    method: 'GET',
    path: '/v1/consent-requests/%zz',
    code: 'not_found',
  },
  { name: 'an unknown /__sim path', method: 'GET', path: '/__sim/passcodes', code: 'not_found' },
  {
    name: 'DELETE on /v1/context',
    method: 'DELETE',
    path: '/v1/context?purpose=account-opening',
    code: 'method_not_allowed',
  },
  {
    name: 'PUT on /v1/consent-requests',
    method: 'PUT',
    path: '/v1/consent-requests',
    body: good,
    code: 'method_not_allowed',
  },
  { name: 'GET on /__sim/reset', method: 'GET', path: '/__sim/reset', code: 'method_not_allowed' },
  { name: 'POST on the JWKS', method: 'POST', path: '/.well-known/jwks.json', body: {}, code: 'method_not_allowed' },
  { name: 'inbox of an unknown SIM', method: 'GET', path: '/__sim/sims/sim_nobody/messages', code: 'sim_not_found' },
  {
    name: 'send from an unknown SIM',
    method: 'POST',
    path: '/__sim/sims/sim_nobody/send',
    body: { to: '9000', body: AYESHA },
    code: 'sim_not_found',
  },
  {
    name: 'send without a recipient',
    method: 'POST',
    path: '/__sim/sims/sim_chand/send',
    body: { body: '6110133333333' },
    code: 'invalid_request',
  },
  {
    name: 'consents of an unknown citizen',
    method: 'GET',
    path: '/__sim/citizens/cit_nobody/consents',
    code: 'citizen_not_found',
  },
  {
    name: 'revoke an unknown consent',
    method: 'POST',
    path: '/__sim/citizens/cit_ayesha/consents/nope/revoke',
    body: {},
    code: 'consent_not_found',
  },
  {
    name: 'tamper with an unknown entry',
    method: 'POST',
    path: '/__sim/audit/tamper',
    body: { seq: 9999, detail: {} },
    code: 'audit_entry_not_found',
  },
  {
    name: 'turn the clock back',
    method: 'POST',
    path: '/__sim/clock',
    body: { advanceSeconds: -60 },
    code: 'invalid_request',
  },
  {
    name: 'a failure rate above 1',
    method: 'PUT',
    path: '/__sim/faults',
    body: { failureRate: 2 },
    code: 'invalid_request',
  },
  {
    name: 'a limit of the wrong type',
    method: 'PUT',
    path: '/__sim/limits',
    body: { maxAttempts: 'five' },
    code: 'invalid_request',
  },
  { name: 'an unknown limit', method: 'PUT', path: '/__sim/limits', body: { maxCoffee: 1 }, code: 'invalid_request' },
  {
    name: 'a citizen that exists',
    method: 'POST',
    path: '/__sim/identities',
    body: { cnic: '35202-1111111-1', name: 'Copy', cardStatus: 'active', mobile: null },
    code: 'citizen_exists',
  },
  {
    name: 'a citizen on a taken mobile',
    method: 'POST',
    path: '/__sim/identities',
    body: { cnic: '9999988888887', name: 'New', cardStatus: 'active', mobile: '03001111111' },
    code: 'mobile_in_use',
  },
  {
    name: 'a citizen with a bad CNIC',
    method: 'POST',
    path: '/__sim/identities',
    body: { cnic: '123', name: 'New', cardStatus: 'active', mobile: null },
    code: 'invalid_request',
  },
];

describe('simulator: bad input answers a documented 4xx and changes nothing', () => {
  let sandbox: Sandbox;
  let ids: Ids;
  before(async () => {
    sandbox = await startSandbox();
    ids = {
      requestId: (await createRequest()).body.id,
      telecomRequestId: (
        await call('POST', '/v1/consent-requests', {
          key: 'pk_test_sandbox_telecom',
          body: { purpose: 'sim-issuance', nonce: NONCE, cnic: '4210122222222' },
        })
      ).body.id,
    };
  });
  after(() => sandbox.close());

  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const before = await storedState(sandbox.simulator);
      const path = typeof c.path === 'function' ? c.path(ids) : c.path;
      const reply = await call(c.method, path, {
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.raw !== undefined ? { raw: c.raw } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
        ...(c.key !== undefined ? { key: c.key } : {}),
      });
      assert.equal(reply.body?.error?.code, c.code, JSON.stringify(reply.body));
      assert.equal(reply.status, SERVICE_ERRORS[c.code][0]);
      assert.ok(reply.status >= 400 && reply.status < 500);
      assert.equal(reply.body.error.message, SERVICE_ERRORS[c.code][1]);
      assert.ok(!JSON.stringify(reply.body).includes(MARKER), 'the error echoes a value sent');
      assert.ok(!/\bat .+:\d+:\d+/.test(JSON.stringify(reply.body)), 'no stack trace');
      if (reply.body.error.code === 'invalid_request') {
        assert.ok(reply.body.error.issues.length > 0);
        for (const issue of reply.body.error.issues) assert.deepEqual(Object.keys(issue).sort(), ['message', 'path']);
      }
      assert.equal(await storedState(sandbox.simulator), before, 'stored state changed');
    });
  }
});
