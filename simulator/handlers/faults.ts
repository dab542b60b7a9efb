/**
 * Fault injection, layered in front of the real routes: when no fault fires, the route answers
 * nothing and the next one (the happy path) answers untouched. Applies to /v1 and the JWKS only.
 */
import { JWKS_PATH } from '../../src/contract/api.js';
import type { Simulator } from '../simulator.js';
import { route, type Answer, type Route } from './call.js';
import { errorReply } from './respond.js';

export function faultRoutes(sim: Simulator): Route[] {
  const inject = async (): Promise<Answer> => {
    const { latencyMs } = sim.faults;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault = sim.drawFault();
    if (fault === 'drop') return 'drop';
    if (fault === 'fail') return errorReply('service_unavailable', { retryAfterSeconds: 1 });
    return undefined;
  };
  return [route('ALL', '/v1/*', inject), route('GET', JWKS_PATH, inject)];
}
