/** A route as an MSW request handler: the Fetch Request becomes a ServiceCall, the answer a Response. */
import { http, HttpResponse, type HttpResponseResolver, type RequestHandler } from 'msw';
import type { Answer, Route, ServiceCall } from './call.js';

type Params = Record<string, string | readonly string[] | undefined>;

function serviceCall(request: Request, params: Params): ServiceCall {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') strings[name] = value;
  return {
    method: request.method,
    url: new URL(request.url),
    params: strings,
    header: (name) => request.headers.get(name),
    host: new URL(request.url).host,
    clientAddress: null,
    bytes: async () => new Uint8Array(await request.arrayBuffer()),
  };
}

function response(answer: Answer): Response | undefined {
  if (answer === undefined) return undefined;
  if (answer === 'drop') return HttpResponse.error();
  return HttpResponse.json(answer.body as never, { status: answer.status, headers: answer.headers });
}

export function mswHandler(route: Route): RequestHandler {
  const resolver: HttpResponseResolver = async ({ request, params }) =>
    response(await route.answer(serviceCall(request, params)));
  const path =
    typeof route.path === 'string'
      ? `*${route.path}`
      : ({ request }: { request: Request }) => (route.path as (url: URL) => boolean)(new URL(request.url));
  const method = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete, ALL: http.all }[route.method];
  return method(path, resolver);
}
