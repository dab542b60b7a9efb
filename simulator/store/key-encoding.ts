/**
 * IndexedDB keys as bytes whose byte order is IndexedDB's key order, so the SQLite store can keep
 * them in BLOB columns and let SQLite's memcmp ordering, ranges and unique indexes do the rest:
 * numbers < strings < arrays, numbers by value, strings by code point (the same as IndexedDB's
 * code-unit order for every string without surrogate pairs, which is every id the simulator makes),
 * arrays element by element with a shorter prefix first.
 *
 *   number  0x10 + 8 bytes of the float64, sign bit flipped (negatives: every bit flipped)
 *   string  0x20 + UTF-8 with 0x00 → 0x01 0x01 and 0x01 → 0x01 0x02, then 0x00
 *   array   0x30 + each element, then 0x00
 */
export type StoreKey = number | string | StoreKey[];

const NUMBER = 0x10;
const STRING = 0x20;
const ARRAY = 0x30;
const END = 0x00;
const ESCAPE = 0x01;

export function isStoreKey(value: unknown): value is StoreKey {
  return (
    (typeof value === 'number' && !Number.isNaN(value)) ||
    typeof value === 'string' ||
    (Array.isArray(value) && value.every(isStoreKey))
  );
}

function encodeInto(key: StoreKey, out: number[]): void {
  if (typeof key === 'number') {
    const bytes = new Uint8Array(new Float64Array([key === 0 ? 0 : key]).buffer).reverse(); // big-endian; -0 is 0
    if (bytes[0]! & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff;
    else bytes[0] = bytes[0]! | 0x80;
    out.push(NUMBER, ...bytes);
  } else if (typeof key === 'string') {
    out.push(STRING);
    for (const byte of Buffer.from(key, 'utf8')) {
      if (byte === END) out.push(ESCAPE, 0x01);
      else if (byte === ESCAPE) out.push(ESCAPE, 0x02);
      else out.push(byte);
    }
    out.push(END);
  } else {
    out.push(ARRAY);
    for (const element of key) encodeInto(element, out);
    out.push(END);
  }
}

export function encodeKey(key: StoreKey): Buffer {
  const out: number[] = [];
  encodeInto(key, out);
  return Buffer.from(out);
}

function decodeAt(bytes: Uint8Array, at: number): [StoreKey, number] {
  const type = bytes[at]!;
  if (type === NUMBER) {
    const raw = Uint8Array.from(bytes.subarray(at + 1, at + 9)); // a copy: Buffer views share a pool
    if (raw[0]! & 0x80) raw[0] = raw[0]! & 0x7f;
    else for (let i = 0; i < 8; i++) raw[i] = ~raw[i]! & 0xff;
    return [new Float64Array(raw.reverse().buffer)[0]!, at + 9];
  }
  if (type === STRING) {
    const utf8: number[] = [];
    let i = at + 1;
    for (; bytes[i] !== END; i++) {
      if (i >= bytes.length) throw new RangeError('A stored key ends inside a string.');
      if (bytes[i] === ESCAPE) utf8.push(bytes[++i] === 0x01 ? END : ESCAPE);
      else utf8.push(bytes[i]!);
    }
    return [Buffer.from(utf8).toString('utf8'), i + 1];
  }
  if (type === ARRAY) {
    const elements: StoreKey[] = [];
    let i = at + 1;
    while (bytes[i] !== END) {
      if (i >= bytes.length) throw new RangeError('A stored key ends inside an array.');
      const [element, next] = decodeAt(bytes, i);
      elements.push(element);
      i = next;
    }
    return [elements, i + 1];
  }
  throw new RangeError(`A stored key has an unknown type byte ${type}.`);
}

export function decodeKey(bytes: Uint8Array): StoreKey {
  const [key, end] = decodeAt(bytes, 0);
  if (end !== bytes.length) throw new RangeError('A stored key has bytes after its end.');
  return key;
}
