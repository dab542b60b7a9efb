/**
 * The example partner backend end to end, against the HTTP simulator: the form carries a fresh
 * server-side nonce, a citizen consents through the service as the widget does, the browser posts the
 * form, and the backend shows the verified consent; replayed, forged and cross-session tokens are
 * refused with their codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { startPartnerServer, type PartnerServer } from '../../../demo/partner-server/server.js';
import { AYESHA, consentToken } from '../verify/support/simulator-consent.js';
import { b64url, createTestIssuer, sign, validClaims } from '../verify/support/token-issuer.js';

let sim: SimulatorServer;
let partner: PartnerServer;

before(async () => {
  sim = await startSimulatorServer({ port: 0 });
  partner = await startPartnerServer({ serviceUrl: sim.url, port: 0 });
});
after(async () => {
  await partner.close();
  await sim.close();
});

/** A browser opening the form: its session cookie, the nonce on the tag, and the page. */
async function openForm(cookie?: string) {
  const response = await fetch(`${partner.url}/`, cookie ? { headers: { cookie } } : {});
  assert.equal(response.status, 200);
  const page = await response.text();
  const setCookie = response.headers.get('set-cookie') ?? '';
  const tag = /<ijazat-consent\b[^>]*>/.exec(page)?.[0] ?? '';
  const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return {
    page,
    tag,
    cookie: setCookie.split(';')[0]!,
    nonce: attribute('nonce')!,
    attribute,
    headers: response.headers,
  };
}

async function submit(cookie: string | null, fields: Record<string, string>) {
  const response = await fetch(`${partner.url}/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
  });
  const page = await response.text();
  return {
    status: response.status,
    page,
    code: /data-code="([^"]+)"/.exec(page)?.[1] ?? null,
    verified: page.includes('data-result="verified"'),
  };
}

describe('the example partner backend', () => {
  it('serves a plain form with the tag, a fresh 256-bit nonce per form, and a CSP allowing the service', async () => {
    const form = await openForm();
    assert.match(form.page, /<form method="post" action="\/accounts">/);
    assert.equal(form.attribute('partner-key'), 'pk_test_sandbox_bank');
    assert.equal(form.attribute('purpose'), 'account-opening');
    assert.equal(form.attribute('name'), 'ijazat_token');
    assert.equal(form.attribute('api-base'), sim.url);
    assert.match(form.nonce, /^[A-Za-z0-9_-]{43}$/);
    assert.match(form.cookie, /^partner_sid=[A-Za-z0-9_-]{43}$/);
    assert.match(form.headers.get('set-cookie')!, /HttpOnly/);
    assert.match(form.headers.get('content-security-policy')!, new RegExp(`connect-src 'self' ${sim.url};`));
    const again = await openForm(form.cookie);
    assert.notEqual(again.nonce, form.nonce, 'each form gets its own nonce');
    assert.equal(again.cookie, form.cookie, 'in the same session');
  });

  it('serves the widget script the page loads', async () => {
    const response = await fetch(`${partner.url}/assets/ijazat-consent.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /javascript/);
    const script = await response.text();
    assert.ok(script.includes('ijazat-consent'), 'the bundle defines the tag');
  });

  it('verifies the consent a citizen gave through the service, and refuses the same token again', async () => {
    const form = await openForm();
    const token = await consentToken(sim.url, { nonce: form.nonce, origin: partner.url });
    const result = await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: token });
    assert.equal(result.status, 200);
    assert.ok(result.verified, result.page);
    assert.match(result.page, /data-item="cnic_status">active</);
    assert.match(result.page, /data-item="full_name">Ayesha Raza</);
    assert.ok(
      !result.page.includes(token) && !result.page.includes(AYESHA.digits),
      'neither the token nor the CNIC is echoed',
    );

    const replayed = await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: token });
    assert.equal(replayed.status, 403);
    assert.equal(replayed.code, 'token_replayed');
  });

  it("refuses a token made for another session's nonce, or with another CNIC in the form", async () => {
    const victim = await openForm();
    const attacker = await openForm();
    const token = await consentToken(sim.url, { nonce: victim.nonce, origin: partner.url });
    const stolen = await submit(attacker.cookie, { cnic: AYESHA.cnic, ijazat_token: token });
    assert.equal(stolen.status, 403);
    assert.equal(stolen.code, 'token_nonce_mismatch');
    const otherCnic = await submit(victim.cookie, { cnic: '42101-2222222-2', ijazat_token: token });
    assert.equal(otherCnic.code, 'token_cnic_mismatch');
    // Refusals do not use the token up: the right session with the right CNIC still goes through.
    assert.ok((await submit(victim.cookie, { cnic: AYESHA.cnic, ijazat_token: token })).verified);
  });

  it('refuses forged tokens: alg none, and a key the service does not have', async () => {
    const form = await openForm();
    const claims = await validClaims(form.nonce);
    const jwks = await (await fetch(`${sim.url}/.well-known/jwks.json`)).json();
    const kid = jwks.keys[0].kid;
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'consent+jwt', kid }))}.${b64url(JSON.stringify(claims))}.`;
    assert.equal((await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: none })).code, 'token_alg_not_allowed');
    const forger = await createTestIssuer(kid);
    const forged = await sign(forger, claims);
    assert.equal(
      (await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: forged })).code,
      'token_signature_invalid',
    );
    assert.equal(
      (await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: 'not-a-token' })).code,
      'token_malformed',
    );
  });

  it('refuses a post with no session, no token, or the wrong encoding, without a server error', async () => {
    const form = await openForm();
    assert.equal((await submit(null, { ijazat_token: 'x' })).code, 'session_missing');
    assert.equal((await submit('partner_sid=forged', { ijazat_token: 'x' })).code, 'session_missing');
    assert.equal((await submit(form.cookie, { cnic: AYESHA.cnic })).code, 'token_missing');
    const json = await fetch(`${partner.url}/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: form.cookie },
      body: '{}',
    });
    assert.equal(json.status, 415);
    const huge = await submit(form.cookie, { cnic: AYESHA.cnic, ijazat_token: 'a'.repeat(20_000) });
    assert.equal(huge.status, 413);
  });
});
