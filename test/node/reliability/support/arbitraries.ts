/**
 * fast-check arbitraries for the reliability suite: CNICs as citizens type them (every digit script,
 * separators, paste noise), junk that must be refused, and request bodies and headers near and far
 * from the contract. Pure: usable from Node and browser tests.
 */
import fc from 'fast-check';

/** The digit scripts DESIGN.md promises: ASCII, Urdu (Extended Arabic-Indic), Arabic-Indic. */
export const DIGIT_SCRIPTS = { ascii: 0x30, urdu: 0x06f0, arabicIndic: 0x0660 } as const;
export type DigitScript = keyof typeof DIGIT_SCRIPTS;

export const toScript = (ascii: string, script: DigitScript): string =>
  ascii.replace(/\d/g, (d) => String.fromCharCode(DIGIT_SCRIPTS[script] + Number(d)));

export const digitScript = fc.constantFrom<DigitScript>('ascii', 'urdu', 'arabicIndic');

/** 13 ASCII digits. */
export const cnic13 = fc.stringMatching(/^[0-9]{13}$/);

/** Each digit in its own script (a paste from a phone that mixes them). */
const mixedScripts = (digits: string) =>
  fc
    .array(digitScript, { minLength: digits.length, maxLength: digits.length })
    .map((scripts) => [...digits].map((d, i) => toScript(d, scripts[i]!)).join(''));

/** How a CNIC may be written: 13 digits in any script, with the usual separators and stray spaces. */
export const typedCnic = cnic13.chain((digits) =>
  fc.record({
    digits: fc.constant(digits),
    text: fc
      .tuple(
        fc.oneof(
          digitScript.map((script) => toScript(digits, script)),
          mixedScripts(digits),
        ),
        fc.constantFrom('none', 'dashes', 'spaces', 'mixed'),
        fc.constantFrom('', ' ', '  ', '\t'),
        fc.constantFrom('', ' ', '\n'),
      )
      .map(([scripted, layout, lead, trail]) => {
        const chars = [...scripted];
        const parts = [chars.slice(0, 5).join(''), chars.slice(5, 12).join(''), chars.slice(12).join('')];
        const joined =
          layout === 'none'
            ? parts.join('')
            : layout === 'dashes'
              ? parts.join('-')
              : layout === 'spaces'
                ? parts.join(' ')
                : `${parts[0]} - ${parts[1]}-${parts[2]}`;
        return `${lead}${joined}${trail}`;
      }),
  }),
);

/** Text that is not a CNIC: wrong length, letters, other scripts' digits, symbols, emoji, control chars. */
export const junkCnic = fc.oneof(
  fc.stringMatching(/^[0-9]{0,12}$/),
  fc.stringMatching(/^[0-9]{14,20}$/),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  cnic13.map((d) => `${d.slice(0, 6)}x${d.slice(7)}`),
  // Devanagari and full-width digits look like digits but are not in DESIGN.md's scripts.
  cnic13.map((d) => d.replace(/\d/g, (c) => String.fromCharCode(0x0966 + Number(c)))),
  cnic13.map((d) => d.replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c)))),
  cnic13.map((d) => `${d}.`),
  cnic13.map((d) => `-${d.slice(1)}`),
);

/** Any JSON value, including deep and odd ones. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A body of the right shape with one field broken, missing or added: the inputs most likely to slip through. */
export function nearValid(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const added = fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson)
    .map(([key, value]) => ({ ...valid, [key]: value }));
  if (!keys.length) return fc.oneof(added, fc.constant([valid]), fc.constant(null));
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...valid };
      delete copy[key];
      return copy;
    }),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([key, value]) => ({ ...valid, [key]: value })),
    fc
      .tuple(fc.constantFrom(...keys), fc.string({ maxLength: 300 }))
      .map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constant([valid]),
  );
}

/** A header value fetch can carry: visible ASCII and spaces (no CR, LF, NUL). */
export const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.:;/ =,"\''.split('')), maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    'pk_test_',
    'pk_test_sandbox_bank ',
    'Bearer',
    'Bearer sk_test_sandbox_bank x',
    'application/json; charset=x',
    'text/plain',
    'application/jsonx',
  ),
);

/** Raw bytes as a body: often not UTF-8, sometimes huge. */
export const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ minLength: 8 * 1024 - 2, maxLength: 8 * 1024 + 8 }),
);
