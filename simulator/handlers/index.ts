/**
 * All routes in order: malformed paths, faults (they fall through when idle), the API, the JWKS, the
 * OpenAPI document, the sandbox controls, then the fallbacks. `createHandlers` gives them to MSW; the node:http server
 * dispatches to them directly (route-table.ts). Each passes its reply through the tests' contract
 * check when one is installed (answer-check.ts).
 */
import type { RequestHandler } from 'msw';
import type { Simulator } from '../simulator.js';
import { checkedRoutes } from './answer-check.js';
import type { Route } from './call.js';
import { faultRoutes } from './faults.js';
import { jwksRoutes } from './jwks.js';
import { mswHandler } from './msw.js';
import { openApiRoutes } from './openapi.js';
import { fallbackRoutes, malformedPathRoutes } from './routes.js';
import { sandboxGuardRoutes } from './sandbox-guard.js';
import { simRoutes } from './sim.js';
import { v1Routes } from './v1.js';

export function createRoutes(sim: Simulator): Route[] {
  const routes = [
    ...malformedPathRoutes(),
    ...faultRoutes(sim),
    ...v1Routes(sim),
    ...jwksRoutes(sim),
    ...openApiRoutes(),
    ...sandboxGuardRoutes(sim),
    ...simRoutes(sim),
    ...fallbackRoutes(),
  ];
  return checkedRoutes(routes);
}

/** The simulator as MSW request handlers, for setupWorker (browser) and setupServer (Node). */
export function createHandlers(sim: Simulator): RequestHandler[] {
  return createRoutes(sim).map(mswHandler);
}
