/**
 * Enumeration timing: the median answer time of a create per class of CNIC (registered, no mobile,
 * unknown, expired, cancelled) against the HTTP simulator, interleaved, and the largest gap between
 * classes. The service must not let a stopwatch sort CNICs (README threat model: within 20 %); the
 * reliability suite asserts it, this reports the figures.
 */
import { startSimulatorServer } from '../../simulator/node.js';
import {
  addClassPools,
  CNIC_CLASSES,
  timeCreates,
  type ClassTiming,
} from '../node/reliability/support/cnic-classes.js';
import { ServiceClient } from '../node/reliability/support/service-client.js';

export const DEFAULT_ENUMERATION = { perClass: 1_000, poolSize: 20 };

export async function measureEnumeration(options = DEFAULT_ENUMERATION): Promise<ClassTiming & { classes: number }> {
  const server = await startSimulatorServer({
    port: 0,
    limits: {
      smsPerCnicPerHour: 1_000_000,
      partnerRequestsPerMinute: 10_000_000,
      partnerCeilingPerMinute: 100_000_000,
    },
  });
  try {
    const client = new ServiceClient(server.url);
    const pools = await addClassPools(client, options.poolSize, 7);
    const timing = await timeCreates(client, pools, options.perClass, 50);
    return { ...timing, classes: CNIC_CLASSES.length };
  } finally {
    await server.close();
  }
}
