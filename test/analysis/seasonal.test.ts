import { describe, expect, it } from 'vitest';
import { dailyLevel, fitSeasonality, perSlot, spreadByTimeOfDay } from '../../src/analysis/seasonal';
import { median } from '../../src/analysis/robust';
import { diurnal, noise, T0, times } from './series';

const FIVE = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('fitSeasonality', () => {
  it('learns a time-of-day shape from three days or more, and describes a time by its slot', () => {
    const t = times(4 * 288, FIVE);
    const y = diurnal(t, 50, 20).map((x, i) => x + noise(t.length, 31, 1)[i]!);
    const s = fitSeasonality(t, y, FIVE);
    expect(s.kind).toBe('daily');
    // Peak of the curve at 16:00 UTC, trough at 04:00: the profile says so.
    const at = (h: number) => s.at[t.findIndex((x) => x === T0 + h * HOUR)]!;
    expect(at(16) - at(4)).toBeGreaterThan(35);
    expect(s.describe(T0 + 14 * HOUR + 7 * 60_000)).toBe('14:00');
  });

  it('does not learn a shape from pure noise, nor from two days unless asked', () => {
    const t = times(5 * 288, FIVE);
    expect(fitSeasonality(t, noise(t.length, 32, 1), FIVE).kind).toBe('none');
    const two = times(2 * 288, FIVE);
    const y = diurnal(two, 50, 20);
    expect(fitSeasonality(two, y, FIVE).kind).toBe('none');
    expect(fitSeasonality(two, y, FIVE, { mode: 'on' }).kind).toBe('daily');
    expect(fitSeasonality(t, diurnal(t, 50, 20), FIVE, { mode: 'off' }).kind).toBe('none');
  });

  it('keeps only the slots of a scheduled job when a whole profile explains too few points', () => {
    const t = times(6 * 288, FIVE);
    const y = t.map((x, i) => (x % DAY >= 3 * HOUR && x % DAY < 3 * HOUR + 20 * 60_000 ? 10 : 0) + noise(t.length, 36, 1)[i]!);
    const s = fitSeasonality(t, y, FIVE);
    expect(s.kind).toBe('daily');
    expect(s.at[3 * 288 + 36]).toBeGreaterThan(8);
    expect(s.at[3 * 288 + 100]).toBe(0);
  });

  it('tells weekdays from weekends, and each weekday apart with three weeks', () => {
    const t = times(28 * 96, 15 * 60_000);
    const weekday = (x: number) => new Date(x).getUTCDay();
    const busy = t.map((x, i) => diurnal([x], 50, 20)[0]! * (weekday(x) === 0 || weekday(x) === 6 ? 0.4 : 1) + noise(t.length, 33, 1)[i]!);
    const s = fitSeasonality(t, busy, 15 * 60_000);
    expect(['weekdays', 'weekly']).toContain(s.kind);
    expect(s.describe(Date.parse('2026-11-07T14:00:00Z'))).toMatch(/^(weekends|Saturdays) 14:00$/);
    // Each weekday has its own daily amplitude (Sunday flat, Saturday the busiest).
    const byDay = t.map((x, i) => diurnal([x], 0, 5 * weekday(x))[0]! + noise(t.length, 34, 1)[i]!);
    const w = fitSeasonality(t, byDay, 15 * 60_000);
    expect(w.kind).toBe('weekly');
    expect(w.describe(Date.parse('2026-11-03T09:20:00Z'))).toBe('Tuesdays 09:15');
  });
});

describe('dailyLevel and spreadByTimeOfDay', () => {
  it('follows a step within a day but not the daily cycle', () => {
    const t = times(6 * 288, FIVE);
    const y = diurnal(t, 50, 20).map((x, i) => x + (i >= 3 * 288 ? 100 : 0));
    const level = dailyLevel(y, FIVE);
    expect(Math.abs(level[2 * 288]! - 50)).toBeLessThan(6);
    expect(Math.abs(level[5 * 288]! - 150)).toBeLessThan(6);
  });

  it('gives each 2-hour slot its own robust spread, never below the floor', () => {
    const t = times(3 * 288, FIVE);
    const r = t.map((x, i) => noise(t.length, 35, x % DAY < 2 * HOUR ? 10 : 1)[i]!);
    const s = spreadByTimeOfDay(t, r, 2);
    expect(s[0]).toBeGreaterThan(7);
    expect(s[100]).toBe(2);
  });
});

describe('perSlot', () => {
  it('applies a statistic per slot, to the points kept, with a value for empty slots', () => {
    const d = [1, 2, 3, 10, 20, 30, 7];
    const slots = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
    expect(Array.from(perSlot(d, slots, 3, median, -1))).toEqual([2.5, 20, -1]);
    expect(Array.from(perSlot(d, slots, 2, median, -1, Uint8Array.from([1, 0, 1, 1, 0, 0, 1]), 1))).toEqual([3, 10]);
  });
});
