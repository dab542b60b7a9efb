/**
 * A simulator in Node: fake-indexeddb for the IndexedDB store (each simulator its own), node:crypto
 * for hashing and signing. Both the `simulator/node` entry and the HTTP server build on this, so
 * neither imports the other.
 */
import 'fake-indexeddb/auto'; // idb checks values against the global IDB classes
import { IDBFactory } from 'fake-indexeddb';
import { useCryptoBackend } from './crypto/backend.js';
import { nodeCryptoBackend } from './crypto/node.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

// Every simulator in this process hashes and signs with node:crypto: same bytes, less time (crypto/backend.ts).
useCryptoBackend(nodeCryptoBackend);

/** A simulator in this process's own fake IndexedDB (unless options.indexedDB says otherwise). */
export function createNodeSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulator({ indexedDB: new IDBFactory(), ...options });
}
