/** Summaries of repeated measurements: the median with its spread (p10/p90), never a single run. */
export interface Summary {
  n: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

/** Quantile q (0..1) of sorted values, interpolating linearly between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
  };
}

/** Rounds every number of a summary, for results.json and the table. */
export function rounded(summary: Summary, digits: number): Summary {
  const r = (x: number) => Number(x.toFixed(digits));
  return {
    n: summary.n,
    median: r(summary.median),
    p10: r(summary.p10),
    p90: r(summary.p90),
    min: r(summary.min),
    max: r(summary.max),
  };
}
