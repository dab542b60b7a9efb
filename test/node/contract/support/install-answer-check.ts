/**
 * Preloaded into every Node test process (test/run-all.mjs: `--import` this file): installs the
 * simulator's answer check (simulator/handlers/answer-check.ts) with the simulator's own OpenAPI
 * document, so every answer the suite receives from a simulator made in the process, over MSW or
 * node:http, is validated against it (see contract-check.ts for what happens on a difference).
 */
import { simulatorOpenApi } from '../../../../simulator/openapi.js';
import { installAnswerCheck } from './contract-check.js';

installAnswerCheck(simulatorOpenApi);
