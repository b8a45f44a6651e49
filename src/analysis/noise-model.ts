/**
 * The noise model of a metric. Its kind (percent, count, latency, bytes, level) comes from the CloudWatch
 * unit (given, or the known unit of the metric's name in metric-units.ts) or the metric name, else from
 * the data; it decides the words of a reason and the smallest change worth reporting. The scale on which its noise is additive comes from the data by Taylor's law (how noise
 * grows with the level): as is, the Anscombe square root (Poisson-like; for counts σ ≥ 1, per-second rates
 * being turned back into counts per period), or a generalised logarithm (proportional noise, so "3× the
 * usual" is the same distance at any level); the kind's usual scale when the series is too short to tell.
 *
 * `fitNoiseModel` and `compareLevels` are what a caller outside the detector (e.g. "what changed against
 * the same window a week earlier") uses to judge a move with the same yardstick the detector uses.
 */
import { unitOf } from './metric-units';
import { madScale, median, quantile, typicalPeriod } from './robust';

export type MetricKind = 'percent' | 'count' | 'latency' | 'bytes' | 'level';

export interface KindHints {
  /** CloudWatch metric name or CSV column (e.g. `CPUUtilization`, `cluster.VolumeReadIOPs`). */
  name?: string;
  /** CloudWatch unit (`Percent`, `Count`, `Count/Second`, `Bytes`, `Milliseconds`, …; `None` = unknown). */
  unit?: string;
  /** Force a kind. */
  kind?: MetricKind;
}

export interface Transform {
  kind: MetricKind;
  /** To the scale where noise is additive. */
  forward(x: number): number;
  /** Back to the metric's own unit. */
  inverse(y: number): number;
  /** Smallest meaningful σ on the forward scale (Poisson for counts; the data's resolution otherwise). */
  floor: number;
}

export interface NoiseModel extends Transform {
  /** Robust σ on the forward scale (never below `floor`). */
  sigma: number;
}

const PERCENT_NAME = /(utili[sz]ation|ratio|percent|pct|hitrate)$/i;
const LATENCY_NAME = /(latency|lag|duration)$/i;
const BYTES_NAME = /(bytes|throughput|memory|storage|swap|volume(bytes)?used)/i;
const COUNT_NAME = /(count|connections|iops|queries|deadlocks|requests|transactions)/i;

/** The kind a unit (given, else the name's known unit) or the name says, or undefined when neither says enough. */
export function kindFromHints(hints: KindHints): MetricKind | undefined {
  if (hints.kind) return hints.kind;
  const unit = unitOf(hints.name, hints.unit);
  if (unit === 'Percent') return 'percent';
  if (unit === 'Count' || unit === 'Count/Second') return 'count';
  if (unit === 'Seconds' || unit === 'Milliseconds' || unit === 'Microseconds') return 'latency';
  if (unit.startsWith('Bytes') || unit.startsWith('Kilobytes') || unit.startsWith('Megabytes') || unit.startsWith('Gigabytes')) return 'bytes';
  const name = (hints.name ?? '').replace(/^cluster\./, '');
  if (!name) return undefined;
  if (PERCENT_NAME.test(name)) return 'percent';
  if (LATENCY_NAME.test(name)) return 'latency';
  if (BYTES_NAME.test(name)) return 'bytes';
  if (COUNT_NAME.test(name)) return 'count';
  return undefined;
}

/** The scale on which a metric's noise is additive: as is, square root (Poisson-like), logarithm. */
export type NoiseScale = 'linear' | 'sqrt' | 'log';

export interface NoiseShape {
  kind: MetricKind;
  scale: NoiseScale;
}

const SCALE_OF_KIND: Record<MetricKind, NoiseScale> = { percent: 'linear', level: 'linear', count: 'sqrt', latency: 'log', bytes: 'log' };

/**
 * Taylor's law: the slope b of log(noise) against log(level) across hour-long blocks of the series
 * (noise = median absolute second difference, so a straight trend inside a block does not count). b ≈ 0 is
 * additive noise, ≈ ½ Poisson-like, ≈ 1 proportional. NaN when fewer than ten blocks have both.
 */
