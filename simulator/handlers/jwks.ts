/** The public signing keys partner backends verify tokens with. */
import { JWKS_PATH } from '../../src/contract/api.js';
import type { Simulator } from '../simulator.js';
import { route, type Route } from './call.js';
import { guarded, json } from './respond.js';

export function jwksRoutes(sim: Simulator): Route[] {
  // Short cache: rotation adds a key, and verifiers refetch on an unknown kid anyway.
  return [
    route('GET', JWKS_PATH, () =>
      guarded(async () => json(await sim.jwks(), 200, { 'Cache-Control': 'public, max-age=60' })),
    ),
  ];
}
