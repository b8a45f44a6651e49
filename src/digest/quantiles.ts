/**
 * Bounded per-class quantiles. A class keeps its first 256 values exactly (so median/p95 are exact for
 * small classes); past that it folds them into a fixed log-bucket histogram: buckets grow by 5% from 1e-6
 * (the same relative precision as pt-query-digest's buckets), covering 1e-6 … ~1e13 in 780 counters, with
 * zero and negatives in bucket 0. A quantile from the histogram is the bucket's geometric middle clamped to
 * the observed min/max, so it is within ±2.5% of the true value. Memory per class is therefore at most
 * 256 numbers or 780 32-bit counters, whatever the number of calls.
 */
const EXACT_LIMIT = 256;
const BASE = 1.05;
const LOG_BASE = Math.log(BASE);
const MIN_VALUE = 1e-6;
const BUCKETS = 780;

export class BoundedQuantiles {
  private exact: number[] | null = [];
  private buckets: Uint32Array | null = null;
  private n = 0;
  private min = Infinity;
  private max = -Infinity;

  add(v: number): void {
    this.n++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.exact) {
      if (this.exact.length < EXACT_LIMIT) {
        this.exact.push(v);
        return;
      }
      this.buckets = new Uint32Array(BUCKETS);
      for (const x of this.exact) this.buckets[bucketOf(x)]!++;
      this.exact = null;
    }
    this.buckets![bucketOf(v)]!++;
  }

  get count(): number {
    return this.n;
  }

  /** Nearest-rank quantile, q in (0, 1]. 0 when empty. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.n));
    if (this.exact) {
      const sorted = [...this.exact].sort((a, b) => a - b);
      return sorted[rank - 1]!;
    }
    const b = this.buckets!;
    let seen = 0;
    for (let i = 0; i < b.length; i++) {
      seen += b[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketMiddle(i)));
    }
    return this.max;
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
