/**
 * The classes of CNIC an outsider might try to tell apart before consent: one a citizen holds with a
 * registered mobile, one with no mobile, one nobody holds, one on an expired card, one on a cancelled
 * card. Each class gets its own pool of synthetic citizens (added through /__sim/identities), so no
 * CNIC's own limits skew a class. Shared by the enumeration test and `npm run bench`. No node:
 * imports (plain fetch through ServiceClient).
 */
import type { ServiceClient } from './service-client.js';

export const CNIC_CLASSES = ['registered', 'no mobile', 'unknown', 'expired', 'cancelled'] as const;
export type CnicClass = (typeof CNIC_CLASSES)[number];

export interface ClassMember {
  cnic: string;
  /** The SIM the code goes to (registered, expired and cancelled have one), else null. */
  simId: string | null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Adds `size` synthetic citizens per class (none for `unknown`), with CNICs no seed uses. */
export async function addClassPools(
  client: ServiceClient,
  size: number,
  salt = 0,
): Promise<Record<CnicClass, ClassMember[]>> {
  const pools = {} as Record<CnicClass, ClassMember[]>;
  for (const [c, name] of CNIC_CLASSES.entries()) {
    pools[name] = [];
    for (let i = 0; i < size; i++) {
      // 9, class, salt, index: repeated-looking, never a seed's.
      const cnic = `9${c}${pad(salt % 100, 2)}${pad(i, 8)}0`;
      if (name === 'unknown') {
        pools[name].push({ cnic, simId: null });
        continue;
      }
      const mobile = name === 'no mobile' ? null : `03${c}${pad(salt % 100, 2)}${pad(i, 6)}`;
      const cardStatus = name === 'expired' ? 'expired' : name === 'cancelled' ? 'cancelled' : 'active';
      const added = await client.addCitizen({ cnic, name: `Synthetic ${name} ${i}`, cardStatus, mobile });
      if (added.status !== 201) throw new Error(`could not add a ${name} citizen: ${JSON.stringify(added.body)}`);
      pools[name].push({ cnic, simId: (added.body.simIds as string[])[0] ?? null });
    }
  }
  return pools;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ClassTiming {
  /** Median answer time of a create per class, in ms. */
  medians: Record<CnicClass, number>;
  /**
   * Per class, the median of its time divided by the median time of the other classes in its round
   * (all classes, back to back):
   * load that comes and goes on the machine scales a whole round, so it cancels out here.
   */
  relative: Record<CnicClass, number>;
  requests: number;
  /** (largest relative median − smallest) / smallest. */
  largestGap: number;
  slowest: CnicClass;
  fastest: CnicClass;
}

/**
 * Times `perClass` creates per class, interleaved: each round sends one create of every class, one
 * request at a time, in an order that moves every round, so load on the machine falls on all classes
 * alike.
 * The first `warmUp` rounds are not counted.
 */
export async function timeCreates(
  client: ServiceClient,
  pools: Record<CnicClass, ClassMember[]>,
  perClass: number,
  warmUp = 20,
): Promise<ClassTiming> {
  const samples = Object.fromEntries(CNIC_CLASSES.map((c) => [c, [] as number[]])) as Record<CnicClass, number[]>;
  const relative = Object.fromEntries(CNIC_CLASSES.map((c) => [c, [] as number[]])) as Record<CnicClass, number[]>;
  for (let round = 0; round < warmUp + perClass; round++) {
    // Every class takes every place in a round equally often (rotated, and reversed every other
    // cycle), so a cost of going first or last falls on all classes alike.
    const shift = round % CNIC_CLASSES.length;
    const rotated = [...CNIC_CLASSES.slice(shift), ...CNIC_CLASSES.slice(0, shift)];
    const order = Math.floor(round / CNIC_CLASSES.length) % 2 ? rotated.reverse() : rotated;
    const took = {} as Record<CnicClass, number>;
    for (const name of order) {
      const pool = pools[name];
      const member = pool[round % pool.length]!;
      const started = performance.now();
      const answer = await client.create({ cnic: member.cnic });
      took[name] = performance.now() - started;
      if (answer.status !== 201) throw new Error(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    if (round < warmUp) continue;
    for (const name of CNIC_CLASSES) {
      samples[name].push(took[name]);
      // Against the median of the other classes' times in the same round (a median: one stalled
      // request must not skew the comparison for the others).
      relative[name].push(took[name] / median(CNIC_CLASSES.filter((c) => c !== name).map((c) => took[c])));
    }
  }
  const perClassMedian = (values: Record<CnicClass, number[]>) =>
    Object.fromEntries(CNIC_CLASSES.map((c) => [c, median(values[c])])) as Record<CnicClass, number>;
  const medians = perClassMedian(samples);
  const relativeMedians = perClassMedian(relative);
  const ordered = [...CNIC_CLASSES].sort((a, b) => relativeMedians[a] - relativeMedians[b]);
  const fastest = ordered[0]!;
  const slowest = ordered.at(-1)!;
  return {
    medians,
    relative: relativeMedians,
    requests: (warmUp + perClass) * CNIC_CLASSES.length,
    largestGap: (relativeMedians[slowest] - relativeMedians[fastest]) / relativeMedians[fastest],
    slowest,
    fastest,
  };
}
