/**
 * The sandbox controls (/__sim) as operations for the OpenAPI document, tagged `sandbox`, with the
 * shapes they answer. Request bodies are the ones sim.ts validates with.
 *
 * Adding a /__sim route: its entry here (and its answer's schema, exported, so it is named in the
 * document) next to the route in sim.ts.
 */
import { z } from 'zod';
import type { Operation } from '../../src/contract/operations.js';
import { CardStatus, ConsentStatus, EmptyBody, LocalizedText, SharedData } from '../../src/contract/schemas.js';
import { Faults, FaultsPatch } from '../faults.js';
import { Limits, LimitsPatch } from '../limits.js';
import {
  RegisterWebhookBody,
  RegisteredWebhookEndpoint,
  WebhookDeliveryLog,
  WebhookEndpoint,
  WebhookEndpointList,
} from '../../src/contract/webhooks.js';
import { TestTokenAnswer, TestTokenKindsAnswer, TestTokenRequest } from '../../src/contract/test-tokens.js';
import { ClockBody, MessagesQuery, NewCitizenBody, SendBody, TamperBody } from './sim.js';

const IsoTime = z.iso.datetime();

export const SandboxCitizen = z.strictObject({
  id: z.string(),
  /** Formatted `35202-1111111-1`: the sandbox shows its synthetic CNICs; the service never does. */
  cnic: z.string(),
  name: z.string(),
  cardStatus: CardStatus,
  mobile: z.string().nullable(),
  simIds: z.array(z.string()),
  scenario: z.string(),
});

export const SandboxIdentities = z.strictObject({
  citizens: z.array(SandboxCitizen),
  sims: z.array(z.strictObject({ id: z.string(), mobile: z.string(), ownerCnic: z.string(), holderId: z.string() })),
  partners: z.array(
    z.strictObject({
      id: z.string(),
      displayName: LocalizedText,
      publishableKey: z.string(),
      secretKey: z.string(),
      origins: z.array(z.string()),
      purposes: z.array(z.string()),
    }),
  ),
  shortCode: z.string(),
});

export const SmsMessage = z.strictObject({
  id: z.string().regex(/^msg_\d+$/),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  at: IsoTime,
  direction: z.enum(['in', 'out']),
});

export const SmsInbox = z.strictObject({ messages: z.array(SmsMessage) });
export const SmsSent = z.strictObject({ sent: SmsMessage, reply: SmsMessage.nullable() });

export const CitizenConsent = z.strictObject({
  jti: z.string(),
  partner: z.strictObject({ id: z.string(), displayName: LocalizedText }),
  purpose: z.strictObject({ id: z.string(), title: LocalizedText }),
  shared: SharedData,
  grantedAt: IsoTime,
  expiresAt: IsoTime,
  status: ConsentStatus,
  revokedAt: IsoTime.nullable(),
});
export const CitizenConsents = z.strictObject({ consents: z.array(CitizenConsent) });

export const MobileChange = z.strictObject({
  id: z.string(),
  /** Masked (`03•• •••••11`), as the citizen may see them. */
  from: z.string(),
  to: z.string(),
  status: z.enum(['pending', 'cancelled', 'completed']),
  requestedAt: IsoTime,
  /** When the new number takes over if nobody stops it. */
  effectiveAt: IsoTime,
  endedAt: IsoTime.nullable(),
  cancelledBy: z.enum(['old_number', 'superseded']).nullable(),
});
export const MobileChanges = z.strictObject({ changes: z.array(MobileChange) });

