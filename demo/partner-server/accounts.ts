/**
 * The example bank's accounts and what it knows of the consent behind each: opened when a consent
 * token verifies, and kept in step with the service's consent-status webhooks (a revocation marks the
 * account's consent revoked). Held in memory here; a real backend keeps this in its database, which is
 * why it outlives a restart of the server (the tests restart the server with the same store).
 */
import type { WebhookEvent } from '../../src/verify/index.js';

export interface Account {
  /** The consent token's id, which the webhooks name. */
  jti: string;
  /** The citizen's pairwise pseudonym, the account's key in a real backend. */
  sub: string;
  openedAt: number;
}

export interface ConsentState {
  status: WebhookEvent['data']['status'];
  /** When the service says it changed (ISO). */
  changedAt: string;
  /** The events acted on, oldest first: one per event id, however often it was delivered. */
  events: { id: string; type: WebhookEvent['type'] }[];
}

export class AccountStore {
  readonly #accountsBySession = new Map<string, Account>();
  readonly #consents = new Map<string, ConsentState>();

  open(sessionId: string, account: Account): void {
    this.#accountsBySession.set(sessionId, account);
    if (!this.#consents.has(account.jti))
      this.#consents.set(account.jti, {
        status: 'active',
        changedAt: new Date(account.openedAt).toISOString(),
        events: [],
      });
  }

  accountOf(sessionId: string | null): Account | undefined {
    return sessionId === null ? undefined : this.#accountsBySession.get(sessionId);
  }

  consentOf(jti: string): ConsentState | undefined {
    return this.#consents.get(jti);
  }

  /**
   * Acts on one verified event. A granted event may arrive before the form is posted, and events may
   * arrive out of order: a revocation or expiry is final, a later "granted" does not undo it.
   */
  apply(event: WebhookEvent): void {
    const known = this.#consents.get(event.data.jti);
    const events = [...(known?.events ?? []), { id: event.id, type: event.type }];
    const final = known && known.status !== 'active';
    this.#consents.set(event.data.jti, {
      status: final ? known.status : event.data.status,
      changedAt: final ? known.changedAt : (event.data.revokedAt ?? event.createdAt),
      events,
    });
  }
}
