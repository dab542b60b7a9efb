/**
 * The consent flow as a plain state machine: no DOM, no timers of its own. The element feeds it what
 * the citizen typed and pressed, and renders `state`, `error`, `busy` and the service's answers.
 */
import { isTransient, type ServiceClient, type ServiceFailure } from '../client/service-client.js';
import type { ErrorCode } from '../../contract/errors.js';
import type { ConsentContext, ConsentRequestView, Grant, Locale } from '../../contract/schemas.js';
import { parseCnic } from '../input/cnic.js';
import type { DigitsIssue } from '../input/digits.js';
import { parsePasscode } from '../input/passcode.js';

export type ConsentState =
  | 'misconfigured'
  | 'loading'
  | 'unavailable'
  | 'cnic-entry'
  | 'sending'
  | 'code-entry'
  | 'expiring-soon'
  | 'verifying'
  | 'expired'
  | 'locked'
  | 'granted'
  | 'cancelled';

export interface FlowError extends ServiceFailure {
  message?: string;
  /** The field the error belongs to, when the citizen should correct what they typed. */
  field?: 'cnic' | 'code';
  issue?: DigitsIssue;
  count?: number;
}

export interface FlowEvents {
  'ijazat-state': { state: ConsentState };
  'ijazat-passcode-sent': { requestId: string; maskedMobile: string; expiresAt: string };
  'ijazat-granted': { token: string; requestId: string; expiresAt: string };
  'ijazat-error': { code: ErrorCode; message: string };
  'ijazat-cancel': Record<string, never>;
}

export type Emit = <K extends keyof FlowEvents>(type: K, detail: FlowEvents[K]) => void;

/** Below this many seconds left, the code step says the code is expiring soon. */
export const EXPIRING_SOON_SECONDS = 60;

/**
 * Milliseconds on a monotonic clock. Times left are counted from when the service's answer arrived,
 * in the seconds it stated: the device's wall clock may be minutes or days off, and is never asked.
 */
const monotonic = () => performance.now();
const deadline = (seconds?: number | null) => (seconds == null ? undefined : monotonic() + seconds * 1000);

/** The attribute that keeps the element from working, or undefined when the configuration is usable. */
export function configProblem(c: {
  partnerKey?: string | null;
  purpose?: string | null;
  nonce?: string | null;
  locale?: string | null;
  apiBase?: string | null;
}): string | undefined {
  if (!c.partnerKey?.trim()) return 'partner-key';
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(c.purpose ?? '')) return 'purpose';
  if (!/^[\w-]{22,256}$/.test(c.nonce ?? '')) return 'nonce';
  if (c.locale && c.locale != 'en' && c.locale != 'ur') return 'locale';
  if (c.apiBase && !/^https?:\/\/[^/]/.test(c.apiBase)) return 'api-base';
}

const CODE_STEP: ConsentState[] = ['code-entry', 'expiring-soon', 'expired'];

type Outcome<T> = { ok: T } | { fail: ServiceFailure } | undefined;

export class ConsentFlow {
  state: ConsentState = 'loading';
  error?: FlowError;
  context?: ConsentContext;
  request?: ConsentRequestView;
  grant?: Grant;
  /** The CNIC's 13 digits, kept until consent so retrying never needs retyping. */
  cnic = '';
  /** Monotonic deadlines: the code expires; a new code can be sent; a refused step can be retried. */
  expiresAt?: number;
  resendAt?: number;
  retryAt?: number;
  /** How many codes the service sent for this request (a second one means "a new code was sent"). */
  sends = 0;
  private call?: AbortController;
  /** [attempt, Idempotency-Key]: a retry of the same attempt reuses its key. */
  private idem?: [string, string];

  constructor(
    readonly api: ServiceClient,
    readonly purpose: string,
    readonly nonce: string,
    private readonly emit: Emit,
    private readonly changed: () => void,
  ) {}

  /** A call to the service is under way (the button shows progress; nothing can be re-submitted). */
  get busy(): boolean {
    return !!this.call;
  }

  misconfigured(attribute: string): void {
    this.set('misconfigured', {
      code: 'missing_attribute',
      message: `The ${attribute} attribute is missing or malformed.`,
    });
  }

  async load(): Promise<void> {
    this.set('loading');
    const r = await this.run((s) => this.api.context(this.purpose, s));
    if (!r) return;
    if ('ok' in r) {
      this.context = r.ok;
      this.set('cnic-entry');
    } else this.set('unavailable', r.fail);
  }

  async submitCnic(text: string, locale: Locale): Promise<void> {
    if (this.state != 'cnic-entry' || this.busy) return;
    const parsed = parseCnic(text);
    if ('issue' in parsed) return this.set('cnic-entry', { code: 'invalid_cnic', field: 'cnic', ...parsed });
    this.cnic = parsed.digits;
    this.set('sending');
    const body = { purpose: this.purpose, nonce: this.nonce, cnic: this.cnic, locale };
    const r = await this.run((s) => this.api.create(body, this.key(JSON.stringify(body)), s));
    if (!r) return;
    if ('ok' in r) return this.sent(r.ok);
    this.settle(r.fail);
    this.set('cnic-entry', {
      ...r.fail,
      field: r.fail.code == 'cnic_not_found' || r.fail.code == 'invalid_cnic' ? 'cnic' : undefined,
    });
  }

