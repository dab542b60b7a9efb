/**
 * The simulated verification service: the domain operations over one IndexedDB database, with
 * simulated time, limits, faults and a serial queue for state changes. Handlers (handlers/) turn
 * HTTP into calls on this object; tests and the demo may call it directly too.
 */
import type { JWK } from 'jose';
import { DEFAULT_API_BASE, SANDBOX_ISSUER } from '../src/contract/api.js';
import type {
  AuditCheckpoint,
  AuditCheckpointView,
  ConsentRequestView,
  ConsentStatusView,
  Grant,
} from '../src/contract/schemas.js';
import type { TestTokenAnswer, TestTokenKindsAnswer, TestTokenRequest } from '../src/contract/test-tokens.js';
import { Clock, toIso } from './clock.js';
import { verifyAuditChain, type AuditChainResult } from './domain/audit.js';
import { signAuditCheckpoint } from './domain/audit-checkpoint.js';
import {
  cancelConsentRequest,
  createConsentRequest,
  getConsentRequest,
  resendPasscode,
  verifyPasscode,
  type CreateInput,
} from './domain/consent-request.js';
import type { SimulatorContext } from './domain/context.js';
import { sendFromSim, simMessages, type SendInput } from './domain/enrollment.js';
import { citizenMobileChanges, settleMobileChanges } from './domain/mobile-change.js';
import { idempotencyScope, replayUntil, requestFingerprint, storable } from './domain/idempotency.js';
import { citizenConsents, partnerConsentStatus, revokeConsent } from './domain/ledger.js';
import { fail, succeed, type Outcome } from './domain/outcome.js';
import { FixedWindows, HOUR, MINUTE } from './domain/rate-limit.js';
import { addCitizen, identities, type NewCitizen } from './domain/registry.js';
import { rotateSigningKeys, seedSandbox } from './domain/sandbox.js';
import { jwks } from './domain/signing-keys.js';
import { sweepHistory, type SweepResult } from './domain/retention.js';
import { issueTestToken, testTokenKinds } from './domain/test-tokens.js';
import { NO_FAULTS, type Faults } from './faults.js';
import { DEFAULT_LIMITS, Limits } from './limits.js';
import { SerialQueue } from './serial-queue.js';
import { MemoryDatabase } from './store/memory-database.js';
import { openSimulatorDatabase, type DurableStore, type SimulatorDatabase } from './store/open.js';
import { RecordCache } from './store/record-cache.js';
import { RegistryMemo } from './store/registry-memo.js';
import type { AuditEntry, PartnerRecord, SecretsRecord } from './store/schema.js';
import { dumpState, loadState, readAllRecords, type StateSnapshot } from './store/snapshot.js';
import { httpStatusOf } from './status.js';
import {
  announceExpiries,
  deliveryLog,
  nextExpiryAt,
  pendingDeliveries,
  prepareDelivery,
  recordAttempt,
  type OutgoingDelivery,
} from './webhooks/deliveries.js';
import { deleteEndpoint, listEndpoints, registerEndpoint } from './webhooks/endpoints.js';

