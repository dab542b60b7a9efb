/**
 * Dispatch for the node:http server: the routes' paths compiled once into patterns, tried in their
 * order for each request, as MSW would try its handlers, without building Fetch objects or running
 * MSW's per-request pipeline (cookies, cloning, matching every handler), which cost most of the
 * server's time per request (docs/performance.md).
 */
import type { Answer, Route, ServiceCall } from './call.js';

interface CompiledRoute {
  route: Route;
  /** null: the route's own test decides (`route.path` is a function). */
  pattern: RegExp | null;
  names: string[];
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `/v1/consent-requests/:id` → a pathname pattern with one group per parameter; `*` matches anything. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.split('*').map(escape).join('.*');
    })
    .join('/');
  // A trailing slash is optional, as in MSW's matching.
  return { pattern: new RegExp(`^${source}/?$`), names };
}

function paramsOf(match: RegExpExecArray, names: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  try {
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
  } catch {
    return null; // not valid percent-encoding: this route does not match
  }
  return params;
}

export type Dispatch = (call: Omit<ServiceCall, 'params'>) => Promise<Answer>;

export function routeTable(routes: readonly Route[]): Dispatch {
  const compiled: CompiledRoute[] = routes.map((route) =>
    typeof route.path === 'string' ? { route, ...compile(route.path) } : { route, pattern: null, names: [] },
  );
  return async (call) => {
    for (const { route, pattern, names } of compiled) {
      if (route.method !== 'ALL' && route.method !== call.method) continue;
      let params: Record<string, string> | null = {};
      if (pattern) {
        const match = pattern.exec(call.url.pathname);
        if (!match) continue;
        params = paramsOf(match, names);
        if (!params) continue;
      } else if (!(route.path as (url: URL) => boolean)(call.url)) continue;
      const answer = await route.answer({ ...call, params });
      if (answer !== undefined) return answer;
    }
    return undefined;
  };
}
