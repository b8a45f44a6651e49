import { describe, expect, it } from 'vitest';
import { metricKey, summarize, trend } from '../../src/analysis/stats';
import { MIN, series, times } from './series';

describe('summarize', () => {
  it('gives min, mean, percentiles, max with their times, ignoring NaN', () => {
    const values = Array.from({ length: 101 }, (_, i) => i); // 0…100
    const shuffled = values.map((_, i) => (i * 37) % 101);
    shuffled.push(Number.NaN);
    const t = times(shuffled.length);
    const s = summarize(series('CPUUtilization', shuffled, t, 'Percent'))!;
    expect(s.count).toBe(101);
    expect(s.min).toBe(0);
    expect(s.max).toBe(100);
    expect(s.mean).toBeCloseTo(50, 10);
    expect(s.p50).toBe(50);
    expect(s.p95).toBe(95);
    expect(s.p99).toBe(99);
    expect(s.maxAt).toBe(new Date(t[shuffled.indexOf(100)]!).toISOString());
    expect(s.minAt).toBe(new Date(t[0]!).toISOString());
    expect(s.unit).toBe('Percent');
  });

  it('returns undefined for an empty series and prefixes cluster metrics', () => {
    expect(summarize(series('x', []))).toBeUndefined();
    expect(metricKey({ name: 'VolumeBytesUsed', scope: 'cluster' })).toBe('cluster.VolumeBytesUsed');
    expect(summarize(series('VolumeBytesUsed', [1, 2], times(2), 'Bytes', 'cluster'))!.metric).toBe('cluster.VolumeBytesUsed');
  });
});

describe('trend', () => {
  it('gives the slope per hour and the fitted change in percent', () => {
    const t = times(121, MIN); // two hours
    const v = t.map((_, i) => 10 + (i / 60) * 5); // +5 per hour from 10
    const r = trend(t, v);
    expect(r.slopePerHour).toBeCloseTo(5, 9);
    expect(r.changePct).toBeCloseTo(100, 6); // 10 → 20
  });

  it('has no percent change from a zero start and no slope for one point', () => {
    expect(trend(times(3), [0, 1, 2]).changePct).toBeNull();
    expect(trend(times(1), [4])).toEqual({ slopePerHour: 0, changePct: null });
  });
});
