/**
 * The coarse time scale of a series: medians of clock hours (days for hourly data), where a move too
 * small for any single point but sustained for hours stands out, and the way back from a coarse event to
 * the points it covers.
 */
import type { AnomalyEvent } from './anomaly-events';
import { median } from './robust';

const DAY_MS = 86_400_000;

export interface Blocks {
  /** Length of a block: 1 hour, or 1 day for series sampled hourly. */
  blockMs: number;
  /** Index of each block's first point. */
  from: number[];
  /** Block start times and medians. */
  t: number[];
  v: number[];
  /** Typical points per block. */
  size: number;
}

/**
 * The series in coarser clock blocks (medians): hours for series sampled every ≤ 20 minutes, days for
 * series sampled every ≤ 8 hours; none unless there are ≥ 72 blocks (three days of hours: enough for the
 * blocks' own daily shape, without which a short window's daily cycle would look like anomalies).
 */
export function coarseBlocks(t: readonly number[], v: readonly number[], periodMs: number): Blocks | undefined {
  const blockMs = periodMs <= 20 * 60_000 ? 3_600_000 : periodMs <= 8 * 3_600_000 ? DAY_MS : 0;
  const size = blockMs > 0 ? Math.round(blockMs / periodMs) : 0;
  if (size < 3) return undefined;
  const from: number[] = [];
  const bt: number[] = [];
  const bv: number[] = [];
  let i = 0;
  while (i < v.length) {
    const block = Math.floor(t[i]! / blockMs);
    let j = i;
    while (j < v.length && Math.floor(t[j]! / blockMs) === block) j++;
    from.push(i);
    bt.push(block * blockMs);
    bv.push(median(v.slice(i, j)));
    i = j;
  }
  return bt.length >= 72 ? { blockMs, from, t: bt, v: bv, size } : undefined;
}

/**
 * A coarse event in point indexes: its blocks' points, trimmed to where the per-point deviation `z`
 * already leans that way (≥ 1σ), peaking where it peaks.
 */
export function toPoints<E extends AnomalyEvent>(e: E, blocks: Blocks, n: number, z: ArrayLike<number>): E {
  let first = blocks.from[e.first]!;
  let last = (blocks.from[e.last + 1] ?? n) - 1;
  const lean = (i: number) => z[i]! * e.dir >= 1;
  let a = first;
  while (a < last && !lean(a)) a++;
  let b = last;
  while (b > a && !lean(b)) b--;
  if (lean(a)) [first, last] = [a, b];
  let peak = first;
  for (let i = first; i <= last; i++) if (z[i]! * e.dir > z[peak]! * e.dir) peak = i;
  return { ...e, first, last, peak, points: last - first + 1 };
}
