/**
 * Anomaly windows of metric series: what a DBA would call unusual, each with a short reason in words.
 *
 * Stable API (other modules and helpers build on these signatures):
 *   detectAnomalies(metric, t, v, options?)      → AnomalyWindow[]   one series as parallel arrays
 *   detectSeriesAnomalies(series, options?)      → AnomalyWindow[]   one MetricSeries (its unit is a hint)
 *   detectAllAnomalies(series[], options?)       → AnomalyWindow[]   many series of one instance, highest
 *                                                                     score first, with agreement across
 *                                                                     related metrics
 * To judge another window (e.g. the same hours a week earlier) with the same yardstick, use
 * `fitNoiseModel` / `compareLevels` in noise-model.ts.
 *
 * Method, per series (pure; O(n × recent window)):
 * 1. Noise model (noise-model.ts): the kind from the unit or name (else the data), the scale on which the
 *    noise is additive from Taylor's law on the data (linear, square root, logarithm).
 * 2. The usual shape of the day or week when the history allows (seasonal.ts), taken out; two
 *    backward-looking baselines, the preceding hours and days (baseline.ts, deviation.ts); deviations in
 *    robust σ, per time of day when there is a daily shape.
 * 3. Events at two time scales, each point and hourly medians (anomaly-scales.ts); their strength, the
 *    Gaussian threshold for the sampling rate, rarity against the series' own history, a practical
 *    minimum (±20 %, 2 points), merging (anomaly-events.ts). The first 15 % is warm-up: it teaches the
 *    baselines and the rarity, nothing is reported there.
 * 4. A window with its reason in words (anomaly-window.ts, anomaly-reason.ts).
 * Across series (detectAllAnomalies): the Gaussian threshold is shared out between the series (a report
 * of 27 metrics must stay as quiet on a healthy day as one metric), and a window that only clears the
 * single-metric threshold, or is ordinary for its metric, is kept when a related metric
 * (related-metrics.ts; not a twin view of the same measurement) has a reported window overlapping it.
 */
import type { MetricSeries } from '../model/collected-data';
import { EVENT_DEFAULTS, findEvents, isRare, mergeClose, peakThreshold, type EventOptions } from './anomaly-events';
import { coarseBlocks, toPoints } from './anomaly-scales';
import { toWindow, type FoundEvent, type Scale } from './anomaly-window';
import { deviations, type DeviationOptions } from './deviation';
import { isPracticalChange, noiseShape, transformFor, type MetricKind, type Transform } from './noise-model';
import { areRelated, areTwins } from './related-metrics';
import { typicalPeriod } from './robust';
import { finitePoints, metricKey } from './stats';
import type { AnomalyWindow } from './types';
import { unitOf } from './metric-units';
import type { EarlierSeries } from './usual';

export { median, rollingMedian, typicalPeriod } from './robust';

const DAY_MS = 86_400_000;

export interface AnomalyOptions extends DeviationOptions {
  /** CloudWatch unit of the values (`Percent`, `Count/Second`, …): picks the noise model. */
  unit?: string;
  /** Force the metric kind instead of inferring it from the unit, name or data. */
  kind?: MetricKind;
  /** Share of the series (from its start) used only to learn: nothing is reported there (default 0.15). */
  warmup?: number;
  /** Also look for sustained moves in hourly medians (daily for hourly data; default true; ≥ 72 blocks of ≥ 3 points). */
  hourly?: boolean;
  /** Ignore moves too small to matter (±20 %, 2 percentage points; default true). */
  practical?: boolean;
  /** Event thresholds, rarity and merging; `noiseRate` sets the threshold a window needs on its own. */
  events?: EventOptions;
  /** The (looser) noise rate of windows a related metric may corroborate (default: `events.noiseRate`). */
  corroboratedNoiseRate?: number;
  /** The series over the report's comparison window (usual.ts): a window's usual value and words can come from it. */
  earlier?: EarlierSeries;
  /** The same for each metric of detectAllAnomalies, by metric key (`CPUUtilization`, `cluster.VolumeReadIOPs`). */
  earlierOf?: (metric: string) => EarlierSeries | undefined;
}

/** Reported windows, and candidates not strong or rare enough on their own (for cross-metric agreement). */
export interface SeriesDetection {
  windows: AnomalyWindow[];
  ordinary: AnomalyWindow[];
}

/** The events of one scale that clear the loose gates, split into reported and ordinary. */
function gate(
  scale: Scale,
  firstIndex: number,
  kind: MetricKind,
  coarse: boolean,
  options: AnomalyOptions,
): { reported: FoundEvent[]; ordinary: FoundEvent[] } {
  const ev = { ...EVENT_DEFAULTS, ...options.events };
  const events = findEvents(scale.d.z, ev, { t: scale.t, periodMs: scale.periodMs });
  const spanDays = (scale.t[scale.t.length - 1]! - scale.t[0]!) / DAY_MS;
  const strict = peakThreshold(scale.periodMs, ev);
  const loose = Math.min(strict, peakThreshold(scale.periodMs, { ...ev, noiseRate: options.corroboratedNoiseRate ?? ev.noiseRate }));
  // One coarse block is already a sustained observation: it needs only the peak threshold.
  const strength = (peak: number) => (coarse ? Math.min(ev.minStrength, peak) : ev.minStrength);
  const reported: FoundEvent[] = [];
  const ordinary: FoundEvent[] = [];
  for (const e of events) {
    if (e.first < firstIndex || e.peakZ < loose || e.strength < strength(loose)) continue;
    if (options.practical !== false && !isPracticalChange(kind, scale.v[e.peak]!, scale.d.expectedAt(e.peak))) continue;
    const found = { ...e, scale, at: e.peak };
    if (e.peakZ >= strict && e.strength >= strength(strict) && isRare(e, events, spanDays, ev)) reported.push(found);
    else ordinary.push(found);
  }
  return { reported, ordinary };
}

