/**
 * Correlations between metrics: series aligned on shared timestamps and linearly detrended, Pearson and
 * Spearman at lags of a few periods, strongest pairs first.
 */
import type { MetricSeries } from '../model/collected-data';
import { metricKey } from './stats';
import type { Correlation } from './types';

export interface CorrelateOptions {
  /** Lags tried, in periods, both ways (default 3). */
  maxLag?: number;
  /** Pairs returned (default 10). */
  top?: number;
  /** Smallest |spearman| worth reporting (default 0.6). */
  minAbs?: number;
}

/** Pairs that are related by definition, not worth reporting. */
const DEFINITIONAL = new Set([
  'DBLoad|DBLoadCPU',
  'DBLoad|DBLoadNonCPU',
  'AuroraReplicaLag|cluster.AuroraReplicaLagMaximum',
  'ReadIOPS|cluster.VolumeReadIOPs',
  'WriteIOPS|cluster.VolumeWriteIOPs',
]);

interface Aligned {
  key: string;
  values: Float64Array;
  ranks: Float64Array;
  /** Prefix sums of ranks and squared ranks, when there are no gaps (fast lagged correlations). */
  prefix?: { s: Float64Array; ss: Float64Array };
}

function prefixSums(x: Float64Array): { s: Float64Array; ss: Float64Array } | undefined {
  const s = new Float64Array(x.length + 1);
  const ss = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== v) return undefined;
    s[i + 1] = s[i]! + v;
    ss[i + 1] = ss[i]! + v * v;
  }
  return { s, ss };
}

/** pearsonLagged for gap-free series, with the single-series sums taken from prefix sums. */
function pearsonLaggedDense(
  a: Float64Array,
  pa: { s: Float64Array; ss: Float64Array },
  b: Float64Array,
  pb: { s: Float64Array; ss: Float64Array },
  lag: number,
): number {
  const n = a.length;
  const from = Math.max(0, -lag);
  const to = Math.min(n, n - lag);
  const c = to - from;
  if (c < 3) return NaN;
  let sab = 0;
  for (let i = from; i < to; i++) sab += a[i]! * b[i + lag]!;
  const sa = pa.s[to]! - pa.s[from]!;
  const saa = pa.ss[to]! - pa.ss[from]!;
  const sb = pb.s[to + lag]! - pb.s[from + lag]!;
  const sbb = pb.ss[to + lag]! - pb.ss[from + lag]!;
  const cov = sab - (sa * sb) / c;
  const va = saa - (sa * sa) / c;
  const vb = sbb - (sb * sb) / c;
  if (va <= 1e-12 * Math.max(1, saa) || vb <= 1e-12 * Math.max(1, sbb)) return NaN;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(va * vb)));
}

/** Average ranks (1-based) of the finite values; NaN stays NaN. */
export function ranks(values: Float64Array): Float64Array {
  let m = 0;
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) sorted[m++] = values[i]!;
  const s = sorted.subarray(0, m).sort();
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) {
      out[i] = NaN;
      continue;
    }
    let lo = 0,
      hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    let up = lo,
      top = m;
    while (up < top) {
      const mid = (up + top) >> 1;
      if (s[mid]! <= x) up = mid + 1;
      else top = mid;
    }
    out[i] = (lo + up - 1) / 2 + 1;
  }
  return out;
}

/** Pearson of a[i] and b[i + lag] over the overlap, skipping NaN; NaN when undefined. */
export function pearsonLagged(a: Float64Array, b: Float64Array, lag: number): { r: number; n: number } {
  const n = a.length;
  let sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0,
    c = 0;
  const from = Math.max(0, -lag);
  const to = Math.min(n, n - lag);
  for (let i = from; i < to; i++) {
    const x = a[i]!;
    const y = b[i + lag]!;
    if (x !== x || y !== y) continue;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
    c++;
  }
  if (c < 3) return { r: NaN, n: c };
  const cov = sab - (sa * sb) / c;
  const va = saa - (sa * sa) / c;
  const vb = sbb - (sb * sb) / c;
  if (va <= 1e-12 * Math.max(1, saa) || vb <= 1e-12 * Math.max(1, sbb)) return { r: NaN, n: c };
  return { r: Math.max(-1, Math.min(1, cov / Math.sqrt(va * vb))), n: c };
}

function variance(values: Float64Array): number {
  let s = 0,
    ss = 0,
    c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    s += x;
    ss += x * x;
    c++;
  }
  return c > 1 ? Math.max(0, ss / c - (s / c) ** 2) : 0;
}

/**
 * Enough distinct values to rank meaningfully: constant series and sparse counts (Deadlocks: mostly 0)
 * are left out, their ties would turn into a time ramp once detrended.
 */
