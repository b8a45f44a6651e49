/**
 * Robust anomaly windows: the series is optionally de-seasonalised by time of day (windows of three
 * days or more, so each time-of-day slot is a median of at least three days), a centred rolling median
 * gives the expected value, and deviations are scored against 1.4826 × MAD of all deviations (a robust
 * σ; per two-hour time-of-day slot when de-seasonalised). Consecutive flagged points in the same
 * direction are merged into windows; windows shorter than a few points are dropped, so single noise
 * spikes never count while a 10-minute incident does.
 */
import type { MetricSeries } from '../model/collected-data';
import { finitePoints, metricKey } from './stats';
import type { AnomalyWindow } from './types';

const DAY_MS = 86_400_000;

export interface AnomalyOptions {
  /** Robust z-score a point must reach to be flagged (default 4). */
  threshold?: number;
  /** Points a window needs (default: enough for 5 minutes, at least 2, at most 5). */
  minPoints?: number;
  /** Unflagged points tolerated inside one window (default 1). */
  maxGapPoints?: number;
  /** Subtract a time-of-day profile: `auto` does so when the series spans ≥ 3 days (see below). */
  seasonal?: 'auto' | 'on' | 'off';
  /** Rolling-median width in points (odd; default ≈ 3 hours, 31…241 points, at most the series). */
  windowPoints?: number;
}

/** k-th smallest (0-based) of a scratch array, by quickselect; reorders `a`. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of a numeric array (copied; the input is left alone). */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = new Float64Array(values as ArrayLike<number>);
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Typical spacing between timestamps (median difference), in ms. */
export function typicalPeriod(t: readonly number[]): number {
  if (t.length < 2) return 60_000;
  const d = new Float64Array(Math.min(t.length - 1, 2000));
  for (let i = 0; i < d.length; i++) d[i] = t[i + 1]! - t[i]!;
  const p = median(d);
  return p > 0 ? p : 60_000;
}

/** Time-of-day slot of each point (slots of max(period, 15 min)). */
export function timeOfDaySlots(t: readonly number[], periodMs: number): Int32Array {
  const slotMs = Math.max(periodMs, 15 * 60_000);
  const out = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = Math.floor((((t[i]! % DAY_MS) + DAY_MS) % DAY_MS) / slotMs);
  return out;
}

function groupBySlot(values: ArrayLike<number>, slotOf: Int32Array): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < values.length; i++) (groups[slotOf[i]!] ??= []).push(values[i]!);
  return groups;
}

/** Values minus the median of their time-of-day slot. */
export function deseasonalise(v: readonly number[], slotOf: Int32Array): number[] {
  const profile = groupBySlot(v, slotOf).map((g) => (g && g.length > 0 ? median(g) : 0));
  return v.map((x, i) => x - (profile[slotOf[i]!] ?? 0));
}

/** Robust spread (1.4826 × MAD) per slot, floored at half the overall spread. */
function slotScales(absDev: Float64Array, slotOf: Int32Array, overall: number): number[] {
  return Array.from(groupBySlot(absDev, slotOf), (g) => Math.max(g && g.length > 0 ? 1.4826 * median(g) : overall, overall / 2));
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Centred rolling median of width w (the window is clamped inside the series at the edges). */
export function rollingMedian(v: readonly number[], width: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const w = Math.max(1, Math.min(width, n));
  const half = w >> 1;
  const win = new Float64Array(v.slice(0, w)).sort();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const want = Math.min(Math.max(i - half, 0), n - w);
    while (start < want) {
      // Replace the leaving value by the entering one, sliding it to its sorted place.
      const x = v[start + w]!;
      let p = lowerBound(win, v[start]!);
      if (x > win[p]!) {
        while (p + 1 < w && win[p + 1]! < x) {
          win[p] = win[p + 1]!;
          p++;
        }
      } else {
        while (p > 0 && win[p - 1]! > x) {
          win[p] = win[p - 1]!;
          p--;
        }
      }
      win[p] = x;
      start++;
    }
    out[i] = w % 2 === 1 ? win[half]! : (win[half - 1]! + win[half]!) / 2;
  }
  return out;
}

/**
 * Near the ends the clamped window is not centred, so on a rising or falling stretch the median lags the
 * series. Continue the baseline linearly there, with the slope of the centred medians just inside.
 */
export function extrapolateEdges(base: Float64Array, width: number): boolean {
  const n = base.length;
  const half = width >> 1;
  if (half < 2 || n < 2 * width) return false;
  const cEnd = n - 1 - half;
  const slopeEnd = (base[cEnd]! - base[cEnd - half]!) / half;
  for (let i = cEnd + 1; i < n; i++) base[i] = base[cEnd]! + slopeEnd * (i - cEnd);
  const cStart = half;
  const slopeStart = (base[cStart + half]! - base[cStart]!) / half;
  for (let i = 0; i < cStart; i++) base[i] = base[cStart]! - slopeStart * (cStart - i);
  return true;
}

