/**
 * Privacy on the partner's origin (issue 7): after full flows through the real <ijazat-consent> (en
 * and ur, a wrong code, a resend, a cancel), nothing the partner's page can see keeps a CNIC (in any
 * format), a mobile number, a passcode or a token: localStorage, sessionStorage, IndexedDB databases
 * other than the simulator's own, cookies, the URL, the resource URLs fetched, and console output
 * (every console method captured during the flows). The simulator's own IndexedDB keeps no passcode
 * in clear, and the token carries no raw CNIC.
 */
import { expect } from '@open-wc/testing';
import {
  AYESHA,
  BILAL,
  sim,
  cnicInput,
  codeInput,
  freshSimulator,
  latestCode,
  mount,
  press,
  simulatorDbName,
  toCodeStep,
  typeInto,
  until,
  untilState,
  untilStates,
  $,
} from './reliability-harness.js';

const METHODS = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
  'count',
  'timeLog',
] as const;
const consoleOutput: string[] = [];
const tokens: string[] = [];
const codes: string[] = [];
const urlsSeen: string[] = [];

/** Every spelling of a secret: plain, dashed, spaced, in ASCII, Urdu and Arabic-Indic digits. */
function spellings(digits: string, groups: number[]): string[] {
  const out = new Set<string>();
  const group = (sep: string) => {
    let at = 0;
    return groups.map((n) => digits.slice(at, (at += n))).join(sep);
  };
  for (const zero of [0x30, 0x06f0, 0x0660])
    for (const text of [digits, group('-'), group(' ')])
      out.add(text.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d))));
  return [...out];
}
const secrets = () => [
  ...[AYESHA, BILAL].flatMap((c) => {
    const digits = c.cnic.replace(/-/g, '');
    return [...spellings(digits, [5, 7, 1]), ...spellings(c.mobile, [4, 7]), ...spellings(c.mobile.slice(1), [3, 7])];
  }),
  ...tokens,
  ...tokens.flatMap((t) => t.split('.')),
];
/** A passcode as a whole number in text (not a run inside a timestamp or an id). */
const holdsCode = (text: string, code: string) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text);

function leaks(where: string, text: string): string[] {
  const found = secrets().filter((s) => text.includes(s));
  const foundCodes = codes.filter((c) => holdsCode(text, c));
  return [...found, ...foundCodes].map((s) => `${where}: ${s.slice(0, 24)}`);
}

/** All records of an IndexedDB database, as text. */
async function dumpDatabase(name: string): Promise<{ stores: string[]; text: string }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'));
  });
  const stores = [...db.objectStoreNames];
  const parts: string[] = [];
  for (const store of stores) {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'));
    });
    parts.push(`${store}:${JSON.stringify(rows, (_k, v) => (v instanceof CryptoKey ? '[CryptoKey]' : v))}`);
  }
  db.close();
  return { stores, text: parts.join('\n') };
}

async function grant(citizen: typeof AYESHA, locale: 'en' | 'ur', detour: 'wrong' | 'resend' | null) {
  const { el } = await mount({ locale });
  // No cooldown, so "send a new code" is offered at once (the widget counts the cooldown on its own clock).
  if (detour === 'resend') await sim('PUT', '/__sim/limits', { resendCooldownSeconds: 0 });
  await toCodeStep(el, citizen.cnic);
  if (detour === 'wrong') {
    const right = await latestCode(citizen.simId);
    codes.push(right);
    await typeInto(codeInput(el), right === '000000' ? '111111' : '000000');
    await press('Enter');
    await until('the wrong-code message', () => $(el, '#code-error'));
    codeInput(el).select();
  }
  if (detour === 'resend') {
    codes.push(await latestCode(citizen.simId));
    const resend = () =>
      [...el.shadowRoot!.querySelectorAll('button')].find(
        (b) => b.innerText.trim() === 'Send a new code' || b.innerText.trim() === 'نیا کوڈ بھیجیں',
      );
    await until('"send a new code" to be available', () => resend()?.getAttribute('aria-disabled') === 'false', 3000);
    resend()!.click();
    await until('the second SMS', async () => (await latestCode(citizen.simId)) !== codes.at(-1));
    await untilStates(el, ['code-entry', 'expiring-soon']);
  }
  const code = await latestCode(citizen.simId);
  codes.push(code);
  await typeInto(codeInput(el), code);
  await press('Enter');
  await untilState(el, 'granted');
  tokens.push(el.value);
}