export function taylorSlope(t: readonly number[], v: readonly number[]): number {
  // Hour-long blocks, shorter (down to 8 points) when the series has fewer than ten hours.
  const size = Math.max(8, Math.min(Math.round(3_600_000 / typicalPeriod(t)), Math.floor(v.length / 10)));
  const xs: number[] = [];
  const ys: number[] = [];
  const steps = new Float64Array(size - 2);
  for (let k = 0; k + size <= v.length; k += size) {
    const level = median(v.slice(k, k + size));
    for (let i = 1; i < size - 1; i++) steps[i - 1] = Math.abs(v[k + i + 1]! - 2 * v[k + i]! + v[k + i - 1]!);
    const noise = median(steps);
    if (level > 0 && noise > 0) {
      xs.push(Math.log(level));
      ys.push(Math.log(noise));
    }
  }
  if (xs.length < 10) return NaN;
  // Theil–Sen: the median of pairwise slopes (on at most ~200 blocks).
  const step = Math.max(1, Math.floor(xs.length / 200));
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i += step)
    for (let j = i + step; j < xs.length; j += step) if (Math.abs(xs[j]! - xs[i]!) > 0.05) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  return slopes.length > 0 ? median(slopes) : NaN;
}

/** The scale Taylor's law picks: b < ¼ additive, ¼ … ¾ square root, ≥ ¾ logarithm; undefined without a slope. */
export function scaleFromSlope(b: number): NoiseScale | undefined {
  if (Number.isNaN(b)) return undefined;
  return b < 0.25 ? 'linear' : b < 0.75 ? 'sqrt' : 'log';
}

/**
 * What the data says: negative values → additive level; small whole numbers (median < 20) → Poisson
 * counts; otherwise Taylor's law picks the scale (whole numbers on the square-root scale being counts).
 * Without enough blocks for Taylor's law: whole numbers → counts, a long right tail (p99 ≥ 3 × median)
 * → logarithm, else additive.
 */
export function shapeFromData(t: readonly number[], v: readonly number[], slope = taylorSlope(t, v)): NoiseShape {
  if (v.length === 0) return { kind: 'level', scale: 'linear' };
  let min = Infinity;
  let whole = true;
  for (const x of v) {
    if (x < min) min = x;
    if (whole && !Number.isInteger(x)) whole = false;
  }
  if (min < 0) return { kind: 'level', scale: 'linear' };
  const p50 = median(v);
  const p99 = quantile(v, 0.99);
  if (whole && p99 > 1 && p50 < 20) return { kind: 'count', scale: 'sqrt' };
  const scale = scaleFromSlope(slope);
  if (scale === 'linear') return { kind: 'level', scale };
  if (scale === 'sqrt') return whole ? { kind: 'count', scale } : { kind: 'bytes', scale };
  if (scale === 'log') return { kind: 'bytes', scale };
  if (whole && p99 > 1) return { kind: 'count', scale: 'sqrt' };
  const p01 = quantile(v, 0.01);
  return p50 > 0 && (p99 >= 3 * p50 || (p01 > 0 && p99 >= 10 * p01)) ? { kind: 'bytes', scale: 'log' } : { kind: 'level', scale: 'linear' };
}

/**
 * The noise shape: the kind from hints (unit, name) else from the data; the scale from Taylor's law on
 * the data when the series is long enough for it (the noise a metric really has), else the kind's usual
 * one (percentages linear, counts square root, latencies and bytes logarithmic). Negative values stay
 * linear.
 */
export function noiseShape(t: readonly number[], v: readonly number[], hints: KindHints = {}): NoiseShape {
  const kind = kindFromHints(hints);
  const slope = taylorSlope(t, v);
  if (!kind) return shapeFromData(t, v, slope);
  let negative = false;
  for (const x of v) if (x < 0) negative = true;
  const scale = negative ? 'linear' : (scaleFromSlope(slope) ?? SCALE_OF_KIND[kind]);
  return { kind, scale };
}

/**
 * The transform of a noise shape, fitted to the values (the log offset and the resolution floor depend on
 * them). Counts take the Anscombe root 2√(x + ⅜), where Poisson noise has σ = 1 (the floor); `periodS`
 * turns per-second rates back into counts per period first.
 */
