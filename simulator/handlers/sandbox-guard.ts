/**
 * The sandbox controls (/__sim) are for the developer's own machine. They can reset the sandbox and
 * list its secret keys, so a web page the developer happens to visit must not reach them:
 *   - the `Host` must be a loopback name or address (localhost, 127.0.0.0/8, [::1]) or a name the
 *     simulator was told to accept: a DNS-rebinding page reaches 127.0.0.1 under its own name;
 *   - an `Origin`, when sent, must be an allowed page origin;
 *   - a state change (POST, PUT) needs `Content-Type: application/json`: a cross-site form or a
 *     body-less "simple" POST cannot send it without a CORS preflight, which we refuse.
 * Routed before the controls; answers nothing (falls through) when the call may go on.
 */
import { pathPattern } from '../../src/contract/operations.js';
import { originAllowed } from '../domain/partners.js';
import { sandboxOperations } from './sim-operations.js';
import { DEFAULT_PARTNER_ORIGINS } from '../seeds.js';
import type { Simulator } from '../simulator.js';
import { isJson } from './body.js';
import { route, type ServiceCall, type Route } from './call.js';
import { errorReply } from './respond.js';

/** `127.0.0.1:4010` → `127.0.0.1`; `[::1]:4010` → `::1`; lower case. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(1, lower.indexOf(']') >>> 0);
  return lower.split(':', 1)[0]!;
}

export function sandboxHostAllowed(host: string, allowed: readonly string[]): boolean {
  const name = hostName(host);
  if (name === 'localhost' || name === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return name !== '' && allowed.includes(name);
}

/** The documented sandbox operations: only those are guarded; anything else falls to 404 / 405. */
const OPERATIONS = sandboxOperations.map((operation) => ({
  method: operation.method.toUpperCase(),
  pattern: pathPattern(operation.path),
}));
const isOperation = (call: ServiceCall) =>
  OPERATIONS.some(
    ({ method, pattern }) => method === call.method && pattern.test(call.url.pathname.replace(/\/+$/, '')),
  );

export function sandboxGuardRoutes(sim: Simulator): Route[] {
  const guard = (call: ServiceCall) => {
    if (!isOperation(call)) return undefined;
    if (!sandboxHostAllowed(call.host, sim.sandboxHosts)) return errorReply('host_not_allowed');
    const origin = call.header('origin');
    if (origin !== null && !originAllowed([...DEFAULT_PARTNER_ORIGINS, ...sim.ctx.extraOrigins], origin))
      return errorReply('origin_not_allowed');
    const changes = call.method === 'POST' || call.method === 'PUT';
    const type = call.header('content-type');
    if (changes && (type === null || !isJson(type))) return errorReply('unsupported_media_type');
    return undefined;
  };
  return [route('ALL', '/__sim', guard), route('ALL', '/__sim/*', guard)];
}
