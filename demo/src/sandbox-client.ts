/**
 * The demo's client for the simulator's `/__sim` controls (see docs/simulator.md). Plain fetch: the
 * MSW worker answers these in the page, exactly as the HTTP simulator would answer them over the wire.
 */
import { DEFAULT_API_BASE, JWKS_PATH, paths } from '../../src/contract/api.js';
import type { AuditCheckpointView } from '../../src/contract/schemas.js';
import type { WebhookDeliveryView, WebhookEndpoint } from '../../src/contract/webhooks.js';
// The simulator's own view types (type-only: nothing of the simulator is bundled by these).
import type {
  AuditChainResult,
  AuditEntry,
  CitizenConsentView,
  CitizenView,
  Faults,
  IdentitiesView,
  Limits,
  MessageView,
  MobileChangeView,
} from '../../simulator/index.js';

/** The service URL the demo's widgets talk to: the widget's default, answered by the in-page simulator. */
export const SANDBOX_URL = DEFAULT_API_BASE;
export const JWKS_URL = `${SANDBOX_URL}${JWKS_PATH}`;

export type { AuditEntry, Faults, Limits };
export type SandboxCitizen = CitizenView;
export type SandboxSim = IdentitiesView['sims'][number];
export type SandboxPartner = IdentitiesView['partners'][number];
export type Identities = IdentitiesView;
export type SmsMessage = MessageView;
export type CitizenConsent = CitizenConsentView;
export type ChainCheck = AuditChainResult;
export type MobileChange = MobileChangeView;
export type Checkpoint = AuditCheckpointView;
export type WebhookDelivery = WebhookDeliveryView;

/** An error answer from the simulator, with its documented code. */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${SANDBOX_URL}${path}`, {
    method,
    // State changes say JSON even without a body: /__sim refuses them otherwise (CSRF guard).
    headers: method === 'GET' ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    throw new SandboxError(
      data?.error?.code ?? 'invalid_response',
      data?.error?.message ?? `HTTP ${response.status}`,
      response.status,
    );
  }
  return data as T;
}

const id = encodeURIComponent;

export const sandbox = {
  identities: () => call<Identities>('GET', '/__sim/identities'),
  addCitizen: (citizen: {
    cnic: string;
    name: string;
    cardStatus: SandboxCitizen['cardStatus'];
    mobile: string | null;
  }) => call<SandboxCitizen>('POST', '/__sim/identities', citizen),
  messages: (simId: string) => call<{ messages: SmsMessage[] }>('GET', `/__sim/sims/${id(simId)}/messages`),
  sendSms: (simId: string, to: string, body: string) =>
    call<{ sent: SmsMessage; reply: SmsMessage | null }>('POST', `/__sim/sims/${id(simId)}/send`, { to, body }),
  mobileChanges: (citizenId: string) =>
    call<{ changes: MobileChange[] }>('GET', `/__sim/citizens/${id(citizenId)}/mobile-changes`),
  consents: (citizenId: string) =>
    call<{ consents: CitizenConsent[] }>('GET', `/__sim/citizens/${id(citizenId)}/consents`),
  revoke: (citizenId: string, jti: string) =>
    call<CitizenConsent>('POST', `/__sim/citizens/${id(citizenId)}/consents/${id(jti)}/revoke`, {}),
  audit: () => call<{ entries: AuditEntry[]; chain: ChainCheck }>('GET', '/__sim/audit'),
  checkpoint: () => call<AuditCheckpointView>('GET', paths.auditCheckpoint),
  tamper: (seq: number, detail: Record<string, unknown>) =>
    call<unknown>('POST', '/__sim/audit/tamper', { seq, detail }),
  faults: () => call<Faults>('GET', '/__sim/faults'),
  setFaults: (faults: Partial<Faults>) => call<Faults>('PUT', '/__sim/faults', faults),
  limits: () => call<Limits>('GET', '/__sim/limits'),
  setLimits: (limits: Limits) => call<Limits>('PUT', '/__sim/limits', limits),
  clock: () => call<{ now: string }>('GET', '/__sim/clock'),
  advanceClock: (advanceSeconds: number) => call<{ now: string }>('POST', '/__sim/clock', { advanceSeconds }),
  rotateKeys: () => call<{ kid: string; kids: string[] }>('POST', '/__sim/keys/rotate', {}),
  reset: () => call<{ ok: true }>('POST', '/__sim/reset', {}),
  registerWebhook: (partnerId: string, url: string) =>
    call<WebhookEndpoint & { jwksUrl: string }>('POST', `/__sim/partners/${id(partnerId)}/webhooks`, { url }),
  webhookDeliveries: (partnerId: string) =>
    call<{ deliveries: WebhookDelivery[] }>('GET', `/__sim/partners/${id(partnerId)}/webhooks/deliveries`),
};

/** Text in the demo's current language, from a service value that may be localized or plain. */
export function localized(value: { en: string; ur: string } | string, locale: 'en' | 'ur'): string {
  return typeof value === 'string' ? value : value[locale];
}
