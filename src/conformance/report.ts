/**
 * The kit's two reports: lines a person reads in a terminal, and JUnit XML that CI systems (GitHub
 * Actions, GitLab, Jenkins, Azure DevOps) show as test results. Both name checks and reasons only.
 */
import type { Result } from './runner.js';

const MARK = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

export function resultLine(result: Result): string {
  const line = `${MARK[result.outcome]}  ${result.check.group.padEnd(11)} ${result.check.name}`;
  return result.reason ? `${line}\n        ${result.outcome === 'failed' ? '→' : 'skipped:'} ${result.reason}` : line;
}

export function summary(results: readonly Result[]): string {
  const count = (outcome: Result['outcome']) => results.filter((result) => result.outcome === outcome).length;
  return `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped (${results.length} checks)`;
}

// XML 1.0 allows tab, newline, carriage return and these ranges; anything else is dropped.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g;

function xml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (value: number) => value.toFixed(3);

/** JUnit XML: one <testsuite> per group, one <testcase> per check, <failure> or <skipped> with the reason. */
export function junitXml(results: readonly Result[], target: string, startedAt: Date): string {
  const groups = [...new Set(results.map((result) => result.check.group))];
  const total = (list: readonly Result[]) => list.reduce((sum, result) => sum + result.seconds, 0);
  const counts = (list: readonly Result[]) =>
    `tests="${list.length}" failures="${list.filter((r) => r.outcome === 'failed').length}" errors="0" skipped="${list.filter((r) => r.outcome === 'skipped').length}" time="${seconds(total(list))}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="ijazat-conformance" ${counts(results)}>`];
  for (const group of groups) {
    const inGroup = results.filter((result) => result.check.group === group);
    lines.push(
      `  <testsuite name="${xml(group)}" ${counts(inGroup)} timestamp="${startedAt.toISOString().slice(0, 19)}" hostname="${xml(target)}">`,
    );
    for (const result of inGroup) {
      const open = `    <testcase classname="ijazat-conformance.${xml(group)}" name="${xml(result.check.name)}" time="${seconds(result.seconds)}"`;
      if (result.outcome === 'passed') lines.push(`${open}/>`);
      else if (result.outcome === 'skipped')
        lines.push(`${open}>`, `      <skipped message="${xml(result.reason ?? '')}"/>`, '    </testcase>');
      else
        lines.push(
          `${open}>`,
          `      <failure message="${xml(result.reason ?? '')}" type="ContractViolation">${xml(result.reason ?? '')}</failure>`,
          '    </testcase>',
        );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
