/**
 * Fuzzing CNIC (and passcode) parsing and formatting (issue 7), property-based: every digit script
 * DESIGN.md promises (ASCII, Urdu U+06F0–06F9, Arabic-Indic U+0660–0669, and mixes of them), every
 * separator layout, and junk. The widget's parser, its formatter, the caret rule, the verify helper's
 * CNIC binding and the simulator's registry all agree on what a CNIC is.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { caretAfter, digitsBefore, formatCnic, parseCnic } from '../../../src/contract/cnic.js';
import { parsePasscode } from '../../../src/ijazat-consent/input/passcode.js';
import { cnicDigest } from '../../../src/contract/cnic-digest.js';
import { verifyConsentToken, ConsentTokenError } from '../../../src/verify/index.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { DIGIT_SCRIPTS, cnic13, digitScript, junkCnic, toScript, typedCnic } from './support/arbitraries.js';
import { useInProcessService } from './support/in-process.js';
import { AYESHA, BANK, newNonce } from './support/service-client.js';

const RUNS = Number(process.env.FUZZ_CNIC_RUNS ?? 1000);
let inputs = 0;
const counted = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => ((inputs += 1), v));

/**
 * The meaning of a typed CNIC, written independently of the widget: map the three digit scripts to
 * ASCII, drop whitespace and dashes, and it is a CNIC exactly when 13 ASCII digits remain.
 */
function oracle(text: string): string | null {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const script = Object.values(DIGIT_SCRIPTS).find((zero) => code >= zero && code <= zero + 9);
    if (script !== undefined) out += String(code - script);
    else if (/[\s\-\u2010-\u2015\u2212]/u.test(ch)) continue;
    else return null;
  }
  return /^[0-9]{13}$/.test(out) ? out : null;
}

const digitsOf = (result: ReturnType<typeof parseCnic>) => ('digits' in result ? result.digits : null);

