/**
 * Sends due webhook deliveries with real HTTP POSTs (fetch), at least once: an attempt counts as
 * delivered only on a 2xx answer; anything else (an error status, a refused connection, no answer in
 * time, a redirect) is retried after the back-off. It wakes when the simulator's state changes (a new
 * event, the clock moved) and when the next retry falls due, and sends each delivery at most once at
 * a time. It also wakes when the next consent of a partner with an endpoint expires, to announce it.
 * The Node HTTP server runs one; in the browser it sends from the page, so the receiving
 * endpoint must allow the page's origin (CORS), which partner backends usually do not.
 */
import { WEBHOOK_SIGNATURE_HEADER } from '../../src/contract/webhooks.js';
import type { Simulator } from '../simulator.js';
import type { OutgoingDelivery } from './deliveries.js';

export interface WebhookDispatcherOptions {
  /** Give up on one attempt after this long, in ms (then it is retried). Default 10 000. */
  timeoutMs?: number;
  /** The HTTP client; default the global fetch. */
  fetch?: typeof fetch;
}

/** Sleep at most this long (real ms) between looks, in case the clock moved in another tab. */
const MAX_SLEEP_MS = 60_000;

export class WebhookDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Aborts attempts in flight when the dispatcher stops. */
  private readonly stopping = new AbortController();
  private readonly unsubscribe: () => void;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly simulator: Simulator,
    options: WebhookDispatcherOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.unsubscribe = simulator.onChange(() => this.wake());
    this.wake();
  }

  /** Looks for due work now (coalesced: a wake during a look makes one more look after it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.look().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async look(): Promise<void> {
    try {
      if (!(await this.simulator.hasWebhookEndpoints())) return;
      const { pending, nextExpiryAt } = await this.simulator.webhookWork();
      const now = this.simulator.clock.now();
      // One attempt per delivery at a time; one in flight wakes this again when its outcome is recorded.
      const waiting = pending.filter(({ id }) => !this.inFlight.has(id));
      for (const { id } of waiting.filter(({ dueAt }) => dueAt <= now)) this.track(id, this.deliver(id));
      const nextRetry = waiting.find(({ dueAt }) => dueAt > now)?.dueAt ?? null;
      this.sleepUntil(
        nextRetry === null || nextExpiryAt === null ? (nextRetry ?? nextExpiryAt) : Math.min(nextRetry, nextExpiryAt),
      );
    } catch {
      // The simulator closed or a read failed: the next change or timer looks again.
      this.sleepUntil(this.simulator.clock.now() + MAX_SLEEP_MS);
    }
  }

  private track(id: string, attempt: Promise<void>): void {
    this.inFlight.set(
      id,
      attempt.finally(() => this.inFlight.delete(id)),
    );
  }

  private sleepUntil(dueAt: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (dueAt === null || this.stopped) return;
    const delay = Math.min(Math.max(dueAt - this.simulator.clock.now(), 0), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.wake(), delay + 5);
    // Node: a pending retry does not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async deliver(deliveryId: string): Promise<void> {
    try {
      const outgoing = await this.simulator.prepareWebhookDelivery(deliveryId);
      if (!outgoing) return;
      const at = this.simulator.clock.now();
      const outcome = await this.post(outgoing);
      if (this.stopped) return; // recorded by nobody: it is still pending, so it is sent again later
      await this.simulator.recordWebhookAttempt(deliveryId, outcome, at);
    } catch {
      // The simulator closed or a write failed: the delivery is still pending; look again later.
      if (!this.timer) this.sleepUntil(this.simulator.clock.now() + MAX_SLEEP_MS);
    }
  }

  private async post(outgoing: OutgoingDelivery): Promise<{ status: number | null; error: string | null }> {
    try {
      const response = await this.fetch(outgoing.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: outgoing.signature,
          'user-agent': 'ijazat-webhooks/1',
        },
        body: outgoing.body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopping.signal]),
      });
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { status: response.status, error: ok ? null : `http_${response.status}` };
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      return {
        status: null,
        error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection_failed',
      };
    }
  }

  /** Stops looking and waits for attempts in flight (their outcomes are not recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.inFlight.values());
  }
}
