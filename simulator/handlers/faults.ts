/**
 * Fault injection, layered in front of the real handlers: when no fault fires, the resolver returns
 * nothing and MSW falls through to the happy path untouched. Applies to /v1 and the JWKS only.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import { JWKS_PATH } from '../../src/contract/api.js';
import type { Simulator } from '../simulator.js';
import { errorResponse } from './respond.js';

export function faultHandlers(sim: Simulator): RequestHandler[] {
  const inject = async (): Promise<Response | undefined> => {
    const { latencyMs } = sim.faults;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault = sim.drawFault();
    if (fault === 'drop') return HttpResponse.error();
    if (fault === 'fail') return errorResponse('service_unavailable', { retryAfterSeconds: 1 });
    return undefined;
  };
  return [http.all('*/v1/*', inject), http.get(`*${JWKS_PATH}`, inject)];
}
