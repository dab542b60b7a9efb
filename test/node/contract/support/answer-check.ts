/**
 * Checks a simulator answer against the OpenAPI document with ajv (JSON Schema 2020-12, formats):
 * the path and method must be a documented operation (or a documented fallback error), the status
 * one of its documented answers, the body valid against that answer's schema, and a `Retry-After`
 * header allowed there and equal to `retryAfterSeconds`. Gives the problems found, none when the
 * answer is what the document promises.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../../../../src/contract/openapi.js';
import { pathPattern } from '../../../../src/contract/operations.js';

export interface CheckedAnswer {
  method: string;
  pathname: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface DocumentedResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: unknown }>;
}

/** Answers to a path no operation has (an unknown endpoint, a wrong method) are these errors only. */
const FALLBACK_CODES = ['not_found', 'method_not_allowed', 'service_unavailable', 'internal_error'];

/** Where and what, never the value that was sent: `/error/code must be equal to one of the allowed values`. */
function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const property = (error.params as { additionalProperty?: string }).additionalProperty;
      return `${error.instancePath || '(body)'} ${error.message}${property ? ` (${property})` : ''}`;
    })
    .join('; ');
}

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function answerChecker(document: OpenApiDocument): (answer: CheckedAnswer) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');
  const fallback = ajv.compile({
    allOf: [
      { $ref: 'openapi#/components/schemas/ServiceErrorResponse' },
      { properties: { error: { properties: { code: { enum: FALLBACK_CODES } } } } },
    ],
  });
  const templates = Object.keys(document.paths).map((template) => ({ template, pattern: pathPattern(template) }));
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (ref: string) => {
    let validate = validators.get(ref);
    if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  };

  return ({ method, pathname, status, headers, body }) => {
    const where = `${method} ${pathname} → ${status}`;
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    // A path that is not valid percent-encoding names no operation (`/v1/consent-requests/%zz`).
    const template = decodable(path) ? templates.find(({ pattern }) => pattern.test(path))?.template : undefined;
    const operation = template ? document.paths[template]![method.toLowerCase()] : undefined;
    if (!template || !operation) {
      if (fallback(body)) return [];
      return [`${where}: not a documented operation, and not a documented fallback error: ${explain(fallback.errors)}`];
    }
    const responses = (operation as { responses: Record<string, DocumentedResponse> }).responses;
    const response = responses[String(status)];
    if (!response)
      return [`${where}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const problems: string[] = [];
    if (response.content?.['application/json']) {
      const validate = validatorFor(
        `openapi#/${pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`,
      );
      if (!validate(body)) problems.push(`${where}: body does not match the document: ${explain(validate.errors)}`);
    }
    const retryAfter = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
    if (retryAfter !== undefined) {
      if (!response.headers?.['Retry-After']) problems.push(`${where}: Retry-After is not documented on this answer`);
      const seconds = (body as { error?: { retryAfterSeconds?: unknown } }).error?.retryAfterSeconds;
      if (!/^\d+$/.test(retryAfter) || Number(retryAfter) !== seconds)
        problems.push(`${where}: Retry-After ${retryAfter} is not the body's retryAfterSeconds (${String(seconds)})`);
    }
    return problems;
  };
}
