/**
 * What a failed check says: expected against received, in the contract's words (status and error
 * code), never the values sent (no CNIC, passcode or token in a report or a CI log).
 */
import { SERVICE_ERRORS, type ServiceErrorCode } from '../contract/errors.js';
import type { z } from 'zod';
import type { Answer } from './http.js';

export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** `401 missing_partner_key` or `201` or `502 (not JSON)`: an answer as the report names it. */
export function describeAnswer(answer: Answer): string {
  const code = (answer.body as { error?: { code?: unknown } } | null)?.error?.code;
  if (typeof code === 'string') return `${answer.status} ${code}`;
  return answer.body === null && answer.text ? `${answer.status} (not JSON)` : `${answer.status}`;
}

/** An error answer with this code, its status from the contract's table, and the contract's shape. */
export function expectError(answer: Answer, code: ServiceErrorCode): { message: string; [key: string]: unknown } {
  const [status] = SERVICE_ERRORS[code];
  check(
    answer.status === status && (answer.body as { error?: { code?: unknown } })?.error?.code === code,
    `expected ${status} ${code}, got ${describeAnswer(answer)}`,
  );
  const error = (answer.body as { error: Record<string, unknown> }).error;
  check(typeof error.message === 'string' && error.message.length > 0, `${code}: error.message is not a text`);
  check((answer.headers.get('content-type') ?? '').includes('application/json'), `${code}: not served as JSON`);
  return error as { message: string };
}

/** A success answer with this status whose body the contract's schema accepts. */
export function expectOk<S extends z.ZodType>(answer: Answer, status: number, schema: S, what: string): z.output<S> {
  check(answer.status === status, `${what}: expected ${status}, got ${describeAnswer(answer)}`);
  const parsed = schema.safeParse(answer.body);
  check(
    parsed.success,
    `${what}: the body does not match the contract: ${parsed.error?.issues
      .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`)
      .join('; ')}`,
  );
  return parsed.data;
}
