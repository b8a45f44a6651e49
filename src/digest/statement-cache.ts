/**
 * A bounded memo from a statement's exact bytes to a value (its query class), so a statement the log
 * repeats verbatim — dashboards, ORMs, health checks: 80% of the entries of a real Amazon RDS MySQL 8.0
 * log in test/fixtures — is neither decoded nor fingerprinted again.
 *
 * Keys are copied into one arena; a key is found by a cheap hash of its length and of up to 64 bytes
 * sampled across it, then confirmed by a byte comparison (native memcmp), so a hash collision costs a
 * miss, never a wrong class. When the arena (which grows to 8 MB) or the slot table fills up, the memo
 * is emptied and starts over: memory stays bounded (under 9 MB) whatever the log.
 *
 * Statements that differ only in a few literals (ids, dates) often share their length and sampled
 * bytes: a lookup compares at most MAX_SAME such entries, and a key that finds that many replaces the
 * last one compared, so a log of such statements never builds long chains. An `adaptive` memo also
 * rests when it does not pay: after a window of lookups of which fewer than 1 in 16 hit (a log whose
 * literals all differ), it answers "unknown" at once for the next 63 windows, then tries again.
 */
const ARENA_BYTES = 8 << 20;
/** The arena starts small and doubles as needed (a big allocation up front costs a full GC at start). */
const FIRST_ARENA_BYTES = 256 << 10;
/** Statements longer than this are not memoised (a multi-megabyte INSERT is seldom repeated verbatim). */
const MAX_KEY_BYTES = 64 << 10;
const TABLE_BITS = 16;
const MAX_ENTRIES = 1 << 15;
/**
 * Entries of the same hash and length compared per lookup. The real RDS log of test/fixtures has groups
 * of more than 8 statements that share length and sampled bytes; with 8, 15 of its 730 entries missed
 * on every pass through it (on the log replicated ×51, 890 misses instead of 137, each fingerprinted
 * again; the whole process's CPU, in turn with the old version, median of 11: 400 -> 375 ms).
 */
export const MAX_SAME = 16;
/** Lookups per window of the adaptive memo, and windows rested after a poor one. */
const WINDOW = 256;
const REST_WINDOWS = 63;

export class StatementCache<V> {
  private arena = Buffer.allocUnsafe(FIRST_ARENA_BYTES);
  private used = 0;
  private readonly heads = new Int32Array(1 << TABLE_BITS).fill(-1);
  private readonly next = new Int32Array(MAX_ENTRIES);
  private readonly starts = new Int32Array(MAX_ENTRIES);
  private readonly lengths = new Int32Array(MAX_ENTRIES);
  private readonly hashes = new Int32Array(MAX_ENTRIES);
  private values: V[] = [];
  hits = 0;
  misses = 0;
  /** The last entry of the same hash and length the last lookup compared, and how many it compared. */
  private lastSame = -1;
  private sameCount = 0;
  /** Adaptive memo: lookups and hits in the current window; lookups left to skip while resting. */
  private windowLookups = 0;
  private windowHits = 0;
  private resting = 0;

  constructor(private readonly adaptive = false) {}

  /** The value stored for exactly the bytes b[s, e), if any. */
  get(b: Buffer, s: number, e: number): V | undefined {
    this.sameCount = 0;
    if (this.resting > 0) {
      this.resting--;
      this.misses++;
      return undefined;
    }
    const n = e - s;
    if (n > MAX_KEY_BYTES) return undefined;
    const value = this.find(b, s, e, n);
    if (value === undefined) this.misses++;
    else {
      this.hits++;
      this.windowHits++;
    }
    if (this.adaptive && ++this.windowLookups === WINDOW) {
      if (this.windowHits * 16 < WINDOW) this.resting = REST_WINDOWS * WINDOW;
      this.windowLookups = 0;
      this.windowHits = 0;
    }
    return value;
  }

  private find(b: Buffer, s: number, e: number, n: number): V | undefined {
    const h = sampleHash(b, s, e);
    for (let i = this.heads[h & ((1 << TABLE_BITS) - 1)]!; i >= 0; i = this.next[i]!) {
      if (this.hashes[i] !== h || this.lengths[i] !== n) continue;
      if (b.compare(this.arena, this.starts[i]!, this.starts[i]! + n, s, e) === 0) return this.values[i];
      this.lastSame = i;
      if (++this.sameCount === MAX_SAME) break;
    }
    return undefined;
  }

  /** Stores value for the bytes b[s, e), right after a get() of them that missed. */
  set(b: Buffer, s: number, e: number, value: V): void {
    const n = e - s;
    if (n > MAX_KEY_BYTES || this.resting > 0) return;
    if (this.used + n > this.arena.length && this.arena.length < ARENA_BYTES) {
      let size = this.arena.length * 2;
      while (size < this.used + n && size < ARENA_BYTES) size *= 2;
      const bigger = Buffer.allocUnsafe(Math.min(size, ARENA_BYTES));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    if (this.used + n > this.arena.length || this.values.length === MAX_ENTRIES) this.clear();
    // As many entries of this hash and length as a lookup compares: the newer statement takes the place
    // of the last one compared. One path for both cases, every operand read on every call: a branch no
    // call has taken yet has no type feedback, and the first replacement would throw the optimised code
    // away to be compiled again (see mainPass in fingerprint-bytes.ts).
    const last = this.lastSame;
    const count = this.values.length;
    const lastFits = last < count;
    const replace = this.sameCount === MAX_SAME && lastFits;
    const i = replace ? last : count;
    b.copy(this.arena, this.used, s, e);
    this.starts[i] = this.used;
    this.values[i] = value;
    this.used += n;
    if (replace) return;
    const h = sampleHash(b, s, e);
    const slot = h & ((1 << TABLE_BITS) - 1);
    this.lengths[i] = n;
    this.hashes[i] = h;
    this.next[i] = this.heads[slot]!;
    this.heads[slot] = i;
  }

  private clear(): void {
    this.sameCount = 0;
    this.heads.fill(-1);
    this.values = [];
    this.used = 0;
  }
}

/** FNV-1a over the length and up to 64 bytes: the first 16, the last 16 and 32 spread evenly between. */
function sampleHash(b: Buffer, s: number, e: number): number {
  const n = e - s;
  let h = (0x811c9dc5 ^ n) >>> 0;
  if (n <= 64) {
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h | 0;
  }
  for (let i = s; i < s + 16; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  for (let i = e - 16; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  const step = (n - 32) / 33;
  for (let k = 1; k <= 32; k++) h = Math.imul(h ^ b[s + 16 + Math.floor(k * step)]!, 0x01000193);
  return h | 0;
}