/**
 * Reported and ordinary windows of one series given as parallel arrays (finite values, ascending time).
 * Events are sought at two time scales: each point, and hourly (or daily) medians, for moves too small
 * per point but sustained for hours (days); a window found at both is one window.
 */
export function detectSeries(metric: string, t: readonly number[], v: readonly number[], options: AnomalyOptions = {}): SeriesDetection {
  const n = v.length;
  if (n < 8 || t.length !== n) return { windows: [], ordinary: [] };
  const periodMs = typicalPeriod(t);
  const unit = unitOf(metric, options.unit);
  const tr: Transform = transformFor(noiseShape(t, v, { name: metric, unit, kind: options.kind }), v, { unit, periodS: periodMs / 1000 });
  const points: Scale = { t, v, periodMs, d: deviations(t, v, periodMs, tr, options) };
  const warm = Math.floor((options.warmup ?? 0.15) * n);
  const found = gate(points, warm, tr.kind, false, options);
  let reported = found.reported;
  let ordinary = found.ordinary;
  const blocks = options.hourly === false ? undefined : coarseBlocks(t, v, periodMs);
  if (blocks) {
    // The noise floor of a median of `size` points is 1.2533 / √size of one point's (its standard error).
    const trBlock = { ...tr, floor: (tr.floor * 1.2533) / Math.sqrt(blocks.size) };
    const hours: Scale = { t: blocks.t, v: blocks.v, periodMs: blocks.blockMs, d: deviations(blocks.t, blocks.v, blocks.blockMs, trBlock, options) };
    const first = blocks.from.findIndex((i) => i >= warm);
    const coarse = gate(hours, first < 0 ? blocks.t.length : first, tr.kind, true, options);
    const lift = (e: FoundEvent): FoundEvent => ({ ...toPoints(e, blocks, n, points.d.z), scale: hours, at: e.peak });
    const byStart = (a: FoundEvent, b: FoundEvent) => a.first - b.first;
    reported = [...reported, ...coarse.reported.map(lift)].sort(byStart);
    ordinary = [...ordinary, ...coarse.ordinary.map(lift)].sort(byStart);
  }
  const mergeMs = options.events?.mergeMs ?? EVENT_DEFAULTS.mergeMs;
  const windowOf = (e: FoundEvent) => toWindow(metric, e, points, tr, unit, options.earlier);
  return { windows: mergeClose(reported, t, mergeMs).map(windowOf), ordinary: mergeClose(ordinary, t, mergeMs).map(windowOf) };
}

/** Anomaly windows of one series given as parallel arrays (finite values, ascending time). */
export function detectAnomalies(metric: string, t: readonly number[], v: readonly number[], options: AnomalyOptions = {}): AnomalyWindow[] {
  return detectSeries(metric, t, v, options).windows;
}

function seriesDetection(series: MetricSeries, options: AnomalyOptions): SeriesDetection {
  const { t, v } = finitePoints(series);
  const unit = options.unit ?? series.unit;
  const key = metricKey(series);
  const earlier = options.earlier ?? options.earlierOf?.(key);
  return detectSeries(key, t, v, { ...options, ...(unit ? { unit } : {}), ...(earlier ? { earlier } : {}) });
}

export function detectSeriesAnomalies(series: MetricSeries, options: AnomalyOptions = {}): AnomalyWindow[] {
  return seriesDetection(series, options).windows;
}

const overlaps = (a: AnomalyWindow, b: AnomalyWindow) => a.start <= b.end && b.start <= a.end;

/**
 * Anomalies of the series of one instance, highest score first. Each series gets 1/N of the noise rate
 * (so N metrics together cross the Gaussian threshold no more often than one alone); a window that clears
 * only the single-metric threshold, or is ordinary for its metric, is kept when a related metric (not a
 * twin view of the same measurement) has a reported window overlapping it. Every window lists the related
 * metrics whose windows overlap it.
 */
export function detectAllAnomalies(series: readonly MetricSeries[], options: AnomalyOptions = {}): AnomalyWindow[] {
  const rate = options.events?.noiseRate ?? EVENT_DEFAULTS.noiseRate;
  const shared: AnomalyOptions = {
    ...options,
    corroboratedNoiseRate: options.corroboratedNoiseRate ?? rate,
    events: { ...options.events, noiseRate: rate / Math.max(1, series.length) },
  };
  const found = series.map((s) => seriesDetection(s, shared));
  const reported = found.flatMap((f) => f.windows);
  const corroborated = found.flatMap((f) =>
    f.ordinary.filter(
      (w) => !f.windows.some((r) => overlaps(r, w)) && reported.some((r) => areRelated(r.metric, w.metric) && !areTwins(r.metric, w.metric) && overlaps(r, w)),
    ),
  );
  const all = [...reported, ...corroborated];
  for (const w of all) {
    const related = [...new Set(all.filter((o) => o !== w && areRelated(o.metric, w.metric) && overlaps(o, w)).map((o) => o.metric))];
    if (related.length > 0) w.related = related;
  }
  return all.sort((a, b) => b.score - a.score);
}