export interface SimulatorOptions {
  /** IndexedDB database name (default `ijazat-simulator`). */
  dbName?: string;
  /** The IndexedDB to use (default the global `indexedDB`; Node passes a fake-indexeddb factory). */
  indexedDB?: IDBFactory;
  /**
   * Where state lives: `indexeddb` (default) or `memory` (store/memory-database.ts: the same records
   * in plain memory, for the Node HTTP server, whose persistence is its `--data` file).
   */
  store?: 'indexeddb' | 'memory';
  /**
   * An already opened store to run on instead (the Node server's SQLite database for `--data`); when
   * it has `whenDurable`, answers wait for it (see Simulator.whenDurable).
   */
  database?: SimulatorDatabase & Partial<DurableStore>;
  limits?: Partial<Limits>;
  /** The token issuer (`iss`), default SANDBOX_ISSUER. */
  issuer?: string;
  /** Origins added to every seeded partner's allow-list. */
  origins?: string[];
  /**
   * Host names, besides loopback ones, that the sandbox controls (/__sim) answer. Default: the
   * sandbox's own `sandbox.ijazat.test` (the widget's default api-base), which only the in-process
   * carriers (MSW) ever see; the HTTP server passes its `--allow-host` names instead.
   */
  sandboxHosts?: string[];
  /** Generate exportable keys (Node only, for `--data`); default false. */
  extractableKeys?: boolean;
  /** Start from this state instead of the stored one or the seeds. */
  initialState?: StateSnapshot;
  /**
   * Tell other simulators on the same database (other tabs of the origin) about changes, and listen
   * for theirs, so their in-memory secrets, clock and registry indexes follow (BroadcastChannel).
   * startBrowserSimulator turns it on.
   */
  shareAcrossTabs?: boolean;
}

/** How many state changes pass between two history sweeps. */
const SWEEP_EVERY = 1_000;

export type { Faults } from './faults.js';
export type { Limits } from './limits.js';

export class Simulator {
  readonly clock = new Clock();
  readonly queue = new SerialQueue();
  private readonly rateLimit = new FixedWindows();
  private faultState: Faults = { ...NO_FAULTS };
  private changesSinceSweep = 0;
  private readonly listeners = new Set<() => void>();
  private readonly initialLimits: Limits;
  private readonly channel: BroadcastChannel | null;
  readonly ctx: SimulatorContext;
  /** Host names besides loopback that /__sim answers (see SimulatorOptions.sandboxHosts). */
  readonly sandboxHosts: readonly string[];

  private constructor(
    readonly db: SimulatorDatabase,
    options: SimulatorOptions,
    secrets: SecretsRecord | null,
  ) {
    this.ctx = {
      db,
      registry: new RegistryMemo(db),
      records: new RecordCache(db),
      clock: this.clock,
      limits: Limits.parse({ ...DEFAULT_LIMITS, ...options.limits }),
      issuer: options.issuer ?? SANDBOX_ISSUER,
      extractableKeys: options.extractableKeys ?? false,
      extraOrigins: options.origins ?? [],
      secrets: secrets!,
      auditHead: undefined,
      lastWrite: Promise.resolve(),
      smsDelayMs: () => this.faultState.smsDelayMs,
      changed: () => {
        this.channel?.postMessage('changed');
        this.listeners.forEach((listener) => listener());
      },
    };
    this.initialLimits = this.ctx.limits;
    this.sandboxHosts = (options.sandboxHosts ?? [new URL(DEFAULT_API_BASE).hostname]).map((host) =>
      host.toLowerCase(),
    );
    this.channel =
      options.shareAcrossTabs && typeof BroadcastChannel !== 'undefined'
        ? new BroadcastChannel(`ijazat-simulator:${options.dbName ?? 'ijazat-simulator'}`)
        : null;
    this.channel?.addEventListener('message', () => void this.queue.run(() => this.reloadShared()));
  }

  /** Another tab changed the database: re-read what this one keeps in memory. */
  private async reloadShared(): Promise<void> {
    this.ctx.registry.invalidate();
    this.ctx.records.clear();
    this.ctx.auditHead = undefined;
    const secrets = (await this.db.get('meta', 'secrets')) as SecretsRecord | undefined;
    if (secrets) this.ctx.secrets = secrets;
    const clock = (await this.db.get('meta', 'clock')) as { offsetMs: number } | undefined;
    this.clock.set(clock?.offsetMs ?? 0);
  }

