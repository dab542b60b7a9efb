/**
 * DESIGN.md's budgets table as data: every budget the bench judges, worded as the table words it,
 * with the test a measured figure must pass. Each row of the report that has a budget is judged
 * through this table (`judge`), and `npm run bench` exits 0 exactly when every judged row holds. A
 * new budget is one entry here and the row that measures it.
 */
import type { Row } from './report.js';

export interface Budget {
  /** As the report shows it, e.g. "≥ 33 % of the ceiling". */
  text: string;
  holds(value: number): boolean;
}

const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
const atLeast = (limit: number, text: string): Budget => ({ text, holds: (value) => value >= limit });
const atMost = (limit: number, text: string): Budget => ({ text, holds: (value) => value <= limit });
/** A ratio within ±`spread` of 1. */
const within = (spread: number, text: string): Budget => ({ text, holds: (value) => Math.abs(value - 1) <= spread });

export const BUDGETS = {
  /** First render after the tag is defined: within one frame. */
  firstRenderMs: atMost(16, '≤ 16 ms (one frame)'),
  /** Formatting one CNIC keystroke. */
  keystrokeMs: atMost(1, '≤ 1 ms'),
  /** The in-memory simulator over HTTP, full flows per CPU-second ÷ the same-run ceiling (bare node:http + one jose signature). */
  simulatorShareOfCeiling: atLeast(0.33, `≥ ${percent(0.33)} of the same-run ceiling`),
  /** With persistence on (`--data`, SQLite), flows per CPU-second ÷ the in-memory figure. */
  persistenceShareOfMemory: atLeast(0.5, `≥ ${percent(0.5)} of in memory`),
  /** With persistence on: flows per CPU-second on a million audit entries ÷ on an empty store. */
  persistenceFlatness: within(0.15, '± 15 % of the empty store'),
  /** Server RSS after 100,000 flows ÷ after 10,000. */
  memoryGrowth: atMost(1.5, '≤ 1.5× RSS after 10,000 flows'),
  /** Largest gap between the median create times of two classes of CNIC (README threat model). */
  enumerationGap: atMost(0.2, '≤ 20 % between classes'),
  /** Verify helper throughput ÷ raw jose jwtVerify. */
  verifyShareOfJose: atLeast(0.9, `≥ ${percent(0.9)} of jose`),
  /** Heap growth over 1,000 widget mount/unmount cycles: about 260 bytes a cycle, a few % of one widget. */
  mountCycleGrowthBytes: atMost(256 * 1024, '≤ +256.0 KB'),
} as const satisfies Record<string, Budget>;

/** A row's budget column and verdict for a measured value (a value that is not a number fails). */
export function judge(budget: Budget, value: number): Pick<Row, 'budget' | 'pass'> {
  return { budget: budget.text, pass: Number.isFinite(value) && budget.holds(value) };
}
