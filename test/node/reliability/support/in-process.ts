/**
 * The simulator inside the test process, reached one of two ways: behind MSW's setupServer (global
 * fetch to the sandbox's default api-base reaches the real handlers, over fake-indexeddb, and any
 * request nothing handles is an error), or as the real HTTP server on a loopback port (the route
 * table over the memory store, as `ijazat-simulator` runs).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { setupSimulatorServer, startSimulatorServer } from '../../../../simulator/node.js';
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

/** The simulator as its HTTP server on 127.0.0.1, port chosen by the system. */
export async function startHttpService(limits: Partial<Limits> = {}): Promise<InProcessService> {
  const server = await startSimulatorServer({ port: 0, limits });
  return { client: new ServiceClient(server.url), simulator: server.simulator, close: () => server.close() };
}

export type Carrier = 'msw' | 'http';
export const CARRIERS: readonly [Carrier, string][] = [
  ['msw', 'MSW setupServer over IndexedDB'],
  ['http', 'the HTTP server over the memory store'],
];

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
export function useInProcessService(limits: Partial<Limits> = {}, carrier: Carrier = 'msw'): InProcessService {
  let started: InProcessService | undefined;
  const rejections = watchUnhandledRejections();
  before(async () => {
    started = carrier === 'http' ? await startHttpService(limits) : await startInProcessService(limits);
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
