/**
 * Writes the OpenAPI document (simulator/openapi.ts) as JSON: the package's `ijazat-consent/openapi.json`,
 * byte for byte what the simulator serves at `GET /openapi.json`.
 *   node --import tsx src/build/openapi-json.ts dist/openapi.json
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatorOpenApi } from '../../simulator/openapi.js';

export function writeOpenApiJson(file: string): void {
  writeFileSync(file, `${JSON.stringify(simulatorOpenApi(), null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('usage: openapi-json.ts <file>');
  writeOpenApiJson(file);
}
