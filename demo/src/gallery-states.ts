/**
 * Every state of the widget the gallery shows, and how each is reached through the real simulator:
 * typed CNICs of seeded citizens, codes read from SIM inboxes, wrong codes, the simulated clock, limits
 * and fault settings. A state's cells (one widget per language and theme) are brought there together,
 * in the state's phase, so settings that are global to the simulator (faults, limits, the clock) only
 * touch the cells of that phase.
 */
import { PARTNER_KEY_HEADER } from '../../src/contract/api.js';
import type { GalleryStateId } from './gallery-state-ids.js';
import { SANDBOX_URL, sandbox, type Faults, type Limits } from './sandbox-client.js';
import { passcodeIn } from './sms.js';
import { DriveError, input, lastError, stateOf, submit, type, until, untilError, untilState } from './widget-driver.js';

export type Widget = HTMLElement & { state?: string };

/** Whose widgets the gallery shows, and for what: every cell asks as this partner. */
export const GALLERY_PARTNER = { key: 'pk_test_sandbox_bank', purpose: 'account-opening' } as const;

export interface Cell {
  widget: Widget;
  locale: 'en' | 'ur';
  /** A passcode read during setup, for the drive step. */
  code?: string;
}

/** What a state's driver may use. */
export interface DriveContext {
  /** A new active citizen with a registered mobile and its SIM (so per-CNIC limits never interfere). */
  freshCitizen(): Promise<{ cnic: string; simId: string }>;
}

/**
 * Phases, in order. Each sets its faults for its states' `drive` (their `setup` runs just before,
 * with no faults); `hold` stays on at the end so transient states stay visible.
 */
export const PHASES = ['calm', 'failure', 'drop', 'rate', 'clock', 'short-ttl', 'resend', 'hold'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_FAULTS: Record<Phase, Partial<Faults>> = {
  calm: {},
  failure: { failureRate: 1 },
  drop: { dropRate: 1 },
  rate: {},
  clock: {},
  'short-ttl': {},
  resend: {},
  // The simulator's largest latency. The widget gives up after its own timeout (15 s); the gallery
  // then re-arms the cell, so the state stays on show.
  hold: { latencyMs: 60_000 },
};

/** Limits a phase runs under (set before its setup, restored after its drive). */
export const PHASE_LIMITS: Partial<Record<Phase, Partial<Limits>>> = {
  // New codes at once, and only two: one resend shows "a new code was sent", two show none left.
  resend: { resendCooldownSeconds: 0, maxResends: 2 },
};

export interface GalleryState {
  id: GalleryStateId;
  title: { en: string; ur: string };
  how: { en: string; ur: string };
  phase: Phase;
  /** Mounted only when the phase's faults are on (e.g. to catch the very first request). */
  lateMount?: boolean;
  /** Attributes that differ from the gallery's standard tag (null removes one). */
  attributes?: Record<string, string | null>;
  /** A transient state: when a cell leaves it, the gallery drives that cell there again. */
  holds?: string;
  /** Runs with no faults, just before the phase's faults are set. */
  setup?(cells: Cell[], ctx: DriveContext): Promise<void>;
  drive(cells: Cell[], ctx: DriveContext): Promise<void>;
}

// Seeded citizens (docs/simulator.md): the same on every reset.
const CNIC = {
  ayesha: '35202-1111111-1',
  chand: '61101-3333333-3',
  danish: '37405-4444444-4',
  erum: '54400-5555555-5',
  nobody: '35202-9876543-1',
};

/** Waits until the CNIC step is showing (the widget has loaded the partner's details). */
async function ready(widget: Widget): Promise<void> {
  await untilState(widget, 'cnic-entry', 12_000);
  await until(widget, 'the CNIC input', () => Boolean(input(widget, 'cnic')));
}

async function enterCnic(widget: Widget, cnic: string): Promise<void> {
  await ready(widget);
  const field = input(widget, 'cnic');
  type(field, cnic);
  submit(field);
}

async function enterCode(widget: Widget, code: string): Promise<void> {
  await until(widget, 'the code input', () => Boolean(input(widget, 'code')));
  const field = input(widget, 'code');
  type(field, code);
  submit(field);
}

/** The newest passcode in a SIM's inbox, waiting for it to arrive. */
async function readCode(simId: string, timeoutMs = 10_000): Promise<string> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { messages } = await sandbox.messages(simId);
    const code = [...messages]
      .reverse()
      .map((message) => (message.direction === 'in' ? passcodeIn(message.body) : null))
      .find(Boolean);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new DriveError(`no passcode SMS reached ${simId}`);
}

