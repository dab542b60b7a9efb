/**
 * Child processes for the benchmarks: one Node process per role (server, load, signing), talking to
 * this one over IPC, pinned to a CPU core with `taskset` where it exists (Linux), so "one core" means
 * exactly that. Every child is killed when the bench ends, whatever happens.
 *
 * The TypeScript the children run is first compiled to JavaScript by esbuild, file by file into
 * .bench-scratch/js/ (same layout, so profiles still name simulator/… files), and run by plain
 * `node`: no TypeScript loader in the measured processes, so what is measured is the code as shipped
 * (the `ijazat-simulator` bin is esbuild output too), not tsx's per-function wrappers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { ServiceJson } from '../support/service-json.js';

const hasTaskset = process.platform === 'linux' && spawnSync('taskset', ['--version']).status === 0;
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

export interface Child {
  process: ChildProcess;
  /** The next IPC message of this type (rejects when the child dies first). */
  next<T = ServiceJson>(type: string, timeoutMs?: number): Promise<T>;
  send(message: unknown): void;
  stop(): Promise<void>;
}

export const pinned = hasTaskset;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the compiled children live; the profile summary strips this prefix (cpu-profile.ts). */
const COMPILED = join(ROOT, '.bench-scratch', 'js');
/** What the children import: the simulator, the contract it shares with the widget, the bench itself. */
const SOURCES = ['simulator', 'src/contract', 'test/bench/simulator'];
let compiled = false;

/** The child's file as compiled JavaScript (everything compiled once per bench run). */
function compiledPath(file: URL): string {
  if (!compiled) {
    const entryPoints = SOURCES.flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
        .map((name) => join(ROOT, dir, name)),
    );
    buildSync({
      entryPoints,
      outdir: COMPILED,
      outbase: ROOT,
      bundle: false,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
    });
    compiled = true;
  }
  return join(COMPILED, relative(ROOT, fileURLToPath(file)).replace(/\.ts$/, '.js'));
}

export function startChild(
  file: URL,
  options: { core?: number; nodeArgs?: string[]; env?: Record<string, string> } = {},
): Child {
  const node = [process.execPath, ...(options.nodeArgs ?? []), compiledPath(file)];
  const [command, ...args] =
    hasTaskset && options.core !== undefined ? ['taskset', '-c', String(options.core), ...node] : node;
  const child = spawn(command!, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  children.add(child);
  // A child that is already going away may refuse the last IPC message (EPIPE): that is not an error here.
  child.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  return {
    process: child,
    next(type, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`child ${file.pathname} sent no '${type}' within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onMessage = (message: { type: string }) => message.type === type && done(null, message);
        const onExit = (code: number | null) =>
          done(new Error(`child ${file.pathname} exited (${code}) before '${type}'`));
        function done(error: Error | null, message?: unknown) {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(message as never);
        }
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    send(message) {
      child.send(message as never);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: 'close' }, () => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
