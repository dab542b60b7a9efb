/**
 * All handlers in order: malformed paths, faults (they fall through when idle), the API, then the
 * fallbacks.
 */
import type { RequestHandler } from 'msw';
import type { Simulator } from '../simulator.js';
import { faultHandlers } from './faults.js';
import { jwksHandlers } from './jwks.js';
import { fallbackHandlers, malformedPathHandlers } from './routes.js';
import { simHandlers } from './sim.js';
import { v1Handlers } from './v1.js';

export function createHandlers(sim: Simulator): RequestHandler[] {
  return [...malformedPathHandlers(), ...faultHandlers(sim), ...v1Handlers(sim), ...jwksHandlers(sim), ...simHandlers(sim), ...fallbackHandlers()];
}
