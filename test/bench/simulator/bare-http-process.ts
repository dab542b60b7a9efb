/**
 * Child process: a bare node:http server answering the same three flow requests (and the setup
 * calls) with fixed JSON after parsing each body, no work at all. The load generator's flows per
 * second against it are the ceiling of HTTP on one core here: what any server doing three requests
 * per flow could reach, before doing anything. With BENCH_BARE_SIGN=1 it also signs one consent-shaped
 * JWT with jose per verify, as raw signing does: the ceiling of any server doing the flow's requests and
 * its one unavoidable signature, and nothing else.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consentJwtSigner } from './consent-jwt.js';

const sign = process.env.BENCH_BARE_SIGN === '1' ? await consentJwtSigner() : null;

const body = (req: IncomingMessage) =>
  new Promise<unknown>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null));
  });

let n = 0;
async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await body(req);
  const path = req.url ?? '/';
  let status = 200;
  let reply: unknown = {};
  if (req.method === 'POST' && path === '/__sim/identities') [status, reply] = [201, { simIds: [`sim_${++n}`] }];
  else if (req.method === 'POST' && path === '/v1/consent-requests')
    [status, reply] = [201, { id: `req_${String(++n).padStart(12, '0')}` }];
  else if (req.method === 'GET' && path.endsWith('/messages'))
    reply = { messages: [{ direction: 'in', body: 'Ijazat: 123456 is your code.\n\n@localhost #123456' }] };
  else if (req.method === 'POST' && path.endsWith('/verify'))
    reply = { token: sign ? await sign() : 'header.payload.signature' };
  const text = JSON.stringify(reply);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

const server = createServer((req, res) => void answer(req, res));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'cpu') process.send!({ type: 'cpu', cpu: process.cpuUsage() });
  if (message.type === 'memory') process.send!({ type: 'memory', memory: process.memoryUsage() });
  if (message.type === 'close') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
