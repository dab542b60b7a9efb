/**
 * What the simulator's routes see of an HTTP request and give back, whoever carried it: MSW (in the
 * browser's service worker and in setupServer, see msw.ts) or node:http (the real server, see
 * ../http-server.ts). The routes are written once against these types, so both carriers answer
 * with the same code; only the wrapping differs.
 */
export interface ServiceCall {
  readonly method: string;
  readonly url: URL;
  /** Path parameters (`:id`), already percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** A request header by case-insensitive name, or null. */
  header(name: string): string | null;
  /**
   * The host the request was addressed to, as the client named it (node:http: the `Host` header;
   * MSW: the request URL's host, which is what the page's fetch used). Sandbox controls check it.
   */
  readonly host: string;
  /**
   * The client's network address (node:http: the socket's peer, IPv4-mapped addresses unwrapped),
   * or null where there is none (MSW: the requests come from this page or process). Never a header:
   * X-Forwarded-For is whatever the client wants it to be.
   */
  readonly clientAddress: string | null;
  /** The body's bytes: at most MAX_BODY_BYTES + 1, enough to see that it is too large. */
  bytes(): Promise<Uint8Array>;
}

/** A JSON answer. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * What a route answers: a reply; `'drop'` to kill the connection without one (the dropRate fault);
 * or undefined to let the next matching route answer (faults that did not fire).
 */
export type Answer = Reply | 'drop' | undefined;

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'ALL';

export interface Route {
  method: RouteMethod;
  /** An MSW-style path on any origin (`/v1/consent-requests/:id`, `/v1/*`), or a test on the URL. */
  path: string | ((url: URL) => boolean);
  answer(call: ServiceCall): Answer | Promise<Answer>;
}

export const route = (method: RouteMethod, path: Route['path'], answer: Route['answer']): Route => ({
  method,
  path,
  answer,
});
