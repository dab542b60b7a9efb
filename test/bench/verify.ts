/**
 * The verify helper's throughput beside raw jose.jwtVerify, in the same process and run, over the
 * same tokens and the same kind of key set (a local JWKS object). Rounds alternate which goes first,
 * so warm-up and drift fall on both; the figures are medians of the per-round rates. Rates are per
 * CPU-second of this process (all threads: WebCrypto verifies on libuv's pool), so other processes
 * competing for the machine do not tilt the ratio; wall-clock rates are kept beside them.
 */
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { toLowS } from '../../src/contract/es256-signature.js';
import { verifyConsentToken } from '../../src/verify/index.js';
import { summarize, type Summary } from './stats.js';

const ISSUER = 'urn:ijazat:sandbox';
const AUDIENCE = 'prt_sandbox_bank';
const PURPOSE = 'account-opening';

export interface VerifyResult {
  tokens: number;
  rounds: number;
  /** Tokens per CPU-second. */
  helperPerSecond: Summary;
  josePerSecond: Summary;
  /** Tokens per wall-clock second. */
  helperPerWallSecond: Summary;
  josePerWallSecond: Summary;
  /** Median of the per-round ratios helper / jose (per CPU-second). */
  ratio: number;
}

interface Rate {
  cpu: number;
  wall: number;
}

async function timed(count: number, work: () => Promise<void>): Promise<Rate> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (count * 1e6) / (cpu.user + cpu.system), wall: (count * 1000) / wall };
}

async function makeTokens(count: number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomBytes(32).toString('base64url');
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  const nonce = randomBytes(18).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const token = await new SignJWT({
      nonce,
      purpose: PURPOSE,
      shared: { cnic_status: 'active', full_name: 'Ayesha Raza' },
      cnic_digest: randomBytes(32).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'consent+jwt', kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(randomBytes(24).toString('base64url'))
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(privateKey);
    // The service signs in low-S form (the helper refuses the other half); jose draws s in either.
    const cut = token.lastIndexOf('.') + 1;
    tokens.push(
      token.slice(0, cut) + Buffer.from(toLowS(Buffer.from(token.slice(cut), 'base64url'))).toString('base64url'),
    );
  }
  return { tokens, jwks, nonce };
}

export async function measureVerify(options = { tokens: 1_000, rounds: 12 }): Promise<VerifyResult> {
  const { tokens, jwks, nonce } = await makeTokens(options.tokens);
  const keySet = createLocalJWKSet(jwks);

  const helperRound = () =>
    timed(tokens.length, async () => {
      const replay = new Set<string>(); // a fresh store per round: every token is new to it
      for (const token of tokens)
        await verifyConsentToken(token, { jwks, issuer: ISSUER, audience: AUDIENCE, nonce, purpose: PURPOSE, replay });
    });
  const joseRound = () =>
    timed(tokens.length, async () => {
      for (const token of tokens)
        await jwtVerify(token, keySet, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['ES256'],
          typ: 'consent+jwt',
        });
    });

  await helperRound(); // warm-up, not counted
  await joseRound();
  const helper: Rate[] = [];
  const raw: Rate[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    let h: Rate, j: Rate;
    if (round % 2 === 0) {
      h = await helperRound();
      j = await joseRound();
    } else {
      j = await joseRound();
      h = await helperRound();
    }
    helper.push(h);
    raw.push(j);
    ratios.push(h.cpu / j.cpu);
  }
  return {
    tokens: tokens.length,
    rounds: options.rounds,
    helperPerSecond: summarize(helper.map((r) => r.cpu)),
    josePerSecond: summarize(raw.map((r) => r.cpu)),
    helperPerWallSecond: summarize(helper.map((r) => r.wall)),
    josePerWallSecond: summarize(raw.map((r) => r.wall)),
    ratio: summarize(ratios).median,
  };
}
