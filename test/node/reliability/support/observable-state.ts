/**
 * What anyone outside the service can observe of its state, through the /__sim controls only: the
 * audit log (entries and chain), every SIM's inbox, every citizen's consents, every partner's webhook
 * endpoints. Two snapshots that are equal mean that no request in between sent an SMS, minted a
 * consent, wrote an audit entry or changed where webhooks go.
 */
import type { ServiceClient } from './service-client.js';

export interface ObservableState {
  auditEntries: number;
  auditHead: string | null;
  chainOk: boolean;
  inboxes: Record<string, string[]>;
  consents: Record<string, string[]>;
  webhookEndpoints: Record<string, string[]>;
  citizens: number;
}

export async function observableState(client: ServiceClient): Promise<ObservableState> {
  const [identities, audit] = await Promise.all([client.identities(), client.audit()]);
  const citizens: { id: string }[] = identities.body.citizens;
  const sims: { id: string }[] = identities.body.sims;
  const inboxes: Record<string, string[]> = {};
  const consents: Record<string, string[]> = {};
  const webhookEndpoints: Record<string, string[]> = {};
  const partners: { id: string }[] = identities.body.partners;
  await Promise.all([
    ...partners.map(async (partner) => {
      const { body } = await client.call('GET', `/__sim/partners/${partner.id}/webhooks`, { partnerKey: null });
      webhookEndpoints[partner.id] = body.endpoints.map((e: { id: string; url: string }) => `${e.id}:${e.url}`);
    }),
    ...sims.map(async (sim) => {
      const { body } = await client.messages(sim.id);
      inboxes[sim.id] = body.messages.map((m) => `${m.id}:${m.direction}`);
    }),
    ...citizens.map(async (citizen) => {
      const { body } = await client.consents(citizen.id);
      consents[citizen.id] = body.consents.map((c) => `${c.jti}:${c.status}`);
    }),
  ]);
  const entries = audit.body.entries;
  return {
    auditEntries: entries.length,
    auditHead: entries.length ? String((entries.at(-1) as { hash?: string }).hash) : null,
    chainOk: audit.body.chain.ok,
    inboxes,
    consents,
    webhookEndpoints,
    citizens: citizens.length,
  };
}
