/**
 * A partner's webhook endpoints: where consent-status events go. Registering the same URL twice
 * answers the endpoint already registered, so a partner backend can register on every start-up.
 * Nothing secret is handed out: deliveries are signed by the service's key, verified with the JWKS.
 */
import type { WebhookEndpoint } from '../../src/contract/webhooks.js';
import { toIso } from '../clock.js';
import type { SimulatorContext } from '../domain/context.js';
import { randomId } from '../domain/random-id.js';
import { fail, succeed, type Outcome } from '../domain/outcome.js';
import type { WebhookEndpointRecord } from '../store/schema.js';

/** Endpoints per partner: enough for a primary, a standby and a few test receivers. */
export const MAX_ENDPOINTS_PER_PARTNER = 5;

export type EndpointView = WebhookEndpoint;

export const endpointView = (endpoint: WebhookEndpointRecord): EndpointView => ({
  id: endpoint.id,
  partnerId: endpoint.partnerId,
  url: endpoint.url,
  createdAt: toIso(endpoint.createdAt),
});

async function partnerEndpoints(ctx: SimulatorContext, partnerId: string): Promise<WebhookEndpointRecord[] | null> {
  const registry = await ctx.registry.get();
  if (!registry.partnersById.has(partnerId)) return null;
  return registry.endpointsByPartner.get(partnerId) ?? [];
}

export async function registerEndpoint(
  ctx: SimulatorContext,
  partnerId: string,
  url: string,
): Promise<Outcome<EndpointView>> {
  const endpoints = await partnerEndpoints(ctx, partnerId);
  if (!endpoints) return fail('partner_not_found');
  const known = endpoints.find((endpoint) => endpoint.url === url);
  if (known) return succeed(endpointView(known));
  if (endpoints.length >= MAX_ENDPOINTS_PER_PARTNER) return fail('webhook_endpoint_limit');
  const endpoint: WebhookEndpointRecord = { id: `whe_${randomId(12)}`, partnerId, url, createdAt: ctx.clock.now() };
  const tx = ctx.db.transaction(['webhookEndpoints', 'meta'], 'readwrite');
  void tx.objectStore('webhookEndpoints').add(endpoint);
  // Expiries are announced from the first registration on, not for consents that ended before it.
  const cursor = await tx.objectStore('meta').get('webhooks');
  if (!cursor) void tx.objectStore('meta').put({ expiriesSentUntil: endpoint.createdAt }, 'webhooks');
  await tx.done;
  ctx.registry.invalidate(['webhookEndpoints']);
  ctx.changed();
  return succeed(endpointView(endpoint), 201);
}

export async function listEndpoints(
  ctx: SimulatorContext,
  partnerId: string,
): Promise<Outcome<{ endpoints: EndpointView[] }>> {
  const endpoints = await partnerEndpoints(ctx, partnerId);
  if (!endpoints) return fail('partner_not_found');
  return succeed({ endpoints: endpoints.map(endpointView) });
}

/** Removes an endpoint; its pending deliveries are given up when they come due. */
export async function deleteEndpoint(
  ctx: SimulatorContext,
  partnerId: string,
  endpointId: string,
): Promise<Outcome<EndpointView>> {
  const endpoints = await partnerEndpoints(ctx, partnerId);
  if (!endpoints) return fail('partner_not_found');
  const endpoint = endpoints.find((candidate) => candidate.id === endpointId);
  if (!endpoint) return fail('webhook_endpoint_not_found');
  const tx = ctx.db.transaction('webhookEndpoints', 'readwrite');
  void tx.store.delete(endpointId);
  await tx.done;
  ctx.registry.invalidate(['webhookEndpoints']);
  ctx.changed();
  return succeed(endpointView(endpoint));
}
