/**
 * `npm run example`: the simulator CLI (the verification service) and the example partner backend,
 * side by side. Open the printed URL, use a sandbox CNIC (35202-1111111-1), and read the passcode
 * from the simulator's SIM inbox (printed below).
 *   SIMULATOR_PORT=4010 PORT=3000 npm run example
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startPartnerServer } from './server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const simulatorPort = process.env.SIMULATOR_PORT ?? '4010';
const port = Number(process.env.PORT ?? 3000);

const simulator = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', '--port', simulatorPort], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: simulator.stdout });
const serviceUrl = await new Promise<string>((resolve, reject) => {
  lines.on('line', (line) => {
    process.stdout.write(`[simulator] ${line}\n`);
    const match = /^listening on (\S+)/.exec(line);
    if (match) resolve(match[1]!);
  });
  simulator.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening`)));
});

const partner = await startPartnerServer({ serviceUrl, port });
process.stdout.write(`\nExample partner backend: ${partner.url}\n`);
process.stdout.write(`Passcodes for Ayesha (35202-1111111-1): ${serviceUrl}/__sim/sims/sim_ayesha/messages\n`);
process.stdout.write(
  `Webhook endpoint registered: ${partner.webhookUrl} (deliveries: ${serviceUrl}/__sim/partners/prt_sandbox_bank/webhooks/deliveries)\n` +
    `After opening an account, ${partner.url}/account shows its consent; revoke it at ${serviceUrl}/__sim/citizens/cit_ayesha/consents/<jti>/revoke\n`,
);

function stop(): void {
  simulator.kill('SIGTERM');
  void partner.close().then(() => process.exit(0));
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
