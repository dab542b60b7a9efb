/**
 * The simulator as a real HTTP server, for partner backends and non-JS stacks: each node:http request
 * is dispatched to the very same routes MSW serves in the browser and in setupServer
 * (handlers/index.ts), through a compiled route table instead of MSW's Fetch pipeline, with CORS for
 * the allowed origins.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES } from '../src/contract/schemas.js';
import { SERVICE_ERRORS } from '../src/contract/errors.js';
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../src/contract/api.js';
import { openDataStore } from './data-store.js';
import { originAllowed } from './domain/partners.js';
import type { Answer } from './handlers/call.js';
import { createRoutes } from './handlers/index.js';
import { errorReply } from './handlers/respond.js';
import { routeTable } from './handlers/route-table.js';
import type { Limits } from './limits.js';
import { createNodeSimulator } from './node-simulator.js';
import { DEFAULT_PARTNER_ORIGINS } from './seeds.js';
import type { Simulator } from './simulator.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/dispatcher.js';

export interface SimulatorServerOptions {
  /** 0 picks a free port; the chosen one is in `url`. */
  port: number;
  /** Default 127.0.0.1 (only this machine). */
  host?: string;
  /** Page origins allowed besides http://localhost:* and http://127.0.0.1:*. */
  origins?: string[];
  /**
   * Host names (besides loopback: localhost, 127.0.0.0/8, [::1]) whose `Host` header the sandbox
   * controls (/__sim) answer, e.g. a name this machine has on a private network. Default none.
   */
  allowHosts?: string[];
  /**
   * Keep state in this SQLite database across restarts (data-store.ts): every answer that reports a
   * change is sent after the change is on disk. Damaged data, or a file another server has open,
   * refuses start-up (DataRefusedError).
   */
  dataFile?: string;
  limits?: Partial<Limits>;
  issuer?: string;
  /**
   * Without `dataFile`: `memory` (default), records in plain memory; `indexeddb`, the same records in
   * fake-indexeddb, as setupSimulatorServer keeps them (slower; for comparisons).
   */
  store?: 'memory' | 'indexeddb';
  /**
   * Deliver consent-status webhooks to registered endpoints with real HTTP POSTs (default true);
   * `false` leaves deliveries pending, an object tunes the dispatcher.
   */
  webhooks?: boolean | WebhookDispatcherOptions;
}

export interface SimulatorServer {
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const ALLOW_HEADERS = ['Content-Type', PARTNER_KEY_HEADER, IDEMPOTENCY_KEY_HEADER, 'Authorization'].join(', ');

/** Reads at most MAX_BODY_BYTES + 1 bytes: enough for the handler to see that a body is too large. */
function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // keep draining, stop keeping
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () =>
      resolve(
        chunks.length === 1 && size <= MAX_BODY_BYTES
          ? chunks[0]!
          : Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1),
      ),
    );
    req.on('error', reject);
  });
}

/** Writes an answer as JSON; 'drop' (the dropRate fault) kills the connection without one. */
function send(res: ServerResponse, answer: Exclude<Answer, undefined>, cors: Record<string, string>): void {
  if (answer === 'drop') {
    res.socket?.destroy();
    return;
  }
  const body = Buffer.from(JSON.stringify(answer.body));
  res.writeHead(answer.status, {
    ...cors,
    'content-type': 'application/json',
    ...answer.headers,
    'content-length': String(body.length),
  });
  res.end(body);
}

/** A path segment that is `.` or `..`, written plainly or percent-encoded, with `/` or `\\` between. */
export function hasDotSegment(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0]!;
  return path.split(/[/\\]/).some((segment) => {
    const plain = segment.replace(/%2e/gi, '.');
    return plain === '.' || plain === '..';
  });
}

