/**
 * Records as JSON text for the SQLite store, CryptoKeys included: a key becomes
 * `{ "$cryptoKey": { jwk, algorithm, usages } }` (the shape snapshot.ts uses in state files), exported
 * synchronously through node:crypto so a put stays inside its transaction, and imported again as a
 * WebCrypto key when read. Only the Node server persists keys, and it makes them extractable.
 */
import { KeyObject } from 'node:crypto';

interface EncodedKey {
  $cryptoKey: {
    jwk: JsonWebKey;
    algorithm: { name: string; namedCurve?: string; hash?: { name: string } };
    usages: KeyUsage[];
  };
}

function encodeKey(key: CryptoKey): EncodedKey {
  const algorithm = key.algorithm as KeyAlgorithm & { namedCurve?: string; hash?: { name: string } };
  return {
    $cryptoKey: {
      jwk: KeyObject.from(key).export({ format: 'jwk' }),
      algorithm: {
        name: algorithm.name,
        ...(algorithm.namedCurve ? { namedCurve: algorithm.namedCurve } : {}),
        ...(algorithm.hash ? { hash: { name: algorithm.hash.name } } : {}),
      },
      usages: [...key.usages],
    },
  };
}

export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, (_name, field: unknown) => (field instanceof CryptoKey ? encodeKey(field) : field));
}

const MARKER = '"$cryptoKey"';

async function importKeys(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(importKeys));
  if (!value || typeof value !== 'object') return value;
  if ('$cryptoKey' in value) {
    const { jwk, algorithm, usages } = (value as EncodedKey).$cryptoKey;
    return crypto.subtle.importKey('jwk', jwk, algorithm, true, usages);
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) out[name] = await importKeys(field);
  return out;
}

/** The record a text holds: at once when it holds no key (nearly all), else once its keys are imported. */
export function decodeRecord(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes(MARKER) ? importKeys(value) : value;
}
