/**
 * The bench's verdicts: one row per figure with its budget, its peers and the ratio, judged pass or
 * fail (or "info" for figures without a budget), rendered as a plain-text table for stdout and as
 * Markdown for docs/performance.md.
 */
export interface Row {
  figure: string;
  value: string;
  budget: string;
  peers: string;
  ratio: string;
  /** null: reported for context, no budget. */
  pass: boolean | null;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const kb2 = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
export const ms = (value: number) =>
  value < 0.1 ? `${(value * 1000).toFixed(1)} µs` : value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
export const percent = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;
export const spread = (summary: { median: number; p10: number; p90: number }, unit: (x: number) => string) =>
  `${unit(summary.median)} (p10 ${unit(summary.p10)}, p90 ${unit(summary.p90)})`;

const verdict = (pass: boolean | null) => (pass === null ? 'info' : pass ? 'PASS' : 'FAIL');

export function textTable(rows: readonly Row[]): string {
  const head = ['figure', 'measured', 'budget', 'peers', 'ratio', 'verdict'];
  const cells = rows.map((row) => [row.figure, row.value, row.budget, row.peers, row.ratio, verdict(row.pass)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const esc = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| figure | measured (median, spread) | budget | peers | ratio | verdict |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${[row.figure, row.value, row.budget, row.peers, row.ratio, verdict(row.pass)].map(esc).join(' | ')} |`,
    ),
  ].join('\n');
}
