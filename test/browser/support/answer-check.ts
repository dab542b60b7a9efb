/**
 * Loaded first in every browser test page (web-test-runner.config.mjs, testRunnerHtml): installs the
 * simulator's answer check in the page, where the simulator's routes run behind MSW's service
 * worker. Each answer goes to the test runner's Node process (the `ijazat-contract-check` command),
 * which validates it against openapi.json as the Node tests do; an answer that differs is replaced
 * by a 500 naming the difference, so the test that received it fails, and the runner prints it.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { Reply } from '../../../simulator/handlers/call.js';

globalThis.ijazatAnswerCheck = async (call, reply: Reply): Promise<Reply> => {
  const problems = await executeServerCommand<string[], unknown>('ijazat-contract-check', {
    method: call.method,
    pathname: call.url.pathname,
    status: reply.status,
    headers: reply.headers,
    body: reply.body,
  });
  if (!problems || problems.length === 0) return reply;
  return {
    status: 500,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      error: { code: 'internal_error', message: `The answer differs from openapi.json: ${problems.join('; ')}` },
    },
  };
};