  static async open(options: SimulatorOptions = {}): Promise<Simulator> {
    let db: SimulatorDatabase;
    if (options.database) db = options.database;
    else if (options.store === 'memory') db = MemoryDatabase.open();
    else {
      const factory = options.indexedDB ?? globalThis.indexedDB;
      if (!factory)
        throw new Error('No IndexedDB: pass options.indexedDB (Node: use simulator/node.ts), or use store: "memory".');
      db = await openSimulatorDatabase(factory, options.dbName ?? 'ijazat-simulator');
    }
    if (options.initialState) await loadState(db, options.initialState);
    const secrets = (await db.get('meta', 'secrets')) as SecretsRecord | undefined;
    const simulator = new Simulator(db, options, secrets ?? null);
    if (secrets) {
      const clock = (await db.get('meta', 'clock')) as { offsetMs: number } | undefined;
      simulator.clock.set(clock?.offsetMs ?? 0);
    } else {
      await seedSandbox(simulator.ctx, 'seeded');
    }
    return simulator;
  }

  /**
   * Resolves when every change made so far is on disk. IndexedDB and the memory store report a write
   * done when it is stored; the SQLite store commits a group of writes at once, and a read may see
   * writes of its group before that commit: the HTTP server waits for this before any answer, so no
   * answer reports what a crash could still take back.
   */
  whenDurable(): Promise<void> {
    return (this.db as SimulatorDatabase & Partial<DurableStore>).whenDurable?.() ?? Promise.resolve();
  }

  /** Called after every committed state change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get limits(): Limits {
    return { ...this.ctx.limits };
  }

  setLimits(patch: Partial<Limits>): Limits {
    this.ctx.limits = Limits.parse({ ...this.ctx.limits, ...patch });
    return this.limits;
  }

  get faults(): Faults {
    return { ...this.faultState };
  }

  setFaults(patch: Partial<Faults>): Faults {
    this.faultState = { ...this.faultState, ...patch };
    return this.faults;
  }

  /** Decides the injected fault for one /v1 or JWKS request. */
  drawFault(): 'fail' | 'drop' | null {
    if (this.faultState.failNext > 0) {
      this.faultState.failNext -= 1;
      return 'fail';
    }
    if (this.faultState.dropRate > 0 && Math.random() < this.faultState.dropRate) return 'drop';
    if (this.faultState.failureRate > 0 && Math.random() < this.faultState.failureRate) return 'fail';
    return null;
  }

  // --- who is asking -------------------------------------------------------------------------

  async partnerByPublishableKey(key: string): Promise<PartnerRecord | undefined> {
    return (await this.ctx.registry.get()).partnersByPublishableKey.get(key);
  }

  async partnerBySecretKey(key: string): Promise<PartnerRecord | undefined> {
    return (await this.ctx.registry.get()).partnersBySecretKey.get(key);
  }

  /**
   * Counts one answered publishable-key request: against its partner key and client address, and
   * (API calls) the key's ceiling across all addresses. The context read has its own window per
   * address, so reading the partner's details never uses up the budget for creates. Seconds to wait
   * when over a limit (then nothing is counted), else null.
   */
  takePublishable(partnerId: string, clientAddress: string | null, kind: 'api' | 'context'): number | null {
    const { limits } = this.ctx;
    const now = this.clock.now();
    const client = `${kind}|${partnerId}|${clientAddress ?? 'local'}`;
    const ceiling = `ceiling|${partnerId}`;
    const wait =
      this.rateLimit.wait(client, limits.partnerRequestsPerMinute, MINUTE, now) ??
      (kind === 'api' ? this.rateLimit.wait(ceiling, limits.partnerCeilingPerMinute, MINUTE, now) : null);
    if (wait !== null) return wait;
    this.rateLimit.count(client, MINUTE, now);
    if (kind === 'api') this.rateLimit.count(ceiling, MINUTE, now);
    return null;
  }

  /** Counts one secret-key (backend) request: a quota of its own, untouched by anonymous traffic. */
  takeSecret(partnerId: string): number | null {
    return this.rateLimit.take(
      `secret|${partnerId}`,
      this.ctx.limits.secretKeyRequestsPerMinute,
      MINUTE,
      this.clock.now(),
    );
  }

