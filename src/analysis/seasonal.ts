/**
 * The usual shape of a metric over the day and the week, learned from the series itself when it is long
 * enough: a time-of-day profile (≥ 3 days), weekdays and weekends apart (≥ 10 days), or each hour of each
 * weekday (≥ 3 weeks). Each profile is the median, per 15-minute slot, of the series minus its one-day
 * rolling level, so a slow drift or a step does not leak into the shape and an incident on one day does
 * not move the median of three or more. A richer profile is kept only when it explains a real share of the
 * spread out of sample (even days predicting odd ones and back, its residual spread is ≤ 0.9 × the simpler
 * one's, i.e. it explains ≥ ~20 % of the variance).
 */
import { blockMedians, madScale, median, rollingMedian } from './robust';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

export type SeasonKind = 'none' | 'daily' | 'weekdays' | 'weekly';

export interface Seasonality {
  kind: SeasonKind;
  /** Profile value (on the series' own scale) at each point; zeros when kind is none. */
  at: Float64Array;
  /** Words for the slot of a time: `14:00`, `weekdays 14:00`, `Tuesdays 14:00` (UTC); '' when none. */
  describe(t: number): string;
}

export interface SeasonalOptions {
  /** `auto` learns what the data supports; `off` never; `on` at least a daily profile when ≥ 2 days. */
  mode?: 'auto' | 'on' | 'off';
  /** Residual-spread ratio a richer profile must reach (default 0.9). */
  gain?: number;
}

const NONE = (n: number): Seasonality => ({ kind: 'none', at: new Float64Array(n), describe: () => '' });

/** The series' one-day rolling level: medians of hourly blocks, a centred 25-hour median of those. */
export function dailyLevel(y: ArrayLike<number>, periodMs: number): Float64Array {
  const n = y.length;
  const block = Math.max(1, Math.round(3_600_000 / periodMs));
  const bm = blockMedians(y, block);
  let width = Math.max(1, Math.round(DAY_MS / (block * periodMs)));
  if (width % 2 === 0) width += 1;
  const level = rollingMedian(bm, Math.min(width, bm.length % 2 === 1 ? bm.length : bm.length - 1 || 1));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = level[Math.floor(i / block)]!;
  return out;
}

function hhmm(t: number, slotMs: number): string {
  const ms = ((t % DAY_MS) + DAY_MS) % DAY_MS;
  const start = Math.floor(ms / slotMs) * slotMs;
  const h = Math.floor(start / 3_600_000);
  const m = Math.floor((start % 3_600_000) / 60_000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Median of `d` per slot over the points `use` keeps (NaN-free; slots with no point are missing). */
function slotMedians(d: Float64Array, slots: Int32Array, use: (i: number) => boolean): number[] {
  const groups: number[][] = [];
  for (let i = 0; i < d.length; i++) if (use(i)) (groups[slots[i]!] ??= []).push(d[i]!);
  return groups.map((g) => (g && g.length > 0 ? median(g) : 0));
}

interface Candidate {
  kind: SeasonKind;
  slot(t: number): number;
  describe(t: number): string;
  minSpanDays: number;
}

/** Learns the profile that fits `y` (already on the noise model's scale) sampled at `t`. */
export function fitSeasonality(t: readonly number[], y: ArrayLike<number>, periodMs: number, options: SeasonalOptions = {}): Seasonality {
  const n = y.length;
  const mode = options.mode ?? 'auto';
  const gain = options.gain ?? 0.9;
  if (mode === 'off' || n < 8) return NONE(n);
  const spanDays = (t[n - 1]! - t[0]! + periodMs) / DAY_MS;
  const slotMs = Math.max(periodMs, 15 * 60_000);
  const perDay = Math.ceil(DAY_MS / slotMs);
  const tod = (x: number) => Math.floor((((x % DAY_MS) + DAY_MS) % DAY_MS) / slotMs);
  const dow = (x: number) => new Date(x).getUTCDay();
  const weekend = (x: number) => dow(x) === 0 || dow(x) === 6;
  const candidates: Candidate[] = [
    { kind: 'daily', slot: tod, describe: (x) => hhmm(x, slotMs), minSpanDays: mode === 'on' ? 2 : 3 },
    { kind: 'weekdays', slot: (x) => (weekend(x) ? perDay : 0) + tod(x), describe: (x) => `${weekend(x) ? 'weekends' : 'weekdays'} ${hhmm(x, slotMs)}`, minSpanDays: 10 },
    { kind: 'weekly', slot: (x) => dow(x) * perDay + tod(x), describe: (x) => `${WEEKDAYS[dow(x)]} ${hhmm(x, slotMs)}`, minSpanDays: 21 },
  ];
  const level = dailyLevel(y, periodMs);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = y[i]! - level[i]!;
  let best: Seasonality = NONE(n);
  let bestSpread = madScale(d);
  for (const c of candidates) {
    if (spanDays < c.minSpanDays) continue;
    const slots = Int32Array.from(t, c.slot);
    // Judged out of sample: the profile of even days predicts odd days and vice versa (weeks for a weekly
    // profile), so a profile that only fits noise (a median of a few values per slot) gains nothing.
    const foldMs = c.kind === 'weekly' ? 7 * DAY_MS : DAY_MS;
    const fold = Uint8Array.from(t, (x) => Math.floor(x / foldMs) % 2);
    const profiles = [0, 1].map((f) => slotMedians(d, slots, (i) => fold[i] === f));
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = d[i]! - (profiles[1 - fold[i]!]![slots[i]!] ?? 0);
    const spread = madScale(r);
    const forced = mode === 'on' && best.kind === 'none';
    if (forced || spread <= gain * bestSpread) {
      const profile = slotMedians(d, slots, () => true);
      best = { kind: c.kind, at: Float64Array.from(slots, (x) => profile[x] ?? 0), describe: c.describe };
      bestSpread = spread;
    }
  }
  return best;
}

/**
 * Noise σ by time of day: busy hours are noisier than quiet ones (and on a log scale quiet hours are
 * the noisier), so each point is judged against the robust spread of its own 2-hour slot across days,
 * never below `floor` (the series-wide σ). Use only when the series spans enough days for a profile.
 */
export function spreadByTimeOfDay(t: readonly number[], residuals: ArrayLike<number>, floor: number): Float64Array {
  const slotMs = 2 * 3_600_000;
  const slot = (x: number) => Math.floor((((x % DAY_MS) + DAY_MS) % DAY_MS) / slotMs);
  const groups: number[][] = [];
  for (let i = 0; i < t.length; i++) (groups[slot(t[i]!)] ??= []).push(residuals[i]!);
  const spread = groups.map((g) => (g && g.length > 0 ? Math.max(madScale(g), floor) : floor));
  return Float64Array.from(t, (x) => spread[slot(x)] ?? floor);
}