/** Anomaly windows of one series given as parallel arrays (finite values, ascending time). */
export function detectAnomalies(metric: string, t: readonly number[], v: readonly number[], options: AnomalyOptions = {}): AnomalyWindow[] {
  const n = v.length;
  if (n < 8) return [];
  const periodMs = typicalPeriod(t);
  const threshold = options.threshold ?? 4;
  const minPoints = options.minPoints ?? Math.min(5, Math.max(2, Math.ceil(300_000 / periodMs)));
  const maxGap = options.maxGapPoints ?? 1;
  const span = t[n - 1]! - t[0]!;
  // The time-of-day profile is a median across days: with only two days it is their mean, and an
  // incident on one day would echo as a false dip on the other. So `auto` needs three days of data;
  // shorter windows rely on the rolling median alone, which follows the daily curve.
  const seasonal = options.seasonal === 'on' || (options.seasonal !== 'off' && span >= 3 * DAY_MS - 2 * periodMs);
  const slotOf = seasonal ? timeOfDaySlots(t, periodMs) : undefined;
  const r = slotOf ? deseasonalise(v, slotOf) : (v as number[]);
  let width = options.windowPoints ?? Math.min(241, Math.max(31, Math.round((3 * 3_600_000) / periodMs)));
  width = Math.min(width, n % 2 === 1 ? n : n - 1);
  if (width % 2 === 0) width -= 1;
  const base = rollingMedian(r, width);
  const extrapolated = extrapolateEdges(base, width);
  // Where the baseline is extrapolated (half a window at each end) it is less certain: ask for more.
  const edge = extrapolated ? width >> 1 : 0;
  const dev = new Float64Array(n);
  const absDev = new Float64Array(n);
  let sumAbs = 0;
  for (let i = 0; i < n; i++) {
    dev[i] = r[i]! - base[i]!;
    absDev[i] = Math.abs(dev[i]!);
    sumAbs += absDev[i]!;
  }
  const level = Math.abs(median(v));
  let scale = 1.4826 * median(absDev);
  if (!(scale > 0)) scale = 1.2533 * (sumAbs / n);
  // Noise floor: 1% of the typical level, so tiny wobbles on a flat series are not "anomalies".
  scale = Math.max(scale, 0.01 * level, 1e-12);
  if (sumAbs === 0) return [];
  // Seasonal-aware spread: busy hours are noisier than quiet ones, so score each point against the
  // spread of its own two-hour time-of-day slot (never below half the overall spread).
  const spreadSlot = seasonal ? timeOfDaySlots(t, Math.max(periodMs, 2 * 3_600_000)) : undefined;
  const scaleAt = spreadSlot ? slotScales(absDev, spreadSlot, scale) : undefined;

  const windows: AnomalyWindow[] = [];
  let cur: { first: number; last: number; dir: 1 | -1; peak: number; peakScore: number; count: number } | undefined;
  const close = () => {
    if (cur && cur.count >= minPoints) {
      const p = cur.peak;
      windows.push({
        metric,
        start: new Date(t[cur.first]!).toISOString(),
        end: new Date(t[cur.last]!).toISOString(),
        peak: new Date(t[p]!).toISOString(),
        score: Math.round(cur.peakScore * 100) / 100,
        direction: cur.dir === 1 ? 'high' : 'low',
        peakValue: v[p]!,
        expected: v[p]! - dev[p]!,
        points: cur.count,
      });
    }
    cur = undefined;
  };
  for (let i = 0; i < n; i++) {
    const score = absDev[i]! / (scaleAt ? scaleAt[spreadSlot![i]!]! : scale);
    if (score < (i < edge || i >= n - edge ? threshold * 1.25 : threshold)) continue;
    const dir: 1 | -1 = dev[i]! > 0 ? 1 : -1;
    const contiguous = cur && cur.dir === dir && i - cur.last <= maxGap + 1 && t[i]! - t[cur.last]! <= (maxGap + 1) * periodMs * 1.5;
    if (!contiguous) {
      close();
      cur = { first: i, last: i, dir, peak: i, peakScore: score, count: 1 };
    } else if (cur) {
      cur.last = i;
      cur.count++;
      if (score > cur.peakScore) {
        cur.peak = i;
        cur.peakScore = score;
      }
    }
  }
  close();
  return windows;
}

export function detectSeriesAnomalies(series: MetricSeries, options: AnomalyOptions = {}): AnomalyWindow[] {
  const { t, v } = finitePoints(series);
  return detectAnomalies(metricKey(series), t, v, options);
}

/** Anomalies of every series, highest score first. */
export function detectAllAnomalies(series: readonly MetricSeries[], options: AnomalyOptions = {}): AnomalyWindow[] {
  return series.flatMap((s) => detectSeriesAnomalies(s, options)).sort((a, b) => b.score - a.score);
}
