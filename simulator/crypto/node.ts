/**
 * node:crypto behind the simulator's crypto interface (see backend.ts). WebCrypto keys become
 * KeyObjects once (KeyObject.from works for non-extractable keys too) and are cached per key.
 */
import { createHash, createHmac, KeyObject, sign } from 'node:crypto';
import type { CryptoBackend } from './backend.js';

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = KeyObject.from(key);
    keyObjects.set(key, object);
  }
  return object;
}

export const nodeCryptoBackend: CryptoBackend = {
  name: 'node:crypto',
  hmacSha256: (key, text) => createHmac('sha256', keyObject(key)).update(text, 'utf8').digest(),
  sha256: (text) => createHash('sha256').update(text, 'utf8').digest(),
  signEs256: (key, data) => sign('sha256', data, { key: keyObject(key), dsaEncoding: 'ieee-p1363' }),
};
