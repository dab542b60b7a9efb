/** `GET /openapi.json`: the service contract as OpenAPI 3.1, the same document the package ships. */
import { simulatorOpenApi } from '../openapi.js';
import { route, type Route } from './call.js';
import { guarded, json } from './respond.js';

export const OPENAPI_PATH = '/openapi.json';

export function openApiRoutes(): Route[] {
  return [
    route('GET', OPENAPI_PATH, () =>
      guarded(() => json(simulatorOpenApi(), 200, { 'Cache-Control': 'public, max-age=60' })),
    ),
  ];
}
