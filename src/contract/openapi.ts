/**
 * The OpenAPI 3.1 document, generated from the operation tables and the zod schemas (zod 4 writes
 * JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect). The build writes it into the package
 * (`ijazat-consent/openapi.json`); the simulator serves the same document at `GET /openapi.json`.
 */
import { z } from 'zod';
import { API_VERSION_PREFIX, IDEMPOTENCY_KEY_HEADER, JWKS_PATH, PARTNER_KEY_HEADER } from './api.js';
import { SERVICE_ERRORS, type ServiceErrorCode } from './errors.js';
import {
  BODY_ERRORS,
  PUBLISHABLE_CALLER_ERRORS,
  SANDBOX_CALLER_ERRORS,
  SECRET_CALLER_ERRORS,
  SERVICE_FAILURES,
  type Operation,
  type OperationTag,
} from './operations.js';
import { IdempotencyKey, ServiceErrorResponse } from './schemas.js';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TOLERANCE_SECONDS, WebhookEvent } from './webhooks.js';

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const TARGET = 'draft-2020-12';
const SCHEMA_REF = '#/components/schemas/';

const TAGS: Record<OperationTag, string> = {
  service: `The verification service (${API_VERSION_PREFIX}): what the widget and partner backends call.`,
  discovery: 'Public keys and this document.',
  sandbox:
    'Simulator-only controls (/__sim): SMS inboxes, identities, ledger, audit, faults, clock. A real service has none.',
};

/** A schema converted on its own (request bodies, parameters), without the `$schema` line. */
function standalone(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: TARGET, io, unrepresentable: 'any' });
  return rest;
}

/**
 * Every named schema, converted together so that they refer to one another by `$ref` (a
 * ConsentContext's texts are `#/components/schemas/LocalizedText`). Operation answers without a name
 * of their own are named after the operation.
 */
function componentSchemas(
  named: Record<string, z.ZodType>,
  operations: readonly Operation[],
): { schemas: Record<string, JsonSchema>; nameOf: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodType, string>();
  const add = (name: string, schema: z.ZodType) => {
    if (nameOf.has(schema)) return;
    nameOf.set(schema, name);
    registry.add(schema, { id: name });
  };
  for (const [name, schema] of Object.entries(named)) add(name, schema);
  for (const operation of operations)
    add(`${operation.id[0]!.toUpperCase()}${operation.id.slice(1)}Answer`, operation.answer.schema);
  const converted = z.toJSONSchema(registry, {
    target: TARGET,
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${SCHEMA_REF}${id}`,
  });
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(converted.schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    schemas[name] = rest;
  }
  return { schemas, nameOf };
}

/** Every code an operation can answer: its own, its caller's, its body's, and the service's failures. */
export function errorCodesOf(operation: Operation): ServiceErrorCode[] {
  const codes = new Set<ServiceErrorCode>(operation.errors);
  if (operation.caller === 'publishable') PUBLISHABLE_CALLER_ERRORS.forEach((code) => codes.add(code));
  if (operation.caller === 'secret') SECRET_CALLER_ERRORS.forEach((code) => codes.add(code));
  if (operation.body) BODY_ERRORS.forEach((code) => codes.add(code));
  if (operation.tag === 'sandbox') {
    SANDBOX_CALLER_ERRORS.forEach((code) => codes.add(code));
    if (operation.method !== 'get') codes.add('unsupported_media_type');
  }
  if (operation.query) codes.add('invalid_request');
  if (operation.idempotent) codes.add('invalid_request'); // a malformed Idempotency-Key
  // Faults are injected on the service and its keys, never on the sandbox's own controls.
  const faultable = operation.path.startsWith(`${API_VERSION_PREFIX}/`) || operation.path === JWKS_PATH;
  SERVICE_FAILURES.forEach((code) => (code !== 'service_unavailable' || faultable) && codes.add(code));
  return [...codes];
}

function errorResponses(operation: Operation): Record<string, unknown> {
  const byStatus = new Map<number, ServiceErrorCode[]>();
  for (const code of errorCodesOf(operation)) {
    const status = SERVICE_ERRORS[code][0];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    // 429 and 503 say when to retry; 423 (request_locked) when the CNIC's back-off lets a new request start.
    const retry = status === 423 || status === 429 || status === 503;
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${SERVICE_ERRORS[code][1]}`).join('\n\n'),
      ...(retry ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: `${SCHEMA_REF}ServiceErrorResponse` },
              { properties: { error: { properties: { code: { enum: codes } } } } },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function parameters(operation: Operation): unknown[] {
  const list: unknown[] = Object.entries(operation.params ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  for (const [name, schema] of Object.entries(operation.query?.shape ?? {})) {
    const field = schema as z.ZodType;
    list.push({ name, in: 'query', required: !field.safeParse(undefined).success, schema: standalone(field, 'input') });
  }
  if (operation.idempotent) list.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return list;
}

function pathItemOperation(operation: Operation, nameOf: Map<z.ZodType, string>): Record<string, unknown> {
  const security = { publishable: [{ partnerKey: [] }], secret: [{ secretKey: [] }], public: [] }[operation.caller];
  const parameterList = parameters(operation);
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security,
    ...(parameterList.length ? { parameters: parameterList } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: !operation.bodyOptional,
            content: { 'application/json': { schema: standalone(operation.body, 'input') } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        [operation.answer, ...(operation.alsoAnswers ?? [])].map(({ status, description }) => [
          String(status),
          {
            description,
            content: {
              'application/json': { schema: { $ref: `${SCHEMA_REF}${nameOf.get(operation.answer.schema)}` } },
            },
          },
        ]),
      ),
      ...errorResponses(operation),
    },
  };
}

/**
 * What the service POSTs to a partner's registered endpoint (OpenAPI 3.1 `webhooks`), when the
 * document names the event's schema.
 */
function consentStatusWebhook(nameOf: Map<z.ZodType, string>): Record<string, unknown> | null {
  const name = nameOf.get(WebhookEvent);
  if (!name) return null;
  return {
    consentStatus: {
      post: {
        operationId: 'consentStatusEvent',
        summary: 'A consent given to you was granted, revoked or expired (sent to each endpoint you registered).',
        description: [
          `\`${WEBHOOK_SIGNATURE_HEADER}\` is a JWS with a detached payload (RFC 7515 appendix F): \`<protected>..<signature>\`,`,
          "ES256 by the service's key (verify against the JWKS) over `<protected>.<base64url(body bytes)>`; the protected",
          `header is \`{ alg: "ES256", kid, typ: "consent-event+jws", iat }\`. Refuse an \`iat\` more than ${WEBHOOK_TOLERANCE_SECONDS} s from your clock,`,
          'de-duplicate on the event `id` (the same on every retry), and answer 2xx once you have acted on it.',
        ].join('\n'),
        parameters: [
          {
            name: WEBHOOK_SIGNATURE_HEADER,
            in: 'header',
            required: true,
            description: "The detached JWS over the body, by the service's key.",
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+$' },
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `${SCHEMA_REF}${name}` } } } },
        responses: {
          '2XX': { description: 'Received: this delivery is not sent again.' },
          default: { description: 'Anything else (or no answer in 10 s): retried with doubling back-off.' },
        },
      },
    },
  };
}

