/**
 * From per-point deviations (in noise σ) to reported windows. A point ≥ 3σ away opens an event; points the
 * same way (one quieter point tolerated, no hole in the data) extend it. Its strength is the evidence it
 * carries, √Σz² with each point's z growing only logarithmically beyond 10, so one glitch cannot outweigh
 * a sustained move and a 20-minute shift outranks a one-sample blip of the same height (persistence
 * before flagging).
 *
 * An event is reported when it is strong enough on its own (strength ≥ 6, peak ≥ 5σ) and rare for this
 * metric: an event that at least two others of the series come close to (≥ 80 % of its strength), and
 * more than one per `returnDays` days of series, is this metric's usual weather however many σ it is —
 * the return-period idea of extreme-value statistics applied to the series' own history. Reported events
 * closer than `mergeMs` become one window.
 */

import { probit } from 'simple-statistics';

export interface EventOptions {
  /** |z| that opens and extends an event (default 3). */
  enter?: number;
  /** Quieter points tolerated inside an event (default 1). */
  gapPoints?: number;
  /** Beyond this |z| a point's evidence grows only logarithmically (default 10). */
  clip?: number;
  /** Strength an event needs on its own (default 6). */
  minStrength?: number;
  /**
   * |z| its most deviant point needs. Default: the Gaussian threshold that pure noise crosses `noiseRate`
   * times a day at this sampling rate (1-minute data 4.5σ, 5-minute 4.1σ, hourly 3.5σ), never below `enter`.
   */
  minPeak?: number;
  /** Tolerated threshold crossings per day on pure Gaussian noise, for the default `minPeak` (0.01). */
  noiseRate?: number;
  /** An event rarer than once per this many days is unusual (default 2). */
  returnDays?: number;
  /** Matching events that make an event usual whatever the span (default 2). */
  minOthers?: number;
  /** An event matches another when its strength is at least this share of the other's (default 0.8). */
  match?: number;
  /** Reported events closer than this merge (default 1 hour). */
  mergeMs?: number;
}

export interface AnomalyEvent {
  /** Indexes of the first, last and most deviant point. */
  first: number;
  last: number;
  peak: number;
  dir: 1 | -1;
  /** |z| at the peak. */
  peakZ: number;
  /** √Σ softClip(|z|)² over the event's points. */
  strength: number;
  /** Points at or beyond the entry threshold. */
  points: number;
}

export const EVENT_DEFAULTS: Required<Omit<EventOptions, 'minPeak'>> = {
  enter: 3,
  gapPoints: 1,
  clip: 10,
  minStrength: 6,
  noiseRate: 0.01,
  returnDays: 2,
  minOthers: 2,
  match: 0.8,
  mergeMs: 3_600_000,
};

/** The default peak threshold for points `periodMs` apart (see EventOptions.minPeak). */
export function peakThreshold(periodMs: number, options: EventOptions = {}): number {
  const { enter, noiseRate } = { ...EVENT_DEFAULTS, ...options };
  if (options.minPeak !== undefined) return options.minPeak;
  const perDay = Math.max(1, 86_400_000 / periodMs);
  return Math.max(enter, probit(1 - noiseRate / (2 * perDay)));
}

/** |z| up to `clip`, then clip·(1 + ln(|z|/clip)): a glitch cannot dominate, yet bigger stays bigger. */
export function softClip(z: number, clip: number): number {
  return z <= clip ? z : clip * (1 + Math.log(z / clip));
}

/**
 * Every event of a z series (both directions), in time order. With timestamps and the sampling period,
 * an event does not run across a hole in the data longer than its tolerated gap.
 */
export function findEvents(z: ArrayLike<number>, options: EventOptions = {}, time?: { t: readonly number[]; periodMs: number }): AnomalyEvent[] {
  const { enter, gapPoints, clip } = { ...EVENT_DEFAULTS, ...options };
  const n = z.length;
  const out: AnomalyEvent[] = [];
  let i = 0;
  while (i < n) {
    if (!(Math.abs(z[i]!) >= enter)) {
      i++;
      continue;
    }
    const dir: 1 | -1 = z[i]! > 0 ? 1 : -1;
    let last = i;
    let peak = i;
    let points = 0;
    let energy = 0;
    const maxGapMs = time ? (gapPoints + 1) * time.periodMs * 1.5 : Infinity;
    for (let j = i; j < n && j - last <= gapPoints + 1; j++) {
      if (time && time.t[j]! - time.t[last]! > maxGapMs) break;
      const zz = z[j]! * dir;
      if (zz < enter) continue;
      last = j;
      points++;
      energy += softClip(zz, clip) ** 2;
      if (zz > z[peak]! * dir) peak = j;
    }
    out.push({ first: i, last, peak, dir, peakZ: Math.abs(z[peak]!), strength: Math.sqrt(energy), points });
    i = last + 1;
  }
  return out;
}

/**
 * Whether `e` is unusual among `all` (the series' events, `e` included) over `spanDays`: fewer other
 * events that match it (strength ≥ match × its own) than max(minOthers, spanDays / returnDays).
 */
export function isRare(e: AnomalyEvent, all: readonly AnomalyEvent[], spanDays: number, options: EventOptions = {}): boolean {
  const { returnDays, minOthers, match } = { ...EVENT_DEFAULTS, ...options };
  const allowed = Math.max(minOthers, spanDays / returnDays);
  let others = 0;
  for (const o of all) if (o !== e && o.strength >= match * e.strength && ++others >= allowed) return false;
  return true;
}

/** Events closer than `mergeMs` (end to start) become one; the strongest gives the peak, direction and extras. */
export function mergeClose<E extends AnomalyEvent>(events: readonly E[], t: readonly number[], mergeMs: number): E[] {
  const out: E[] = [];
  for (const e of events) {
    const prev = out[out.length - 1];
    if (prev && t[e.first]! - t[prev.last]! <= mergeMs) {
      const top = e.strength > prev.strength ? e : prev;
      out[out.length - 1] = {
        ...top,
        first: prev.first,
        last: Math.max(prev.last, e.last),
        strength: Math.hypot(prev.strength, e.strength),
        points: prev.points + e.points,
      };
    } else out.push({ ...e });
  }
  return out;
}
