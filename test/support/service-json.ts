/**
 * A service answer as the tests and benches read it: parsed JSON whose fields each test asserts.
 * Declaring every answer's shape here would repeat the contract's schemas, which the simulator already
 * enforces; the assertion on each field read is the check. The one `any` the tests allow.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: JSON read by assertions
export type ServiceJson = any;
