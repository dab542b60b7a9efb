/**
 * The kit's HTTP client: plain fetch against the implementation under test, JSON in and out, every
 * answer kept whole (status, headers, parsed body) so checks can compare answers with each other.
 */
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../contract/api.js';

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null when there was none or it was not JSON (`text` keeps it). */
  body: unknown;
  text: string;
}

export interface Send {
  body?: unknown;
  /** Sent as is, with its own content type (for malformed-body checks). */
  raw?: { text: string; contentType: string | null };
  partnerKey?: string | null;
  secretKey?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

function parsedJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

export class ServiceHttp {
  /** Every /v1 request the kit has sent (the report says so: rate limits count them). */
  requests = 0;

  constructor(
    readonly baseUrl: string,
    private readonly partnerKey: string | null,
  ) {}

  async send(method: string, path: string, options: Send = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.partnerKey === undefined ? this.partnerKey : options.partnerKey;
    if (key !== null) headers[PARTNER_KEY_HEADER] = key;
    if (options.secretKey !== undefined) headers.Authorization = `Bearer ${options.secretKey}`;
    if (options.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = options.idempotencyKey;
    let body: string | undefined;
    if (options.raw) {
      body = options.raw.text;
      if (options.raw.contentType !== null) headers['Content-Type'] = options.raw.contentType;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    if (path.startsWith('/v1/')) this.requests += 1;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parsedJson(text), text };
  }

  get = (path: string, options?: Send) => this.send('GET', path, options);
  post = (path: string, body: unknown, options: Send = {}) => this.send('POST', path, { ...options, body });
}
