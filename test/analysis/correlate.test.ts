import { describe, expect, it } from 'vitest';
import { correlate, pearsonLagged, ranks } from '../../src/analysis/correlate';
import { noise, series, times } from './series';

describe('correlate', () => {
  const n = 500;
  const t = times(n);
  const driver = noise(n, 11, 10).map((x, i, a) => (i > 0 ? 0.5 * a[i - 1]! : 0) + x);

  it('finds a lagged follower, an inverse pair, and leaves unrelated noise out', () => {
    const follower = driver.map((_, i) => 3 * (driver[i - 2] ?? 0) + 100 + noise(n, 12, 0.5)[i]!);
    const inverse = driver.map((x, i) => 99 - 0.1 * x + noise(n, 13, 0.05)[i]!);
    const unrelated = noise(n, 14, 10);
    const out = correlate([
      series('CPUUtilization', driver, t),
      series('DBLoad', follower, t),
      series('BufferCacheHitRatio', inverse, t),
      series('Unrelated', unrelated, t),
    ]);
    const lagged = out.find((c) => c.a === 'CPUUtilization' && c.b === 'DBLoad')!;
    expect(lagged.lag).toBe(2);
    expect(lagged.lagS).toBe(120);
    expect(lagged.spearman).toBeGreaterThan(0.9);
    const inv = out.find((c) => c.a === 'CPUUtilization' && c.b === 'BufferCacheHitRatio')!;
    expect(inv.lag).toBe(0);
    expect(inv.pearson).toBeLessThan(-0.9);
    expect(out.some((c) => c.a === 'Unrelated' || c.b === 'Unrelated')).toBe(false);
    // A gap switches to the NaN-aware path: same answer within rounding.
    const gappy = [...follower];
    gappy[250] = Number.NaN;
    const viaGaps = correlate([series('CPUUtilization', driver, t), series('DBLoad', gappy, t)])[0]!;
    expect(viaGaps.lag).toBe(2);
    expect(Math.abs(viaGaps.spearman - lagged.spearman)).toBeLessThan(0.01);
    expect(viaGaps.n).toBe(lagged.n - 1);
    // strongest first
    for (let i = 1; i < out.length; i++) expect(Math.abs(out[i - 1]!.spearman)).toBeGreaterThanOrEqual(Math.abs(out[i]!.spearman));
  });

  it('aligns series on timestamps when they differ and ignores shared linear drift', () => {
    const shifted = series('B', driver.slice(10), t.slice(10));
    const out = correlate([series('A', driver, t), shifted]);
    expect(out).toHaveLength(1);
    expect(out[0]!.lag).toBe(0);
    expect(out[0]!.spearman).toBeGreaterThan(0.99);
    expect(out[0]!.n).toBe(490);
    const driftA = noise(n, 20).map((x, i) => i + x * 3);
    const driftB = noise(n, 21).map((x, i) => 2 * i + x * 3);
    expect(correlate([series('A', driftA, t), series('B', driftB, t)])).toEqual([]);
  });

  it('ranks ties by average and computes Pearson over the overlap', () => {
    expect(Array.from(ranks(Float64Array.from([10, 20, 20, 5, Number.NaN])))).toEqual([2, 3.5, 3.5, 1, Number.NaN]);
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const b = Float64Array.from([0, 1, 2, 3, 4, 5]);
    expect(pearsonLagged(a, b, 0).r).toBeCloseTo(1, 12);
    expect(pearsonLagged(a, Float64Array.from([6, 5, 4, 3, 2, 1]), 0).r).toBeCloseTo(-1, 12);
    expect(pearsonLagged(a, Float64Array.from([3, 3, 3, 3, 3, 3]), 0).r).toBeNaN();
  });
});
