/**
 * Window scoring for anomaly detectors, as issue 14 defines it: a labelled window is found when a
 * reported window overlaps it; a reported window that overlaps no label is a false alarm; the first
 * 15 % of each series (by points) is warm-up, where nothing is reported and nothing is scored. Pure.
 */

export interface Interval {
  /** Epoch ms, inclusive. */
  start: number;
  end: number;
}

export interface SeriesScore {
  name: string;
  /** Labelled windows that end after the warm-up (the ones that count). */
  labels: number;
  found: number;
  /** Reported windows after the warm-up (clipped to it). */
  reported: number;
  falseAlarms: number;
  /** Scored span (warm-up end → last point), in days. */
  days: number;
  /** Time inside reported windows, in days (after clipping to the scored span). */
  flaggedDays: number;
}

export interface Totals {
  series: number;
  labels: number;
  found: number;
  reported: number;
  falseAlarms: number;
  days: number;
  /** found / labels (NaN when there are no labels). */
  recall: number;
  /** Σ false alarms / Σ scored days. */
  falseAlarmsPerDay: number;
  /** Mean over series of each series' false alarms per day. */
  meanFalseAlarmsPerDay: number;
  /** Share of scored time inside reported windows. */
  flaggedShare: number;
}

const DAY_MS = 86_400_000;

/** First scored time: the timestamp at index ⌊fraction × n⌋ (NAB's probationary period, uncapped). */
export function warmupEnd(timestamps: readonly number[], fraction = 0.15): number {
  if (timestamps.length === 0) return Number.NaN;
  const i = Math.min(timestamps.length - 1, Math.floor(fraction * timestamps.length));
  return timestamps[i]!;
}

const overlaps = (a: Interval, b: Interval): boolean => a.start <= b.end && b.start <= a.end;

/** Scores one series' reported windows against its labelled windows. */
export function scoreSeries(
  name: string,
  timestamps: readonly number[],
  labels: readonly Interval[],
  reported: readonly Interval[],
  warmupFraction = 0.15,
): SeriesScore {
  const from = warmupEnd(timestamps, warmupFraction);
  const to = timestamps[timestamps.length - 1] ?? Number.NaN;
  const counted = labels.filter((l) => l.end >= from);
  const windows = reported.filter((r) => r.end >= from).map((r) => ({ start: Math.max(r.start, from), end: Math.min(r.end, to) }));
  const found = counted.filter((l) => windows.some((w) => overlaps(w, l))).length;
  const falseAlarms = windows.filter((w) => !labels.some((l) => overlaps(w, l))).length;
  const flaggedMs = windows.reduce((a, w) => a + Math.max(0, w.end - w.start), 0);
  return { name, labels: counted.length, found, reported: windows.length, falseAlarms, days: Math.max(0, to - from) / DAY_MS, flaggedDays: flaggedMs / DAY_MS };
}

export function totals(scores: readonly SeriesScore[]): Totals {
  const sum = (f: (s: SeriesScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const labels = sum((s) => s.labels);
  const found = sum((s) => s.found);
  const days = sum((s) => s.days);
  const falseAlarms = sum((s) => s.falseAlarms);
  const perSeries = scores.filter((s) => s.days > 0).map((s) => s.falseAlarms / s.days);
  return {
    series: scores.length,
    labels,
    found,
    reported: sum((s) => s.reported),
    falseAlarms,
    days,
    recall: labels > 0 ? found / labels : Number.NaN,
    falseAlarmsPerDay: days > 0 ? falseAlarms / days : Number.NaN,
    meanFalseAlarmsPerDay: perSeries.length > 0 ? perSeries.reduce((a, x) => a + x, 0) / perSeries.length : Number.NaN,
    flaggedShare: days > 0 ? sum((s) => s.flaggedDays) / days : Number.NaN,
  };
}
