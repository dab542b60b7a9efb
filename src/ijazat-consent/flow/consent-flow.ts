/**
 * The consent flow as a plain state machine: no DOM, no timers of its own. The element feeds it what
 * the citizen typed and pressed, and renders `state`, `error`, `busy` and the service's answers.
 */
import type { ErrorCode } from '../../contract/errors.js';
import { parseCnic, type DigitsIssue } from '../../contract/cnic.js';
import type { ConsentContext, ConsentRequestView, Grant, Locale } from '../../contract/schemas.js';
import { isTransient, type ServiceClient, type ServiceFailure } from '../client/service-client.js';
import { parsePasscode } from '../input/passcode.js';
import { outcomeOf, type Field } from './error-outcomes.js';

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
  field?: Field;
  issue?: DigitsIssue;
  count?: number;
}

export interface FlowEvents {
  'ijazat-state': { state: ConsentState };
  /** No mobile, not even masked: before consent nothing says whether or where a code went. */
  'ijazat-passcode-sent': { requestId: string; expiresAt: string };
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
const monotonic = (): number => performance.now();
const deadline = (seconds?: number | null): number | undefined =>
  typeof seconds === 'number' ? monotonic() + seconds * 1000 : undefined;

/** The attribute that keeps the element from working, or undefined when the configuration is usable. */
export function configProblem(config: {
  partnerKey?: string | null;
  purpose?: string | null;
  nonce?: string | null;
  locale?: string | null;
  apiBase?: string | null;
}): string | undefined {
  if (!config.partnerKey?.trim()) return 'partner-key';
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(config.purpose ?? '')) return 'purpose';
  if (!/^[\w-]{22,256}$/.test(config.nonce ?? '')) return 'nonce';
  if (config.locale && config.locale !== 'en' && config.locale !== 'ur') return 'locale';
  if (config.apiBase && !/^https?:\/\/[^/]/.test(config.apiBase)) return 'api-base';
}

/** The states of the code step: a code was sent (it may have expired since). */
export const CODE_STEP: ConsentState[] = ['code-entry', 'expiring-soon', 'expired'];

type Outcome<T> = { ok: T } | { fail: ServiceFailure } | undefined;

export class ConsentFlow {
  state: ConsentState = 'loading';
  error?: FlowError;
  context?: ConsentContext;
  request?: ConsentRequestView;
  grant?: Grant;
  /** The CNIC's 13 digits, kept until consent so retrying never needs retyping. */
  cnic = '';
  /** Monotonic deadlines: the code expires; a new code can be sent; a refused step can be tried again. */
  expiresAt?: number;
  resendAt?: number;
  retryAt?: number;
  /** How many codes the service sent for this request (a second one means "a new code was sent"). */
  sends = 0;
  #call?: AbortController;
  /** The attempt under way and its Idempotency-Key: a retry of the same attempt reuses the key. */
  #idempotency?: { attempt: string; key: string };
  readonly #emit: Emit;
  readonly #changed: () => void;
  readonly #describe: (error: FlowError) => string;

  /**
   * `changed` is called after every change the element renders; `describe` gives an error with no
   * message of the service's (the widget's own codes) the words the citizen was shown, for the
   * `ijazat-error` event.
   */
  constructor(
    readonly api: ServiceClient,
    readonly purpose: string,
    readonly nonce: string,
    emit: Emit,
    changed: () => void,
    describe: (error: FlowError) => string,
  ) {
    this.#emit = emit;
    this.#changed = changed;
    this.#describe = describe;
  }

  /** A call to the service is under way (the button shows progress; nothing can be re-submitted). */
  get busy(): boolean {
    return !!this.#call;
  }