describe('privacy on the partner origin after full flows', () => {
  before(async () => {
    // Console methods differ in signature; each is kept and put back as the same function.
    type Logger = (...args: unknown[]) => void;
    const original: Partial<Record<(typeof METHODS)[number], Logger>> = {};
    for (const method of METHODS) {
      original[method] = Reflect.get(console, method) as Logger;
      Reflect.set(console, method, (...args: unknown[]) => {
        consoleOutput.push(
          args
            .map((a) => {
              try {
                return typeof a === 'string' ? a : JSON.stringify(a);
              } catch {
                return String(a);
              }
            })
            .join(' '),
        );
        original[method]!.apply(console, args);
      });
    }
    // The page's own resource timeline fills up with test modules: record the flows' fetches as they happen.
    const resources = new PerformanceObserver((list) => urlsSeen.push(...list.getEntries().map((e) => e.name)));
    resources.observe({ type: 'resource' });
    try {
      await freshSimulator('privacy');
      const startUrl = location.href;
      await grant(AYESHA, 'en', 'wrong');
      await grant(BILAL, 'ur', 'resend');
      // A cancelled one too.
      const { el } = await mount();
      await toCodeStep(el, AYESHA.cnic);
      codes.push(await latestCode(AYESHA.simId));
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.innerText.trim() === 'Cancel')!.click();
      await untilState(el, 'cancelled');
      // A CNIC typed but never sent.
      const typed = await mount();
      await untilState(typed.el, 'cnic-entry');
      await typeInto(cnicInput(typed.el), BILAL.cnic);
      urlsSeen.push(
        startUrl,
        location.href,
        ...performance.getEntriesByType('resource').map((e) => e.name),
        ...performance.getEntriesByType('navigation').map((e) => e.name),
      );
    } finally {
      await new Promise((r) => setTimeout(r, 50));
      urlsSeen.push(...resources.takeRecords().map((e) => e.name));
      resources.disconnect();
      for (const method of METHODS) Reflect.set(console, method, original[method]);
    }
    expect(tokens).to.have.length(2);
    expect(codes.length).to.be.greaterThan(4);
  });

  it('localStorage, sessionStorage and cookies hold none of it', async () => {
    const local = JSON.stringify(Object.entries(localStorage));
    const session = JSON.stringify(Object.entries(sessionStorage));
    expect([
      ...leaks('localStorage', local),
      ...leaks('sessionStorage', session),
      ...leaks('cookie', document.cookie),
    ]).to.deep.equal([]);
  });

  it('no URL (the page, history, every resource fetched) holds any of it', async () => {
    expect(urlsSeen.length).to.be.greaterThan(5);
    expect(
      urlsSeen.some((u) => u.includes('/v1/consent-requests')),
      'the flows fetched through the resource timeline',
    ).to.equal(true);
    expect(urlsSeen.flatMap((u) => leaks('URL', decodeURIComponent(u)))).to.deep.equal([]);
  });

  it('console output during the flows holds none of it', async () => {
    expect(consoleOutput.flatMap((line) => leaks('console', line))).to.deep.equal([]);
  });

  it("IndexedDB: no database but the simulators' own holds any of it", async () => {
    const databases = await indexedDB.databases();
    const mine = simulatorDbName();
    expect(databases.map((d) => d.name)).to.include(mine);
    const problems: string[] = [];
    for (const { name } of databases) {
      if (!name) continue;
      const { stores, text } = await dumpDatabase(name);
      // Simulator databases (this page's and other test pages' of this origin) are the service's, allowed.
      const isSimulator = ['citizens', 'audit', 'requests', 'messages'].every((s) => stores.includes(s));
      if (!isSimulator) problems.push(...leaks(`IndexedDB ${name}`, text));
    }
    expect(problems).to.deep.equal([]);
  });

  it("the simulator's own IndexedDB keeps no passcode in clear (only the phone's inbox shows it)", async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(simulatorDbName());
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'));
    });
    const problems: string[] = [];
    for (const store of [...db.objectStoreNames]) {
      const rows = await new Promise<unknown[]>((resolve) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
      });
      const text = JSON.stringify(rows, (_k, v) => (v instanceof CryptoKey ? '[CryptoKey]' : v));
      if (store !== 'messages')
        problems.push(...codes.filter((c) => holdsCode(text, c)).map((c) => `${store} holds passcode ${c}`));
    }
    db.close();
    expect(problems).to.deep.equal([]);
    const { text } = await dumpDatabase(simulatorDbName());
    expect(text, 'sanity: the inbox does hold the codes, so the search works').to.contain(codes[0]);
  });

  it('the tokens carry no CNIC, mobile or passcode', async () => {
    for (const token of tokens) {
      const claims = token
        .split('.')
        .slice(0, 2)
        .map((p) => atob(p.replace(/-/g, '+').replace(/_/g, '/')))
        .join('\n');
      expect(leaks('token', claims).filter((l) => !l.includes(token.split('.')[0]!.slice(0, 24)))).to.deep.equal([]);
      expect(claims).to.contain('cnic_digest');
    }
  });
});
