/**
 * The first and last routes: a malformed API path is `not_found` before anything decodes it; anything
 * under /v1 or /__sim that no route answered is `not_found`, or `method_not_allowed` (with `Allow`)
 * when the path exists with other methods.
 */
import { JWKS_PATH } from '../../src/contract/api.js';
import { route, type Reply, type Route, type ServiceCall } from './call.js';
import { errorReply } from './respond.js';

const SEGMENT = '[^/]+';
const ROUTES: [RegExp, string[]][] = [
  [/^\/v1\/context$/, ['GET']],
  [/^\/v1\/consent-requests$/, ['POST']],
  [new RegExp(`^/v1/consent-requests/${SEGMENT}$`), ['GET']],
  [new RegExp(`^/v1/consent-requests/${SEGMENT}/(resend|verify|cancel)$`), ['POST']],
  [new RegExp(`^/v1/consents/${SEGMENT}$`), ['GET']],
  [/^\/v1\/audit\/checkpoint$/, ['GET']],
  [new RegExp(`^${JWKS_PATH.replace(/\./g, '\\.')}$`), ['GET']],
  [/^\/__sim\/identities$/, ['GET', 'POST']],
  [new RegExp(`^/__sim/sims/${SEGMENT}/messages$`), ['GET']],
  [new RegExp(`^/__sim/sims/${SEGMENT}/send$`), ['POST']],
  [new RegExp(`^/__sim/citizens/${SEGMENT}/consents$`), ['GET']],
  [new RegExp(`^/__sim/citizens/${SEGMENT}/consents/${SEGMENT}/revoke$`), ['POST']],
  [/^\/__sim\/audit$/, ['GET']],
  [/^\/__sim\/audit\/tamper$/, ['POST']],
  [/^\/__sim\/(faults|limits)$/, ['GET', 'PUT']],
  [/^\/__sim\/clock$/, ['GET', 'POST']],
  [/^\/__sim\/keys\/rotate$/, ['POST']],
  [/^\/__sim\/reset$/, ['POST']],
];

function fallback(call: ServiceCall): Reply {
  const path = call.url.pathname.replace(/\/+$/, '') || '/';
  const known = ROUTES.find(([pattern]) => pattern.test(path));
  if (known) return errorReply('method_not_allowed', {}, { Allow: known[1].join(', ') });
  return errorReply('not_found');
}

const API_PATH = /^\/(v1|__sim)(\/|$)|^\/\.well-known\//;

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
  return ['/v1', '/v1/*', '/__sim', '/__sim/*', JWKS_PATH].map((path) => route('ALL', path, fallback));
}
