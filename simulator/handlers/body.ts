/**
 * Reading request input safely: size (Content-Length and the bytes actually sent), content type,
 * JSON syntax, then the contract schema. Issues name paths and messages, never the values sent.
 */
import type { z } from 'zod';
import { MAX_BODY_BYTES } from '../../src/contract/schemas.js';
import type { ServiceErrorCode } from '../../src/contract/errors.js';
import type { ServiceCall } from './call.js';
import { Rejection } from './respond.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

export interface BodyOptions {
  /** Accept a request with no body at all as `{}` (resend, cancel, rotate, reset). */
  emptyAsObject?: boolean;
}

export async function readJson(call: ServiceCall, options: BodyOptions = {}): Promise<unknown> {
  const declared = call.header('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw new Rejection('body_too_large');
  const bytes = await call.bytes();
  if (bytes.byteLength > MAX_BODY_BYTES) throw new Rejection('body_too_large');
  const type = call.header('content-type');
  if (bytes.byteLength === 0 && options.emptyAsObject && (type === null || isJson(type))) return {};
  if (type === null || !isJson(type)) throw new Rejection('unsupported_media_type');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new Rejection('invalid_json');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Rejection('invalid_json');
  }
}

export function isJson(contentType: string): boolean {
  const [mediaType] = contentType.split(';');
  return mediaType!.trim().toLowerCase() === 'application/json';
}

export type Issue = { path: string; message: string };

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

/**
 * Validates with a contract schema. When every issue is about one field that has its own code
 * (`cnic` → invalid_cnic, `code` → invalid_code), that code is answered, so the widget can say
 * exactly what is wrong; anything else is invalid_request with its issues.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  fieldCodes: Record<string, ServiceErrorCode> = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const fields = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')));
  if (fields.size === 1) {
    const [field] = fields;
    const code = fieldCodes[field!];
    const onlyFormat = result.error.issues.every(
      (issue) => issue.path.length === 1 && issue.code !== 'unrecognized_keys',
    );
    if (code && onlyFormat) throw new Rejection(code, { issues });
  }
  throw new Rejection('invalid_request', { issues });
}
