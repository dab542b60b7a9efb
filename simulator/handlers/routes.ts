/**
 * The last handlers: anything under /v1 or /__sim that no handler answered is `not_found`, or
 * `method_not_allowed` (with `Allow`) when the path exists with other methods.
 */
import { http, type RequestHandler } from 'msw';
import { JWKS_PATH } from '../../src/contract/api.js';
import { errorResponse } from './respond.js';

const SEGMENT = '[^/]+';
const ROUTES: [RegExp, string[]][] = [
  [/^\/v1\/context$/, ['GET']],
  [/^\/v1\/consent-requests$/, ['POST']],
  [new RegExp(`^/v1/consent-requests/${SEGMENT}$`), ['GET']],
  [new RegExp(`^/v1/consent-requests/${SEGMENT}/(resend|verify|cancel)$`), ['POST']],
  [new RegExp(`^/v1/consents/${SEGMENT}$`), ['GET']],
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

function fallback({ request }: { request: Request }): Response {
  const path = new URL(request.url).pathname.replace(/\/+$/, '') || '/';
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (route) return errorResponse('method_not_allowed', {}, { Allow: route[1].join(', ') });
  return errorResponse('not_found');
}

const API_PATH = /^\/(v1|__sim)(\/|$)|^\/\.well-known\//;

function malformedApiPath(url: string): boolean {
  const { pathname } = new URL(url);
  if (!API_PATH.test(pathname)) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * The first handler: an API path that is not valid percent-encoding (`/v1/%zz`) is `not_found`
 * before any pattern handler tries to decode it (MSW would throw, which is a 500).
 */
export function malformedPathHandlers(): RequestHandler[] {
  return [http.all(({ request }) => malformedApiPath(request.url), () => errorResponse('not_found'))];
}

export function fallbackHandlers(): RequestHandler[] {
  return [http.all('*/v1', fallback), http.all('*/v1/*', fallback), http.all('*/__sim', fallback), http.all('*/__sim/*', fallback), http.all(`*${JWKS_PATH}`, fallback)];
}