const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');

async function each(cells: Cell[], fn: (cell: Cell) => Promise<void>): Promise<void> {
  await Promise.all(cells.map(fn));
}

/** Brings a cell to the code step with a fresh citizen, keeping the code from their SIM. */
async function toCodeStep(cell: Cell, ctx: DriveContext): Promise<void> {
  const citizen = await ctx.freshCitizen();
  await enterCnic(cell.widget, citizen.cnic);
  await untilState(cell.widget, ['code-entry', 'expiring-soon'], 12_000);
  cell.code = await readCode(citizen.simId);
}

/** Presses the widget's button that reads one of `words` (its English and Urdu label). */
function pressButton(widget: Widget, words: string[]): void {
  const found = [...(widget.shadowRoot?.querySelectorAll('button') ?? [])].find((button) =>
    words.includes(button.textContent.trim()),
  );
  if (!found) throw new DriveError(`no "${words[0]}" button (state ${stateOf(widget)})`);
  found.click();
}

const RESEND = ['Send a new code', 'نیا کوڈ بھیجیں'];

/** Asks for new codes `times` times, waiting for each to be sent. */
async function resend(cell: Cell, times: number): Promise<void> {
  let sent = 0;
  cell.widget.addEventListener('ijazat-passcode-sent', () => (sent += 1));
  for (let i = 1; i <= times; i += 1) {
    pressButton(cell.widget, RESEND);
    await until(cell.widget, `new code ${i}`, () => sent === i && stateOf(cell.widget) === 'code-entry');
  }
}

/** Five wrong codes in a row: the request locks. */
async function lockWith(cell: Cell, citizen: { cnic: string; simId: string }): Promise<void> {
  await enterCnic(cell.widget, citizen.cnic);
  await untilState(cell.widget, ['code-entry', 'expiring-soon'], 12_000);
  cell.code = await readCode(citizen.simId);
  for (let attempt = 1; attempt <= 5 && stateOf(cell.widget) !== 'locked'; attempt += 1) {
    delete cell.widget.dataset.lastError;
    await enterCode(cell.widget, wrongCodeFor(cell.code));
    await until(
      cell.widget,
      `the answer to wrong code ${attempt}`,
      () => Boolean(cell.widget.dataset.lastError) || stateOf(cell.widget) === 'locked',
    );
    await until(cell.widget, 'the code step again', () => stateOf(cell.widget) !== 'verifying');
  }
  await untilState(cell.widget, 'locked');
}

function cnicError(
  id: GalleryStateId,
  title: [string, string],
  how: [string, string],
  cnic: string,
  code: string,
): GalleryState {
  return {
    id,
    title: { en: title[0], ur: title[1] },
    how: { en: how[0], ur: how[1] },
    phase: 'calm',
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, cnic);
        await untilError(widget, code);
      }),
  };
}

