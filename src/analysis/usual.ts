/**
 * What "usual" means — one definition behind every "usual" a reader sees next to a stretch: a symptom's
 * "3.1× its usual 31 %" and an anomaly window's reason. (What changed compares whole windows: changes.ts.)
 *
 * The usual level of a metric at a stretch (its start, end and the time of its peak) is
 *  1. **the same time on earlier days**, when the data has them: the median, over the earlier days with
 *     points there, of the metric in the hour around that time of day — from the series itself (days before
 *     the stretch) and from the report's comparison window (the same hours a day or a week earlier). Used
 *     with three such days or more ("for 14:00"; the same weekday only, "for Tuesdays 14:00", once there are
 *     three of those), or with any day the comparison window gives ("at this time a week earlier");
 *  2. else **the level just before**: the median of the hour before the stretch, or of three times its
 *     length when it is longer ("in the hour before", "in the 6 h before"), so a slow climb is measured
 *     against where it started;
 *  3. else nothing (the caller says so or uses the window's median).
 * Medians throughout, on the metric's own unit. Pure; each look-up is a binary search.
 */
import { formatDuration } from '../core/format';
import { median } from './robust';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];
/** Earlier days needed before the same time of day is "usual" on the series' own history. */
const MIN_DAYS = 3;
/** Points needed in a stretch for its median to count. */
const MIN_POINTS = 3;

export interface UsualLevel {
  /** In the metric's unit. */
  value: number;
  /** What it is the usual of, to follow "the usual" / "its usual 31 %": `for 14:00`, `in the hour before`. */
  words: string;
  basis: 'same-time' | 'before';
}

/** The same metric over the report's comparison window (the same hours `shiftMs` earlier). */
export interface EarlierSeries {
  t: readonly number[];
  v: readonly number[];
  shiftMs: number;
  /** `a week earlier` */
  words: string;
}

/** A stretch in epoch ms: where it starts and ends, and the time of its peak (the time "usual" is read at). */
export interface Stretch {
  start: number;
  end: number;
  at: number;
}

/** First index with t[i] >= x. */
function lowerBound(t: readonly number[], x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Finite values with from <= t < to. */
function between(t: readonly number[], v: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = lowerBound(t, from); i < t.length && t[i]! < to; i++) if (Number.isFinite(v[i]!)) out.push(v[i]!);
  return out;
}

function periodOf(t: readonly number[]): number {
  if (t.length < 2) return 60_000;
  // The smallest of a few early steps: a gap in the data never widens the look-up.
  let p = Infinity;
  for (let i = 1; i < Math.min(t.length, 16); i++) p = Math.min(p, t[i]! - t[i - 1]!);
  return p > 0 && Number.isFinite(p) ? p : 60_000;
}

const clock = (t: number) => {
  const ms = ((t % DAY_MS) + DAY_MS) % DAY_MS;
  const slot = Math.floor(ms / 900_000) * 900_000;
  return `${String(Math.floor(slot / HOUR_MS)).padStart(2, '0')}:${String((slot % HOUR_MS) / 60_000).padStart(2, '0')}`;
};
const weekday = (t: number) => WEEKDAYS[(((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7]!;

/** The same time of day on earlier days: one median per day that has points there. */
function sameTime(t: readonly number[], v: readonly number[], s: Stretch, earlier: EarlierSeries | undefined, half: number) {
  const days: { back: number; value: number; fromEarlier: boolean }[] = [];
  const first = Math.min(t[0] ?? Infinity, earlier?.t[0] ?? Infinity);
  for (let back = 1; s.at - back * DAY_MS + half > first; back++) {
    const from = s.at - back * DAY_MS - half;
    const to = s.at - back * DAY_MS + half;
    // Only days wholly before the stretch: a long stretch is not its own usual.
    const own = to <= s.start ? between(t, v, from, to) : [];
    if (own.length >= MIN_POINTS) {
      days.push({ back, value: median(own), fromEarlier: false });
      continue;
    }
    const prior = earlier ? between(earlier.t, earlier.v, from, to) : [];
    if (prior.length >= MIN_POINTS) days.push({ back, value: median(prior), fromEarlier: true });
  }
  return days;
}

/**
 * The usual level of a metric (points `t`, `v`, ascending) at a stretch, with the words that say what it
 * is the usual of; `earlier` is the same metric in the report's comparison window. Undefined when neither
 * earlier days nor the time before the stretch have points.
 */
export function usualLevel(t: readonly number[], v: readonly number[], s: Stretch, earlier?: EarlierSeries): UsualLevel | undefined {
  const period = periodOf(t);
  const half = Math.max(HOUR_MS / 2, 1.5 * period);
  const days = sameTime(t, v, s, earlier, half);
  const weekly = days.filter((d) => d.back % 7 === 0);
  if (weekly.length >= MIN_DAYS) return { value: median(weekly.map((d) => d.value)), words: `for ${weekday(s.at)} ${clock(s.at)}`, basis: 'same-time' };
  if (days.length >= MIN_DAYS) return { value: median(days.map((d) => d.value)), words: `for ${clock(s.at)}`, basis: 'same-time' };
  if (earlier && days.some((d) => d.fromEarlier)) {
    const words = days.length === 1 ? `at this time ${earlier.words}` : `at this time on ${days.length} earlier days`;
    return { value: median(days.map((d) => d.value)), words, basis: 'same-time' };
  }
  const length = Math.max(HOUR_MS, 3 * (s.end - s.start));
  const from = Math.max(s.start - length, t[0] ?? s.start);
  const before = between(t, v, from, s.start);
  if (before.length < MIN_POINTS) return undefined;
  const span = s.start - from;
  const words = Math.abs(span - HOUR_MS) < period ? 'in the hour before' : `in the ${formatDuration(Math.max(span, period))} before`;
  return { value: median(before), words, basis: 'before' };
}
