/**
 * Golden files for the deterministic summaries: produced by the code, reviewed by a person, compared
 * exactly. After a deliberate change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/ai` and
 * review the diff. A missing golden file fails the test unless UPDATE_GOLDEN is set.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { alertFallback, reportFallback, reviewFallback } from '../../src/ai/fallback';
import type { AiSummary } from '../../src/ai/types';
import { busyReport, cleanReview, cpuAlarm, failoverEvent, quietReport, recovered, review } from './fixtures';

const GOLDEN_DIR = join(__dirname, 'golden');

function golden(name: string, summary: AiSummary): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const actual = `${JSON.stringify(summary, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const NOTE = 'Claude was unavailable (throttled); this summary was built from the findings.';

describe('golden deterministic summaries', () => {
  test('report: busy writer', () => golden('report-busy', reportFallback(busyReport(), { note: NOTE })));
  test('report: quiet reader, AI off', () => golden('report-quiet-off', reportFallback(quietReport(), { source: 'off' })));
  test('review: mixed findings', () => golden('review-findings', reviewFallback(review(), { note: NOTE })));
  test('review: clean statement', () => golden('review-clean', reviewFallback(cleanReview(), { source: 'off' })));
  test('alert: CPU alarm', () => golden('alert-cpu-alarm', alertFallback(cpuAlarm(), { note: NOTE })));
  test('alert: recovered', () => golden('alert-recovered', alertFallback(recovered(), { source: 'off' })));
  test('alert: RDS failover event', () => golden('alert-failover-event', alertFallback(failoverEvent(), { source: 'off' })));
});

describe('deterministic summaries stay within the answer limits', () => {
  test('many findings: at most 6 bullets, 5 actions, verdict ≤ 200 characters', () => {
    const input = review();
    const many = Array.from({ length: 12 }, (_, i) => ({
      index: i + 1,
      type: 'SELECT',
      sql: 'SELECT 1',
      findings: [{ rule: `rule-${i}`, severity: 'medium' as const, message: `problem ${i} ${'x'.repeat(300)}` }],
      planHighlights: [],
    }));
    input.statements = many;
    const s = reviewFallback(input);
    expect(s.bullets).toHaveLength(6);
    expect(s.bullets[5]).toBe('7 more findings in the full review.');
    expect(s.actions).toHaveLength(5);
    expect(s.verdict.length).toBeLessThanOrEqual(200);
    for (const b of s.bullets) expect(b.length).toBeLessThanOrEqual(300);
  });

  test('fingerprints shown in the fallback are masked too', () => {
    const input = busyReport();
    const s = reportFallback(input);
    expect(s.bullets.join('\n')).not.toContain('Knights');
  });
});