export interface OpenApiInput {
  operations: readonly Operation[];
  /** Schemas listed under components.schemas by name (each module's exports: `import * as`). */
  schemas: Record<string, unknown>;
  description: string;
}

/** Keeps the zod schemas among a module's exports. */
function zodSchemas(exports: Record<string, unknown>): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(exports).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType),
  );
}

export function openApiDocument({ operations, schemas: exported, description }: OpenApiInput): OpenApiDocument {
  // Request bodies and queries are written inline, in their input form (defaults optional).
  const inputs = new Set<unknown>(operations.flatMap((operation) => [operation.body, operation.query]));
  const named = Object.fromEntries(Object.entries(zodSchemas(exported)).filter(([, schema]) => !inputs.has(schema)));
  const { schemas, nameOf } = componentSchemas({ ...named, ServiceErrorResponse, IdempotencyKey }, operations);
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = pathItemOperation(operation, nameOf);
  }
  const usedTags = new Set(operations.map((operation) => operation.tag));
  const webhooks = consentStatusWebhook(nameOf);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Ijazat consent service',
      version: API_VERSION_PREFIX.slice(1),
      description,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: (Object.keys(TAGS) as OperationTag[])
      .filter((tag) => usedTags.has(tag))
      .map((name) => ({ name, description: TAGS[name] })),
    paths,
    ...(webhooks ? { webhooks } : {}),
    components: {
      schemas,
      parameters: {
        IdempotencyKey: {
          name: IDEMPOTENCY_KEY_HEADER,
          in: 'header',
          required: false,
          description:
            'Retries with the same key and body get the first answer again (no second SMS, no second token); the same key with another body is `idempotency_conflict`.',
          schema: { $ref: `${SCHEMA_REF}IdempotencyKey` },
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds until a retry can succeed (the same number as `error.retryAfterSeconds`).',
          schema: { type: 'integer', minimum: 0 },
        },
      },
      securitySchemes: {
        partnerKey: {
          type: 'apiKey',
          in: 'header',
          name: PARTNER_KEY_HEADER,
          description: "The partner's publishable key (`pk_…`), safe in a web page.",
        },
        secretKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'sk_…',
          description: "The partner's secret key, for its backend only.",
        },
      },
    },
  };
}
