/**
 * The simulator inside the test process, behind MSW's setupServer: global fetch to the sandbox's
 * default api-base reaches the real handlers, and any request nothing handles is an error.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { setupSimulatorServer } from '../../../../simulator/node.js';
import type { Simulator, Limits } from '../../../../simulator/index.js';
import { DEFAULT_API_BASE } from '../../../../src/contract/api.js';
import { ServiceClient } from './service-client.js';

export interface InProcessService {
  client: ServiceClient;
  simulator: Simulator;
  close(): Promise<void>;
}

export async function startInProcessService(limits: Partial<Limits> = {}): Promise<InProcessService> {
  const { server, simulator } = await setupSimulatorServer({ limits });
  server.listen({ onUnhandledRequest: 'error' });
  return {
    client: new ServiceClient(DEFAULT_API_BASE),
    simulator,
    async close() {
      server.close();
      await simulator.close();
    },
  };
}

/** Collects unhandled promise rejections for the life of a test file; the file asserts none. */
export function watchUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return { reasons, stop: () => process.off('unhandledRejection', listener) };
}

/**
 * One in-process service for the enclosing test file or describe block: started before its tests,
 * closed after them, and the block fails if any promise rejection went unhandled meanwhile.
 */
export function useInProcessService(limits: Partial<Limits> = {}): InProcessService {
  let started: InProcessService | undefined;
  const rejections = watchUnhandledRejections();
  before(async () => {
    started = await startInProcessService(limits);
  });
  after(async () => {
    await started?.close();
    rejections.stop();
    assert.deepEqual(rejections.reasons, [], 'no unhandled promise rejection');
  });
  const current = () => {
    if (!started) throw new Error('the in-process service starts in before()');
    return started;
  };
  return {
    get client() {
      return current().client;
    },
    get simulator() {
      return current().simulator;
    },
    close: () => current().close(),
  };
}
