/**
 * The contract check as the test suite runs it. An answer that differs from the document is
 * replaced by a 500 naming the difference (the test that got it fails where it stands), printed
 * to stderr, and fails the test file when the process exits (for answers no test looks at).
 */
import type { OpenApiDocument } from '../../../../src/contract/openapi.js';
import { answerChecker, type CheckedAnswer } from './answer-check.js';

export interface InstalledCheck {
  /** Every difference seen so far. */
  readonly drift: string[];
  /** Puts back the check that was installed before, forgetting this one's drift. */
  uninstall(): void;
}

export function installAnswerCheck(document: () => OpenApiDocument): InstalledCheck {
  let check: ((answer: CheckedAnswer) => string[]) | undefined;
  const drift: string[] = [];
  const previous = globalThis.ijazatAnswerCheck;
  const onExit = () => {
    if (drift.length === 0) return;
    process.stderr.write(`\n${drift.length} answer(s) differed from openapi.json (see "contract drift" above)\n`);
    process.exitCode = 1;
  };
  globalThis.ijazatAnswerCheck = (call, reply) => {
    check ??= answerChecker(document()); // compiled on the first answer: processes that start no simulator pay nothing
    const problems = check({ method: call.method, pathname: call.url.pathname, ...reply });
    if (problems.length === 0) return reply;
    drift.push(...problems);
    for (const problem of problems) process.stderr.write(`contract drift: ${problem}\n`);
    return {
      status: 500,
      headers: { 'Cache-Control': 'no-store' },
      body: {
        error: { code: 'internal_error', message: `The answer differs from openapi.json: ${problems.join('; ')}` },
      },
    };
  };
  process.on('exit', onExit);
  return {
    drift,
    uninstall() {
      globalThis.ijazatAnswerCheck = previous;
      drift.length = 0;
      process.off('exit', onExit);
    },
  };
}
