/** The public signing keys partner backends verify tokens with. */
import { http, type RequestHandler } from 'msw';
import { JWKS_PATH } from '../../src/contract/api.js';
import type { Simulator } from '../simulator.js';
import { guarded, json } from './respond.js';

export function jwksHandlers(sim: Simulator): RequestHandler[] {
  // Short cache: rotation adds a key, and verifiers refetch on an unknown kid anyway.
  return [http.get(`*${JWKS_PATH}`, () => guarded(async () => json(await sim.jwks(), 200, { 'Cache-Control': 'public, max-age=60' })))];
}
