/**
 * The first and last routes: a malformed API path is `not_found` before anything decodes it; anything
 * under /v1 or /__sim that no route answered is `not_found`, or `method_not_allowed` (with `Allow`)
 * when the path exists with other methods.
 */
import { JWKS_PATH } from '../../src/contract/api.js';
import { pathPattern } from '../../src/contract/operations.js';
import { simulatorOperations } from '../openapi.js';
import { OPENAPI_PATH } from './openapi.js';
import { route, type Reply, type Route, type ServiceCall } from './call.js';
import { errorReply } from './respond.js';

/** Each documented path as a pattern, with the methods it answers (for `Allow`). */
const ROUTES: [RegExp, string[]][] = (() => {
  const methods = new Map<string, string[]>();
  for (const { path, method } of simulatorOperations)
    methods.set(path, [...(methods.get(path) ?? []), method.toUpperCase()]);
  return [...methods].map(([path, allowed]) => [pathPattern(path), allowed]);
})();

function fallback(call: ServiceCall): Reply {
  const path = call.url.pathname.replace(/\/+$/, '') || '/';
  const known = ROUTES.find(([pattern]) => pattern.test(path));
  if (known) return errorReply('method_not_allowed', {}, { Allow: known[1].join(', ') });
  return errorReply('not_found');
}

const API_PATH = /^\/(v1|__sim)(\/|$)|^\/\.well-known\/|^\/openapi\.json$/;

function malformedApiPath({ pathname }: URL): boolean {
  if (!API_PATH.test(pathname)) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * The first route: an API path that is not valid percent-encoding (`/v1/%zz`) is `not_found`
 * before any pattern route tries to decode it (MSW would throw, which is a 500).
 */
export function malformedPathRoutes(): Route[] {
  return [route('ALL', malformedApiPath, () => errorReply('not_found'))];
}

export function fallbackRoutes(): Route[] {
  return ['/v1', '/v1/*', '/__sim', '/__sim/*', JWKS_PATH, OPENAPI_PATH].map((path) => route('ALL', path, fallback));
}
