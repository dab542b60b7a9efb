/**
 * The `ijazat-simulator` CLI from source in a child process, on a free loopback port, keeping its
 * state in `dataFile`, with any further `flags`: what an operator runs. Resolves once it says where
 * it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliSimulator {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

export function startCliSimulator(dataFile: string, flags: readonly string[] = []): Promise<CliSimulator> {
  const args = ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--data', dataFile, ...flags];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    });
    child.once('exit', (code) => reject(new Error(`the CLI simulator exited with ${code}: ${output}`)));
  });
}