export function transformFor(shape: NoiseShape, v: readonly number[], options: { unit?: string; periodS?: number } = {}): Transform {
  const { kind, scale } = shape;
  const p01 = v.length > 0 ? quantile(v, 0.01) : 0;
  const p99 = v.length > 0 ? quantile(v, 0.99) : 0;
  const resolution = (f: (x: number) => number) => 0.01 * Math.abs(f(p99) - f(p01));
  if (scale === 'sqrt' && p01 >= 0) {
    const perPeriod = kind === 'count' && options.unit === 'Count/Second' && options.periodS && options.periodS > 0 ? options.periodS : 1;
    const forward = (x: number) => 2 * Math.sqrt(Math.max(0, x * perPeriod) + 0.375);
    const inverse = (y: number) => Math.max(0, (y / 2) ** 2 - 0.375) / perPeriod;
    return { kind, forward, inverse, floor: Math.max(kind === 'count' ? 1 : 0, resolution(forward), 1e-9) };
  }
  if (scale === 'log' && p01 >= 0) {
    // Offset (a generalised log): near its floor a metric's noise is additive, not proportional, so the
    // offset is the 10th percentile (at least 5 % of the median), and zeros stay finite.
    const p10 = quantile(v, 0.1);
    let minPositive = Infinity;
    for (const x of v) if (x > 0 && x < minPositive) minPositive = x;
    const c = Math.max(p10, 0.05 * Math.max(median(v), 0), Number.isFinite(minPositive) ? minPositive : 0, 1e-12);
    const forward = (x: number) => Math.log(Math.max(x, 0) + c);
    const inverse = (y: number) => Math.exp(y) - c;
    return { kind, forward, inverse, floor: Math.max(resolution(forward), 1e-9) };
  }
  const identity = (x: number) => x;
  return { kind, forward: identity, inverse: identity, floor: Math.max(resolution(identity), 1e-12) };
}

/**
 * A noise model from a stretch of values: the kind's transform, and σ as the robust spread of the
 * transformed values around their median (floored). Use it on a baseline window to judge another.
 */
export function fitNoiseModel(v: readonly number[], hints: KindHints & { periodS?: number; t?: readonly number[] } = {}): NoiseModel {
  const t = hints.t ?? v.map((_, i) => i * (hints.periodS ?? 60) * 1000);
  const tr = transformFor(noiseShape(t, v, hints), v, { unit: unitOf(hints.name, hints.unit), periodS: hints.periodS });
  const y = v.map(tr.forward);
  const m = median(y);
  const sigma = Math.max(madScale(y.map((x) => x - m)) || 0, tr.floor);
  return { ...tr, sigma };
}

export interface LevelComparison {
  /** Median of each window, in the metric's unit. */
  current: number;
  baseline: number;
  /** current / baseline (Infinity when the baseline is 0 and current is not). */
  ratio: number;
  /** (current − baseline), in the metric's unit. */
  delta: number;
  /** The move in units of the baseline's noise σ on the model's scale (signed). */
  z: number;
  direction: 'up' | 'down' | 'same';
}

/**
 * How far the level of `current` sits from the level of `baseline`, measured with the baseline's own
 * noise model (medians on the transformed scale, σ of the baseline). |z| ≥ 4 is well beyond the usual
 * range; the detector's event threshold is of the same order.
 */
export function compareLevels(
  current: readonly number[],
  baseline: readonly number[],
  hints: KindHints & { periodS?: number; t?: readonly number[] } = {},
): LevelComparison {
  const model = fitNoiseModel(baseline, hints);
  const mc = median(current.map(model.forward));
  const mb = median(baseline.map(model.forward));
  const z = (mc - mb) / model.sigma;
  const cur = model.inverse(mc);
  const base = model.inverse(mb);
  return {
    current: cur,
    baseline: base,
    ratio: base !== 0 ? cur / base : cur === 0 ? 1 : Infinity,
    delta: cur - base,
    z,
    direction: Math.abs(z) < 1e-9 ? 'same' : z > 0 ? 'up' : 'down',
  };
}

/** Smallest change worth a DBA's attention, whatever the statistics say: ±20 % for quantities that scale. */
export const MIN_RELATIVE_CHANGE = 0.2;
/** … and 2 points for percentages. Plain levels of unknown meaning have no floor. */
export const MIN_PERCENT_POINTS = 2;

/** Whether moving from `expected` to `value` is big enough to matter for a metric of this kind. */
export function isPracticalChange(kind: MetricKind, value: number, expected: number): boolean {
  if (kind === 'percent') return Math.abs(value - expected) >= MIN_PERCENT_POINTS;
  if (kind === 'level') return true;
  const base = Math.abs(expected);
  return base < 1e-12 ? Math.abs(value) > 0 : Math.abs(value - expected) / base >= MIN_RELATIVE_CHANGE;
}
