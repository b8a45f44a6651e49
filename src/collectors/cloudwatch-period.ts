/**
 * The GetMetricData period for a window: as fine as possible while a series stays near or under
 * MAX_POINTS points, a multiple of 60 s, and no finer than CloudWatch still keeps for data that old:
 *   < 60 s periods: data < 3 h old (high-resolution metrics only, so never used here)
 *   60 s: 15 days · 300 s: 63 days · 3600 s: 455 days.
 */
import { dateNow } from '../core/clock';
import { UserFacingError } from '../core/errors';

export const MAX_POINTS = 1440;

const DAY_S = 86_400;
/** Periods chart-friendly enough to read on an axis; all multiples of 60. */
const NICE_PERIODS_S = [60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface PeriodChoice {
  periodS: number;
  /** The retention rule that set the minimum, for the report's method note. */
  retention: '60s (≤ 15 days old)' | '300s (≤ 63 days old)' | '3600s (≤ 455 days old)';
  /** Points per series for the window at this period. */
  points: number;
}

export class WindowTooOldError extends UserFacingError {
  override name = 'WindowTooOldError';
}

/** Chooses the period for [start, end) read at `now`; throws WindowTooOldError past 455 days. */
export function choosePeriod(start: Date, end: Date, now: Date = dateNow()): PeriodChoice {
  const windowS = Math.max(60, (end.getTime() - start.getTime()) / 1000);
  const ageS = (now.getTime() - start.getTime()) / 1000;
  let granularity: number;
  let retention: PeriodChoice['retention'];
  if (ageS > 455 * DAY_S) throw new WindowTooOldError('CloudWatch keeps metrics for 455 days; this window starts earlier.');
  if (ageS > 63 * DAY_S) {
    granularity = 3600;
    retention = '3600s (≤ 455 days old)';
  } else if (ageS > 15 * DAY_S) {
    granularity = 300;
    retention = '300s (≤ 63 days old)';
  } else {
    granularity = 60;
    retention = '60s (≤ 15 days old)';
  }
  const minimum = Math.max(granularity, windowS / MAX_POINTS);
  const periodS = NICE_PERIODS_S.find((p) => p >= minimum && p % granularity === 0) ?? Math.ceil(minimum / granularity) * granularity;
  return { periodS, retention, points: Math.ceil(windowS / periodS) };
}

/** Aligns the window to the period (start down, end up) as CloudWatch recommends for GetMetricData. */
export function alignWindow(start: Date, end: Date, periodS: number): { start: Date; end: Date } {
  const p = periodS * 1000;
  return { start: new Date(Math.floor(start.getTime() / p) * p), end: new Date(Math.ceil(end.getTime() / p) * p) };
}
