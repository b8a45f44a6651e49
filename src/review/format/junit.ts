/**
 * JUnit XML for CI systems: a testsuite per file, a testcase per statement, a <failure> when the
 * statement has findings at or above --fail-on (lower findings are listed in <system-out>).
 */
import { atLeast, type Severity } from '../../core/severity';
import { withoutLeadingComments } from '../tokens';
import type { FileReview } from './batch';

const esc = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the characters XML 1.0 cannot carry is the point.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function reviewJunit(files: readonly FileReview[], failOn: Severity): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const { file, result } of files) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const s of result.statements) {
      const head = withoutLeadingComments(s.sql).replace(/\s+/g, ' ').trim();
      const name = `#${s.index + 1} line ${s.line}: ${head.length > 80 ? `${head.slice(0, 79)}…` : head}`;
      const failing = s.findings.filter((f) => atLeast(f.severity, failOn));
      const lines = s.findings.map(
        (f) =>
          `[${f.severity}] ${f.rule}${f.line !== undefined ? ` (line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ''})` : ''}: ${f.message}`,
      );
      let body = '';
      if (failing.length) {
        suiteFailures++;
        body += `<failure message="${esc(`${failing.length} finding(s) at or above ${failOn}: ${failing.map((f) => f.rule).join(', ')}`)}" type="${failing[0]!.severity}">${esc(lines.join('\n'))}</failure>`;
      } else if (lines.length) body += `<system-out>${esc(lines.join('\n'))}</system-out>`;
      cases.push(`    <testcase classname="${esc(file)}" name="${esc(name)}">${body}</testcase>`);
    }
    if (result.statements.length === 0)
      cases.push(`    <testcase classname="${esc(file)}" name="no statements"><system-out>${esc(result.notes.join('\n'))}</system-out></testcase>`);
    const n = Math.max(1, result.statements.length);
    tests += n;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${esc(file)}" tests="${n}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dbassist review" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
