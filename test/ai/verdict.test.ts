/** The summary agrees with the analysis's verdict, in the fallback and in what the model is given. */
import { describe, expect, it } from 'vitest';
import { reportFallback } from '../../src/ai/fallback';
import { reportSections } from '../../src/ai/prepare';
import { busyReport } from './fixtures';

describe('report verdict', () => {
  it('uses the analysis level rather than the worst single finding', () => {
    const input = { ...busyReport(), verdict: { level: 'critical' as const, reason: 'three high findings at once' } };
    const worst = input.findings.reduce((a, b) =>
      ['info', 'low', 'medium', 'high', 'critical'].indexOf(b.severity) > ['info', 'low', 'medium', 'high', 'critical'].indexOf(a.severity) ? b : a,
    );
    expect(worst.severity).not.toBe('critical');
    expect(reportFallback(input).verdict).toMatch(/^Critical: /);
    expect(reportFallback({ ...input, verdict: { level: 'healthy', reason: 'no findings' } }).verdict).toMatch(/^Healthy: /);
  });

  it('sends the verdict to the model as a required section, and nothing when absent', () => {
    const withVerdict = reportSections({ ...busyReport(), verdict: { level: 'degraded', reason: 'CPU at 97 % 14:05–14:40' } });
    expect(withVerdict[0]).toMatchObject({ key: 'verdict', required: true, value: { level: 'degraded' } });
    expect(reportSections(busyReport()).some((s) => s.key === 'verdict')).toBe(false);
  });
});
