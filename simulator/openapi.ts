/**
 * The simulator's OpenAPI document: the service's operations (src/contract/operations.ts) and the
 * sandbox's (handlers/sim-operations.ts), built once per process and served at `GET /openapi.json`.
 * The build writes the same document into the package as `ijazat-consent/openapi.json`.
 */
import { openApiDocument, type OpenApiDocument } from '../src/contract/openapi.js';
import { serviceOperations, type Operation } from '../src/contract/operations.js';
import * as contractSchemas from '../src/contract/schemas.js';
import * as sandboxSchemas from './handlers/sim-operations.js';
import { sandboxOperations } from './handlers/sim-operations.js';

/** Every operation the simulator answers, in the document's order. */
export const simulatorOperations: readonly Operation[] = [...serviceOperations, ...sandboxOperations];

let built: OpenApiDocument | undefined;

export function simulatorOpenApi(): OpenApiDocument {
  built ??= openApiDocument({
    operations: simulatorOperations,
    schemas: { ...contractSchemas, ...sandboxSchemas },
    description: [
      "NADRA-style consent-first CNIC verification: a partner's page asks, the citizen receives a passcode by SMS on",
      'their registered mobile, and entering it is the consent, answered with a signed consent token (ES256,',
      '`typ: consent+jwt`) that the partner backend verifies offline against the JWKS.',
      '',
      'Errors are `{ "error": { "code", "message", … } }` with the codes listed per answer.',
      'Operations tagged `sandbox` exist only in the simulator (`ijazat-simulator`).',
    ].join('\n'),
  });
  return built;
}
