import { medianAbsoluteDeviation, median as ssMedian, sampleCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { median } from '../../src/analysis/anomalies';
import { pearsonLagged } from '../../src/analysis/correlate';
import { sortFindings } from '../../src/analysis/findings';
import type { Finding } from '../../src/analysis/types';
import { verdictOf } from '../../src/analysis/verdict';
import { noise } from './series';

const f = (id: string, severity: Finding['severity'], kind: Finding['kind'] = 'threshold', at?: string): Finding => ({
  id,
  severity,
  kind,
  title: `${id} title`,
  detail: '',
  evidence: at ? { at } : {},
});

describe('verdictOf', () => {
  it('is healthy with only low and info findings, and says so', () => {
    expect(verdictOf([])).toEqual({ level: 'healthy', reason: 'no findings in the window' });
    expect(verdictOf(sortFindings([f('a', 'low'), f('gap', 'info', 'collection')])).level).toBe('healthy');
  });

  it('is degraded with a medium or high finding and leads with the worst', () => {
    const v = verdictOf(sortFindings([f('a', 'low'), f('threshold.select-latency', 'medium'), f('threshold.cpu', 'high')]));
    expect(v).toEqual({ level: 'degraded', reason: 'threshold.cpu title (+1 more)' });
  });

  it('is critical with a critical finding or high thresholds on three metrics', () => {
    expect(verdictOf([f('x', 'critical', 'event')]).level).toBe('critical');
    const three = sortFindings([f('threshold.deadlocks', 'high'), f('threshold.dbload', 'high'), f('threshold.cpu', 'high')]);
    expect(verdictOf(three)).toEqual({ level: 'critical', reason: 'threshold.cpu title (+2 more)' });
    // Collection gaps never make a verdict worse.
    expect(verdictOf([f('gap', 'critical', 'collection')]).level).toBe('healthy');
  });

  it('orders findings by severity, then thresholds (CPU first), events, queries, anomalies, then time', () => {
    const sorted = sortFindings([
      f('anomaly.x.1', 'high', 'anomaly'),
      f('q', 'high', 'query'),
      f('e', 'high', 'event'),
      f('threshold.deadlocks', 'high'),
      f('threshold.cpu', 'high'),
      f('threshold.swap', 'critical'),
      f('anomaly.y.1', 'low', 'anomaly', '2026-01-01T00:02:00Z'),
      f('anomaly.z.1', 'low', 'anomaly', '2026-01-01T00:01:00Z'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['threshold.swap', 'threshold.cpu', 'threshold.deadlocks', 'e', 'q', 'anomaly.x.1', 'anomaly.z.1', 'anomaly.y.1']);
  });
});

describe('numerics agree with simple-statistics', () => {
  it('median and Pearson', () => {
    for (const n of [1, 2, 7, 100, 1001]) {
      const v = noise(n, n, 3);
      expect(median(v)).toBeCloseTo(ssMedian(v), 12);
      if (n > 2) expect(median(v.map((x) => Math.abs(x - ssMedian(v))))).toBeCloseTo(medianAbsoluteDeviation(v), 12);
    }
    const a = noise(500, 1);
    const b = a.map((x, i) => x + noise(500, 2)[i]!);
    expect(pearsonLagged(Float64Array.from(a), Float64Array.from(b), 0).r).toBeCloseTo(sampleCorrelation(a, b), 10);
  });
});
