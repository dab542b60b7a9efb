/**
 * The conformance kit as a function: connects to the service under test, finds the partner it acts
 * as (and the sandbox, when there is one), then runs every check. The CLI (cli.ts) prints and writes
 * what this returns.
 */
import { paths } from '../contract/api.js';
import { ConsentContext } from '../contract/schemas.js';
import { checks } from './checks.js';
import { describeAnswer } from './expect.js';
import { ServiceHttp } from './http.js';
import { runChecks, type Kit, type Result } from './runner.js';
import { Sandbox } from './sandbox.js';

export interface ConformanceOptions {
  baseUrl: string;
  partnerKey?: string;
  secretKey?: string;
  purpose?: string;
  /** A registered CNIC with a mobile, for a service without a sandbox. */
  cnic?: string;
  issuer?: string;
  onResult?: (result: Result) => void;
}

/** The kit could not start (no partner key, the service does not answer): nothing was checked. */
export class ConformanceSetupError extends Error {
  override name = 'ConformanceSetupError';
}

export interface ConformanceRun {
  results: Result[];
  sandbox: boolean;
  partnerId: string;
  requests: number;
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceRun> {
  const probe = new ServiceHttp(options.baseUrl, null);
  const sandbox = await Sandbox.detect(probe);
  const sandboxPartner = options.partnerKey
    ? sandbox?.partners.find((partner) => partner.publishableKey === options.partnerKey)
    : (sandbox?.partners.find((partner) => partner.purposes.includes('account-opening')) ?? sandbox?.partners[0]);
  const partnerKey = options.partnerKey ?? sandboxPartner?.publishableKey;
  if (!partnerKey)
    throw new ConformanceSetupError('--partner-key is needed: this service has no sandbox to take a partner from');
  const purpose =
    options.purpose ??
    (sandboxPartner && !sandboxPartner.purposes.includes('account-opening') ? sandboxPartner.purposes[0] : undefined) ??
    'account-opening';
  const http = new ServiceHttp(options.baseUrl, partnerKey);
  http.requests = 0;

  const context = await http.get(`${paths.context}?purpose=${encodeURIComponent(purpose)}`);
  const parsed = ConsentContext.safeParse(context.body);
  if (context.status !== 200 || !parsed.success)
    throw new ConformanceSetupError(
      `GET ${paths.context}?purpose=${purpose} answered ${describeAnswer(context)}: check --base-url, --partner-key and --purpose`,
    );

  const kit: Kit = {
    http,
    partner: {
      http,
      key: partnerKey,
      id: parsed.data.partner.id,
      purpose,
      secretKey: options.secretKey ?? sandboxPartner?.secretKey ?? null,
    },
    issuer: options.issuer ?? null,
    sandbox,
    async registeredCnic() {
      if (sandbox) return (await sandbox.newCitizen()).cnic;
      return options.cnic ?? null;
    },
    citizen(citizenOptions) {
      if (!sandbox) throw new Error('a sandbox citizen outside the sandbox');
      return sandbox.newCitizen(citizenOptions);
    },
  };
  const results = await runChecks(checks, kit, options.onResult);
  return { results, sandbox: sandbox !== null, partnerId: kit.partner.id, requests: http.requests };
}
