/**
 * Every state of the widget the gallery shows, and how each is reached through the real simulator:
 * typed CNICs of seeded citizens, codes read from SIM inboxes, wrong codes, the simulated clock and
 * fault settings. Each state's `drive` gets the cells (one widget per language and theme) and brings
 * them there together, so phases that change global settings (faults, clock) touch only their cells.
 */
import type { GalleryStateId } from './gallery-state-ids.js';
import { sandbox } from './sandbox-client.js';
import { passcodeIn } from './sms.js';
import { input, submit, type, until, untilError, untilState, stateOf, DriveError } from './widget-driver.js';

export type Widget = HTMLElement & { state?: string };

export interface Cell {
  widget: Widget;
  locale: 'en' | 'ur';
}

/** What a state's driver may use: fresh synthetic citizens, and SIM inboxes. */
export interface DriveContext {
  /** A new active citizen with a registered mobile and its SIM (so per-CNIC limits never interfere). */
  freshCitizen(): Promise<{ cnic: string; simId: string }>;
}

/** The phases run in this order; each phase's global settings are restored before the next. */
export type Phase = 'calm' | 'failure' | 'drop' | 'clock' | 'hold';

export interface GalleryState {
  id: GalleryStateId;
  title: { en: string; ur: string };
  how: { en: string; ur: string };
  phase: Phase;
  /** Mounted only when its phase starts (the loading state must catch the first request). */
  lateMount?: boolean;
  drive(cells: Cell[], ctx: DriveContext): Promise<void>;
}

// Seeded citizens (docs/simulator.md): same on every reset.
const CNIC = {
  chand: '61101-3333333-3',
  danish: '37405-4444444-4',
  erum: '54400-5555555-5',
  unknown: '35202-9876543-1',
  ayesha: '35202-1111111-1',
};

/** Waits until the CNIC step is showing (the widget has loaded the partner's details). */
async function ready(widget: Widget): Promise<void> {
  await until(widget, 'the CNIC input', () => Boolean(input(widget, 'cnic')), 10_000);
}

async function enterCnic(widget: Widget, cnic: string): Promise<void> {
  await ready(widget);
  const field = input(widget, 'cnic');
  type(field, cnic);
  submit(field);
}

async function enterCode(widget: Widget, code: string): Promise<void> {
  const field = input(widget, 'code');
  type(field, code);
  submit(field);
}

async function untilCodeStep(widget: Widget): Promise<void> {
  await until(widget, 'the code input', () => Boolean(input(widget, 'code')), 10_000);
}

/** The newest passcode in a SIM's inbox, waiting for it to arrive. */
async function readCode(simId: string, timeoutMs = 10_000): Promise<string> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { messages } = await sandbox.messages(simId);
    const code = [...messages].reverse().map((message) => (message.direction === 'in' ? passcodeIn(message.body) : null)).find(Boolean);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new DriveError(`no passcode SMS reached ${simId}`);
}

function wrongCodeFor(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

const each = (cells: Cell[], fn: (cell: Cell) => Promise<void>) => Promise.all(cells.map(fn));

/** Brings a cell to the code step with a fresh citizen; resolves with the code from the SIM. */
async function toCodeStep(cell: Cell, ctx: DriveContext): Promise<string> {
  const citizen = await ctx.freshCitizen();
  await enterCnic(cell.widget, citizen.cnic);
  await untilCodeStep(cell.widget);
  return readCode(citizen.simId);
}

function errorState(id: GalleryStateId, title: [string, string], how: [string, string], cnic: string, code: string): GalleryState {
  return {
    id,
    title: { en: title[0], ur: title[1] },
    how: { en: how[0], ur: how[1] },
    phase: 'calm',
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, cnic);
        await untilError(widget, code);
      }).then(() => undefined),
  };
}

