/**
 * Runs the checks in order, one at a time (some share the partner's rate limit, some move the
 * sandbox's clock), and records each as passed, failed (with the reason) or skipped (with the reason:
 * what it needs that the service under test does not offer).
 */
import type { ServiceHttp } from './http.js';
import type { Sandbox, SandboxCitizen } from './sandbox.js';

export type Group = 'discovery' | 'errors' | 'limits' | 'idempotency' | 'token' | 'privacy';

/** What a check may need beyond the service's public API. */
export type Need = 'sandbox' | 'secretKey';

export interface Kit {
  http: ServiceHttp;
  partner: { http: ServiceHttp; key: string; id: string; purpose: string; secretKey: string | null };
  /** Expected `iss`, when the implementer named it (`--issuer`). */
  issuer: string | null;
  sandbox: Sandbox | null;
  /** A registered CNIC with a mobile, for checks that do not need the inbox (`--cnic`, or a fresh sandbox citizen). */
  registeredCnic(): Promise<string | null>;
  /** A fresh sandbox citizen (only in checks that need the sandbox). */
  citizen(options?: Parameters<Sandbox['newCitizen']>[0]): Promise<SandboxCitizen>;
}

export interface Check {
  group: Group;
  /** What the check shows, in a sentence an implementer reads in the report. */
  name: string;
  needs?: Need[];
  run(kit: Kit): Promise<void>;
}

/** Thrown inside a check that finds, once running, that it cannot run here. */
export class Skip extends Error {
  override name = 'Skip';
}

export interface Result {
  check: Check;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Failure or skip reason. */
  reason?: string;
  seconds: number;
}

const NEED_REASONS: Record<Need, string> = {
  sandbox:
    'needs sandbox controls (/__sim: SMS inbox, synthetic citizens, clock, limits), which this service does not offer',
  secretKey: "needs the partner's secret key (--secret-key)",
};

export async function runChecks(
  checks: readonly Check[],
  kit: Kit,
  onResult: (result: Result) => void = () => undefined,
): Promise<Result[]> {
  const results: Result[] = [];
  for (const check of checks) {
    const started = performance.now();
    const missing = (check.needs ?? []).find((need) =>
      need === 'sandbox' ? kit.sandbox === null : kit.partner.secretKey === null,
    );
    let result: Result;
    if (missing) result = { check, outcome: 'skipped', reason: NEED_REASONS[missing], seconds: 0 };
    else {
      try {
        await check.run(kit);
        result = { check, outcome: 'passed', seconds: 0 };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        result = { check, outcome: error instanceof Skip ? 'skipped' : 'failed', reason, seconds: 0 };
      }
      result.seconds = (performance.now() - started) / 1000;
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