  /** Seconds a client address must wait after its hourly wrong codes (across every CNIC), else null. */
  private wrongCodeWait(clientAddress: string | null): number | null {
    const key = `wrong|${clientAddress ?? 'local'}`;
    return this.rateLimit.wait(key, this.ctx.limits.wrongCodesPerClientPerHour, HOUR, this.clock.now());
  }

  private countWrongCode(clientAddress: string | null): void {
    this.rateLimit.count(`wrong|${clientAddress ?? 'local'}`, HOUR, this.clock.now());
  }

  // --- consent requests ----------------------------------------------------------------------

  createRequest(
    partner: PartnerRecord,
    input: CreateInput,
    host: string,
    idempotencyKey: string | null = null,
  ): Promise<Outcome<ConsentRequestView>> {
    return this.serial(() =>
      this.idempotent(partner.id, 'create', idempotencyKey, input, () =>
        createConsentRequest(this.ctx, partner, input, host),
      ),
    );
  }

  resend(partner: PartnerRecord, requestId: string): Promise<Outcome<ConsentRequestView>> {
    return this.serial(() => resendPasscode(this.ctx, partner, requestId));
  }

  /**
   * Checks a code. Wrong codes also count per client address across every CNIC and partner, so
   * guessing spread over many CNICs (each with its own five tries) stops early; checked and counted
   * inside the queue, so parallel guesses cannot slip past the count.
   */
  verify(
    partner: PartnerRecord,
    requestId: string,
    code: string,
    idempotencyKey: string | null = null,
    clientAddress: string | null = null,
  ): Promise<Outcome<Grant>> {
    return this.serial(() =>
      this.idempotent(partner.id, `verify:${requestId}`, idempotencyKey, { code }, async () => {
        const wait = this.wrongCodeWait(clientAddress);
        if (wait !== null) return fail('rate_limited', { retryAfterSeconds: wait });
        const before = await this.ctx.records.get('requests', requestId);
        const outcome = await verifyPasscode(this.ctx, partner, requestId, code);
        // A code that was checked and wrong: `wrong_code`, or the lock it caused (not the answers a
        // request that was already locked gives without checking anything).
        const checkedWrong =
          !outcome.ok &&
          (outcome.code === 'wrong_code' || (outcome.code === 'request_locked' && before?.status === 'pending'));
        if (checkedWrong) this.countWrongCode(clientAddress);
        return outcome;
      }),
    );
  }

  cancel(partner: PartnerRecord, requestId: string): Promise<Outcome<ConsentRequestView>> {
    return this.serial(() => cancelConsentRequest(this.ctx, partner, requestId));
  }

  getRequest(partner: PartnerRecord, requestId: string): Promise<Outcome<ConsentRequestView>> {
    return getConsentRequest(this.ctx, partner, requestId);
  }

  /** Runs a state change in the queue, then waits until its writes are stored before answering. */
  private async serial<T>(operation: () => Promise<T>): Promise<T> {
    let write: Promise<void> = Promise.resolve();
    const result = await this.queue.run(async () => {
      const value = await operation();
      write = this.ctx.lastWrite;
      return value;
    });
    await write;
    this.countChange();
    return result;
  }

  /** Every SWEEP_EVERY state changes, old history is dropped (domain/retention.ts), off the answer's path. */
  private countChange(): void {
    if (++this.changesSinceSweep < SWEEP_EVERY) return;
    this.changesSinceSweep = 0;
    this.sweepHistory().catch(() => undefined); // a failed sweep drops nothing; the next one tries again
  }

  /**
   * Drops consent requests and SMS older than `historyRetentionDays` (a batch per store; `more` says
   * there may be more). Runs by itself every SWEEP_EVERY changes and after the clock moves.
   */
  sweepHistory(): Promise<SweepResult> {
    return this.queue.run(() => sweepHistory(this.ctx));
  }