  misconfigured(attribute: string): void {
    this.#set('misconfigured', {
      code: 'missing_attribute',
      message: `The ${attribute} attribute is missing or malformed.`,
    });
  }

  async load(): Promise<void> {
    this.#set('loading');
    const outcome = await this.#run((signal) => this.api.context(this.purpose, signal));
    if (!outcome) return;
    if ('ok' in outcome) {
      this.context = outcome.ok;
      this.#set('cnic-entry');
    } else this.#set('unavailable', outcome.fail);
  }

  async submitCnic(text: string, locale: Locale): Promise<void> {
    if (this.state !== 'cnic-entry' || this.busy) return;
    const parsed = parseCnic(text);
    if ('issue' in parsed) return this.#set('cnic-entry', { code: 'invalid_cnic', field: 'cnic', ...parsed });
    this.cnic = parsed.digits;
    this.#set('sending');
    const body = { purpose: this.purpose, nonce: this.nonce, cnic: this.cnic, locale };
    const outcome = await this.#run((signal) => this.api.create(body, this.#key(JSON.stringify(body)), signal));
    if (!outcome) return;
    if ('ok' in outcome) return this.#sent(outcome.ok);
    this.#settle(outcome.fail);
    this.#set('cnic-entry', { ...outcome.fail, field: outcomeOf(outcome.fail.code).field });
  }

  async submitCode(text: string): Promise<void> {
    // A code the countdown says has expired is still sent: the countdown estimates, the service decides.
    if (!CODE_STEP.includes(this.state) || this.busy) return;
    const parsed = parsePasscode(text);
    if ('issue' in parsed) return this.#set(this.state, { code: 'invalid_code', field: 'code', ...parsed });
    const id = this.request!.id;
    this.#set('verifying');
    const outcome = await this.#run((signal) =>
      this.api.verify(id, parsed.digits, this.#key(this.sends + parsed.digits), signal),
    );
    if (!outcome) return;
    if ('ok' in outcome) {
      // Consent given: forget what the citizen typed.
      this.#idempotency = undefined;
      this.cnic = '';
      this.grant = outcome.ok;
      this.#set('granted');
      this.#emit('ijazat-granted', outcome.ok);
    } else this.#failed(outcome.fail);
  }

  /** "Send a new code": the service voids the old one; the CNIC and the request are kept. */
  async resend(): Promise<void> {
    if (!CODE_STEP.includes(this.state) || this.busy) return;
    const outcome = await this.#run((signal) => this.api.resend(this.request!.id, signal));
    if (!outcome) return;
    if ('ok' in outcome) this.#sent(outcome.ok);
    else this.#failed(outcome.fail);
  }

  /** Leaves the flow: aborts what is under way, and tells the service to close the request. */
  cancel(): void {
    this.#call?.abort();
    if ((this.request && CODE_STEP.includes(this.state)) || this.state === 'verifying')
      this.api.cancel(this.request!.id).catch(() => {});
    this.request = undefined;
    this.cnic = '';
    this.#set('cancelled');
    this.#emit('ijazat-cancel', {});
  }

  /** "Start again" / "Try again" after a dead end: back to the CNIC (kept), or reload the context. */
  restart(): void {
    this.#call?.abort();
    this.request = undefined;
    if (this.context) this.#set('cnic-entry');
    else void this.load();
  }

  /** The partner's form was submitted without consent: the step's field says what is missing. */
  required(): void {
    const field = this.state === 'cnic-entry' ? 'cnic' : CODE_STEP.includes(this.state) ? 'code' : undefined;
    if (field) this.#set(this.state, { code: `invalid_${field}`, field, issue: 'empty', count: 0 });
  }

  /** Called every second while a code is open: moves to expiring-soon, then expired. */
  tick(): void {
    if (this.codeOpen) {
      const next = this.#timeState();
      if (next !== this.state) this.#set(next, next === 'expired' ? undefined : this.error);
    }
  }

  dispose(): void {
    this.#call?.abort();
  }

  /** Seconds the service still asks the citizen to wait before trying again (a lock, a limit). */
  get waiting(): number {
    return this.secondsUntil(this.retryAt);
  }

  /** Seconds until a monotonic deadline (0 when past or absent). */
  secondsUntil(at?: number): number {
    return at ? Math.max(0, Math.ceil((at - monotonic()) / 1000)) : 0;
  }

  get codeOpen(): boolean {
    return this.state === 'code-entry' || this.state === 'expiring-soon';
  }

  #sent(view: ConsentRequestView): void {
    this.#idempotency = undefined;
    this.request = view;
    this.expiresAt = deadline(view.expiresInSeconds);
    this.resendAt = deadline(view.resendInSeconds);
    this.sends++;
    this.#set(this.#timeState());
    this.#emit('ijazat-passcode-sent', { requestId: view.id, expiresAt: view.expiresAt });
  }

  /** A verify or resend the service refused (or that failed): the request learns what the answer says. */
  #failed(failure: ServiceFailure): void {
    this.#settle(failure);
    const request = this.request!;
    if (typeof failure.attemptsLeft === 'number') request.attemptsLeft = failure.attemptsLeft;
    if (failure.code === 'resend_limit_reached') request.resendsLeft = 0;
    const { ends, field } = outcomeOf(failure.code);
    this.#set(ends ?? this.#timeState(), { ...failure, field });
  }

  #timeState(): ConsentState {
    const left = this.secondsUntil(this.expiresAt);
    return left <= 0 ? 'expired' : left <= EXPIRING_SOON_SECONDS ? 'expiring-soon' : 'code-entry';
  }

  /**
   * After an answer from the service the attempt is over, and its "not before" is kept: a new code's
   * cooldown, or a lock or limit of the CNIC that nothing succeeds before. After a lost call the
   * attempt may be retried at once, with the same key.
   */
  #settle(failure: ServiceFailure): void {
    if (isTransient(failure.code)) return;
    this.#idempotency = undefined;
    const notBefore = deadline(failure.retryAfterSeconds);
    if (!notBefore) return;
    if (failure.code === 'resend_too_soon') this.resendAt = notBefore;
    else this.retryAt = notBefore;
  }

  #key(attempt: string): string {
    if (this.#idempotency?.attempt !== attempt) this.#idempotency = { attempt, key: crypto.randomUUID() };
    return this.#idempotency.key;
  }

  async #run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const controller = (this.#call = new AbortController());
    this.#changed();
    try {
      return { ok: await call(controller.signal) };
    } catch (failure) {
      // An aborted call (cancel, restart, reset) ends silently: whoever aborted it moved on.
      // The client throws nothing but ServiceFailure values.
      return controller.signal.aborted ? undefined : { fail: failure as ServiceFailure };
    } finally {
      if (this.#call === controller) this.#call = undefined;
    }
  }

  #set(state: ConsentState, error?: FlowError): void {
    const previousState = this.state;
    const previousError = this.error;
    this.state = state;
    this.error = error;
    if (previousState !== state) this.#emit('ijazat-state', { state });
    if (error && error !== previousError)
      this.#emit('ijazat-error', { code: error.code, message: error.message || this.#describe(error) });
    this.#changed();
  }
}
