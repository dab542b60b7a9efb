/**
 * A tiny JWKS endpoint on node:http whose keys a test can rotate and whose fetches it can count: the
 * service's `/.well-known/jwks.json` as a partner backend sees it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

export interface JwksServer {
  url: string;
  fetches: number;
  jwks: JSONWebKeySet;
  /** What the next answers are: the key set (default), a server error, or broken JSON. */
  mode: 'ok' | 'error' | 'garbage';
  close(): Promise<void>;
}

export async function startJwksServer(jwks: JSONWebKeySet): Promise<JwksServer> {
  const state: JwksServer = { url: '', fetches: 0, jwks, mode: 'ok', close: async () => {} };
  const server = createServer((req, res) => {
    state.fetches += 1;
    if (state.mode === 'error') return res.writeHead(503).end('{"error":{"code":"service_unavailable"}}');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(state.mode === 'garbage' ? '{"keys": [' : JSON.stringify(state.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
