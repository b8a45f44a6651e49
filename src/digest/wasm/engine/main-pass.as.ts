// pt's main pass over a statement's bytes (mainPass of src/digest/fingerprint-bytes.ts), in WebAssembly:
// the same rules, byte for byte, with the class and lower-case tables the host writes at CLASS_TABLE and
// LOWER_TABLE.
import { CLASS_TABLE, LOWER_TABLE, OUT_BYTES } from './layout.as';
const WORD: u8 = 1, SPACE: u8 = 2, NUM_START: u8 = 4, NUM_CONT: u8 = 8, FOLD: u8 = 16, LETTER: u8 = 32, SPECIAL: u8 = 64;
const SP: u32 = 32, SQ: u32 = 39, SLASH: u32 = 47, STAR: u32 = 42, MINUS: u32 = 45, QMARK: u32 = 63, NL: u32 = 10;

export let nonAscii: i32 = 0;

@inline function at(p: usize): u32 { return <u32>load<u8>(p); }
@inline function cls(c: u32): u32 { return <u32>load<u8>(CLASS_TABLE + <usize>c); }
@inline function lower(c: u32): u32 { return <u32>load<u8>(LOWER_TABLE + <usize>c); }

@inline function special(p: usize): bool {
  const c = at(p);
  if (c == MINUS) return at(p + 1) == MINUS;
  if (c == SLASH) return at(p + 1) == STAR;
  return true;
}

function isBoolAt(i: usize, n: usize): bool {
  const c = at(i) | 32;
  let len: usize;
  if (c == 116) {
    len = 4;
    if (i + len > n) return false;
    if ((at(i + 1) | 32) != 114 || (at(i + 2) | 32) != 117 || (at(i + 3) | 32) != 101) return false;
  } else if (c == 102) {
    len = 5;
    if (i + len > n) return false;
    if ((at(i + 1) | 32) != 97 || (at(i + 2) | 32) != 108 || (at(i + 3) | 32) != 115 || (at(i + 4) | 32) != 101) return false;
  } else return false;
  const after = i + len;
  return after >= n || (cls(at(after)) & WORD) == 0;
}

@inline function placeholder(start: usize, from: usize, w: usize): usize {
  if (start > from && (cls(at(start - 1)) & FOLD) != 0) w--;
  store<u8>(w, <u8>QMARK);
  return w + 1;
}

/** Writes the normalised bytes of [s, e) at o; returns their length, or -1 for the string path. */
export function mainPass(s: usize, e: usize, o: usize): i32 {
  let n = e;
  if (n > s && at(n - 1) == NL) n--;
  let i = s;
  while (i < n && (cls(at(i)) & SPACE) != 0) i++;
  let w = o;
  let from = i;
  let prevWord = false;
  let na = false;
  while (i < n) {
    const c = at(i);
    const k = cls(c);
    if (k & LETTER) {
      if (!prevWord && (c == 116 || c == 84 || c == 102 || c == 70) && isBoolAt(i, n)) {
        const stop = i + ((c | 32) == 116 ? 4 : 5);
        w = placeholder(i, from, w);
        from = i = stop;
        prevWord = false;
        continue;
      }
      store<u8>(w++, <u8>lower(c));
      i++;
      while (i < n) {
        const d = at(i);
        if ((cls(d) & LETTER) == 0) break;
        store<u8>(w++, <u8>lower(d));
        i++;
      }
      prevWord = true;
      continue;
    }
    if (k & NUM_START) {
      if (c == MINUS && at(i + 1) == MINUS) return -1;
      let j = i + 1;
      while (j < n) {
        const d = at(j);
        if ((cls(d) & NUM_CONT) == 0) break;
        if (d == MINUS && at(j + 1) == MINUS) return -1;
        if (d == 102 && (cls(at(j - 1)) & WORD) == 0 && isBoolAt(j, n)) break;
        j++;
      }
      w = placeholder(i, from, w);
      prevWord = (cls(at(j - 1)) & WORD) != 0;
      from = i = j;
      continue;
    }
    if (k & SPACE) {
      let j = i + 1;
      while (j < n) {
        const d = at(j);
        if (d != SP && (cls(d) & SPACE) == 0) break;
        j++;
      }
      store<u8>(w++, <u8>SP);
      if (c != SP || j > i + 1) from = j;
      i = j;
      prevWord = false;
      continue;
    }
    if (c == SQ) {
      let j = i + 1;
      while (j < n) {
        const d = at(j);
        if (d == SQ) break;
        if ((cls(d) & SPECIAL) != 0 && special(j)) return -1;
        if (d >= 128) na = true;
        j++;
      }
      if (j < n) {
        w = placeholder(i, from, w);
        from = i = j + 1;
      } else {
        store<u8>(w++, <u8>c);
        i++;
      }
      prevWord = false;
      continue;
    }
    if (c == QMARK) {
      w = placeholder(i, from, w);
      from = i = i + 1;
      prevWord = false;
      continue;
    }
    if ((k & SPECIAL) != 0 && special(i)) return -1;
    if (c >= 128) na = true;
    store<u8>(w++, <u8>c);
    prevWord = false;
    i++;
  }
  nonAscii = na ? 1 : 0;
  return <i32>(w - o);
}

/**
 * For the scanner: the main pass over the statement [s, e) into `out` when normalizeBytes of
 * fingerprint-bytes.ts would run it on exactly these bytes (its first word is none of CALL, `use`,
 * INSERT, REPLACE, and it does not open with `administrator command: `): its length, or -1.
 */
export function mainPassOfStatement(s: usize, e: usize, out: usize): i32 {
  // Longer than the output (the main pass writes at most as many bytes as it reads): JavaScript's.
  if (e <= s || e - s > OUT_BYTES) return -1;
  let f = s;
  while (f < e && (cls(at(f)) & SPACE) != 0) f++;
  const c0 = at(f) | 32;
  // a (administrator command), c (call), u (use), i (insert), r (replace): normalizeBytes decides.
  if (c0 == 97 || c0 == 99 || c0 == 117 || c0 == 105 || c0 == 114 || at(s) == 97) return -1;
  return mainPass(s, e, out);
}
