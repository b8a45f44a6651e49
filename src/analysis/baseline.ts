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
 * The trailing median continued along its trend: the medians of the two halves of the preceding `width`
 * points, extrapolated to the point (1.5 × recent half − 0.5 × older half). On a daily curve a plain
 * trailing median lags by a quarter of its window; this does not, and on a flat series it only adds a
 * little noise (each half is a median of width/2 points). The first `width` points get the first window's
 * median.
 */
export function trailingTrend(x: ArrayLike<number>, width: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let h = Math.max(1, Math.floor(Math.min(width, n) / 2));
  if (h % 2 === 0) h = Math.max(1, h - 1);
  const centred = rollingMedian(x, h);
  const half = h >> 1;
  const first = rollingMedian(x, Math.min(2 * h + 1, n))[Math.min(2 * h + 1, n) >> 1]!;
  for (let i = 0; i < n; i++) {
    if (i <= 2 * h) {
      out[i] = first;
      continue;
    }
    const recent = centred[i - half - 1]!;
    const older = centred[i - h - half - 1]!;
    out[i] = 1.5 * recent - 0.5 * older;
  }
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