export const GALLERY_STATES: GalleryState[] = [
  {
    id: 'loading',
    title: { en: 'Loading', ur: 'لوڈ ہو رہا ہے' },
    how: {
      en: 'Mounted while /__sim/faults adds 60 s of latency, so the first request (the partner’s details) is still on its way.',
      ur: 'جب ‎/__sim/faults‎ ساٹھ سیکنڈ کی تاخیر ڈالتا ہے تب لگایا گیا، اس لیے پہلی درخواست ابھی راستے میں ہے۔',
    },
    phase: 'hold',
    lateMount: true,
    drive: (cells) => each(cells, ({ widget }) => untilState(widget, 'loading')).then(() => undefined),
  },
  {
    id: 'cnic-entry',
    title: { en: 'CNIC entry', ur: 'شناختی کارڈ نمبر' },
    how: { en: 'Loaded: who asks, why, and what is shared.', ur: 'لوڈ مکمل: کون پوچھ رہا ہے، کیوں، اور کیا دیا جائے گا۔' },
    phase: 'calm',
    drive: (cells) => each(cells, ({ widget }) => ready(widget)).then(() => undefined),
  },
  errorState('error-invalid-cnic', ['Error: CNIC not 13 digits', 'غلطی: نمبر 13 ہندسوں کا نہیں'], ['Typed “35202-11111” and submitted.', '“35202-11111” لکھ کر جمع کرایا۔'], '35202-11111', 'invalid_cnic'),
  errorState('error-not-found', ['Error: no such CNIC', 'غلطی: یہ نمبر رجسٹر نہیں'], ['A well-formed CNIC nobody holds.', 'درست شکل کا نمبر جو کسی کا نہیں۔'], CNIC.unknown, 'cnic_not_found'),
  errorState('error-no-mobile', ['Error: no registered mobile', 'غلطی: کوئی موبائل رجسٹر نہیں'], ['Chand Bibi: no mobile registered; the widget explains the SMS to 9000.', 'چاند بی بی: کوئی موبائل رجسٹر نہیں؛ ویجٹ 9000 پر ایس ایم ایس کا طریقہ بتاتا ہے۔'], CNIC.chand, 'no_registered_mobile'),
  errorState('error-card-expired', ['Error: card expired', 'غلطی: کارڈ کی میعاد ختم'], ['Danish Iqbal: expired card.', 'دانش اقبال: میعاد ختم کارڈ۔'], CNIC.danish, 'card_expired'),
  errorState('error-card-cancelled', ['Error: card cancelled', 'غلطی: کارڈ منسوخ'], ['Erum Shah: cancelled card.', 'ارم شاہ: منسوخ کارڈ۔'], CNIC.erum, 'card_cancelled'),
  {
    id: 'error-unavailable',
    title: { en: 'Error: service unavailable', ur: 'غلطی: سروس دستیاب نہیں' },
    how: { en: 'failureRate 1 in /__sim/faults while the CNIC is submitted (503).', ur: 'نمبر جمع کراتے وقت ‎/__sim/faults‎ میں failureRate 1 ‏(503)۔' },
    phase: 'failure',
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, CNIC.ayesha);
        await untilError(widget, 'service_unavailable');
      }).then(() => undefined),
  },
  {
    id: 'error-network',
    title: { en: 'Error: network', ur: 'غلطی: نیٹ ورک' },
    how: { en: 'dropRate 1 in /__sim/faults: the connection drops.', ur: '‎/__sim/faults‎ میں dropRate 1: کنکشن ٹوٹ جاتا ہے۔' },
    phase: 'drop',
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, CNIC.ayesha);
        await untilError(widget, 'network_error');
      }).then(() => undefined),
  },
  {
    id: 'sending',
    title: { en: 'Sending the code', ur: 'کوڈ بھیجا جا رہا ہے' },
    how: { en: 'CNIC submitted while /__sim/faults adds 60 s of latency.', ur: 'نمبر جمع کرایا جب ‎/__sim/faults‎ ساٹھ سیکنڈ کی تاخیر ڈالتا ہے۔' },
    phase: 'hold',
    drive: (cells, ctx) =>
      each(cells, async ({ widget }) => {
        const citizen = await ctx.freshCitizen();
        await enterCnic(widget, citizen.cnic);
        await untilState(widget, 'sending');
      }).then(() => undefined),
  },
  {
    id: 'code-entry',
    title: { en: 'Code entry', ur: 'کوڈ درج کریں' },
    how: { en: 'A fresh citizen’s CNIC submitted; the SMS is in their inbox.', ur: 'نئے شہری کا نمبر جمع کرایا؛ ایس ایم ایس ان کے ان باکس میں ہے۔' },
    phase: 'calm',
    drive: (cells, ctx) => each(cells, (cell) => toCodeStep(cell, ctx).then(() => undefined)).then(() => undefined),
  },
  {
    id: 'error-wrong-code',
    title: { en: 'Error: wrong code', ur: 'غلطی: غلط کوڈ' },
    how: { en: 'One wrong code entered: attempts left are shown.', ur: 'ایک غلط کوڈ درج کیا: باقی کوششیں دکھائی جاتی ہیں۔' },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        const code = await toCodeStep(cell, ctx);
        await enterCode(cell.widget, wrongCodeFor(code));
        await untilError(cell.widget, 'wrong_code');
      }).then(() => undefined),
  },
  {
    id: 'expiring-soon',
    title: { en: 'Code expiring soon', ur: 'کوڈ کی میعاد ختم ہونے والی' },
    how: { en: 'Code requested with /__sim/limits passcodeTtlSeconds 50.', ur: '‎/__sim/limits‎ میں passcodeTtlSeconds 50 کے ساتھ کوڈ مانگا۔' },
    phase: 'clock',
    drive: async (cells, ctx) => {
      const limits = await sandbox.limits();
      await sandbox.setLimits({ ...limits, passcodeTtlSeconds: 50 });
      try {
        await each(cells, (cell) => toCodeStep(cell, ctx).then(() => undefined));
      } finally {
        await sandbox.setLimits(limits);
      }
      await each(cells, ({ widget }) => untilState(widget, 'expiring-soon'));
    },
  },
  {
    id: 'error-code-expired',
    title: { en: 'Error: code expired', ur: 'غلطی: کوڈ کی میعاد ختم' },
    how: { en: 'Clock moved 11 minutes on with /__sim/clock, then the code entered.', ur: '‎/__sim/clock‎ سے گھڑی 11 منٹ آگے کی، پھر کوڈ درج کیا۔' },
    phase: 'clock',
    drive: async (cells, ctx) => {
      const codes = await Promise.all(cells.map((cell) => toCodeStep(cell, ctx)));
      await sandbox.advanceClock(11 * 60);
      await each(cells, async (cell) => {
        await enterCode(cell.widget, codes[cells.indexOf(cell)]!);
        await untilError(cell.widget, 'code_expired');
      });
    },
  },
  {
    id: 'locked',
    title: { en: 'Locked', ur: 'مقفل' },
    how: { en: 'Five wrong codes in a row.', ur: 'لگاتار پانچ غلط کوڈ۔' },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        const code = await toCodeStep(cell, ctx);
        for (let attempt = 0; attempt < 5; attempt += 1) {
          if (stateOf(cell.widget) === 'locked') break;
          await enterCode(cell.widget, wrongCodeFor(code));
          await until(cell.widget, 'the answer to a wrong code', () => cell.widget.dataset.lastError === 'wrong_code' || stateOf(cell.widget) === 'locked');
          delete cell.widget.dataset.lastError;
        }
        await untilState(cell.widget, 'locked');
      }).then(() => undefined),
  },
  {
    id: 'granted',
    title: { en: 'Granted', ur: 'اجازت دی گئی' },
    how: { en: 'The code read from the SIM inbox and entered.', ur: 'سم کے ان باکس سے کوڈ پڑھ کر درج کیا۔' },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        const code = await toCodeStep(cell, ctx);
        await enterCode(cell.widget, code);
        await untilState(cell.widget, 'granted');
      }).then(() => undefined),
  },
];

export { stateOf };
