/**
 * `ijazat-consent/simulator`: the simulated verification service for browsers (and anything else
 * with IndexedDB). No node: imports here; Node helpers are in `ijazat-consent/simulator/node`.
 */
export { createSimulator, Simulator, type SimulatorOptions, type Faults, type Limits } from './simulator.js';
export { createHandlers } from './handlers/index.js';
export { startBrowserSimulator, type BrowserSimulator, type BrowserSimulatorOptions } from './browser.js';
export { verifyAuditChain, type AuditChainResult } from './domain/audit.js';
export { verifyAuditCheckpoint } from './domain/audit-checkpoint.js';
export { DEFAULT_LIMITS } from './limits.js';
export { NO_FAULTS } from './faults.js';
export { SHORT_CODE, SEED_CITIZENS, SEED_SIMS } from './seeds.js';
export type { AuditEntry, AuditEventType } from './store/schema.js';
export type { StateSnapshot } from './store/snapshot.js';
export type { CitizenConsentView } from './domain/ledger.js';
export type { MobileChangeView } from './domain/mobile-change.js';
export type { IdentitiesView, CitizenView } from './domain/registry.js';
export type { MessageView } from './domain/inbox.js';
