/**
 * The usual shape of a metric over the day and the week, learned from the series itself when it is long
 * enough: a time-of-day profile (≥ 3 days), weekdays and weekends apart (≥ 10 days), or each hour of each
 * weekday (≥ 3 weeks). Each profile is the median, per 15-minute slot, of the series minus its one-day
 * rolling level, so a slow drift or a step does not leak into the shape and an incident on one day does
 * not move the median of three or more. A richer profile is kept only when it explains a real share of the
 * spread out of sample (even days predicting odd ones and back, its residual spread is ≤ 0.9 × the simpler
 * one's, i.e. it explains ≥ ~20 % of the variance). Failing that, the daily slots where a scheduled job
 * shows on even and odd days alike are kept on their own.
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

/**
 * Statistic of `d` per slot (0 … slots−1) over the points `use` keeps (all when omitted), grouping by
 * counting sort into one typed array; `empty` for slots with no point.
 */
export function perSlot(
  d: ArrayLike<number>,
  slots: Int32Array,
  count: number,
  stat: (values: Float64Array) => number,
  empty: number,
  use?: Uint8Array,
  keep = 1,
): Float64Array {
  const sizes = new Int32Array(count + 1);
  for (let i = 0; i < d.length; i++) if (!use || use[i] === keep) sizes[slots[i]! + 1]!++;
  for (let k = 0; k < count; k++) sizes[k + 1]! += sizes[k]!;
  const offsets = sizes.slice();
  const grouped = new Float64Array(sizes[count]!);
  for (let i = 0; i < d.length; i++) if (!use || use[i] === keep) grouped[offsets[slots[i]!]!++] = d[i]!;
  const out = new Float64Array(count).fill(empty);
  for (let k = 0; k < count; k++) if (sizes[k + 1]! > sizes[k]!) out[k] = stat(grouped.subarray(sizes[k]!, sizes[k + 1]!));
  return out;
}

