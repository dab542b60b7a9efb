/**
 * A seam for the test suite's contract check (test/node/contract/support/): when a check is
 * installed on `globalThis`, every reply a route gives passes through it before either carrier (MSW
 * or node:http) sends it, so no answer can differ from the OpenAPI document unnoticed. Nothing is
 * installed outside the tests: the reply leaves untouched.
 */
import type { Reply, Route, ServiceCall } from './call.js';

/** Gives the reply to send: the same one, or one that says what differs. May ask elsewhere (the browser asks the test runner). */
export type AnswerCheck = (call: Pick<ServiceCall, 'method' | 'url'>, reply: Reply) => Reply | Promise<Reply>;

declare global {
  // A global slot a test preload fills (a `var`: only `var` declares a property of globalThis).
  var ijazatAnswerCheck: AnswerCheck | undefined;
}

/** The routes as they are, or (with a check installed when they are made) each reply checked. */
export function checkedRoutes(routes: Route[]): Route[] {
  const check = globalThis.ijazatAnswerCheck;
  if (!check) return routes; // the hot path stays as it was
  return routes.map((route) => ({
    ...route,
    async answer(call) {
      const answer = await route.answer(call);
      return answer === undefined || answer === 'drop' ? answer : check(call, answer);
    },
  }));
}
