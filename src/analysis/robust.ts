/**
 * Robust statistics on numeric arrays: median and quantiles by quickselect, MAD-based spread, a
 * centred rolling median, medians of fixed-size blocks, and the typical sampling period of a series.
 */

/** k-th smallest (0-based) of a scratch array, by quickselect; reorders `a`. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of a numeric array (copied; the input is left alone). NaN when empty. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = new Float64Array(values as ArrayLike<number>);
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** The q-quantile (0…1, nearest rank below) of a numeric array (copied). NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const k = Math.min(n - 1, Math.max(0, Math.floor(q * (n - 1))));
  return select(new Float64Array(values as ArrayLike<number>), k);
}

/** Robust σ: 1.4826 × the median absolute value (of values already centred on zero). */
export function madScale(centred: ArrayLike<number>): number {
  const a = new Float64Array(centred.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(centred[i]!);
  return 1.4826 * median(a);
}

/** Typical spacing between timestamps (median difference), in ms. */
export function typicalPeriod(t: readonly number[]): number {
  if (t.length < 2) return 60_000;
  const d = new Float64Array(Math.min(t.length - 1, 2000));
  for (let i = 0; i < d.length; i++) d[i] = t[i + 1]! - t[i]!;
  const p = median(d);
  return p > 0 ? p : 60_000;
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Centred rolling median of width w (the window is clamped inside the series at the edges). */
export function rollingMedian(v: ArrayLike<number>, width: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const w = Math.max(1, Math.min(width, n));
  const half = w >> 1;
  const win = Float64Array.from({ length: w }, (_, i) => v[i]!).sort();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const want = Math.min(Math.max(i - half, 0), n - w);
    while (start < want) {
      // Replace the leaving value by the entering one, sliding it to its sorted place.
      const x = v[start + w]!;
      let p = lowerBound(win, v[start]!);
      if (x > win[p]!) {
        while (p + 1 < w && win[p + 1]! < x) {
          win[p] = win[p + 1]!;
          p++;
        }
      } else {
        while (p > 0 && win[p - 1]! > x) {
          win[p] = win[p - 1]!;
          p--;
        }
      }
      win[p] = x;
      start++;
    }
    out[i] = w % 2 === 1 ? win[half]! : (win[half - 1]! + win[half]!) / 2;
  }
  return out;
}

/** Medians of consecutive blocks of `size` points (the last block may be shorter). */
export function blockMedians(v: ArrayLike<number>, size: number): Float64Array {
  const n = v.length;
  const nb = Math.ceil(n / size);
  const out = new Float64Array(nb);
  const scratch = new Float64Array(size);
  for (let k = 0; k < nb; k++) {
    const from = k * size;
    const to = Math.min(n, from + size);
    for (let i = from; i < to; i++) scratch[i - from] = v[i]!;
    out[k] = median(scratch.subarray(0, to - from));
  }
  return out;
}
