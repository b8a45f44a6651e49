/**
 * From a detected event to the AnomalyWindow a reader sees: its times, the value at its peak (on the time
 * scale that found it: a point, or an hour's median), the usual value there and what it is the usual of
 * (usual.ts — the same "usual" as the symptoms; the detector's own baseline only where
 * usual.ts has nothing), and whether it starts a lasting new level (a level shift) — all put into words by
 * anomaly-reason.ts.
 */
import type { AnomalyEvent } from './anomaly-events';
import { describeAnomaly } from './anomaly-reason';
import type { Deviations } from './deviation';
import type { Transform } from './noise-model';
import { median } from './robust';
import type { AnomalyWindow } from './types';
import { type EarlierSeries, usualLevel } from './usual';
import { formatDuration } from '../core/format';

const DAY_MS = 86_400_000;

/** One time scale of a series: its times, values and deviations. */
export interface Scale {
  t: readonly number[];
  v: readonly number[];
  periodMs: number;
  d: Deviations;
}

/** An event in point indexes of the series, with the scale that found it and its peak index there. */
export type FoundEvent = AnomalyEvent & { scale: Scale; at: number };

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The detector's own baseline at index `i` of a scale, in words: the time-of-day/week slot, or the history it was compared with. */
function baselineWords(s: Scale, i: number): string {
  const { d, t } = s;
  if (d.season.kind !== 'none') return `for ${d.season.describe(t[i]!)}`;
  const back = d.useLong[i] ? d.longDays * DAY_MS : d.width * s.periodMs;
  return `of the previous ${formatDuration(Math.max(s.periodMs, Math.min(back, t[i]! - t[0]!)))}`;
}

/**
 * The window of an event. `points` is the per-point scale (window times, level-shift test); the value,
 * usual value and score come from the event's own scale.
 */
export function toWindow(metric: string, e: FoundEvent, points: Scale, tr: Transform, unit: string, earlier?: EarlierSeries): AnomalyWindow {
  const { t, d } = points;
  const n = t.length;
  const at = e.at;
  const peakValue = e.scale.v[at]!;
  const usual = usualLevel(t, points.v, { start: t[e.first]!, end: t[e.last]!, at: t[e.peak]! }, earlier);
  const expected = usual?.value ?? e.scale.d.expectedAt(at);
  const usualWords = usual?.words ?? baselineWords(e.scale, at);
  // A level shift: the level after the window stays away from the level before it, the same way (≥ 3σ).
  const after = d.x.subarray(e.last + 1, Math.min(n, e.last + 1 + (d.width >> 1)));
  const before = d.recent[e.first]!;
  const post = after.length >= 3 ? median(after) : undefined;
  const shifted = post !== undefined && (post - before) * e.dir >= 3 * d.sigma && e.last - e.first + 1 >= 3;
  const direction = e.dir === 1 ? 'high' : 'low';
  const shift = shifted
    ? {
        from: d.toUnit(before + d.season.at[e.first]!),
        to: d.toUnit(post + d.season.at[e.first]!),
        since: new Date(t[e.first]!).toISOString(),
      }
    : undefined;
  return {
    metric,
    start: new Date(t[e.first]!).toISOString(),
    end: new Date(t[e.last]!).toISOString(),
    peak: new Date(t[e.peak]!).toISOString(),
    score: round2(e.peakZ),
    direction,
    peakValue,
    expected,
    usualWords,
    points: e.points,
    reason: describeAnomaly({ kind: tr.kind, unit, direction, peakValue, expected, usual: usualWords, ...(shift ? { shift } : {}) }),
    pattern: shifted ? 'level-shift' : e.points <= 2 ? 'spike' : 'sustained',
  };
}
