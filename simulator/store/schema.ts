/**
 * The simulator's state, as an idb DBSchema: one object store per kind of record. Records hold no
 * clear passcode (only keyed hashes) and no token; CNICs and mobiles live only in `citizens` and
 * `sims`, the registry a real service would hold anyway.
 */
import type { DBSchema } from 'idb';
import type { JWK } from 'jose';
import type {
  CardStatus,
  ConsentRequestView,
  DataItemId,
  Locale,
  LocalizedText,
  SharedData,
} from '../../src/contract/schemas.js';
import type { WebhookConsentData, WebhookEventType } from '../../src/contract/webhooks.js';

export interface CitizenRecord {
  id: string;
  /** 13 digits, no dashes. */
  cnic: string;
  name: string;
  cardStatus: CardStatus;
  /** Registered mobile, 11 digits (03XXXXXXXXX), or null when none is registered yet. */
  mobile: string | null;
  scenario: string;
}

export interface SimRecord {
  id: string;
  mobile: string;
  /** 13 digits: whom the SIM is registered to. */
  ownerCnic: string;
  /** The citizen who carries the phone (not always the SIM's owner). */
  holderId: string;
}

export interface PurposeRecord {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  /** How the SMS names the purpose: "… for account opening". */
  smsReason: LocalizedText;
  /**
   * What the token shares. Every purpose lists `cnic_status`: the card's status is told only after
   * consent, in the token, and the partner decides what an expired or cancelled card means for it.
   */
  dataItems: DataItemId[];
}

export interface PartnerRecord {
  id: string;
  displayName: LocalizedText;
  publishableKey: string;
  secretKey: string;
  /** Allowed page origins; `*` matches any port, e.g. `http://localhost:*`. */
  origins: string[];
  purposes: PurposeRecord[];
}

/** Stored status; `expired` is derived from time when a view is built. */
export type StoredRequestStatus = Exclude<ConsentRequestView['status'], 'expired'>;

export interface ConsentRequestRecord {
  id: string;
  partnerId: string;
  purpose: string;
  nonce: string;
  /**
   * The citizen with this CNIC, or null when no one has it: such a request behaves like any other
   * from outside (a code no one receives, wrong codes count), so it tells nothing before consent.
   */
  citizenId: string | null;
  /** Keyed reference to the CNIC (as in the audit log): the per-CNIC limits count under it. */
  cnicRef: string;
  locale: Locale;
  /** Host of the partner origin named in the WebOTP line of the SMS. */
  host: string;
  status: StoredRequestStatus;
  /** base64url HMAC-SHA-256 of the current passcode, bound to this request. */
  codeHash: string;
  /** Whether the current code reached a phone; one that did not is never accepted, even guessed. */
  codeDelivered: boolean;
  codeExpiresAt: number;
  lastSentAt: number;
  failures: number;
  resends: number;
  createdAt: number;
  jti: string | null;
}

export interface MessageRecord {
  /** Auto-incremented; the wire id is `msg_<seq>`. */
  seq?: number;
  simId: string;
  from: string;
  to: string;
  body: string;
  /** Simulated time it was sent. */
  at: number;
  /** Real time (ms) it reaches the inbox: the smsDelayMs fault. */
  visibleAfter: number;
  direction: 'in' | 'out';
}