  async submitCode(text: string): Promise<void> {
    // An expired code is still sent: the countdown is only an estimate, the service decides.
    if (!CODE_STEP.includes(this.state) || this.busy) return;
    const parsed = parsePasscode(text);
    if ('issue' in parsed) return this.set(this.state, { code: 'invalid_code', field: 'code', ...parsed });
    const id = this.request!.id;
    this.set('verifying');
    const r = await this.run((s) => this.api.verify(id, parsed.digits, this.key(this.sends + parsed.digits), s));
    if (!r) return;
    if ('ok' in r) {
      // Consent given: forget what the citizen typed.
      this.idem = undefined;
      this.cnic = '';
      this.grant = r.ok;
      this.set('granted');
      this.emit('ijazat-granted', r.ok);
    } else this.failed(r.fail);
  }

  /** "Send a new code": the service voids the old one; the CNIC and the request are kept. */
  async resend(): Promise<void> {
    if (!CODE_STEP.includes(this.state) || this.busy) return;
    const r = await this.run((s) => this.api.resend(this.request!.id, s));
    if (!r) return;
    if ('ok' in r) this.sent(r.ok);
    else this.failed(r.fail);
  }

  /** Leaves the flow: aborts what is under way, and tells the service to close the request. */
  cancel(): void {
    this.call?.abort();
    if ((this.request && CODE_STEP.includes(this.state)) || this.state == 'verifying')
      this.api.cancel(this.request!.id).catch(() => {});
    this.request = undefined;
    this.cnic = '';
    this.set('cancelled');
    this.emit('ijazat-cancel', {});
  }

  /** "Start again" / "Try again" after a dead end: back to the CNIC (kept), or reload the context. */
  restart(): void {
    this.call?.abort();
    this.request = undefined;
    if (this.context) this.set('cnic-entry');
    else void this.load();
  }

  /** The partner's form was submitted without consent: the step's field says what is missing. */
  required(): void {
    const field = this.state == 'cnic-entry' ? 'cnic' : this.codeOpen ? 'code' : undefined;
    if (field) this.set(this.state, { code: `invalid_${field}`, field, issue: 'empty', count: 0 });
  }

  /** Called every second while a code is open: moves to expiring-soon, then expired. */
  tick(): void {
    if (this.state == 'code-entry' || this.state == 'expiring-soon') {
      const next = this.timeState();
      if (next != this.state) this.set(next, next == 'expired' ? undefined : this.error);
    }
  }

  dispose(): void {
    this.call?.abort();
  }

  /** Milliseconds until a monotonic deadline (0 when past or absent). */
  msUntil(at?: number): number {
    return at ? Math.max(0, at - monotonic()) : 0;
  }

  secondsUntil(at?: number): number {
    return Math.ceil(this.msUntil(at) / 1000);
  }

  get codeOpen(): boolean {
    return this.state == 'code-entry' || this.state == 'expiring-soon';
  }

  private sent(view: ConsentRequestView): void {
    this.idem = undefined;
    this.request = view;
    this.expiresAt = deadline(view.expiresInSeconds);
    this.resendAt = deadline(view.resendInSeconds);
    this.sends++;
    this.set(this.timeState());
    this.emit('ijazat-passcode-sent', {
      requestId: view.id,
      maskedMobile: view.maskedMobile,
      expiresAt: view.expiresAt,
    });
  }

  private failed(f: ServiceFailure): void {
    this.settle(f);
    const req = this.request!;
    if (f.attemptsLeft != null) req.attemptsLeft = f.attemptsLeft;
    if (f.code == 'resend_too_soon') this.resendAt = deadline(f.retryAfterSeconds);
    if (f.code == 'resend_limit_reached') req.resendsLeft = 0;
    const next: ConsentState =
      f.code == 'request_locked'
        ? 'locked'
        : /^(code_expired|request_closed|request_not_found)$/.test(f.code)
          ? 'expired'
          : this.timeState();
    this.set(next, { ...f, field: f.code == 'wrong_code' || f.code == 'invalid_code' ? 'code' : undefined });
  }

  private timeState(): ConsentState {
    const left = this.secondsUntil(this.expiresAt);
    return left <= 0 ? 'expired' : left <= EXPIRING_SOON_SECONDS ? 'expiring-soon' : 'code-entry';
  }

  /** After an answer from the service the attempt is over; after a lost one it may be retried. */
  private settle(f: ServiceFailure): void {
    if (!isTransient(f.code)) this.idem = undefined;
  }

  private key(attempt: string): string {
    if (this.idem?.[0] != attempt) this.idem = [attempt, crypto.randomUUID()];
    return this.idem[1];
  }

  private async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const ctl = (this.call = new AbortController());
    this.changed();
    try {
      return { ok: await call(ctl.signal) };
    } catch (e) {
      // An aborted call (cancel, restart, reset) ends silently: whoever aborted it moved on.
      return ctl.signal.aborted ? undefined : { fail: e as ServiceFailure };
    } finally {
      if (this.call == ctl) this.call = undefined;
    }
  }

  private set(state: ConsentState, error?: FlowError): void {
    // A limit or a lock: nothing can succeed before the service's time (a failure may be retried at once).
    if (error?.retryAfterSeconds && error.code != 'resend_too_soon' && !isTransient(error.code))
      this.retryAt = deadline(error.retryAfterSeconds);
    const was = this.state;
    const had = this.error;
    this.state = state;
    this.error = error;
    if (was != state) this.emit('ijazat-state', { state });
    if (error && error != had) this.emit('ijazat-error', { code: error.code, message: error.message ?? '' });
    this.changed();
  }
}