describe('CNIC parsing and formatting (widget: src/cnic)', () => {
  it('parses a CNIC typed in any digit script and layout to its 13 ASCII digits', () => {
    fc.assert(
      fc.property(counted(typedCnic), ({ digits, text }) => assert.equal(digitsOf(parseCnic(text)), digits)),
      { numRuns: RUNS },
    );
  });

  it('refuses junk, with a reason, and agrees with an independent oracle on any text', () => {
    const anyText = fc.oneof(
      junkCnic,
      typedCnic.map((t) => t.text),
      fc.string({ unit: 'grapheme', maxLength: 25 }),
    );
    fc.assert(
      fc.property(counted(anyText), (text) => {
        const result = parseCnic(text);
        assert.equal(digitsOf(result), oracle(text), `parseCnic(${JSON.stringify(text)})`);
        if (!('digits' in result)) assert.ok(['empty', 'chars', 'length'].includes(result.issue));
      }),
      { numRuns: RUNS },
    );
  });

  it('round trip: formatting never changes what a text means, is idempotent, and shows 5-7-1 for a CNIC', () => {
    const anyText = fc.oneof(
      typedCnic.map((t) => t.text),
      junkCnic,
      fc.stringMatching(/^[0-9 -]{0,20}$/),
    );
    fc.assert(
      fc.property(counted(anyText), (text) => {
        const formatted = formatCnic(text);
        assert.equal(digitsOf(parseCnic(formatted)), digitsOf(parseCnic(text)));
        assert.equal(formatCnic(formatted), formatted);
        const digits = digitsOf(parseCnic(text));
        if (digits) assert.equal(formatted, `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(counted(cnic13), (digits) => assert.equal(digitsOf(parseCnic(formatCnic(digits))), digits)),
      { numRuns: RUNS },
    );
  });

  it('keeps the caret after the same digits when formatting as the citizen types', () => {
    const typing = fc
      .tuple(fc.stringMatching(/^[0-9 -]{0,16}$/), digitScript)
      .chain(([text, script]) => fc.tuple(fc.constant(toScript(text, script)), fc.nat({ max: text.length })));
    fc.assert(
      fc.property(counted(typing), ([text, at]) => {
        const before = digitsBefore(text, at);
        const formatted = formatCnic(text);
        const caret = caretAfter(formatted, before);
        assert.ok(caret >= 0 && caret <= formatted.length);
        assert.equal(digitsBefore(formatted, caret), before, `caret in ${JSON.stringify(formatted)} at ${caret}`);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('passcode parsing (widget: src/passcode)', () => {
  it('accepts 6 digits in any script with spaces or hyphens, refuses anything else', () => {
    const typed = fc
      .tuple(fc.stringMatching(/^[0-9]{6}$/), digitScript, fc.constantFrom('', ' ', '-'))
      .map(([code, script, sep]) => ({
        code,
        text: `${toScript(code.slice(0, 3), script)}${sep}${toScript(code.slice(3), script)}`,
      }));
    fc.assert(
      fc.property(counted(typed), ({ code, text }) => assert.deepEqual(parsePasscode(text), { digits: code })),
      { numRuns: RUNS },
    );
    const junk = fc.oneof(
      fc.stringMatching(/^[0-9]{0,5}$/),
      fc.stringMatching(/^[0-9]{7,9}$/),
      fc.string({ maxLength: 8 }).filter((s) => /[^\s\-0-9\u0660-\u0669\u06f0-\u06f9]/.test(s)),
    );
    fc.assert(
      fc.property(counted(junk), (text) => assert.ok(!('digits' in parsePasscode(text)))),
      { numRuns: RUNS },
    );
  });
});

describe('the CNIC binding across parts (simulator → token → verify helper)', () => {
  const service = useInProcessService({
    partnerRequestsPerMinute: 1_000_000,
    partnerCeilingPerMinute: 100_000_000,
    wrongCodesPerClientPerHour: 10_000_000,
    smsPerCnicPerHour: 1_000_000,
  });

  it('a token binds the CNIC whether the partner holds it in ASCII, Urdu or Arabic-Indic digits, with any separators', async () => {
    const { client } = service;
    const nonce = newNonce();
    const created = await client.create({ cnic: AYESHA.cnic, nonce });
    const token = (await client.verify(created.body.id, (await client.latestCode(AYESHA.simId))!)).body.token;
    const jwks = (await client.jwks()).body;
    const held = typedCnic.filter(({ digits }) => digits !== AYESHA.cnic);
    await fc.assert(
      fc.asyncProperty(
        counted(fc.tuple(digitScript, fc.constantFrom('none', 'dashes', 'spaces'))),
        held,
        async ([script, layout], other) => {
          const d = AYESHA.cnic;
          const text = toScript(
            layout === 'none' ? d : [d.slice(0, 5), d.slice(5, 12), d.slice(12)].join(layout === 'dashes' ? '-' : ' '),
            script,
          );
          const base = { jwks, issuer: SANDBOX_ISSUER, audience: BANK.id, nonce, replay: false as const };
          assert.equal(
            (await verifyConsentToken(token, { ...base, cnic: text })).cnic_digest,
            await cnicDigest(AYESHA.cnic, nonce),
          );
          await assert.rejects(
            verifyConsentToken(token, { ...base, cnic: other.text }),
            (e) => e instanceof ConsentTokenError && e.code === 'token_cnic_mismatch',
          );
        },
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });

  it('the registry finds a citizen added with a CNIC in any layout, and the API takes only 13 ASCII digits', async () => {
    const { client } = service;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(counted(cnic13), digitScript, async (digits, script) => {
        n += 1;
        const mobile = `039${String(n).padStart(8, '0')}`;
        const added = await client.addCitizen({
          cnic: `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`,
          name: 'Fuzz Citizen',
          cardStatus: 'active',
          mobile,
        });
        if (added.status === 409) return; // drawn twice: already there
        assert.equal(added.status, 201, JSON.stringify(added.body));
        const created = await client.create({ cnic: digits });
        assert.equal(created.status, 201);
        if (script !== 'ascii') {
          const scripted = await client.create({ cnic: toScript(digits, script) });
          assert.equal(
            scripted.body.error.code,
            'invalid_cnic',
            'the wire format is ASCII: the widget normalises first',
          );
        }
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });

  it('reports the count', (t) => {
    t.diagnostic(`figures: ${inputs} CNIC and passcode inputs`);
    assert.ok(inputs > RUNS * 5);
  });
});