/** The peer's address; `::ffff:127.0.0.2` (IPv4 on a dual-stack socket) as `127.0.0.2`. */
function clientAddressOf(req: IncomingMessage): string | null {
  const address = req.socket.remoteAddress;
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The request's headers by case-insensitive name, every repeat joined with ", " as Fetch's Headers
 * joins them (node's `req.headers` would keep only the first Content-Type, say).
 */
function headerReader(req: IncomingMessage): (name: string) => string | null {
  return (name) => req.headersDistinct[name.toLowerCase()]?.join(', ') ?? null;
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const origins = options.origins ?? [];
  const corsOrigins = [...DEFAULT_PARTNER_ORIGINS, ...origins];
  const data = options.dataFile ? await openDataStore(options.dataFile) : null;
  let simulator: Simulator;
  try {
    simulator = await createNodeSimulator({
      origins,
      extractableKeys: !!data,
      store: options.store ?? 'memory',
      ...(data ? { database: data.database.asSimulatorDatabase() } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.issuer ? { issuer: options.issuer } : {}),
      // Over the network the Host header is what a DNS-rebinding page controls: only loopback and
      // the names given answer /__sim (the in-process carriers also accept the sandbox's .test host).
      sandboxHosts: options.allowHosts ?? [],
    });
  } catch (error) {
    data?.database.close();
    throw error;
  }
  const webhooks = options.webhooks ?? true;
  const dispatcher = webhooks ? new WebhookDispatcher(simulator, webhooks === true ? {} : webhooks) : null;
  const dispatch = routeTable(createRoutes(simulator));
  const base = `http://${host.includes(':') ? `[${host}]` : host}`;

  const server = createServer((req, res) => {
    void (async () => {
      const origin = req.headers.origin;
      const cors: Record<string, string> =
        origin && originAllowed(corsOrigins, origin)
          ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'Retry-After' }
          : {};
      try {
        const method = (req.method ?? 'GET').toUpperCase();
        if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
          req.resume();
          if (!cors['access-control-allow-origin']) return send(res, errorReply('origin_not_allowed'), {});
          res.writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'GET, POST, PUT, DELETE',
            'access-control-allow-headers': ALLOW_HEADERS,
            'access-control-max-age': '600',
          });
          return res.end();
        }
        // `/v1/%2e%2e/__sim/reset` would become /__sim/reset once parsed: a proxy that forwards only
        // /v1 must never reach another prefix through dot segments, encoded or not.
        if (hasDotSegment(req.url ?? '/')) {
          req.resume();
          return send(res, errorReply('not_found'), cors);
        }
        let url: URL;
        try {
          url = new URL(req.url ?? '/', base);
        } catch {
          req.resume();
          return send(res, errorReply('not_found'), cors);
        }
        if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
          // Answer at once rather than wait for bytes we will not read; the connection then closes.
          req.resume();
          res.setHeader('connection', 'close');
          return send(res, errorReply('body_too_large'), cors);
        }
        // Methods Fetch refuses to carry are never allowed here, on any path (as in the browser).
        if (FORBIDDEN_METHODS.has(method)) {
          req.resume();
          return send(res, errorReply('method_not_allowed'), cors);
        }
        const body = method === 'GET' || method === 'HEAD' ? (req.resume(), null) : readBody(req);
        body?.catch(() => undefined); // a broken upload fails the route that reads it, not the process
        const answer = await dispatch({
          method,
          url,
          header: headerReader(req),
          host: req.headers.host ?? '',
          clientAddress: clientAddressOf(req),
          bytes: async () => (body ? await body : new Uint8Array(0)),
        });
        // Nothing is answered before what it could have seen is on disk (Simulator.whenDurable).
        await simulator.whenDurable();
        send(res, answer ?? errorReply('not_found'), cors);
      } catch {
        if (res.headersSent) res.destroy();
        else send(res, errorReply('internal_error'), cors);
      }
    })();
  });

  // Requests node:http cannot parse (unknown methods such as TRACK, broken framing) still get a JSON
  // error in the contract's shape instead of Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const code = error.code === 'HPE_INVALID_METHOD' ? 'method_not_allowed' : 'invalid_request';
    const [status, message] = SERVICE_ERRORS[code];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${code === 'method_not_allowed' ? 'Method Not Allowed' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolve());
    });
  } catch (error) {
    // A port in use must not keep the data file locked.
    await simulator.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    simulator,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await dispatcher?.stop();
        await simulator.close();
      })();
      return closing;
    },
  };
}