/** f(x[i]) for every i, into a new typed array (a plain loop: `TypedArray.from` with a map is slow). */
function mapInto<A extends Int32Array | Uint8Array | Float64Array>(out: A, x: ArrayLike<number>, f: (v: number) => number): A {
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

interface Candidate {
  kind: SeasonKind;
  slot(t: number): number;
  slots: number;
  describe(t: number): string;
  minSpanDays: number;
}

/** Day of the week (0 = Sunday, UTC) without a Date: 1970-01-01 was a Thursday. */
const dayOfWeek = (t: number) => (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;

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
  const weekend = (x: number) => dayOfWeek(x) === 0 || dayOfWeek(x) === 6;
  const candidates: Candidate[] = [
    { kind: 'daily', slot: tod, slots: perDay, describe: (x) => hhmm(x, slotMs), minSpanDays: mode === 'on' ? 2 : 3 },
    {
      kind: 'weekdays',
      slot: (x) => (weekend(x) ? perDay : 0) + tod(x),
      slots: 2 * perDay,
      describe: (x) => `${weekend(x) ? 'weekends' : 'weekdays'} ${hhmm(x, slotMs)}`,
      minSpanDays: 10,
    },
    {
      kind: 'weekly',
      slot: (x) => dayOfWeek(x) * perDay + tod(x),
      slots: 7 * perDay,
      describe: (x) => `${WEEKDAYS[dayOfWeek(x)]} ${hhmm(x, slotMs)}`,
      minSpanDays: 21,
    },
  ];
  const level = dailyLevel(y, periodMs);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = y[i]! - level[i]!;
  let best: Seasonality = NONE(n);
  let bestSpread = madScale(d);
  for (const c of candidates) {
    if (spanDays < c.minSpanDays) continue;
    const slots = mapInto(new Int32Array(n), t, c.slot);
    // Judged out of sample: the profile of even days predicts odd days and vice versa (weeks for a weekly
    // profile), so a profile that only fits noise (a median of a few values per slot) gains nothing.
    const foldMs = c.kind === 'weekly' ? 7 * DAY_MS : DAY_MS;
    const fold = mapInto(new Uint8Array(n), t, (x) => Math.floor(x / foldMs) % 2);
    const profiles = [0, 1].map((f) => perSlot(d, slots, c.slots, median, 0, fold, f));
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = d[i]! - profiles[1 - fold[i]!]![slots[i]!]!;
    const spread = madScale(r);
    const forced = mode === 'on' && best.kind === 'none';
    if (forced || spread <= gain * bestSpread) {
      const profile = perSlot(d, slots, c.slots, median, 0);
      best = { kind: c.kind, at: mapInto(new Float64Array(n), slots, (x) => profile[x]!), describe: c.describe };
      bestSpread = spread;
    }
  }
  if (best.kind === 'none' && spanDays >= candidates[0]!.minSpanDays) return scheduledSlots(t, d, candidates[0]!, n);
  return best;
}

/**
 * A daily profile reduced to the slots where both halves of the data (even and odd days) agree on a
 * clear departure (≥ 4 standard errors each, the same way): a scheduled job — a backup at 03:00, a batch
 * at midnight — touches too few points to move the spread a whole profile is judged by, yet recurs every
 * day. NONE when no slot qualifies.
 */
function scheduledSlots(t: readonly number[], d: Float64Array, c: Candidate, n: number): Seasonality {
  const slots = mapInto(new Int32Array(n), t, c.slot);
  const fold = mapInto(new Uint8Array(n), t, (x) => Math.floor(x / DAY_MS) % 2);
  const sigma = madScale(d);
  if (!(sigma > 0)) return NONE(n);
  const size = (g: Float64Array) => g.length;
  const halves = [0, 1].map((f) => ({ median: perSlot(d, slots, c.slots, median, 0, fold, f), count: perSlot(d, slots, c.slots, size, 0, fold, f) }));
  const clear = (f: number, k: number) => {
    const h = halves[f]!;
    return h.count[k]! > 0 && Math.abs(h.median[k]!) >= (4 * 1.2533 * sigma) / Math.sqrt(h.count[k]!);
  };
  const all = perSlot(d, slots, c.slots, median, 0);
  const profile = new Float64Array(c.slots);
  let any = false;
  for (let k = 0; k < c.slots; k++) {
    if (clear(0, k) && clear(1, k) && Math.sign(halves[0]!.median[k]!) === Math.sign(halves[1]!.median[k]!)) {
      profile[k] = all[k]!;
      any = true;
    }
  }
  return any ? { kind: c.kind, at: mapInto(new Float64Array(n), slots, (x) => profile[x]!), describe: c.describe } : NONE(n);
}

/**
 * Noise σ by time of day (and by weekday, or weekdays/weekends, when the profile is weekly): busy hours
 * are noisier than quiet ones (on a log scale quiet hours are the noisier), and Sunday afternoons may vary
 * more than Tuesday ones. Each point is judged against the robust spread of its own 2-hour slot across
 * days, never below `floor` (the series-wide σ). Use only when the series has a profile.
 */
export function spreadByTimeOfDay(t: readonly number[], residuals: ArrayLike<number>, floor: number, kind: SeasonKind = 'daily'): Float64Array {
  const slotMs = 2 * 3_600_000;
  const tod = (x: number) => Math.floor((((x % DAY_MS) + DAY_MS) % DAY_MS) / slotMs);
  const day = kind === 'weekly' ? dayOfWeek : kind === 'weekdays' ? (x: number) => (dayOfWeek(x) === 0 || dayOfWeek(x) === 6 ? 1 : 0) : () => 0;
  const slots = mapInto(new Int32Array(t.length), t, (x) => day(x) * 12 + tod(x));
  const spread = perSlot(residuals, slots, 7 * 12, (g) => Math.max(madScale(g), floor), floor);
  return mapInto(new Float64Array(t.length), slots, (k) => spread[k]!);
}
