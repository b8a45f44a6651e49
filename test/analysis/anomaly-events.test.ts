import { describe, expect, it } from 'vitest';
import { findEvents, isRare, mergeClose, peakThreshold, softClip, type AnomalyEvent } from '../../src/analysis/anomaly-events';

describe('findEvents', () => {
  it('opens an event at 3σ, tolerates one quieter point, splits on direction and on holes in the data', () => {
    const z = [0, 3.5, 2, 4, 0, 0, 0, -5, -6, 0, 3, 3];
    const ev = findEvents(z);
    expect(ev.map((e) => [e.first, e.last, e.peak, e.dir, e.points])).toEqual([
      [1, 3, 3, 1, 2],
      [7, 8, 8, -1, 2],
      [10, 11, 10, 1, 2],
    ]);
    expect(ev[0]!.strength).toBeCloseTo(Math.hypot(3.5, 4), 10);
    // The same points with an hour missing between index 10 and 11 (5-minute data): two events.
    const t = z.map((_, i) => i * 300_000 + (i >= 11 ? 3_600_000 : 0));
    expect(findEvents(z, {}, { t, periodMs: 300_000 }).map((e) => e.first)).toEqual([1, 7, 10, 11]);
  });

  it('lets one glitch carry only logarithmically more evidence beyond 10σ', () => {
    expect(softClip(8, 10)).toBe(8);
    expect(softClip(100, 10)).toBeCloseTo(10 * (1 + Math.log(10)), 10);
    const glitch = findEvents([0, 1000, 0])[0]!;
    const shift = findEvents(new Array(60).fill(8))[0]!;
    expect(shift.strength).toBeGreaterThan(glitch.strength);
  });
});

describe('peakThreshold', () => {
  it('is the Gaussian level pure noise crosses 0.01 times a day at the sampling rate', () => {
    expect(peakThreshold(60_000)).toBeCloseTo(4.48, 2);
    expect(peakThreshold(300_000)).toBeCloseTo(4.13, 2);
    expect(peakThreshold(3_600_000)).toBeCloseTo(3.52, 2);
    expect(peakThreshold(86_400_000)).toBe(3);
    expect(peakThreshold(60_000, { minPeak: 6 })).toBe(6);
    expect(peakThreshold(60_000, { noiseRate: 0.01 / 20 })).toBeGreaterThan(5);
  });
});

const ev = (strength: number, first = 0): AnomalyEvent => ({ first, last: first, peak: first, dir: 1, peakZ: strength, strength, points: 1 });

describe('isRare', () => {
  it('calls an event usual when two others come close (≥ 80 %), or more than one per returnDays', () => {
    const all = [ev(10), ev(9), ev(5), ev(4)];
    expect(isRare(all[0]!, all, 1)).toBe(true);
    expect(isRare(all[2]!, all, 1)).toBe(false);
    const twins = [ev(10), ev(8.5), ev(8.2)];
    expect(isRare(twins[0]!, twins, 1)).toBe(false);
    // Over 20 days (one per 2 days allowed): the 10th strongest is still rare, the 11th is not.
    const many = Array.from({ length: 12 }, (_, i) => ev(100 / 1.3 ** i));
    expect(isRare(many[9]!, many, 20)).toBe(true);
    expect(isRare(many[10]!, many, 20)).toBe(false);
  });
});

describe('mergeClose', () => {
  it('joins events closer than the gap, keeping the strongest one’s peak and direction', () => {
    const t = Array.from({ length: 200 }, (_, i) => i * 60_000);
    const a = { ...ev(5, 10), last: 12 };
    const b = { ...ev(9, 40), dir: -1 as const, last: 45 };
    const c = ev(6, 150);
    const merged = mergeClose([a, b, c], t, 3_600_000);
    expect(merged.map((e) => [e.first, e.last, e.peak, e.dir])).toEqual([
      [10, 45, 40, -1],
      [150, 150, 150, 1],
    ]);
    expect(merged[0]!.strength).toBeCloseTo(Math.hypot(5, 9), 10);
  });
});
