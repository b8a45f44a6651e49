import { describe, expect, it } from 'vitest';
import { trailingLongMedian, trailingMedian } from '../../src/analysis/baseline';
import { blockMedians, madScale, median, quantile, rollingMedian, typicalPeriod } from '../../src/analysis/robust';
import { noise } from './series';

describe('robust statistics', () => {
  it('matches naive definitions', () => {
    const v = noise(301, 41, 5);
    const sorted = [...v].sort((a, b) => a - b);
    expect(median(v)).toBe(sorted[150]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile(v, 0.1)).toBe(sorted[30]);
    expect(madScale([-1, 1, -2, 2, 0])).toBeCloseTo(1.4826, 10);
    expect(Array.from(blockMedians([1, 2, 3, 10, 20, 30, 5], 3))).toEqual([2, 20, 5]);
    expect(typicalPeriod([0, 60_000, 120_000, 600_000, 660_000])).toBe(60_000);
    const w = 21;
    const got = rollingMedian(v, w);
    for (let i = 0; i < v.length; i++) {
      const start = Math.min(Math.max(i - 10, 0), v.length - w);
      expect(got[i]).toBeCloseTo(median(v.slice(start, start + w)), 12);
    }
  });
});

describe('trailingMedian', () => {
  it('is the median of the points before, so a step shows from its first point until half the window has passed', () => {
    const x = Array.from({ length: 100 }, (_, i) => (i >= 50 ? 10 : 0));
    const b = trailingMedian(x, 11);
    expect(b[50]).toBe(0);
    expect(b[55]).toBe(0);
    expect(b[56]).toBe(10);
    // Before there is a full window of history, the first window stands in.
    expect(b[3]).toBe(0);
    const v = noise(80, 42);
    const t = trailingMedian(v, 9);
    for (let i = 10; i < 80; i++) expect(t[i]).toBeCloseTo(median(v.slice(i - 9, i)), 12);
  });
});

describe('trailingLongMedian', () => {
  it('keeps the level of the preceding days through an incident of a few hours', () => {
    const perHour = 12;
    const x = Array.from({ length: 5 * 24 * perHour }, (_, i) => (i >= 4 * 24 * perHour && i < 4 * 24 * perHour + 5 * perHour ? 50 : 1));
    const long = trailingLongMedian(x, 300_000, 3, 24);
    expect(long[4 * 24 * perHour + 6 * perHour]).toBe(1);
  });
});
