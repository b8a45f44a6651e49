// Two bounded memos from a statement's exact bytes to an entry number (the host keeps the values): the
// table and arena of src/digest/statement-cache.ts, in WebAssembly memory, so a lookup hashes and
// compares bytes at compiled speed from the first statement and never copies them out.
import { MEMO_ARENA_BYTES, MEMO_ARENAS, MEMO_MAX_ENTRIES, MEMO_STATE, MEMO_TABLE_BITS, MEMO_TABLE_BYTES, MEMO_TABLES } from './layout.as';

/**
 * Entries of the same hash and length a lookup compares; a statement stored after that many replaces the
 * last one compared (statement-cache.ts says why 16).
 */
export const MEMO_MAX_SAME: i32 = 16;
const HEADS_BYTES: usize = 4 << MEMO_TABLE_BITS;
const MASK: u32 = (1 << MEMO_TABLE_BITS) - 1;

// Per memo, 4-byte slots of MEMO_STATE + 64 * t.
const USED = 0, COUNT = 4, LAST_SAME = 8, SAME_COUNT = 12, OWNER = 16, CLEARS = 20;

@inline function state(t: i32, slot: usize): usize { return MEMO_STATE + <usize>t * 64 + slot; }
@inline function heads(t: i32): usize { return MEMO_TABLES + <usize>t * MEMO_TABLE_BYTES; }
@inline function next(t: i32): usize { return heads(t) + HEADS_BYTES; }
@inline function starts(t: i32): usize { return next(t) + 4 * <usize>MEMO_MAX_ENTRIES; }
@inline function lengths(t: i32): usize { return starts(t) + 4 * <usize>MEMO_MAX_ENTRIES; }
@inline function hashes(t: i32): usize { return lengths(t) + 4 * <usize>MEMO_MAX_ENTRIES; }
@inline function arena(t: i32): usize { return MEMO_ARENAS + <usize>t * MEMO_ARENA_BYTES; }

/** FNV-1a over the length and up to 64 bytes: the first 16, the last 16 and 32 spread between. */
function hash(p: usize, n: usize): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>n;
  if (n <= 64) {
    for (let i: usize = 0; i < n; i++) h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
    return h;
  }
  for (let i: usize = 0; i < 16; i++) h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
  for (let i: usize = n - 16; i < n; i++) h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
  // Offset 16 + k·(n − 32)/33 for k = 1…32, in 16.16 fixed point (no division per byte).
  const step = ((n - 32) << 16) / 33;
  let at = (<usize>16 << 16) + step;
  for (let k = 0; k < 32; k++, at += step) h = (h ^ <u32>load<u8>(p + (at >> 16))) * 0x01000193;
  return h;
}

/** Whether the n bytes at a and b are equal, 16 at a time. */
function equal(a: usize, b: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) if (v128.any_true(v128.xor(v128.load(a + i), v128.load(b + i)))) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

function clear(t: i32): void {
  memory.fill(heads(t), 0, HEADS_BYTES);
  store<i32>(state(t, USED), 0);
  store<i32>(state(t, COUNT), 0);
  store<i32>(state(t, SAME_COUNT), 0);
  store<i32>(state(t, CLEARS), load<i32>(state(t, CLEARS)) + 1);
}

/** Memo t for owner (a host object's number): emptied when another owner had it. */
function claim(t: i32, owner: i32): void {
  const was = load<i32>(state(t, OWNER));
  if (was != owner) {
    // A memo no one has used yet is empty already (fresh memory is zero): leave its pages untouched.
    if (was != 0) clear(t);
    store<i32>(state(t, OWNER), owner);
  }
}

/** Statements longer than this are not memoised (a multi-megabyte INSERT is seldom repeated verbatim). */
export const MEMO_MAX_KEY: usize = 64 << 10;

/**
 * For the scanner: the entry of memo 0 (claimed for owner) holding the n bytes at p; -1 if none, -2 when
 * not looked up (no owner: the host's memo is resting or off; or too long).
 */
export function scanLookup(owner: i32, p: usize, n: usize): i32 {
  if (owner == 0 || n > MEMO_MAX_KEY) return -2;
  return memoFind(0, owner, p, n);
}

/**
 * For the scanner: the entry of the shape memo (1, claimed for owner) holding the w normalised bytes at
 * p; -1 if none, -2 when not looked up.
 */
export function shapeLookup(owner: i32, p: usize, w: i32): i32 {
  if (owner == 0 || w < 0 || <usize>w > MEMO_MAX_KEY) return -2;
  return memoFind(1, owner, p, <usize>w);
}

/** How many times memo t has been emptied (the host drops its values when this changes). */
export function memoClears(t: i32): i32 {
  return load<i32>(state(t, CLEARS));
}

/** The entry of memo t (claimed for owner) holding exactly the n bytes at p, or -1. */
export function memoFind(t: i32, owner: i32, p: usize, n: usize): i32 {
  claim(t, owner);
  const h = hash(p, n);
  let same: i32 = 0;
  let last: i32 = -1;
  let i = load<i32>(heads(t) + ((<usize>(h & MASK)) << 2)) - 1;
  while (i >= 0) {
    const o = <usize>i << 2;
    if (load<u32>(hashes(t) + o) == h && load<u32>(lengths(t) + o) == <u32>n) {
      if (equal(arena(t) + <usize>load<u32>(starts(t) + o), p, n)) {
        store<i32>(state(t, SAME_COUNT), 0);
        return i;
      }
      last = i;
      if (++same == MEMO_MAX_SAME) break;
    }
    i = load<i32>(next(t) + o);
  }
  store<i32>(state(t, LAST_SAME), last);
  store<i32>(state(t, SAME_COUNT), same);
  return -1;
}

/**
 * Stores the n bytes at p in memo t (claimed for owner) right after a memoFind of them that missed: the entry number, or -1
 * when too long. A full memo is emptied first (its clear count grows). As many entries of one hash and
 * length as a lookup compares: the newer statement takes the place of the last one compared.
 */
export function memoAdd(t: i32, owner: i32, p: usize, n: usize, maxKey: usize): i32 {
  claim(t, owner);
  if (n > maxKey) return -1;
  let used = <usize>load<i32>(state(t, USED));
  let count = load<i32>(state(t, COUNT));
  if (used + n > MEMO_ARENA_BYTES || count == MEMO_MAX_ENTRIES) {
    clear(t);
    used = 0;
    count = 0;
  }
  const h = hash(p, n);
  const last = load<i32>(state(t, LAST_SAME));
  // The entry to replace must have this hash and length (it does after the memoFind of these bytes).
  const lo = <usize>last << 2;
  const replace =
    load<i32>(state(t, SAME_COUNT)) == MEMO_MAX_SAME && last < count && load<u32>(hashes(t) + lo) == h && load<u32>(lengths(t) + lo) == <u32>n;
  const i = replace ? last : count;
  const o = <usize>i << 2;
  memory.copy(arena(t) + used, p, n);
  store<u32>(starts(t) + o, <u32>used);
  store<i32>(state(t, USED), <i32>(used + n));
  store<i32>(state(t, SAME_COUNT), 0);
  if (replace) return i;
  const slot = heads(t) + ((<usize>(h & MASK)) << 2);
  store<u32>(lengths(t) + o, <u32>n);
  store<u32>(hashes(t) + o, h);
  store<i32>(next(t) + o, load<i32>(slot) - 1);
  store<i32>(slot, i + 1);
  store<i32>(state(t, COUNT), count + 1);
  return i;
}
