/**
 * A bounded memo from a statement's exact bytes to a value (its query class), so a statement the log
 * repeats verbatim — dashboards, ORMs, health checks: 80% of the entries of a real Amazon RDS MySQL 8.0
 * log in test/fixtures — is neither decoded nor fingerprinted again.
 *
 * The keys live in the WebAssembly engine (wasm/engine/memo.as.ts; two memos, one per table): copied into
 * an 8 MB arena, found by a cheap hash of their length and of up to 64 bytes sampled across them, then
 * confirmed by a byte comparison, so a hash collision costs a miss, never a wrong class. When the arena
 * or the slot table fills up, the memo is emptied and starts over: memory stays bounded whatever the
 * log. This class keeps the values, the adaptive policy and the counts.
 *
 * Statements that differ only in a few literals (ids, dates) often share their length and sampled
 * bytes: a lookup compares at most MAX_SAME such entries, and a key that finds that many replaces the
 * last one compared, so a log of such statements never builds long chains. An `adaptive` memo also
 * rests when it does not pay: after a window of lookups of which fewer than 1 in 16 hit (a log whose
 * literals all differ), it answers "unknown" at once for the next 63 windows, then tries again.
 */
import * as engine from './wasm-engine';

/** Statements longer than this are not memoised (a multi-megabyte INSERT is seldom repeated verbatim). */
const MAX_KEY_BYTES = engine.MEMO_MAX_KEY;
/**
 * Entries of the same hash and length compared per lookup (set in wasm/engine/memo.as.ts). The real RDS
 * log of test/fixtures has groups of more than 8 statements that share length and sampled bytes; with 8,
 * 15 of its 730 entries missed on every pass through it (on the log replicated ×51, 890 misses instead
 * of 137, each fingerprinted again; the whole process's CPU, in turn with the old version, median of 11:
 * 400 -> 375 ms).
 */
export const MAX_SAME = engine.MEMO_MAX_SAME;
/** Lookups per window of the adaptive memo, and windows rested after a poor one. */
const WINDOW = 256;
const REST_WINDOWS = 63;
let owners = 0;

export class StatementCache<V> {
  /** The engine's memo this cache uses: 0 for verbatim statements (adaptive), 1 for shapes. */
  private readonly table: number;
  private readonly owner = ++owners;
  /** The engine memo's clear count when values was last in step with it. */
  private clears = -1;
  private values: V[] = [];
  hits = 0;
  misses = 0;
  /** Entries replaced by a newer statement (set), and clears and replacements at the last scan. */
  private replaced = 0;
  private scanClears = -1;
  private scanReplaced = -1;
  /** Adaptive memo: lookups and hits in the current window; lookups left to skip while resting. */
  private windowLookups = 0;
  private windowHits = 0;
  private resting = 0;

  constructor(private readonly adaptive = false) {
    this.table = adaptive ? 0 : 1;
  }

  /** The value stored for exactly the bytes b[s, e), if any. */
  get(b: Buffer, s: number, e: number): V | undefined {
    if (this.resting > 0) {
      this.resting--;
      this.misses++;
      return undefined;
    }
    const n = e - s;
    if (n > MAX_KEY_BYTES) return undefined;
    const value = this.find(b, s, n);
    if (value === undefined) this.misses++;
    else {
      this.hits++;
      this.windowHits++;
    }
    this.windowed();
    return value;
  }

  /**
   * For the scanner (a memo that is not resting): this cache's owner number, the state its lookups will
   * be checked against (hinted), else 0.
   */
  scanOwner(): number {
    if (this.resting > 0) return 0;
    this.sync();
    this.scanClears = this.clears;
    this.scanReplaced = this.replaced;
    return this.owner;
  }

  /**
   * The value of entry i, found by the scanner for a statement, if the memo has not changed under it
   * since (emptied, or an entry replaced: an entry only added leaves the others as they were); else
   * undefined, and get() looks the statement up. Counted as get() counts a hit.
   */
  hinted(i: number): V | undefined {
    if (this.resting > 0 || this.clears !== this.scanClears || this.replaced !== this.scanReplaced) return undefined;
    const value = this.values[i];
    if (value === undefined) return undefined;
    this.hits++;
    this.windowHits++;
    this.windowed();
    return value;
  }

  /** The adaptive memo's window: after WINDOW lookups with fewer than 1 in 16 hits, rest. */
  private windowed(): void {
    if (this.adaptive && ++this.windowLookups === WINDOW) {
      if (this.windowHits * 16 < WINDOW) this.resting = REST_WINDOWS * WINDOW;
      this.windowLookups = 0;
      this.windowHits = 0;
    }
  }

  private find(b: Buffer, s: number, n: number): V | undefined {
    const i = engine.memoFind(this.table, this.owner, engine.addressOf(b, s, s + n), n);
    this.sync();
    return i < 0 ? undefined : this.values[i];
  }

  /** Stores value for the bytes b[s, e), right after a get() of them that missed. */
  set(b: Buffer, s: number, e: number, value: V): void {
    const n = e - s;
    if (n > MAX_KEY_BYTES || this.resting > 0) return;
    const i = engine.memoAdd(this.table, this.owner, engine.addressOf(b, s, e), n, MAX_KEY_BYTES);
    this.sync();
    if (i < 0) return;
    if (this.values[i] !== undefined) this.replaced++;
    this.values[i] = value;
  }

  /** When the engine's memo was emptied since (full, or used by another cache), so are the values. */
  private sync(): void {
    const clears = engine.memoClears(this.table);
    if (clears !== this.clears) {
      this.clears = clears;
      this.values = [];
    }
  }
}