export const GALLERY_STATES: GalleryState[] = [
  {
    id: 'loading',
    title: { en: 'Loading', ur: 'لوڈ ہو رہا ہے' },
    how: {
      en: 'Mounted while /__sim/faults holds every answer for 60 s, so the partner’s details are still on their way.',
      ur: 'جب ‎/__sim/faults‎ ہر جواب 60 سیکنڈ روکتا ہے تب لگایا گیا، اس لیے پارٹنر کی تفصیل ابھی راستے میں ہے۔',
    },
    phase: 'hold',
    lateMount: true,
    holds: 'loading',
    // The widget's own timeout (15 s by default) raised past the held answer, so it waits it out.
    attributes: { timeout: '120000' },
    drive: (cells) => each(cells, ({ widget }) => untilState(widget, 'loading')),
  },
  {
    id: 'misconfigured',
    title: { en: 'Misconfigured (for the partner’s developer)', ur: 'غلط ترتیب (پارٹنر کے ڈویلپر کے لیے)' },
    how: { en: 'A tag without its nonce attribute.', ur: 'nonce کے بغیر ٹیگ۔' },
    phase: 'calm',
    attributes: { nonce: null },
    drive: (cells) => each(cells, ({ widget }) => untilState(widget, 'misconfigured')),
  },
  {
    id: 'unavailable',
    title: { en: 'Service unavailable on load', ur: 'لوڈ پر سروس دستیاب نہیں' },
    how: {
      en: 'Mounted while failureRate is 1 in /__sim/faults: the partner’s details cannot be loaded.',
      ur: 'جب ‎/__sim/faults‎ میں failureRate 1 تھا تب لگایا گیا: پارٹنر کی تفصیل لوڈ نہیں ہو سکی۔',
    },
    phase: 'failure',
    lateMount: true,
    drive: (cells) => each(cells, ({ widget }) => untilState(widget, 'unavailable')),
  },
  {
    id: 'cnic-entry',
    title: { en: 'CNIC entry', ur: 'شناختی کارڈ نمبر' },
    how: {
      en: 'Loaded: who asks, why, and exactly what is shared.',
      ur: 'لوڈ مکمل: کون پوچھ رہا ہے، کیوں، اور بالکل کیا دیا جائے گا۔',
    },
    phase: 'calm',
    drive: (cells) => each(cells, ({ widget }) => ready(widget)),
  },
  cnicError(
    'error-invalid-cnic',
    ['Error: CNIC is not 13 digits', 'غلطی: نمبر 13 ہندسوں کا نہیں'],
    ['“35202-11111” typed and submitted.', '“35202-11111” لکھ کر جمع کرایا۔'],
    '35202-11111',
    'invalid_cnic',
  ),
  {
    id: 'error-service-unavailable',
    title: { en: 'Error: service unavailable', ur: 'غلطی: سروس دستیاب نہیں' },
    how: {
      en: 'CNIC submitted while failureRate is 1 in /__sim/faults (503).',
      ur: 'نمبر جمع کرایا جب ‎/__sim/faults‎ میں failureRate 1 تھا ‏(503)۔',
    },
    phase: 'failure',
    setup: (cells) => each(cells, ({ widget }) => ready(widget)),
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, CNIC.ayesha);
        await untilError(widget, 'service_unavailable');
      }),
  },
  {
    id: 'error-network',
    title: { en: 'Error: network', ur: 'غلطی: نیٹ ورک' },
    how: {
      en: 'CNIC submitted while dropRate is 1 in /__sim/faults: the connection drops.',
      ur: 'نمبر جمع کرایا جب ‎/__sim/faults‎ میں dropRate 1 تھا: کنکشن ٹوٹ جاتا ہے۔',
    },
    phase: 'drop',
    setup: (cells) => each(cells, ({ widget }) => ready(widget)),
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, CNIC.ayesha);
        await untilError(widget, 'network_error');
      }),
  },
  {
    id: 'error-timeout',
    title: { en: 'Error: no answer in time', ur: 'غلطی: وقت پر جواب نہیں' },
    how: {
      en: 'The tag’s timeout attribute set to 1000 ms, the CNIC submitted while /__sim/faults holds answers for 60 s.',
      ur: 'ٹیگ کا timeout ایک ہزار ملی سیکنڈ، اور نمبر جمع کرایا جب ‎/__sim/faults‎ جواب 60 سیکنڈ روکتا ہے۔',
    },
    phase: 'hold',
    attributes: { timeout: '1000' },
    setup: (cells) => each(cells, ({ widget }) => ready(widget)),
    drive: (cells) =>
      each(cells, async ({ widget }) => {
        await enterCnic(widget, CNIC.ayesha);
        await untilError(widget, 'timeout');
      }),
  },
  {
    id: 'error-rate-limited',
    title: { en: 'Error: service busy (the partner’s own limit)', ur: 'غلطی: سروس مصروف (پارٹنر کی اپنی حد)' },
    how: {
      en: 'partnerRequestsPerMinute 1 in /__sim/limits, then the CNIC submitted (429): worded as a busy service, not the citizen’s attempts.',
      ur: '‎/__sim/limits‎ میں partnerRequestsPerMinute 1، پھر نمبر جمع کرایا ‏(429)۔',
    },
    phase: 'rate',
    setup: (cells) => each(cells, ({ widget }) => ready(widget)),
    drive: async (cells) => {
      const limits = await sandbox.limits();
      // The limit is a fixed window of one minute: use it up first (with an API call: reading the
      // partner's details has a window of its own), so the cells' creates are refused.
      const windowUsedUp = async () => {
        await sandbox.setLimits({ ...limits, partnerRequestsPerMinute: 1 });
        await fetch(`${SANDBOX_URL}/v1/consent-requests/req_gallery_window`, {
          headers: { [PARTNER_KEY_HEADER]: GALLERY_PARTNER.key },
        });
      };
      const answered = (widget: Widget) =>
        until(
          widget,
          'the answer',
          () => lastError(widget) !== null || ['code-entry', 'expiring-soon'].includes(stateOf(widget)),
        );
      try {
        let through = cells.map((cell) => cell.widget);
        for (let round = 1; through.length; round += 1) {
          if (round > 3)
            throw new DriveError(
              `not refused in ${round - 1} rounds (state ${stateOf(through[0]!)}, last error ${lastError(through[0]!) ?? 'none'})`,
            );
          if (round > 1) {
            // A minute began between using the window up and a create: start those cells again
            // (loading the partner's details needs the limit lifted), then refuse them.
            await sandbox.setLimits(limits);
            for (const widget of through) (widget as Widget & { reset(): void }).reset();
            await Promise.all(through.map(ready));
          }
          await windowUsedUp();
          await Promise.all(
            through.map(async (widget) => {
              delete widget.dataset.lastError;
              await enterCnic(widget, CNIC.ayesha);
              await answered(widget);
            }),
          );
          through = through.filter((widget) => lastError(widget) !== 'rate_limited');
        }
      } finally {
        await sandbox.setLimits(limits);
      }
    },
  },
  {
    id: 'error-cnic-backoff',
    title: { en: 'Error: wait after a lock (CNIC back-off)', ur: 'غلطی: مقفل ہونے کے بعد انتظار' },
    how: {
      en: 'Five wrong codes lock a request; the tag’s reset() starts again and the same CNIC is refused for a while.',
      ur: 'پانچ غلط کوڈ درخواست مقفل کر دیتے ہیں؛ ٹیگ کا ‎reset()‎ دوبارہ شروع کرتا ہے اور وہی نمبر کچھ دیر کے لیے رد ہوتا ہے۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        const citizen = await ctx.freshCitizen();
        await lockWith(cell, citizen);
        (cell.widget as Widget & { reset(): void }).reset();
        await enterCnic(cell.widget, citizen.cnic);
        await untilError(cell.widget, 'cnic_backoff');
      }),
  },
  {
    id: 'sending',
    title: { en: 'Sending the code', ur: 'کوڈ بھیجا جا رہا ہے' },
    how: {
      en: 'CNIC submitted while /__sim/faults holds every answer for 60 s.',
      ur: 'نمبر جمع کرایا جب ‎/__sim/faults‎ ہر جواب 60 سیکنڈ روکتا ہے۔',
    },
    phase: 'hold',
    holds: 'sending',
    attributes: { timeout: '120000' },
    setup: (cells) => each(cells, ({ widget }) => ready(widget)),
    drive: (cells, ctx) =>
      each(cells, async ({ widget }) => {
        const citizen = await ctx.freshCitizen();
        await enterCnic(widget, citizen.cnic);
        await untilState(widget, 'sending');
      }),
  },
  {
    id: 'code-entry',
    title: { en: 'Code entry', ur: 'کوڈ درج کریں' },
    how: {
      en: 'A citizen’s CNIC submitted; the SMS is in their inbox.',
      ur: 'شہری کا نمبر جمع کرایا؛ ایس ایم ایس ان کے ان باکس میں ہے۔',
    },
    phase: 'calm',
    drive: (cells, ctx) => each(cells, (cell) => toCodeStep(cell, ctx)),
  },
  {
    id: 'error-wrong-code',
    title: { en: 'Error: wrong code', ur: 'غلطی: غلط کوڈ' },
    how: {
      en: 'One wrong code entered: the attempts left are shown.',
      ur: 'ایک غلط کوڈ درج کیا: باقی کوششیں دکھائی جاتی ہیں۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        await enterCode(cell.widget, wrongCodeFor(cell.code!));
        await untilError(cell.widget, 'wrong_code');
      }),
  },
  {
    id: 'last-attempt',
    title: { en: 'Warning: one attempt left', ur: 'انتباہ: ایک کوشش باقی' },
    how: {
      en: 'Four wrong codes entered: the next wrong one would lock the request.',
      ur: 'چار غلط کوڈ درج کیے: اگلا غلط کوڈ درخواست بند کر دے گا۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        for (let attempt = 1; attempt <= 4; attempt += 1) {
          delete cell.widget.dataset.lastError;
          await enterCode(cell.widget, wrongCodeFor(cell.code!));
          await untilError(cell.widget, 'wrong_code');
          await until(cell.widget, 'the code step again', () => stateOf(cell.widget) !== 'verifying');
        }
      }),
  },
  {
    id: 'help-path',
    title: { en: 'Not received a text message?', ur: 'ایس ایم ایس نہیں ملا؟' },
    how: {
      en: 'The code step with its help opened: wait, a new code, registering a mobile by SMS to 9000, NADRA.',
      ur: 'کوڈ کا مرحلہ، مدد کھلی ہوئی: انتظار، نیا کوڈ، 9000 پر ایس ایم ایس سے موبائل رجسٹر کرنا، نادرا۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        const help = cell.widget.shadowRoot?.querySelector('details');
        if (!help) throw new DriveError('no "Not received a text message?" path');
        help.open = true;
      }),
  },
  {
    id: 'resend-sent',
    title: { en: 'A new code was sent', ur: 'نیا کوڈ بھیجا گیا' },
    how: {
      en: '“Send a new code” pressed (resendCooldownSeconds 0 in /__sim/limits): only the newest code works.',
      ur: '“نیا کوڈ بھیجیں” دبایا (‎/__sim/limits‎ میں resendCooldownSeconds 0): صرف تازہ ترین کوڈ کام کرتا ہے۔',
    },
    phase: 'resend',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        await resend(cell, 1);
      }),
  },
  {
    id: 'resend-limit',
    title: { en: 'No more new codes', ur: 'مزید نئے کوڈ نہیں' },
    how: {
      en: 'Every new code used up (maxResends 2 in /__sim/limits): the widget says so and what is left.',
      ur: 'سارے نئے کوڈ استعمال ہو گئے (‎/__sim/limits‎ میں maxResends 2): ویجٹ یہی بتاتا ہے اور باقی راستہ بھی۔',
    },
    phase: 'resend',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        await resend(cell, 2);
      }),
  },
  {
    id: 'verifying',
    title: { en: 'Checking the code', ur: 'کوڈ کی جانچ' },
    how: {
      en: 'The right code entered while /__sim/faults holds every answer for 60 s.',
      ur: 'درست کوڈ درج کیا جب ‎/__sim/faults‎ ہر جواب 60 سیکنڈ روکتا ہے۔',
    },
    phase: 'hold',
    holds: 'verifying',
    attributes: { timeout: '120000' },
    setup: (cells, ctx) => each(cells, (cell) => toCodeStep(cell, ctx)),
    drive: (cells) =>
      each(cells, async (cell) => {
        await enterCode(cell.widget, cell.code!);
        await untilState(cell.widget, 'verifying');
      }),
  },
  {
    id: 'expiring-soon',
    title: { en: 'Code expiring soon', ur: 'کوڈ کی میعاد ختم ہونے والی' },
    how: {
      en: 'Code sent with passcodeTtlSeconds 60 in /__sim/limits: under a minute left.',
      ur: '‎/__sim/limits‎ میں passcodeTtlSeconds 60 کے ساتھ کوڈ بھیجا: ایک منٹ سے کم باقی۔',
    },
    phase: 'short-ttl',
    holds: 'expiring-soon',
    drive: async (cells, ctx) => {
      const limits = await sandbox.limits();
      await sandbox.setLimits({ ...limits, passcodeTtlSeconds: 60 });
      try {
        await each(cells, (cell) => toCodeStep(cell, ctx));
      } finally {
        await sandbox.setLimits(limits);
      }
      await each(cells, ({ widget }) => untilState(widget, 'expiring-soon'));
    },
  },
  {
    id: 'expired',
    title: { en: 'Code expired', ur: 'کوڈ کی میعاد ختم' },
    how: {
      en: 'The clock moved 11 minutes on with /__sim/clock, then the code entered.',
      ur: '‎/__sim/clock‎ سے گھڑی 11 منٹ آگے کی، پھر کوڈ درج کیا۔',
    },
    phase: 'clock',
    setup: (cells, ctx) => each(cells, (cell) => toCodeStep(cell, ctx)),
    drive: async (cells) => {
      await sandbox.advanceClock(11 * 60);
      await each(cells, async (cell) => {
        await enterCode(cell.widget, cell.code!);
        await untilError(cell.widget, 'code_expired');
        await untilState(cell.widget, 'expired');
      });
    },
  },
  {
    id: 'locked',
    title: { en: 'Locked, with when to start again', ur: 'مقفل، دوبارہ شروع کرنے کے وقت کے ساتھ' },
    how: {
      en: 'Five wrong codes in a row: the time the back-off ends, and a countdown.',
      ur: 'لگاتار پانچ غلط کوڈ: انتظار ختم ہونے کا وقت، اور الٹی گنتی۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await lockWith(cell, await ctx.freshCitizen());
      }),
  },
  {
    id: 'cancelled',
    title: { en: 'Cancelled by the citizen', ur: 'شہری نے منسوخ کیا' },
    how: {
      en: 'Cancel pressed once a code was sent (the page gets ijazat-cancel).',
      ur: 'کوڈ بھیجے جانے کے بعد منسوخ دبایا (صفحے کو ijazat-cancel ملتا ہے)۔',
    },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        pressButton(cell.widget, ['Cancel', 'منسوخ کریں']);
        await untilState(cell.widget, 'cancelled');
      }),
  },
  {
    id: 'granted',
    title: { en: 'Granted', ur: 'اجازت دی گئی' },
    how: { en: 'The code read from the SIM inbox and entered.', ur: 'سم کے ان باکس سے کوڈ پڑھ کر درج کیا۔' },
    phase: 'calm',
    drive: (cells, ctx) =>
      each(cells, async (cell) => {
        await toCodeStep(cell, ctx);
        await enterCode(cell.widget, cell.code!);
        await untilState(cell.widget, 'granted');
      }),
  },
];