  private async idempotent<T>(
    partnerId: string,
    operation: string,
    key: string | null,
    body: unknown,
    run: () => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    if (key === null) return run();
    const scope = idempotencyScope(partnerId, operation, key);
    const fingerprint = await requestFingerprint(this.ctx.secrets.passcodeKey, operation, body);
    const now = this.clock.now();
    const stored = await this.db.get('idempotency', scope);
    if (stored && stored.expiresAt > now) {
      if (stored.fingerprint !== fingerprint) return fail('idempotency_conflict');
      return stored.body as Outcome<T>;
    }
    const outcome = await run();
    const status = httpStatusOf(outcome);
    if (storable(status)) {
      const tx = this.db.transaction('idempotency', 'readwrite');
      // This partner's expired answers go in the same transaction.
      const expired = await tx.store
        .index('partnerId-expiresAt')
        .getAllKeys(IDBKeyRange.bound([partnerId, -Infinity], [partnerId, now]));
      for (const old of expired) void tx.store.delete(old);
      void tx.store.put({
        scope,
        fingerprint,
        status,
        body: outcome,
        createdAt: now,
        partnerId,
        expiresAt: replayUntil(outcome, now),
      });
      await tx.done;
      this.ctx.changed();
    }
    return outcome;
  }

  // --- partner backends, keys ----------------------------------------------------------------

  consentStatus(partner: PartnerRecord, jti: string): Promise<Outcome<ConsentStatusView>> {
    return partnerConsentStatus(this.ctx, partner, jti);
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return jwks((await this.ctx.registry.get()).keys, this.clock.now());
  }

  rotateKeys(): Promise<{ kid: string; kids: string[] }> {
    return this.serial(() => rotateSigningKeys(this.ctx));
  }

  // --- sandbox controls ----------------------------------------------------------------------

  /** A token with one defect by name, for partners' test suites; nothing is stored. */
  testToken(request: TestTokenRequest): Promise<Outcome<TestTokenAnswer>> {
    return issueTestToken(this.ctx, request);
  }

  testTokenKinds(): TestTokenKindsAnswer {
    return testTokenKinds();
  }

  /** Held mobile changes whose time has come are completed first, so the registry shown is current. */
  async identities() {
    await this.serial(() => settleMobileChanges(this.ctx));
    return identities(this.ctx);
  }

  /** A citizen's changes of registered mobile (requested, cancelled, completed), newest first. */
  async mobileChanges(citizenId: string) {
    await this.serial(() => settleMobileChanges(this.ctx));
    return citizenMobileChanges(this.ctx, citizenId);
  }

  addCitizen(input: NewCitizen) {
    return this.serial(() => addCitizen(this.ctx, input));
  }

  /** A SIM's messages in order; with `afterSeq`, only those after message `msg_<afterSeq>`. */
  messages(simId: string, afterSeq = 0) {
    return simMessages(this.ctx, simId, afterSeq);
  }

  sendFromSim(simId: string, input: SendInput) {
    return this.serial(() => sendFromSim(this.ctx, simId, input));
  }

  citizenConsents(citizenId: string) {
    return citizenConsents(this.ctx, citizenId);
  }

  revokeConsent(citizenId: string, jti: string) {
    return this.serial(() => revokeConsent(this.ctx, citizenId, jti));
  }

  // --- consent-status webhooks ------------------------------------------------------------------

  registerWebhook(partnerId: string, url: string) {
    return this.serial(() => registerEndpoint(this.ctx, partnerId, url));
  }

  webhookEndpoints(partnerId: string) {
    return listEndpoints(this.ctx, partnerId);
  }

  deleteWebhook(partnerId: string, endpointId: string) {
    return this.serial(() => deleteEndpoint(this.ctx, partnerId, endpointId));
  }

