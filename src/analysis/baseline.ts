/**
 * What a point is compared with: two baselines that look only backwards, as an on-call DBA does.
 * The recent one is the median of the preceding hours, so a step is flagged from its first point until
 * the new level has become the recent norm; the long one is the median of the preceding days (medians of
 * hourly blocks), so the way back to normal after an incident is not flagged as a second incident.
 * Points before there is enough history are compared with the first stretch of the series.
 */
import { blockMedians, median, rollingMedian } from './robust';

/** Median of the `width` points before each point; the first `width` points get the first window's median. */
export function trailingMedian(x: ArrayLike<number>, width: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let w = Math.max(1, Math.min(width, n));
  if (w % 2 === 0) w = Math.max(1, w - 1);
  const centred = rollingMedian(x, w);
  const half = w >> 1;
  // centred[j] is the median of x[j-half … j+half]; the window ending at i-1 is centred on i-1-half.
  for (let i = 0; i < n; i++) out[i] = i <= w ? centred[half]! : centred[i - half - 1]!;
  return out;
}

/**
 * Median of hourly block medians over the `days` before each point (at least `minPoints` of history;
 * the first stretch uses the blocks that cover it).
 */
export function trailingLongMedian(x: ArrayLike<number>, periodMs: number, days: number, minPoints: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const block = Math.max(1, Math.round(3_600_000 / periodMs));
  const bm = blockMedians(x, block);
  const nb = bm.length;
  const span = Math.max(1, Math.round((days * 86_400_000) / (block * periodMs)));
  const minBlocks = Math.max(1, Math.ceil(minPoints / block));
  const byBlock = new Float64Array(nb);
  for (let k = 0; k < nb; k++) {
    const hi = Math.min(nb, Math.max(k, minBlocks));
    byBlock[k] = median(bm.subarray(Math.max(0, hi - span), hi));
  }
  for (let i = 0; i < n; i++) out[i] = byBlock[Math.floor(i / block)]!;
  return out;
}
