import { describe, expect, it } from 'vitest';
import { usualLevel } from '../../src/analysis/usual';

const DAY = 86_400_000;
const STEP = 5 * 60_000;
// A Tuesday, 14:00 UTC.
const AT = Date.parse('2026-11-17T14:00:00Z');

/** Points every 5 minutes over [from, to), value f(t). */
function points(from: number, to: number, f: (t: number) => number) {
  const t: number[] = [];
  for (let x = from; x < to; x += STEP) t.push(x);
  return { t, v: t.map(f) };
}
/** 10 at 14:00 on every day, 50 at 14:00 on Tuesdays, 1 otherwise. */
const daily = (x: number) => {
  const h = new Date(x).getUTCHours();
  if (h !== 13 && h !== 14) return 1;
  return new Date(x).getUTCDay() === 2 ? 50 : 10;
};

describe('usualLevel', () => {
  it('reads the same time on earlier days when the series has three or more', () => {
    const { t, v } = points(AT - 4 * DAY, AT + 3_600_000, daily);
    expect(usualLevel(t, v, { start: AT, end: AT + 1_800_000, at: AT + 600_000 })).toEqual({ value: 10, words: 'for 14:00', basis: 'same-time' });
  });

  it('reads the same weekday once there are three of them', () => {
    const { t, v } = points(AT - 22 * DAY, AT + 3_600_000, daily);
    expect(usualLevel(t, v, { start: AT, end: AT + 1_800_000, at: AT + 600_000 })).toEqual({ value: 50, words: 'for Tuesdays 14:00', basis: 'same-time' });
  });

  it('reads the comparison window when the series has no earlier day, and says which', () => {
    const { t, v } = points(AT - 6 * 3_600_000, AT + 3_600_000, () => 7);
    const before = points(AT - 7 * DAY - 6 * 3_600_000, AT - 7 * DAY + 3_600_000, () => 30);
    const u = usualLevel(t, v, { start: AT, end: AT + 1_800_000, at: AT + 600_000 }, { ...before, shiftMs: 7 * DAY, words: 'a week earlier' });
    expect(u).toEqual({ value: 30, words: 'at this time a week earlier', basis: 'same-time' });
  });

  it('else the level just before: the hour, or three times a longer stretch', () => {
    const { t, v } = points(AT - 12 * 3_600_000, AT + 3 * 3_600_000, (x) => (x < AT - 3_600_000 ? 4 : x < AT ? 20 : 90));
    expect(usualLevel(t, v, { start: AT, end: AT + 900_000, at: AT })).toEqual({ value: 20, words: 'in the hour before', basis: 'before' });
    // A 2-hour stretch is measured against the 6 hours before it, where 4 is the level.
    expect(usualLevel(t, v, { start: AT, end: AT + 2 * 3_600_000, at: AT })).toEqual({ value: 4, words: 'in the 6 h before', basis: 'before' });
  });

  it('has nothing to say without points before the stretch', () => {
    const { t, v } = points(AT, AT + 3_600_000, () => 5);
    expect(usualLevel(t, v, { start: AT, end: AT + 1_800_000, at: AT })).toBeUndefined();
  });
});
