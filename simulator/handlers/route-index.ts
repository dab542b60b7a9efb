/**
 * Narrows the handler list for one request before MSW's getResponse runs it. getResponse asks every
 * handler in turn to parse the request (path matching, cookies), which costs tens of microseconds
 * per handler; the HTTP server knows the method and path up front, so it hands getResponse only the
 * handlers whose method and path pattern can match, in their original order. Same handlers, same
 * answers, a fraction of the work.
 */
import type { RequestHandler } from 'msw';

interface Route {
  handler: RequestHandler;
  method: string | RegExp;
  path: RegExp | null;
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** An MSW path such as "any origin + /v1/consent-requests/:id" as a pathname pattern. */
function pathPattern(path: unknown): RegExp | null {
  if (typeof path !== 'string') return null; // unknown shape: always a candidate
  const withoutOrigin = path.startsWith('*/') ? path.slice(1) : path;
  const source = withoutOrigin
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escape(segment).replace(/\*/g, '.*')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export function routeIndex(handlers: readonly RequestHandler[]): (method: string, pathname: string) => RequestHandler[] {
  const routes: Route[] = handlers.map((handler) => {
    const info = handler.info as { method?: string | RegExp; path?: unknown };
    return { handler, method: info.method ?? /.+/, path: pathPattern(info.path) };
  });
  return (method, pathname) =>
    routes
      .filter((route) => (typeof route.method === 'string' ? route.method === method : route.method.test(method)) && (!route.path || route.path.test(pathname)))
      .map((route) => route.handler);
}
