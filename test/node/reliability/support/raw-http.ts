/**
 * A request over node:http with what fetch will not let a test choose: the client's own loopback
 * address (`localAddress`, e.g. 127.0.0.2, to be a second client), any `Host` header, a request
 * target sent exactly as written (`/v1/%2e%2e/__sim/reset`), and a body that never comes.
 */
import { request } from 'node:http';
import type { ServiceJson } from '../../../support/service-json.js';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: ServiceJson;
}

export interface RawOptions {
  headers?: Record<string, string>;
  body?: string;
  /** The client's address: any of 127.0.0.0/8 works on Linux without set-up. */
  localAddress?: string;
}

export function rawRequest(base: string, method: string, target: string, options: RawOptions = {}): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers: options.headers ?? {},
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // left as text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sends a request's headers and holds its body back (a slow client): resolves once the headers are
 * on the wire; `abandon()` drops the connection.
 */
export function slowRequest(
  base: string,
  target: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ abandon(): void }> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: target,
      headers: { ...headers, 'content-length': '100' },
      agent: false,
      ...(localAddress ? { localAddress } : {}),
    });
    req.on('error', () => undefined);
    req.flushHeaders();
    req.on('socket', (socket) => socket.once('connect', () => resolve({ abandon: () => req.destroy() })));
  });
}
