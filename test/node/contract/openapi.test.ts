/**
 * The OpenAPI document: valid OpenAPI 3.1 by a well-kept validator, one operation for every route the
 * simulator answers (and no more), the same document in the package and on both carriers, and a
 * contract check that fails loudly when an answer drifts from it. (Every answer the rest of the
 * suite receives is checked too: test/run-all.mjs preloads support/install-answer-check.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { PARTNER_KEY_HEADER } from '../../../src/contract/api.js';
import { SERVICE_ERRORS, type ServiceErrorCode } from '../../../src/contract/errors.js';
import { errorCodesOf, openApiDocument } from '../../../src/contract/openapi.js';
import { ConsentRequestView } from '../../../src/contract/schemas.js';
import * as contractSchemas from '../../../src/contract/schemas.js';
import { writeOpenApiJson } from '../../../vite.config.js';
import { createRoutes } from '../../../simulator/handlers/index.js';
import { createNodeSimulator, setupSimulatorServer, startSimulatorServer } from '../../../simulator/node.js';
import { simulatorOpenApi, simulatorOperations } from '../../../simulator/openapi.js';
import { installAnswerCheck } from './support/contract-check.js';

const scratch = mkdtempSync(join(tmpdir(), 'ijazat-openapi-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const CREATE = {
  purpose: 'account-opening',
  nonce: 'n0nce-for-contract-tests-0123456789',
  cnic: '3520211111111',
};

async function createOver(base: string): Promise<{ status: number; body: { error?: { message: string } } }> {
  const response = await fetch(`${base}/v1/consent-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [PARTNER_KEY_HEADER]: 'pk_test_sandbox_bank' },
    body: JSON.stringify(CREATE),
  });
  return { status: response.status, body: await response.json() };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(simulatorOpenApi());
    assert.deepEqual(result, { valid: true });
    assert.equal(validator.version, '3.1');
  });

  it('documents every route the simulator answers, and no route it does not', async () => {
    const simulator = await createNodeSimulator();
    const routes = createRoutes(simulator)
      .filter((route) => typeof route.path === 'string' && route.method !== 'ALL')
      .map((route) => `${route.method} ${String(route.path).replace(/:(\w+)/g, '{$1}')}`);
    const documented = simulatorOperations.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    await simulator.close();
    assert.deepEqual([...new Set(routes)].sort(), [...documented].sort());
  });

  it('tags the sandbox controls apart from the service, with security schemes and headers', () => {
    const document = simulatorOpenApi();
    for (const operation of simulatorOperations)
      assert.equal(operation.tag === 'sandbox', operation.path.startsWith('/__sim/'), operation.id);
    const create = document.paths['/v1/consent-requests']!.post as Record<string, unknown>;
    assert.deepEqual(create.security, [{ partnerKey: [] }]);
    assert.deepEqual(create.parameters, [{ $ref: '#/components/parameters/IdempotencyKey' }]);
    const status = document.paths['/v1/consents/{jti}']!.get as Record<string, unknown>;
    assert.deepEqual(status.security, [{ secretKey: [] }]);
    const tooMany = (create.responses as Record<string, { headers?: unknown }>)['429']!;
    assert.deepEqual(tooMany.headers, { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } });
  });

  it('lists each error code under its own status, and every service code somewhere', () => {
    const answerable = new Set<ServiceErrorCode>(['not_found', 'method_not_allowed']); // paths no operation has
    for (const operation of simulatorOperations) {
      const responses = simulatorOpenApi().paths[operation.path]![operation.method] as {
        responses: Record<string, { content: { 'application/json': { schema: { allOf?: unknown[] } } } }>;
      };
      for (const code of errorCodesOf(operation)) {
        answerable.add(code);
        const [status] = SERVICE_ERRORS[code];
        const schema = responses.responses[String(status)]!.content['application/json'].schema;
        assert.ok(JSON.stringify(schema.allOf).includes(`"${code}"`), `${operation.id}: ${code} under ${status}`);
      }
    }
    const unlisted = (Object.keys(SERVICE_ERRORS) as ServiceErrorCode[]).filter((code) => !answerable.has(code));
    assert.deepEqual(unlisted, [], 'codes no operation can answer');
  });

  it('is what the build writes into the package and what both carriers serve at GET /openapi.json', async () => {
    const file = join(scratch, 'openapi.json');
    writeOpenApiJson(file);
    const expected = simulatorOpenApi();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), expected);

    const http = await startSimulatorServer({ port: 0 });
    try {
      const overHttp = await fetch(`${http.url}/openapi.json`);
      assert.equal(overHttp.status, 200);
      assert.deepEqual(await overHttp.json(), expected);
    } finally {
      await http.close();
    }

    const { server, simulator } = await setupSimulatorServer();
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const overMsw = await fetch('https://sandbox.ijazat.test/openapi.json');
      assert.equal(overMsw.status, 200);
      assert.deepEqual(await overMsw.json(), expected);
      const wrongMethod = await fetch('https://sandbox.ijazat.test/openapi.json', { method: 'POST' });
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'GET');
    } finally {
      server.close();
      await simulator.close();
    }
  });
});

describe('the contract check', () => {
  // A schema drifts: the code answers a consent request with a field the document does not know.
  const drifted = () =>
    openApiDocument({
      operations: simulatorOperations.map((operation) =>
        operation.answer.schema === ConsentRequestView
          ? { ...operation, answer: { ...operation.answer, schema: ConsentRequestView.omit({ resendsLeft: true }) } }
          : operation,
      ),
      schemas: { ...contractSchemas, ConsentRequestView: z.strictObject({}) },
      description: 'drifted',
    });

  it('passes the same answers against the real document', async () => {
    const http = await startSimulatorServer({ port: 0 });
    try {
      const { status } = await createOver(http.url);
      assert.equal(status, 201);
    } finally {
      await http.close();
    }
  });

  for (const carrier of ['node:http', 'MSW'] as const) {
    it(`fails loudly over ${carrier} when an answer drifts from the document`, async () => {
      const check = installAnswerCheck(drifted);
      let base: string;
      let close: () => Promise<void>;
      try {
        if (carrier === 'node:http') {
          const http = await startSimulatorServer({ port: 0 });
          [base, close] = [http.url, () => http.close()];
        } else {
          const { server, simulator } = await setupSimulatorServer();
          server.listen({ onUnhandledRequest: 'error' });
          base = 'https://sandbox.ijazat.test';
          close = async () => {
            server.close();
            await simulator.close();
          };
        }
      } finally {
        // Simulators made from here on check against the real document again.
        check.uninstall();
      }
      const drift = check.drift; // uninstall forgot the list, but this simulator's check still fills it
      try {
        const { status, body } = await createOver(base);
        assert.equal(status, 500, 'the drifted answer does not reach the test as if nothing happened');
        assert.match(body.error!.message, /differs from openapi\.json.*POST \/v1\/consent-requests → 201/);
        assert.match(body.error!.message, /must NOT have additional properties \(resendsLeft\)/);
        assert.equal(drift.length, 1);
      } finally {
        drift.length = 0; // the check's own failure is this test's expected outcome, not a file failure
        await close();
      }
    });
  }
});
