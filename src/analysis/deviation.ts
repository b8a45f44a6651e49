/**
 * How far each point of a series sits from its usual value, in noise σ. The values go to the noise
 * model's scale, the usual shape of the day or week is taken out, and each point is compared with two
 * backward-looking baselines (the preceding hours — continued along their trend when there is no daily
 * shape to take out — and the preceding days): its deviation is the smaller
 * of the two when both point the same way, else zero, so neither a new level that has become the norm
 * nor the way back to normal after an incident counts. σ is the robust spread of the deviations from the
 * recent baseline, per time of day when a daily shape is used (quiet and busy hours differ), and never
 * below the noise model's floor.
 */
import { trailingLongMedian, trailingMedian, trailingTrend } from './baseline';
import type { Transform } from './noise-model';
import { madScale } from './robust';
import { fitSeasonality, spreadByTimeOfDay, type Seasonality, type SeasonalOptions } from './seasonal';

export interface DeviationOptions {
  seasonal?: SeasonalOptions['mode'];
  /** Recent baseline length in hours (default 6; at least 24 points, at most half the series). */
  recentHours?: number;
  /** Long baseline length in days (default 3). */
  longDays?: number;
  /** σ per time of day when a daily shape is used (default true). */
  slotSpread?: boolean;
}

export interface Deviations {
  /** Signed deviation of each point in σ. */
  z: Float64Array;
  /** Points on the noise model's scale minus the seasonal profile. */
  x: Float64Array;
  season: Seasonality;
  recent: Float64Array;
  long: Float64Array;
  /** 1 where the long baseline gave the deviation. */
  useLong: Uint8Array;
  /** Series-wide σ (forward scale). */
  sigma: number;
  /** Recent baseline length in points. */
  width: number;
  longDays: number;
  /** The usual value at point i, in the metric's unit. */
  expectedAt(i: number): number;
  /** A value back in the metric's unit, kept ≥ 0 for a metric that never goes below 0. */
  toUnit(y: number): number;
}

export function deviations(t: readonly number[], v: readonly number[], periodMs: number, tr: Transform, options: DeviationOptions = {}): Deviations {
  const n = v.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = tr.forward(v[i]!);
  const season = fitSeasonality(t, y, periodMs, { mode: options.seasonal ?? 'auto' });
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = y[i]! - season.at[i]!;
  let width = Math.max(24, Math.round(((options.recentHours ?? 6) * 3_600_000) / periodMs));
  width = Math.max(3, Math.min(width, Math.floor(n / 2)));
  if (width % 2 === 0) width += 1;
  const longDays = options.longDays ?? 3;
  // Without a learned daily shape the recent baseline follows the local trend, so a daily curve seen
  // in a short window does not read as anomalies; with one, the shape is already out.
  const recent = season.kind === 'none' ? trailingTrend(x, width) : trailingMedian(x, width);
  const long = trailingLongMedian(x, periodMs, longDays, width);
  const dr = new Float64Array(n);
  for (let i = 0; i < n; i++) dr[i] = x[i]! - recent[i]!;
  const sigma = Math.max(madScale(dr) || 0, tr.floor);
  const sigmaAt = season.kind !== 'none' && options.slotSpread !== false ? spreadByTimeOfDay(t, dr, sigma, season.kind) : undefined;
  const z = new Float64Array(n);
  const useLong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = dr[i]!;
    const b = x[i]! - long[i]!;
    if (a * b <= 0) continue;
    const s = sigmaAt ? sigmaAt[i]! : sigma;
    if (Math.abs(b) < Math.abs(a)) {
      z[i] = b / s;
      useLong[i] = 1;
    } else z[i] = a / s;
  }
  let lowest = Infinity;
  for (let i = 0; i < n; i++) if (v[i]! < lowest) lowest = v[i]!;
  const toUnit = (yy: number) => (lowest >= 0 ? Math.max(0, tr.inverse(yy)) : tr.inverse(yy));
  const expectedAt = (i: number) => toUnit(season.at[i]! + (useLong[i] ? long[i]! : recent[i]!));
  return { z, x, season, recent, long, useLong, sigma, width, longDays, expectedAt, toUnit };
}