export const AuditEntry = z.strictObject({
  seq: z.number().int().min(1),
  at: IsoTime,
  type: z.string(),
  requestId: z.string().nullable(),
  partnerId: z.string().nullable(),
  /** A pseudonymous reference to the citizen, never the CNIC. */
  citizenRef: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export const AuditLog = z.strictObject({
  entries: z.array(AuditEntry),
  chain: z.union([
    z.strictObject({ ok: z.literal(true) }),
    z.strictObject({ ok: z.literal(false), brokenAt: z.number().int(), reason: z.string() }),
  ]),
});

export const SandboxClock = z.strictObject({ now: IsoTime });
export const RotatedKeys = z.strictObject({ kid: z.string(), kids: z.array(z.string()) });
export const SandboxReset = z.strictObject({ ok: z.literal(true) });
export { Faults, Limits, RegisteredWebhookEndpoint, WebhookDeliveryLog, WebhookEndpoint, WebhookEndpointList };
export { WebhookEvent } from '../../src/contract/webhooks.js';
export { TestTokenAnswer, TestTokenKindsAnswer, TestTokenRequest };

const CITIZEN = { citizenId: 'A sandbox citizen id (`GET /__sim/identities`).' };
const SIM = { simId: 'A sandbox SIM id (`GET /__sim/identities`).' };
const PARTNER = { partnerId: 'A sandbox partner id (`GET /__sim/identities`), e.g. `prt_sandbox_bank`.' };

const sandbox = (operation: Omit<Operation, 'tag' | 'caller'>): Operation => ({
  ...operation,
  tag: 'sandbox',
  caller: 'public',
});

export const sandboxOperations: readonly Operation[] = [
  sandbox({
    id: 'listSandboxIdentities',
    method: 'get',
    path: '/__sim/identities',
    summary: 'The synthetic citizens, SIMs and partners (with their keys).',
    answer: { status: 200, schema: SandboxIdentities, description: 'Everything seeded or added.' },
    errors: [],
  }),
  sandbox({
    id: 'addSandboxCitizen',
    method: 'post',
    path: '/__sim/identities',
    summary: 'A new synthetic citizen, with a SIM when a mobile is given.',
    body: NewCitizenBody,
    answer: { status: 201, schema: SandboxCitizen, description: 'The citizen.' },
    errors: ['citizen_exists', 'mobile_in_use'],
  }),
  sandbox({
    id: 'readSimMessages',
    method: 'get',
    path: '/__sim/sims/{simId}/messages',
    summary: "A SIM's SMS, in and out, as its phone shows them (passcodes are read here).",
    params: SIM,
    query: MessagesQuery,
    answer: { status: 200, schema: SmsInbox, description: 'The messages, oldest first.' },
    errors: ['sim_not_found'],
  }),
  sandbox({
    id: 'sendFromSim',
    method: 'post',
    path: '/__sim/sims/{simId}/send',
    summary: "An SMS from a SIM (to the short code: the citizen's CNIC, to register this mobile).",
    params: SIM,
    body: SendBody,
    answer: { status: 200, schema: SmsSent, description: "The SMS sent and the service's reply, if any." },
    errors: ['sim_not_found'],
  }),
  sandbox({
    id: 'listCitizenConsents',
    method: 'get',
    path: '/__sim/citizens/{citizenId}/consents',
    summary: "A citizen's consents, as their own page lists them.",
    params: CITIZEN,
    answer: { status: 200, schema: CitizenConsents, description: 'The consents, oldest first.' },
    errors: ['citizen_not_found'],
  }),
  sandbox({
    id: 'listCitizenMobileChanges',
    method: 'get',
    path: '/__sim/citizens/{citizenId}/mobile-changes',
    summary: "Changes of a citizen's registered mobile: requested (held), cancelled by NO, completed.",
    params: CITIZEN,
    answer: { status: 200, schema: MobileChanges, description: 'The changes, newest first.' },
    errors: ['citizen_not_found'],
  }),
  sandbox({
    id: 'revokeCitizenConsent',
    method: 'post',
    path: '/__sim/citizens/{citizenId}/consents/{jti}/revoke',
    summary: 'The citizen takes a consent back.',
    params: { ...CITIZEN, jti: 'The consent token `jti`.' },
    body: EmptyBody,
    bodyOptional: true,
    answer: { status: 200, schema: CitizenConsent, description: 'The revoked consent.' },
    errors: ['citizen_not_found', 'consent_not_found'],
  }),
  sandbox({
    id: 'readAuditLog',
    method: 'get',
    path: '/__sim/audit',
    summary: 'The hash-chained audit log and whether its chain holds.',
    answer: { status: 200, schema: AuditLog, description: 'Every entry.' },
    errors: [],
  }),
  sandbox({
    id: 'tamperAuditEntry',
    method: 'post',
    path: '/__sim/audit/tamper',
    summary: "An insider's edit of a stored entry (its hash left as it was), to see the chain break.",
    body: TamperBody,
    answer: { status: 200, schema: AuditEntry, description: 'The edited entry.' },
    errors: ['audit_entry_not_found'],
  }),
  sandbox({
    id: 'readFaults',
    method: 'get',
    path: '/__sim/faults',
    summary: 'The injected faults.',
    answer: { status: 200, schema: Faults, description: 'The faults.' },
    errors: [],
  }),
  sandbox({
    id: 'setFaults',
    method: 'put',
    path: '/__sim/faults',
    summary: 'Inject faults into /v1 and the JWKS: latency, failures, dropped connections, SMS delay.',
    body: FaultsPatch,
    answer: { status: 200, schema: Faults, description: 'The faults now.' },
    errors: [],
  }),
  sandbox({
    id: 'readLimits',
    method: 'get',
    path: '/__sim/limits',
    summary: 'The limits the service enforces.',
    answer: { status: 200, schema: Limits, description: 'The limits.' },
    errors: [],
  }),
  sandbox({
    id: 'setLimits',
    method: 'put',
    path: '/__sim/limits',
    summary: 'Change limits (shorter cooldowns, fewer attempts) for a test.',
    body: LimitsPatch,
    answer: { status: 200, schema: Limits, description: 'The limits now.' },
    errors: [],
  }),
  sandbox({
    id: 'readClock',
    method: 'get',
    path: '/__sim/clock',
    summary: "The simulator's time.",
    answer: { status: 200, schema: SandboxClock, description: 'Now.' },
    errors: [],
  }),
  sandbox({
    id: 'advanceClock',
    method: 'post',
    path: '/__sim/clock',
    summary: 'Move simulated time forward (passcodes and tokens expire, limits reset).',
    body: ClockBody,
    answer: { status: 200, schema: SandboxClock, description: 'Now, after the jump.' },
    errors: [],
  }),
  sandbox({
    id: 'rotateSigningKeys',
    method: 'post',
    path: '/__sim/keys/rotate',
    summary: 'A new signing key; the old one stays in the JWKS until its tokens have expired.',
    body: EmptyBody,
    bodyOptional: true,
    answer: { status: 200, schema: RotatedKeys, description: 'The new kid and every published kid.' },
    errors: [],
  }),
  sandbox({
    id: 'listTestTokenKinds',
    method: 'get',
    path: '/__sim/test-tokens',
    summary: 'The kinds of test token, each with the verifyConsentToken code it must produce.',
    answer: { status: 200, schema: TestTokenKindsAnswer, description: 'Every kind, in order.' },
    errors: [],
  }),
  sandbox({
    id: 'issueTestToken',
    method: 'post',
    path: '/__sim/test-tokens',
    summary: "A token with one named defect, for a partner's own verifier tests; nothing is stored.",
    description:
      'Verify it with the sandbox issuer and JWKS, `partnerId` as the audience and the same nonce, purpose and cnic, `verifications` times with one replay store: all but the last pass, the last gives `expectedError` (null: it passes).',
    body: TestTokenRequest,
    answer: { status: 200, schema: TestTokenAnswer, description: 'The token and the code it must produce.' },
    errors: [],
  }),
  sandbox({
    id: 'resetSandbox',
    method: 'post',
    path: '/__sim/reset',
    summary: 'Back to the seeds, with new secrets and keys; faults, clock and limits too.',
    body: EmptyBody,
    bodyOptional: true,
    answer: { status: 200, schema: SandboxReset, description: 'Done.' },
    errors: [],
  }),
  sandbox({
    id: 'registerWebhookEndpoint',
    method: 'post',
    path: '/__sim/partners/{partnerId}/webhooks',
    summary: "Register a partner's endpoint for consent-status events (consent.granted, .revoked, .expired).",
    description:
      "Deliveries are POSTed with the event as JSON and `Ijazat-Signature`: a detached ES256 JWS by the service's key, verified against the JWKS (no shared secret).",
    params: PARTNER,
    body: RegisterWebhookBody,
    answer: { status: 201, schema: RegisteredWebhookEndpoint, description: 'The new endpoint.' },
    alsoAnswers: [{ status: 200, description: 'That URL was already registered: the same endpoint.' }],
    errors: ['partner_not_found', 'webhook_endpoint_limit'],
  }),
  sandbox({
    id: 'listWebhookEndpoints',
    method: 'get',
    path: '/__sim/partners/{partnerId}/webhooks',
    summary: "A partner's webhook endpoints.",
    params: PARTNER,
    answer: { status: 200, schema: WebhookEndpointList, description: 'The endpoints, oldest first.' },
    errors: ['partner_not_found'],
  }),
  sandbox({
    id: 'listWebhookDeliveries',
    method: 'get',
    path: '/__sim/partners/{partnerId}/webhooks/deliveries',
    summary: "A partner's webhook delivery log: each event, its state and every attempt.",
    params: PARTNER,
    answer: { status: 200, schema: WebhookDeliveryLog, description: 'The last 200 deliveries, newest first.' },
    errors: ['partner_not_found'],
  }),
  sandbox({
    id: 'deleteWebhookEndpoint',
    method: 'delete',
    path: '/__sim/partners/{partnerId}/webhooks/{endpointId}',
    summary: 'Remove an endpoint; its pending deliveries are given up.',
    params: { ...PARTNER, endpointId: 'The endpoint id (`whe_…`).' },
    answer: { status: 200, schema: WebhookEndpoint, description: 'The removed endpoint.' },
    errors: ['partner_not_found', 'webhook_endpoint_not_found'],
  }),
];