  webhookDeliveries(partnerId: string) {
    return deliveryLog(this.ctx, partnerId);
  }

  /** Whether any partner has an endpoint: a dispatcher with none has nothing to do. */
  async hasWebhookEndpoints(): Promise<boolean> {
    return (await this.ctx.registry.get()).endpointsByPartner.size > 0;
  }

  /**
   * Writes the consent.expired events due by now; answers every pending delivery, soonest first, and
   * when the next consent expiry falls due (for the dispatcher's timer).
   */
  async webhookWork(): Promise<{ pending: { id: string; dueAt: number }[]; nextExpiryAt: number | null }> {
    return this.serial(async () => {
      await announceExpiries(this.ctx);
      return { pending: await pendingDeliveries(this.ctx), nextExpiryAt: await nextExpiryAt(this.ctx) };
    });
  }

  prepareWebhookDelivery(deliveryId: string): Promise<OutgoingDelivery | null> {
    return this.serial(() => prepareDelivery(this.ctx, deliveryId));
  }

  recordWebhookAttempt(deliveryId: string, outcome: { status: number | null; error: string | null }, at: number) {
    return this.serial(() => recordAttempt(this.ctx, deliveryId, { at, ...outcome }));
  }

  /** The whole log and its check; against `checkpoint` (one signed earlier) when given. */
  async audit(checkpoint?: AuditCheckpoint): Promise<{ entries: AuditEntry[]; chain: AuditChainResult }> {
    const entries = await this.db.getAll('audit');
    return { entries, chain: await verifyAuditChain(entries, checkpoint) };
  }

  /** The log's size and newest hash now, signed (GET /v1/audit/checkpoint). */
  auditCheckpoint(): Promise<AuditCheckpointView> {
    return this.queue.run(() => signAuditCheckpoint(this.ctx));
  }

  /** Simulates an insider editing a stored entry in place (the hash is left as it was). */
  tamperAudit(seq: number, detail: Record<string, unknown>): Promise<Outcome<AuditEntry>> {
    return this.queue.run(async () => {
      const entry = await this.db.get('audit', seq);
      if (!entry) return fail('audit_entry_not_found');
      const edited = { ...entry, detail };
      await this.db.put('audit', edited);
      this.ctx.changed();
      return succeed(edited);
    });
  }

  now(): { now: string } {
    return { now: toIso(this.clock.now()) };
  }

  advanceClock(seconds: number): Promise<{ now: string }> {
    return this.queue.run(async () => {
      this.clock.advance(seconds);
      await this.db.put('meta', { offsetMs: this.clock.offset }, 'clock');
      // Held mobile changes follow the simulated clock: those now due take effect.
      await settleMobileChanges(this.ctx);
      await this.ctx.lastWrite;
      this.ctx.changed();
      // Days may have passed: what fell out of the retention window goes now, a few batches at most.
      for (let batch = 0; batch < 5 && (await sweepHistory(this.ctx)).more; batch++);
      return this.now();
    });
  }

  /** Back to the seeds with new secrets and keys; faults, clock, limits and rate-limit counters too. */
  reset(): Promise<void> {
    return this.serial(async () => {
      this.faultState = { ...NO_FAULTS };
      this.ctx.limits = this.initialLimits;
      this.rateLimit.clear();
      this.clock.set(0);
      await seedSandbox(this.ctx, 'reset');
    });
  }

  /** The stored state as JSON (keys must be extractable: Node only). Waits for queued changes. */
  async exportState(): Promise<StateSnapshot> {
    return this.queue.run(() => dumpState(this.db));
  }

  /** Every stored record, after queued changes (tests compare state before and after a request). */
  records() {
    return this.queue.run(() => readAllRecords(this.db));
  }

  async close(): Promise<void> {
    await this.queue.idle();
    await this.ctx.lastWrite.catch(() => undefined);
    this.channel?.close();
    this.db.close();
  }
}

export function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.open(options);
}
