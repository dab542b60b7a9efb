#!/usr/bin/env node
/**
 * `npm start`: the demo on Vite's dev server (the root vite.config.ts, demo branch). Prints the pages'
 * URLs and the sandbox's seeded test identities; opens no browser (open the URL yourself).
 * Options: PORT=5173 (the next free port is taken when it is busy), HOST=127.0.0.1.
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const bold = (text) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text) => (process.stdout.isTTY ? `\u001b[2m${text}\u001b[22m` : text);

/** The seeded identities, read from the simulator itself (GET /__sim/identities) so this table is never stale. */
async function seededIdentities() {
  const { tsImport } = await import('tsx/esm/api');
  const { setupSimulatorServer } = await tsImport('../simulator/node.ts', import.meta.url);
  const { server, simulator } = await setupSimulatorServer();
  server.listen({ onUnhandledRequest: 'bypass' });
  try {
    const response = await fetch('https://sandbox.ijazat.test/__sim/identities');
    return await response.json();
  } finally {
    server.close();
    await simulator.close?.();
  }
}

function table(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  return [bold(line(headers)), dim(widths.map((w) => '─'.repeat(w)).join('  ')), ...rows.map(line)].join('\n');
}

const server = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Warnings and errors only, so the table below stays readable.
  logLevel: 'warn',
  server: {
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 5173),
    strictPort: false,
    open: false,
  },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;

console.log(
  `\n${bold('Ijazat consent: demo')}  ${dim('(everything runs in the browser on the simulator; no backend)')}\n`,
);
console.log(
  table(
    ['page', 'url'],
    [
      ['Partner onboarding + phone', base],
      ['Designer gallery', `${base}gallery.html`],
      ["Citizen's consents + audit", `${base}citizen.html`],
    ],
  ),
);

try {
  const identities = await seededIdentities();
  const simOf = (citizen) => identities.sims.find((sim) => sim.id === citizen.simIds[0]);
  console.log(`\n${bold('Test citizens')} ${dim('(pick one on the phone; type the CNIC into the form)')}\n`);
  console.log(
    table(
      ['name', 'CNIC', 'card', 'registered mobile', 'phone (SIM)', 'scenario'],
      identities.citizens.map((citizen) => {
        const sim = simOf(citizen);
        const ownSim = sim && sim.ownerCnic.replace(/\D/g, '') === citizen.cnic.replace(/\D/g, '');
        return [
          citizen.name,
          citizen.cnic,
          citizen.cardStatus,
          citizen.mobile ?? '—',
          sim ? `${sim.id} ${sim.mobile}${ownSim ? '' : ` (registered to ${sim.ownerCnic})`}` : '—',
          citizen.scenario,
        ];
      }),
    ),
  );
  console.log(`\n${bold('Partners')}\n`);
  console.log(
    table(
      ['partner', 'publishable key', 'secret key', 'purposes'],
      identities.partners.map((partner) => [
        partner.displayName.en,
        partner.publishableKey,
        partner.secretKey,
        partner.purposes.join(', '),
      ]),
    ),
  );
  console.log(`\nEnrolment: from the phone, SMS the 13-digit CNIC to ${bold(identities.shortCode)}.`);
} catch (error) {
  console.log(
    `\n${dim(`(could not list the seeded identities: ${error instanceof Error ? error.message : error}; see docs/demo.md)`)}`,
  );
}
console.log(`\n${dim('Ctrl+C to stop.')}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
