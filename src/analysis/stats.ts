/** Per-metric summary (min, mean, p50, p95, p99, max) and linear trend. */
import { quantileSorted } from 'simple-statistics';
import type { MetricSeries } from '../model/collected-data';
import type { MetricStats } from './types';

/** Finite values with their timestamps (CloudWatch gaps and NaN dropped). */
export function finitePoints(series: MetricSeries): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  const n = Math.min(series.timestamps.length, series.values.length);
  for (let i = 0; i < n; i++) {
    const x = series.values[i]!;
    const ts = series.timestamps[i]!;
    if (Number.isFinite(x) && Number.isFinite(ts)) {
      t.push(ts);
      v.push(x);
    }
  }
  return { t, v };
}

export interface Trend {
  slopePerHour: number;
  changePct: number | null;
}

/** Least-squares trend over the series; slope in unit per hour, change as % of the fitted start. */
export function trend(t: readonly number[], v: readonly number[]): Trend {
  const n = v.length;
  if (n < 2) return { slopePerHour: 0, changePct: null };
  const t0 = t[0]!;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = (t[i]! - t0) / 3_600_000;
    const y = v[i]!;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  const slope = den !== 0 ? (n * sxy - sx * sy) / den : 0;
  const start = (sy - slope * sx) / n;
  const hours = (t[n - 1]! - t0) / 3_600_000;
  const end = start + slope * hours;
  const changePct = Math.abs(start) < 1e-9 ? null : ((end - start) / Math.abs(start)) * 100;
  return { slopePerHour: slope, changePct };
}

export function summarize(series: MetricSeries): MetricStats | undefined {
  const { t, v } = finitePoints(series);
  if (v.length === 0) return undefined;
  let sum = 0;
  let minI = 0;
  let maxI = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    sum += x;
    if (x < v[minI]!) minI = i;
    if (x > v[maxI]!) maxI = i;
  }
  const sorted = new Float64Array(v).sort() as unknown as number[];
  const { slopePerHour, changePct } = trend(t, v);
  return {
    metric: metricKey(series),
    scope: series.scope,
    unit: series.unit,
    count: v.length,
    min: v[minI]!,
    mean: sum / v.length,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: v[maxI]!,
    minAt: new Date(t[minI]!).toISOString(),
    maxAt: new Date(t[maxI]!).toISOString(),
    slopePerHour,
    changePct,
  };
}

/** The key used in the CSV and in findings: `cluster.` prefix for cluster-scope metrics. */
export function metricKey(series: Pick<MetricSeries, 'name' | 'scope'>): string {
  return series.scope === 'cluster' ? `cluster.${series.name}` : series.name;
}
