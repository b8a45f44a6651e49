/**
 * Bounded per-class quantiles of one or several metrics observed together (a class's Query_time,
 * Lock_time and Rows_examined are one sketch of three). A sketch keeps its first 256 observations
 * exactly (so median/p95 are exact for small classes); past that it folds them into a fixed log-bucket
 * histogram per metric: buckets grow by 5% from 1e-6 (the same relative precision as pt-query-digest's
 * buckets), covering 1e-6 … ~1e13 in 780 counters, with zero and negatives in bucket 0. A quantile from
 * the histogram is the bucket's geometric middle clamped to the metric's observed min/max, so it is
 * within ±2.5% of the true value. Memory per metric is at most 256 numbers or 780 32-bit counters,
 * whatever the number of observations; the exact store starts small and doubles, and everything is
 * in typed arrays, so adding an observation allocates nothing once a class is warm.
 */
const EXACT_LIMIT = 256;
const BASE = 1.05;
const LOG_BASE = Math.log(BASE);
const MIN_VALUE = 1e-6;
const BUCKETS = 780;

export class BoundedQuantiles {
  /** [count, min of metric 0, max of metric 0, min of metric 1, …]. */
  private readonly stats: Float64Array;
  /** Observations, `k` values each, while there are at most EXACT_LIMIT of them. */
  private exact: Float64Array | null;
  /** Metric m's counters at [m·BUCKETS, (m+1)·BUCKETS), once past the exact phase. */
  private buckets: Uint32Array | null = null;

  constructor(private readonly k = 1) {
    this.stats = new Float64Array(1 + 2 * k);
    for (let m = 0; m < k; m++) {
      this.stats[1 + 2 * m] = Infinity;
      this.stats[2 + 2 * m] = -Infinity;
    }
    this.exact = new Float64Array(4 * k);
  }

  get count(): number {
    return this.stats[0]!;
  }

  /** One observation of a one-metric sketch. */
  add(v: number): void {
    const i = this.observe();
    this.extremes(0, v);
    if (this.exact) this.exact[i] = v;
    else this.buckets![bucketOf(v)]!++;
  }

  /** One observation of a three-metric sketch. */
  add3(a: number, b: number, c: number): void {
    const i = this.observe();
    this.extremes(0, a);
    this.extremes(1, b);
    this.extremes(2, c);
    const x = this.exact;
    if (x) {
      x[3 * i] = a;
      x[3 * i + 1] = b;
      x[3 * i + 2] = c;
    } else {
      const bk = this.buckets!;
      bk[bucketOf(a)]!++;
      bk[BUCKETS + bucketOf(b)]!++;
      bk[2 * BUCKETS + bucketOf(c)]!++;
    }
  }

  /** Nearest-rank quantile of metric m, q in (0, 1]. 0 when empty. */
  quantile(q: number, m = 0): number {
    const n = this.stats[0]!;
    if (n === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * n));
    if (this.exact) {
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(this.exact[this.k * i + m]!);
      values.sort((a, b) => a - b);
      return values[rank - 1]!;
    }
    const b = this.buckets!;
    const min = this.stats[1 + 2 * m]!;
    const max = this.stats[2 + 2 * m]!;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += b[m * BUCKETS + i]!;
      if (seen >= rank) return Math.min(max, Math.max(min, bucketMiddle(i)));
    }
    return max;
  }

  /** Counts one more observation and returns its index in the exact store (growing or leaving it). */
  private observe(): number {
    const i = this.stats[0]!;
    this.stats[0] = i + 1;
    const x = this.exact;
    if (!x) return i;
    if (i < EXACT_LIMIT) {
      if (this.k * (i + 1) > x.length) this.grow(x);
      return i;
    }
    this.fold(x);
    return i;
  }

  /**
   * Past the exact phase: folds what was kept into the histograms. Apart from observe(), which runs for
   * every event, so that observe's optimised code stays small (the compile of a short run counts:
   * docs/digest-engine.md, "The compiler").
   */
  private fold(x: Float64Array): void {
    const bk = new Uint32Array(this.k * BUCKETS);
    for (let j = 0; j < EXACT_LIMIT; j++) for (let m = 0; m < this.k; m++) bk[m * BUCKETS + bucketOf(x[this.k * j + m]!)]!++;
    this.buckets = bk;
    this.exact = null;
  }

  private grow(x: Float64Array): void {
    const bigger = new Float64Array(Math.min(2 * x.length, this.k * EXACT_LIMIT));
    bigger.set(x);
    this.exact = bigger;
  }

  private extremes(m: number, v: number): void {
    const st = this.stats;
    if (v < st[1 + 2 * m]!) st[1 + 2 * m] = v;
    if (v > st[2 + 2 * m]!) st[2 + 2 * m] = v;
  }
}

function bucketOf(v: number): number {
  if (!(v > MIN_VALUE)) return 0;
  const i = 1 + Math.floor(Math.log(v / MIN_VALUE) / LOG_BASE);
  return i >= BUCKETS ? BUCKETS - 1 : i;
}

function bucketMiddle(i: number): number {
  if (i === 0) return 0;
  // Bucket i holds (MIN·BASE^(i-1), MIN·BASE^i]; its geometric middle:
  return MIN_VALUE * BASE ** (i - 0.5);
}
