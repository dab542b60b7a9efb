#!/usr/bin/env node
/**
 * `ijazat-simulator`: the verification service simulator as an HTTP server.
 *   ijazat-simulator --port 4010 [--host 127.0.0.1] [--origin URL]… [--allow-host NAME]… [--data FILE]
 * Prints its URL (first line, `listening on <url>`), the synthetic identities and keys, then serves
 * until SIGINT/SIGTERM. With --data, state lives in an SQLite database (data-store.ts); damaged data or
 * a file another server holds stops start-up with one line and exit 1. It never prints passcodes or tokens: read
 * codes from the SIM inbox endpoint, as a citizen reads their phone.
 */
import { parseArgs } from 'node:util';
import { startSimulatorServer } from './http-server.js';

const USAGE = `Usage: ijazat-simulator [--port 4010] [--host 127.0.0.1] [--origin URL]... [--allow-host NAME]... [--data FILE]

  --port N       port to listen on (0 picks a free one; default 4010)
  --host H       interface to bind (default 127.0.0.1)
  --origin URL   a page origin allowed to call the simulator (repeatable; http://localhost:* and
                 http://127.0.0.1:* are always allowed)
  --allow-host NAME  a Host name the sandbox controls (/__sim) answer besides loopback ones
                 (localhost, 127.0.0.0/8, [::1]), e.g. this machine's name on your network
                 (repeatable)
  --data FILE    keep state in FILE, an SQLite database (created if missing): every answer that
                 reports a change is sent after the change is on disk; one server per FILE
  --issuer ISS   the tokens' iss (default urn:ijazat:sandbox)
  --retention-days N
                 drop consent requests, SMS and settled webhook deliveries older than N simulated
                 days (default 30); consents and the audit log are kept`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', multiple: true, default: [] },
      'allow-host': { type: 'string', multiple: true, default: [] },
      data: { type: 'string' },
      issuer: { type: 'string' },
      'retention-days': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0 to 65535, not ${values.port}`);
const retentionDays = values['retention-days'] === undefined ? undefined : Number(values['retention-days']);
if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays >= 1 && retentionDays <= 36_500))
  fail(`--retention-days must be a whole number of days from 1 to 36500, not ${values['retention-days']}`);
const origins = values.origin ?? [];
for (const origin of origins) {
  try {
    if (new URL(origin).origin !== origin.replace(/\/$/, '')) throw new Error();
  } catch {
    fail(`--origin must be an origin like https://shop.example:8443, not ${origin}`);
  }
}

const allowHosts = values['allow-host'] ?? [];
for (const name of allowHosts) {
  if (!/^[a-z0-9.-]+$/i.test(name)) fail(`--allow-host must be a host name like dev-box.local, not ${name}`);
}

let server: Awaited<ReturnType<typeof startSimulatorServer>>;
try {
  server = await startSimulatorServer({
    port,
    host: values.host,
    origins: origins.map((origin) => new URL(origin).origin),
    allowHosts,
    ...(values.data ? { dataFile: values.data } : {}),
    ...(values.issuer ? { issuer: values.issuer } : {}),
    ...(retentionDays ? { limits: { historyRetentionDays: retentionDays } } : {}),
  });
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  process.stderr.write(
    `ijazat-simulator could not start: ${code === 'EADDRINUSE' ? `port ${port} is in use` : message}\n`,
  );
  process.exit(1);
}

const { citizens, partners, shortCode } = await server.simulator.identities();
const lines = [
  `listening on ${server.url}`,
  '',
  'Partners (publishable key / secret key, purposes):',
  ...partners.map(
    (p) => `  ${p.displayName.en.padEnd(16)} ${p.publishableKey} / ${p.secretKey}  ${p.purposes.join(', ')}`,
  ),
  '',
  'Synthetic citizens (CNIC, card, registered mobile, SIMs):',
  ...citizens.map(
    (c) =>
      `  ${c.name.padEnd(13)} ${c.cnic}  ${c.cardStatus.padEnd(9)} ${(c.mobile ?? 'none').padEnd(11)}  ${c.simIds.join(', ')}`,
  ),
  '',
  `Enrollment short code: ${shortCode}`,
  `Passcodes: GET ${server.url}/__sim/sims/<sim id>/messages`,
  `Public keys: ${server.url}/.well-known/jwks.json`,
  values.data ? `Data: ${values.data} (SQLite)` : 'State: in memory (use --data FILE to keep it)',
  'Ctrl+C stops.',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
