#!/usr/bin/env node
/**
 * `ijazat-conformance`: runs the contract's behavioural checks against any implementation over HTTP.
 *   ijazat-conformance --base-url URL [--partner-key pk_…] [--secret-key sk_…] [--junit FILE]
 * Prints one line per check and a summary; exit 0 when nothing failed (skips allowed), 1 when a
 * check failed, 2 when the kit could not start (bad arguments, no answer, no partner key).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConformanceSetupError, runConformance } from './kit.js';
import { junitXml, resultLine, summary } from './report.js';

const USAGE = `Usage: ijazat-conformance --base-url URL [options]

  --base-url URL      the service under test (e.g. http://127.0.0.1:4010)
  --partner-key KEY   a publishable key (pk_…); taken from the sandbox when there is one
  --secret-key KEY    the same partner's secret key (sk_…), for the consent status checks
  --purpose ID        a purpose the partner is registered for (default account-opening)
  --cnic 13DIGITS     a registered CNIC with a mobile (a service without a sandbox; never printed)
  --issuer ISS        the iss tokens must carry (default: not checked)
  --junit FILE        also write the results as JUnit XML, for CI systems`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'partner-key': { type: 'string' },
      'secret-key': { type: 'string' },
      purpose: { type: 'string' },
      cnic: { type: 'string' },
      issuer: { type: 'string' },
      junit: { type: 'string' },
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
const baseUrl = values['base-url'];
if (!baseUrl) fail('--base-url is needed');
try {
  if (!/^https?:$/.test(new URL(baseUrl).protocol)) throw new Error();
} catch {
  fail(`--base-url must be an http(s) URL, not ${baseUrl}`);
}
if (values.cnic !== undefined && !/^\d{13}$/.test(values.cnic)) fail('--cnic must be 13 digits');

const startedAt = new Date();
process.stdout.write(`ijazat-conformance: ${baseUrl}\n\n`);
try {
  const run = await runConformance({
    baseUrl,
    ...(values['partner-key'] ? { partnerKey: values['partner-key'] } : {}),
    ...(values['secret-key'] ? { secretKey: values['secret-key'] } : {}),
    ...(values.purpose ? { purpose: values.purpose } : {}),
    ...(values.cnic ? { cnic: values.cnic } : {}),
    ...(values.issuer ? { issuer: values.issuer } : {}),
    onResult: (result) => process.stdout.write(`${resultLine(result)}\n`),
  });
  process.stdout.write(
    `\n${summary(run.results)}\n` +
      `partner ${run.partnerId}; sandbox controls ${run.sandbox ? 'found (/__sim)' : 'not found: checks that need them were skipped'}; ${run.requests} /v1 requests\n`,
  );
  if (values.junit) {
    writeFileSync(values.junit, junitXml(run.results, new URL(baseUrl).host, startedAt));
    process.stdout.write(`JUnit XML: ${values.junit}\n`);
  }
  process.exit(run.results.some((result) => result.outcome === 'failed') ? 1 : 0);
} catch (error) {
  const reason =
    error instanceof ConformanceSetupError
      ? error.message
      : `the service could not be reached: ${(error as Error).message}`;
  process.stderr.write(`ijazat-conformance could not start: ${reason}\n`);
  process.exit(2);
}
