/**
 * The simulator as a real HTTP server, for partner backends and non-JS stacks: node:http requests
 * become Fetch Requests answered by the very same MSW handlers (`getResponse`), with CORS for the
 * allowed origins.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { MAX_BODY_BYTES } from '../src/contract/schemas.js';
import { SERVICE_ERRORS } from '../src/contract/errors.js';
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../src/contract/api.js';
import { readStateFile, StateFileWriter, writeStateFile } from './data-file.js';
import { originAllowed } from './domain/partners.js';
import { createHandlers } from './handlers/index.js';
import { errorResponse } from './handlers/respond.js';
import { routeIndex } from './handlers/route-index.js';
import type { Limits } from './limits.js';
import { createNodeSimulator } from './node.js';
import { DEFAULT_PARTNER_ORIGINS } from './seeds.js';
import type { Simulator } from './simulator.js';

export interface SimulatorServerOptions {
  /** 0 picks a free port; the chosen one is in `url`. */
  port: number;
  /** Default 127.0.0.1 (only this machine). */
  host?: string;
  /** Page origins allowed besides http://localhost:* and http://127.0.0.1:*. */
  origins?: string[];
  /** Keep state in this JSON file across restarts. */
  dataFile?: string;
  limits?: Partial<Limits>;
  issuer?: string;
}

export interface SimulatorServer {
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

const ALLOW_HEADERS = ['Content-Type', PARTNER_KEY_HEADER, IDEMPOTENCY_KEY_HEADER, 'Authorization'].join(', ');

/** Reads at most MAX_BODY_BYTES + 1 bytes: enough for the handler to see that a body is too large. */
function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // keep draining, stop keeping
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => resolve(Uint8Array.from(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1))));
    req.on('error', reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header Fetch cannot carry is dropped, not fatal.
    }
  }
  return headers;
}

async function send(res: ServerResponse, response: Response, cors: Record<string, string>): Promise<void> {
  if (response.type === 'error') {
    // The dropRate fault: the connection dies without an answer.
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...cors };
  response.headers.forEach((value, name) => (headers[name] = value));
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const origins = options.origins ?? [];
  const corsOrigins = [...DEFAULT_PARTNER_ORIGINS, ...origins];
  const initialState = options.dataFile ? await readStateFile(options.dataFile) : undefined;
  const simulator = await createNodeSimulator({
    origins,
    extractableKeys: !!options.dataFile,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(initialState ? { initialState } : {}),
  });
  const writer = options.dataFile ? new StateFileWriter(simulator, options.dataFile) : null;
  // A state file that did not exist yet is written with the seeds right away.
  if (options.dataFile && !initialState) await writeStateFile(options.dataFile, await simulator.exportState());
  const handlersFor = routeIndex(createHandlers(simulator));

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
          if (!cors['access-control-allow-origin']) return await send(res, errorResponse('origin_not_allowed'), {});
          res.writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'GET, POST, PUT',
            'access-control-allow-headers': ALLOW_HEADERS,
            'access-control-max-age': '600',
          });
          return res.end();
        }
        let url: URL;
        try {
          url = new URL(req.url ?? '/', `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`);
        } catch {
          req.resume();
          return await send(res, errorResponse('not_found'), cors);
        }
        if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
          // Answer at once rather than wait for bytes we will not read; the connection then closes.
          req.resume();
          res.setHeader('connection', 'close');
          return await send(res, errorResponse('body_too_large'), cors);
        }
        const hasBody = method !== 'GET' && method !== 'HEAD';
        const body = hasBody ? await readBody(req) : (req.resume(), null);
        let request: Request;
        try {
          request = new Request(url, { method, headers: toHeaders(req), ...(body && body.length ? { body } : {}) });
        } catch {
          // Methods Fetch refuses to carry (TRACE, CONNECT, TRACK) are never allowed here.
          return await send(res, errorResponse('method_not_allowed'), cors);
        }
        const candidates = handlersFor(method, url.pathname);
        const response = (candidates.length ? await getResponse(candidates, request) : undefined) ?? errorResponse('not_found');
        await send(res, response, cors);
      } catch {
        if (!res.headersSent) await send(res, errorResponse('internal_error'), cors).catch(() => res.destroy());
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
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
        await writer?.close();
        await simulator.close();
      })();
      return closing;
    },
  };
}