export interface ConsentRecord {
  jti: string;
  requestId: string;
  citizenId: string;
  partnerId: string;
  purpose: string;
  shared: SharedData;
  kid: string;
  grantedAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  type: AuditEventType;
  requestId: string | null;
  partnerId: string | null;
  /** Pseudonymous reference to the citizen; never the CNIC. */
  citizenRef: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditEventType =
  | 'request_created'
  | 'sms_sent'
  | 'sms_withheld'
  | 'passcode_failed'
  | 'request_locked'
  | 'token_issued'
  | 'request_cancelled'
  | 'consent_revoked'
  | 'enrollment_accepted'
  | 'enrollment_refused'
  | 'mobile_change_requested'
  | 'mobile_change_cancelled'
  | 'mobile_change_completed'
  | 'keys_rotated'
  | 'reset';

export interface IdempotencyRecord {
  /** partner id, operation and key. */
  scope: string;
  /**
   * HMAC-SHA-256 of the operation and body under the service's secret (a verify's body holds a
   * passcode, so a plain hash would give it away to anyone who tries the 10^6 codes): same key with
   * another body is a conflict.
   */
  fingerprint: string;
  status: number;
  body: unknown;
  createdAt: number;
  /** Whose answer it is: expired answers are swept per partner (index `partnerId-expiresAt`). */
  partnerId: string;
  /** Replayed until then (simulated ms): a granted verify until its token's `exp`, else 24 h. */
  expiresAt: number;
}

export interface CnicActivityRecord {
  /**
   * Keyed reference to the CNIC, the same whether a citizen has it or not: limits count for every
   * well-formed CNIC alike, so they answer the same for all.
   */
  cnicRef: string;
  /** When passcode SMS were sent (simulated ms), last hour kept. */
  smsAt: number[];
  /** When requests for this CNIC locked, last 24 h kept. */
  locksAt: number[];
  /**
   * When a wrong code was entered on any request for this CNIC, last 24 h kept; emptied by a lock
   * (which spends them) and by a right code (the holder proved themselves).
   */
  failuresAt: number[];
}

/**
 * A registered mobile moving to another SIM (enrolment from a SIM while another number is
 * registered). It takes effect only after a hold, during which the old number keeps receiving the
 * codes and can stop it by replying NO to the short code.
 */
export interface MobileChangeRecord {
  id: string;
  citizenId: string;
  fromMobile: string;
  toMobile: string;
  /** Simulated ms. */
  requestedAt: number;
  /** When the new number takes over if nobody stops it (simulated ms). */
  effectiveAt: number;
  status: 'pending' | 'cancelled' | 'completed';
  /** When it was cancelled or completed (simulated ms), else null. */
  endedAt: number | null;
  /** Who ended it early: `old_number` (replied NO) or `superseded` (a newer request). */
  cancelledBy: 'old_number' | 'superseded' | null;
}

export interface SigningKeyRecord {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWK with kid, alg ES256 and use sig, as the JWKS serves it. */
  publicJwk: JWK;
  createdAt: number;
  /** Simulated time after which no token signed by it is valid; null while current. */
  retiredAt: number | null;
}

export interface SecretsRecord {
  /** HMAC key for passcode hashes. */
  passcodeKey: CryptoKey;
  /** HMAC key for pairwise pseudonyms and audit citizen references. */
  pseudonymKey: CryptoKey;
}

/** Where the last history sweep stopped (domain/retention.ts). */
export interface RetentionCursor {
  /** The last audit entry whose request (if any) was dropped. */
  auditSeq: number;
}

/** A partner's registered webhook endpoint (sandbox: POST /__sim/partners/:id/webhooks). */
export interface WebhookEndpointRecord {
  id: string;
  partnerId: string;
  url: string;
  createdAt: number;
}

/** A consent-status event, as its body is delivered (src/contract/webhooks.ts WebhookEvent). */
export interface WebhookEventRecord {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  partnerId: string;
  data: WebhookConsentData;
}

export interface WebhookAttempt {
  /** Simulated time the attempt started. */
  at: number;
  status: number | null;
  error: string | null;
}

/** One event on its way to one endpoint, with every attempt made so far. */
export interface WebhookDeliveryRecord {
  id: string;
  eventId: string;
  endpointId: string;
  partnerId: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  /** Simulated time the next attempt is due; null once delivered or given up (index `state-due`). */
  nextAttemptAt: number | null;
  createdAt: number;
}

export interface MetaRecords {
  secrets: SecretsRecord;
  clock: { offsetMs: number };
  retention: RetentionCursor;
  /** Consents whose expiry is at or before this (simulated ms) have had their consent.expired events. */
  webhooks: { expiriesSentUntil: number };
}

export interface SimulatorDB extends DBSchema {
  citizens: { key: string; value: CitizenRecord; indexes: { cnic: string } };
  sims: { key: string; value: SimRecord; indexes: { mobile: string } };
  partners: { key: string; value: PartnerRecord; indexes: { publishableKey: string; secretKey: string } };
  requests: { key: string; value: ConsentRequestRecord };
  messages: { key: number; value: MessageRecord; indexes: { simId: string; 'simId-seq': [string, number] } };
  consents: {
    key: string;
    value: ConsentRecord;
    indexes: { citizenId: string; 'partnerId-expiresAt': [string, number] };
  };
  audit: { key: number; value: AuditEntry };
  idempotency: { key: string; value: IdempotencyRecord; indexes: { 'partnerId-expiresAt': [string, number] } };
  activity: { key: string; value: CnicActivityRecord };
  mobileChanges: { key: string; value: MobileChangeRecord; indexes: { citizenId: string; status: string } };
  keys: { key: string; value: SigningKeyRecord };
  meta: { key: string; value: MetaRecords[keyof MetaRecords] };
  webhookEndpoints: { key: string; value: WebhookEndpointRecord; indexes: { partnerId: string } };
  webhookEvents: { key: string; value: WebhookEventRecord };
  webhookDeliveries: {
    key: string;
    value: WebhookDeliveryRecord;
    indexes: { 'state-due': [string, number]; 'partnerId-createdAt': [string, number] };
  };
}

export const STORE_NAMES = [
  'citizens',
  'sims',
  'partners',
  'requests',
  'messages',
  'consents',
  'audit',
  'idempotency',
  'activity',
  'mobileChanges',
  'keys',
  'meta',
  'webhookEndpoints',
  'webhookEvents',
  'webhookDeliveries',
] as const satisfies readonly (keyof SimulatorDB & string)[];
export type StoreName = (typeof STORE_NAMES)[number];

export interface StoreLayout {
  /** null: keys are given with each put (`meta`). */
  keyPath: string | null;
  autoIncrement?: boolean;
  indexes?: Record<string, { keyPath: string | string[]; unique?: boolean }>;
}

/**
 * Every store as the current database version has it (open.ts builds it step by step, one step per
 * version; memory-database.ts builds it at once; a test keeps the two the same).
 */
export const STORE_LAYOUT: Record<StoreName, StoreLayout> = {
  citizens: { keyPath: 'id', indexes: { cnic: { keyPath: 'cnic', unique: true } } },
  sims: { keyPath: 'id', indexes: { mobile: { keyPath: 'mobile', unique: true } } },
  partners: {
    keyPath: 'id',
    indexes: {
      publishableKey: { keyPath: 'publishableKey', unique: true },
      secretKey: { keyPath: 'secretKey', unique: true },
    },
  },
  requests: { keyPath: 'id' },
  messages: {
    keyPath: 'seq',
    autoIncrement: true,
    indexes: { simId: { keyPath: 'simId' }, 'simId-seq': { keyPath: ['simId', 'seq'] } },
  },
  consents: {
    keyPath: 'jti',
    indexes: {
      citizenId: { keyPath: 'citizenId' },
      'partnerId-expiresAt': { keyPath: ['partnerId', 'expiresAt'] },
    },
  },
  audit: { keyPath: 'seq' },
  idempotency: { keyPath: 'scope', indexes: { 'partnerId-expiresAt': { keyPath: ['partnerId', 'expiresAt'] } } },
  activity: { keyPath: 'cnicRef' },
  mobileChanges: { keyPath: 'id', indexes: { citizenId: { keyPath: 'citizenId' }, status: { keyPath: 'status' } } },
  keys: { keyPath: 'kid' },
  meta: { keyPath: null },
  webhookEndpoints: { keyPath: 'id', indexes: { partnerId: { keyPath: 'partnerId' } } },
  webhookEvents: { keyPath: 'id' },
  webhookDeliveries: {
    keyPath: 'id',
    indexes: {
      'state-due': { keyPath: ['state', 'nextAttemptAt'] },
      'partnerId-createdAt': { keyPath: ['partnerId', 'createdAt'] },
    },
  },
};
