import { describe, expect, test } from 'vitest';
import { alignWindow, choosePeriod, MAX_POINTS, WindowTooOldError } from '../../src/collectors/cloudwatch-period';

const H = 3_600_000;
const D = 24 * H;
const now = new Date('2026-11-21T08:00:00Z');
const ending = (endAgoMs: number, lengthMs: number) => [new Date(now.getTime() - endAgoMs - lengthMs), new Date(now.getTime() - endAgoMs)] as const;

describe('choosePeriod', () => {
  test.each([
    [H, 60, 60],
    [6 * H, 60, 360],
    [24 * H, 60, 1440],
    [2 * D, 120, 1440],
    [7 * D, 600, 1008],
    [14 * D, 900, 1344],
  ])('a recent window of %d ms reads at %d s (%d points)', (length, period, points) => {
    const [start, end] = ending(0, length);
    expect(choosePeriod(start, end, now)).toMatchObject({ periodS: period, points, retention: '60s (≤ 15 days old)' });
  });

  test('data older than 15 days uses a multiple of 300 s', () => {
    const [start, end] = ending(20 * D, H);
    const c = choosePeriod(start, end, now);
    expect(c.periodS).toBe(300);
    expect(c.retention).toBe('300s (≤ 63 days old)');
  });

  test('data older than 63 days uses a multiple of 3600 s', () => {
    const [start, end] = ending(100 * D, 6 * H);
    expect(choosePeriod(start, end, now)).toMatchObject({ periodS: 3600, points: 6 });
  });

  test('data older than 455 days is refused', () => {
    const [start, end] = ending(460 * D, H);
    expect(() => choosePeriod(start, end, now)).toThrow(WindowTooOldError);
  });

  test('every window from 5 minutes to 14 days, at any age, stays within the limits', () => {
    for (let length = 5 * 60_000; length <= 14 * D; length += 37 * 60_000) {
      for (const age of [0, 16 * D, 70 * D]) {
        const [start, end] = ending(age, length);
        const c = choosePeriod(start, end, now);
        expect(c.periodS % 60).toBe(0);
        expect(c.points).toBeLessThanOrEqual(MAX_POINTS);
        if (age > 63 * D) expect(c.periodS % 3600).toBe(0);
        else if (age > 15 * D) expect(c.periodS % 300).toBe(0);
      }
    }
  });
});

test('alignWindow floors the start and ceils the end to the period', () => {
  const a = alignWindow(new Date('2026-11-21T07:03:20Z'), new Date('2026-11-21T08:03:20Z'), 300);
  expect(a.start.toISOString()).toBe('2026-11-21T07:00:00.000Z');
  expect(a.end.toISOString()).toBe('2026-11-21T08:05:00.000Z');
});
