/**
 * Damaged `--data` never serves: the CLI, started on data damaged in each way an operator can meet
 * (cut short, a field of the wrong type, a field missing, no signing key, no secrets, a file from a
 * newer version, a file that is not ours) or on a file another server holds, refuses with one line on
 * stderr and exit code 1, and leaves the file byte for byte as it was.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startSimulatorServer } from '../../../simulator/node.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let good: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ijazat-damage-'));
  good = join(dir, 'good.db');
  const server = await startSimulatorServer({ port: 0, dataFile: good });
  await server.close();
});
after(() => rm(dir, { recursive: true, force: true }));

/** Runs the CLI on `file` until it exits or prints its URL; the URL case is a failure to refuse. */
function startCli(file: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--data', file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.includes('listening on')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, stdout })));
}

const digest = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** A copy of the good data with one kind of damage done to it. */
async function damaged(name: string, damage: (file: string) => Promise<void> | void): Promise<string> {
  const file = join(dir, `${name}.db`);
  await copyFile(good, file);
  await damage(file);
  return file;
}

function sql(statement: string) {
  return (file: string) => {
    const db = new Database(file);
    db.exec(statement);
    db.close();
  };
}

async function assertRefused(file: string, reason: RegExp): Promise<void> {
  const before = await digest(file);
  const { code, stderr, stdout } = await startCli(file);
  assert.equal(code, 1, `exit code (stdout: ${stdout.slice(0, 80)})`);
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${stderr}`);
  assert.match(lines[0]!, /^ijazat-simulator could not start: /);
  assert.match(lines[0]!, reason);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(await digest(file), before, 'the data file was changed');
}

describe('the CLI refuses damaged --data with one line and exit 1, leaving it untouched', () => {
  const cases: [string, (file: string) => Promise<void> | void, RegExp][] = [
    ['cut short', async (file) => truncate(file, Math.floor((await stat(file)).size / 2)), /is truncated/],
    ['cut inside its header', (file) => truncate(file, 40), /is truncated/],
    ['emptied', (file) => truncate(file, 0), /is empty/],
    [
      'a wrongly typed citizen field',
      sql(
        `UPDATE "store:citizens" SET v = json_set(v, '$.cnic', 42) WHERE k = (SELECT k FROM "store:citizens" LIMIT 1)`,
      ),
      /is damaged: citizens .* bad cnic/,
    ],
    [
      'a citizen field missing',
      sql(`UPDATE "store:citizens" SET v = json_remove(v, '$.cardStatus')`),
      /is damaged: citizens .* bad cardStatus/,
    ],
    ['no signing key', sql(`DELETE FROM "store:keys"`), /has no signing key/],
    ['no secrets', sql(`DELETE FROM "store:meta"`), /has no secrets record/],
    [
      'a newer version',
      sql(`UPDATE ijazat SET value = '999' WHERE name = 'version'`),
      /written by a newer ijazat-simulator/,
    ],
    [
      'an older JSON state file',
      (file) => writeFile(file, '{"format":"ijazat-simulator-state","version":1}'),
      /JSON state file/,
    ],
    [
      'not a database at all',
      (file) => writeFile(file, 'hello, this is a text file\n'.repeat(10)),
      /not an SQLite database/,
    ],
    [
      'an SQLite file of someone else',
      async (file) => {
        await rm(file);
        sql('CREATE TABLE notes (text TEXT)')(file);
      },
      /not ijazat simulator data/,
    ],
  ];

  it('in every kind of damage', async () => {
    const files = await Promise.all(cases.map(([name, damage]) => damaged(name.replace(/\W+/g, '-'), damage)));
    // Concurrent: each start is a Node process of its own.
    const results = await Promise.allSettled(cases.map(([, , reason], i) => assertRefused(files[i]!, reason)));
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected' ? [`${cases[i]![0]}: ${(result.reason as Error).message}`] : [],
    );
    assert.deepEqual(failures, []);
  });
});

describe('one writer per data file', () => {
  it('a second server on the same file refuses to start and the first keeps serving', async () => {
    const file = join(dir, 'shared.db');
    await copyFile(good, file);
    const first = await startSimulatorServer({ port: 0, dataFile: file });
    try {
      const { code, stderr } = await startCli(file);
      assert.equal(code, 1);
      assert.equal(stderr.trimEnd().split('\n').length, 1);
      assert.match(stderr, /could not start: .* is in use by another ijazat-simulator/);
      const jwks = await fetch(`${first.url}/.well-known/jwks.json`);
      assert.equal(jwks.status, 200, 'the first server still answers');
    } finally {
      await first.close();
    }
  });
});
