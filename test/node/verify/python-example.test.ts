/**
 * The Python example in docs/integration.md ("In Python, with PyJWT") is a working verifier: this
 * test takes the block from the doc as written, runs it with the system's Python and PyJWT (Debian's
 * python3-jwt, which .ci/run installs) against every test token from the HTTP simulator, and
 * requires each kind's documented code.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { TEST_TOKEN_KINDS, TestTokenKind } from '../../../src/contract/test-tokens.js';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { newNonce } from './support/token-issuer.js';

const DOC = new URL('../../../docs/integration.md', import.meta.url);
const PARTNER = { partnerId: 'prt_sandbox_bank', purpose: 'account-opening', cnic: '4210122222222' };

/** The first ```python block after the example's heading, exactly as a reader copies it. */
function pythonExample(): string {
  const doc = readFileSync(DOC, 'utf8');
  const section = doc.slice(doc.indexOf('#### In Python, with PyJWT'));
  const block = /```python\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'docs/integration.md has the Python example');
  return block[1]!;
}

/** Reads the cases as JSON on stdin and prints, per case, the outcome of each verification. */
const DRIVER = `
import json, sys
cases = json.load(sys.stdin)
client = jwt.PyJWKClient(cases["jwksUrl"])
outcomes = []
for case in cases["tokens"]:
    seen = set()
    def remember(jti, until, seen=seen):
        if jti in seen:
            return False
        seen.add(jti)
        return True
    results = []
    for _ in range(case["verifications"]):
        try:
            verify_consent_token(case["token"], jwks=client, issuer=cases["issuer"], audience=case["audience"],
                                 nonce=case["nonce"], purpose=case["purpose"], cnic13=case["cnic"], remember=remember)
            results.append(None)
        except ConsentTokenError as error:
            results.append(error.code)
    outcomes.append(results)
print(json.dumps(outcomes))
`;

/** A Python 3 that has PyJWT and cryptography: Debian's first (pyenv shims may lack them). */
function pythonWithJwt(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import jwt, cryptography'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  assert.fail('No Python 3 with PyJWT: apt-get install python3-jwt python3-cryptography (.ci/run installs them).');
}

/** Runs the script without blocking this process: the simulator it fetches the JWKS from lives here. */
function runPython(script: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonWithJwt(), ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`python exited ${code}:\n${stderr}`)),
    );
    child.stdin.end(input);
  });
}

let sim: SimulatorServer;
before(async () => {
  sim = await startSimulatorServer({ port: 0 });
});
after(() => sim.close());

describe('the Python example in docs/integration.md', () => {
  it('refuses every test token with its documented code, and accepts the valid one once', async () => {
    const tokens = [];
    for (const kind of TestTokenKind.options) {
      const nonce = newNonce();
      const response = await fetch(`${sim.url}/__sim/test-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, nonce, ...PARTNER }),
      });
      const answer = await response.json();
      assert.equal(response.status, 200, kind);
      tokens.push({ ...answer, nonce, audience: PARTNER.partnerId, purpose: PARTNER.purpose, cnic: PARTNER.cnic });
    }
    const input = JSON.stringify({ jwksUrl: `${sim.url}/.well-known/jwks.json`, issuer: SANDBOX_ISSUER, tokens });
    const outcomes: (string | null)[][] = JSON.parse(await runPython(`${pythonExample()}\n${DRIVER}`, input));
    TestTokenKind.options.forEach((kind, index) => {
      const { expectedError, verifications } = TEST_TOKEN_KINDS[kind];
      const expected = [...Array<null>(verifications - 1).fill(null), expectedError];
      assert.deepEqual(outcomes[index], expected, kind);
    });
  });
});