function informative(values: Float64Array): boolean {
  const distinct = new Set<number>();
  const need = Math.max(10, Math.ceil(values.length * 0.01));
  for (let i = 0; i < values.length && distinct.size < need; i++) if (values[i] === values[i]) distinct.add(values[i]!);
  return distinct.size >= need;
}

/**
 * Removes the least-squares line (in place, NaN kept), so two metrics that merely both drift across the
 * window do not look related; what is left is what moves together.
 */
export function detrend(values: Float64Array): void {
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    c = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]!;
    if (y !== y) continue;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
    c++;
  }
  const den = c * sxx - sx * sx;
  if (c < 3 || den === 0) return;
  const m = (c * sxy - sx * sy) / den;
  const b = (sy - m * sx) / c;
  for (let i = 0; i < values.length; i++) values[i] = values[i]! - (m * i + b);
}

function align(series: readonly MetricSeries[]): { aligned: Aligned[]; periodMs: number } {
  const ref = [...series].sort((a, b) => b.timestamps.length - a.timestamps.length)[0];
  if (!ref) return { aligned: [], periodMs: 60_000 };
  const pos = new Map<number, number>();
  ref.timestamps.forEach((t, i) => pos.set(t, i));
  const n = ref.timestamps.length;
  const aligned: Aligned[] = [];
  for (const s of series) {
    const values = new Float64Array(n).fill(NaN);
    let finite = 0;
    if (
      s.timestamps === ref.timestamps ||
      (s.timestamps.length === n && s.timestamps[0] === ref.timestamps[0] && s.timestamps[n - 1] === ref.timestamps[n - 1])
    ) {
      for (let i = 0; i < n; i++) {
        const x = s.values[i];
        if (x !== undefined && Number.isFinite(x)) {
          values[i] = x;
          finite++;
        }
      }
    } else {
      s.timestamps.forEach((t, i) => {
        const p = pos.get(t);
        const x = s.values[i];
        if (p !== undefined && x !== undefined && Number.isFinite(x)) {
          values[p] = x;
          finite++;
        }
      });
    }
    if (finite >= 10 && informative(values)) {
      const raw = variance(values);
      detrend(values);
      // A purely linear series (storage growth) has nothing left after detrending.
      if (variance(values) > 1e-9 * raw) {
        const r = ranks(values);
        const prefix = prefixSums(r);
        aligned.push({ key: metricKey(s), values, ranks: r, ...(prefix ? { prefix } : {}) });
      }
    }
  }
  const periodMs = n >= 2 ? (ref.timestamps[n - 1]! - ref.timestamps[0]!) / (n - 1) : 60_000;
  return { aligned, periodMs };
}

export function correlate(series: readonly MetricSeries[], options: CorrelateOptions = {}): Correlation[] {
  const maxLag = options.maxLag ?? 3;
  const minAbs = options.minAbs ?? 0.6;
  const { aligned, periodMs } = align(series);
  const out: Correlation[] = [];
  for (let i = 0; i < aligned.length; i++) {
    for (let j = i + 1; j < aligned.length; j++) {
      const a = aligned[i]!;
      const b = aligned[j]!;
      if (DEFINITIONAL.has(`${a.key}|${b.key}`) || DEFINITIONAL.has(`${b.key}|${a.key}`)) continue;
      let best = { r: NaN, n: 0, lag: 0 };
      let atZero = { r: NaN, n: 0, lag: 0 };
      for (let lag = -maxLag; lag <= maxLag; lag++) {
        const s =
          a.prefix && b.prefix
            ? { r: pearsonLaggedDense(a.ranks, a.prefix, b.ranks, b.prefix, lag), n: a.ranks.length - Math.abs(lag) }
            : pearsonLagged(a.ranks, b.ranks, lag);
        if (Number.isNaN(s.r)) continue;
        if (lag === 0) atZero = { ...s, lag };
        if (Number.isNaN(best.r) || Math.abs(s.r) > Math.abs(best.r)) best = { ...s, lag };
      }
      // Prefer lag 0 unless another lag is clearly stronger.
      if (!Number.isNaN(atZero.r) && Math.abs(atZero.r) >= Math.abs(best.r) - 0.02) best = atZero;
      if (Number.isNaN(best.r) || Math.abs(best.r) < minAbs) continue;
      const p = pearsonLagged(a.values, b.values, best.lag);
      out.push({
        a: a.key,
        b: b.key,
        spearman: round3(best.r),
        pearson: Number.isNaN(p.r) ? 0 : round3(p.r),
        lag: best.lag,
        lagS: Math.round((best.lag * periodMs) / 1000),
        n: best.n,
      });
    }
  }
  out.sort((x, y) => Math.abs(y.spearman) - Math.abs(x.spearman) || Math.abs(y.pearson) - Math.abs(x.pearson));
  return out.slice(0, options.top ?? 10);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
