/**
 * The pt fingerprint (fingerprint.ts) computed straight from a statement's UTF-8 bytes, for the common
 * shapes: no comments (slash-star, `--`, `#`), no backslashes, no double quotes, not a CALL or an
 * administrator command. Those return null and take the string path, which handles everything.
 *
 * One pass over the bytes writes the lower-cased, literal-free text into a reused buffer (quoted strings,
 * numbers, booleans → `?`, white space runs → one space), so a statement is never decoded; only the
 * much shorter result is, and pt's later substitutions (NULL, IN lists, UNION, LIMIT, ASC) run on it as
 * in fingerprint.ts. pt's regexes only ever look at ASCII, and every byte of a multi-byte UTF-8 sequence
 * is ≥ 0x80 — neither a word nor a space character, exactly as the character it encodes — so the result
 * is the string path's, character for character (a test checks both on every real log in fixtures).
 */
import { afterMainPass, charClasses, FOLD, LETTER, NUM_CONT, NUM_START, SPACE, WORD } from './fingerprint';
import * as engine from './wasm-engine';

const SP = 32,
  SQ = 39,
  DQ = 34,
  HASH = 35,
  SLASH = 47,
  STAR = 42,
  MINUS = 45,
  BSL = 92,
  QMARK = 63,
  NL = 10;

// pt's character classes (fingerprint.ts), one lookup per byte; bytes ≥ 0x80 are in no class. SPECIAL
// marks the bytes of an earlier pt substitution: `#`, `\`, `"`, and `-`/`/` (as `--`, slash-star).
const SPECIAL = 64;
const CLASS = charClasses(256);
for (const c of [HASH, BSL, DQ, SLASH, MINUS]) CLASS[c]! |= SPECIAL;

/** ASCII upper case to lower case; every other byte as it is. */
const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) LOWER[c] = c >= 65 && c <= 90 ? c | 32 : c;

engine.setTables(CLASS, LOWER);

/** The JavaScript main pass's output, for statements longer than the engine's (over 1 MB). */
let jsOut = Buffer.allocUnsafe(1 << 16);
/** Where the last normalisation wrote: the engine's output or jsOut. */
let out = engine.normalized();
/** Whether the last normalisation wrote a byte ≥ 0x80 (its text must then be decoded as UTF-8). */
let outNonAscii = false;

/** The pt fingerprint of the statement b[s, e), or null when the string path must compute it. */
export function fingerprintBytes(b: Buffer, s: number, e: number): string | null {
  const w = normalizeBytes(b, s, e);
  return w < 0 ? null : afterMainPass(normalizedText(w));
}

/**
 * pt's main pass over the statement b[s, e) into a reused buffer (see normalizedBytes): the text every
 * statement of its class with the same literal counts shares, so it keys a memo from text to class.
 * Returns its length, or -1 when the string path must compute the fingerprint.
 */
export function normalizeBytes(b: Buffer, s: number, e: number): number {
  return normalize(b, s, e, true);
}

/** normalizeBytes with this module's own main pass, never the engine's: the reference, for tests. */
export function normalizeBytesInJs(b: Buffer, s: number, e: number): number {
  return normalize(b, s, e, false);
}

function normalize(b: Buffer, s: number, e: number, inEngine: boolean): number {
  if (e <= s) return -1;
  // Leading white space and a CALL, `use db` or an administrator command: the string path.
  let f = s;
  while (f < e && CLASS[b[f]!]! & SPACE) f++;
  const c0 = b[f]! | 32;
  if (c0 === 99 /* c */ && lowerAt(b, f, e, 'call')) return -1;
  if (b[s] === 97 /* a */ && lowerAt(b, s, e, 'administrator command: ')) return -1;
  // `use db` (pt tests statements under 300 characters; 1200 bytes covers any 300 characters).
  if (c0 === 117 /* u */ && e - s < 1200) return -1;
  let end = e;
  if (c0 === 105 /* i */ || c0 === 114 /* r */) {
    end = multiRowInsertEnd(b, s, e);
    // pt looks for its own checksum comments in the whole statement, rows cut or not.
    if (end < e && b.subarray(end, e).indexOf('/*') >= 0) return -1;
  }
  // The engine's main pass (wasm/engine/main-pass.as.ts) where the bytes fit, this module's otherwise:
  // the same rules (test/digest/wasm-main-pass.test.ts).
  const address = inEngine && end - s <= engine.OUT_BYTES ? engine.addressOf(b, s, end) : -1;
  if (address >= 0) {
    const w = engine.mainPass(address, end - s);
    out = engine.normalized();
    outNonAscii = engine.normalizedNonAscii();
    return w;
  }
  if (end - s > jsOut.length) jsOut = Buffer.allocUnsafe(2 * (end - s));
  out = jsOut;
  return mainPass(b, s, end);
}

/** The buffer the last normalizeBytes wrote into (valid until the next call). */
export function normalizedBytes(): Buffer {
  return out;
}

/** The first w bytes of the last normalisation as text: what fingerprint.ts's mainPass returns. */
export function normalizedText(w: number): string {
  return out.toString(outNonAscii ? 'utf8' : 'latin1', 0, w);
}

/**
 * The string path's mainPass on bytes (see fingerprint.ts for each rule), lower-casing as it copies.
 * Returns the length written to `out`, or -1 on a byte that needs an earlier pt substitution (comments,
 * backslash escapes, double quotes).
 */
function mainPass(b: Buffer, s: number, e: number): number {
  let n = e;
  if (n > s && b[n - 1] === NL) n--;
  let i = s;
  while (i < n && CLASS[b[i]!]! & SPACE) i++;
  const o = out;
  let w = 0;
  /** Start of the literal stretch being copied (after the last placeholder or collapsed space). */
  let from = i;
  let prevWord = false;
  let nonAscii = false;
  while (i < n) {
    const c = b[i]!;
    const k = CLASS[c]!;
    if (k & LETTER) {
      if (!prevWord && (c === 116 || c === 84 || c === 102 || c === 70) && isBoolAt(b, i, n)) {
        const stop = i + ((c | 32) === 116 ? 4 : 5);
        w = placeholder(b, i, from, w);
        from = i = stop;
        prevWord = false;
        continue;
      }
      o[w++] = LOWER[c]!;
      i++;
      while (i < n) {
        const d = b[i]!;
        if ((CLASS[d]! & LETTER) === 0) break;
        o[w++] = LOWER[d]!;
        i++;
      }
      prevWord = true;
      continue;
    }
    if (k & NUM_START) {
      // `--` (a comment: the string path), tested on every number: a branch no statement has taken yet
      // has no type feedback, and the first `-` to open a number would throw the optimised loop away
      // to be compiled again (docs/digest-engine.md, "The compiler").
      if (((c ^ MINUS) | (b[i + 1]! ^ MINUS)) === 0) return -1;
      let j = i + 1;
      while (j < n) {
        const d = b[j]!;
        if ((CLASS[d]! & NUM_CONT) === 0) break;
        if (d === MINUS && b[j + 1] === MINUS) return -1;
        if (d === 102 /* f */ && (CLASS[b[j - 1]!]! & WORD) === 0 && isBoolAt(b, j, n)) break;
        j++;
      }
      w = placeholder(b, i, from, w);
      prevWord = (CLASS[b[j - 1]!]! & WORD) !== 0;
      from = i = j;
      continue;
    }
    if (k & SPACE) {
      let j = i + 1;
      while (j < n) {
        const d = b[j]!;
        if (d !== SP && (CLASS[d]! & SPACE) === 0) break;
        j++;
      }
      o[w++] = SP;
      if (c !== SP || j > i + 1) from = j;
      i = j;
      prevWord = false;
      continue;
    }
    if (c === SQ) {
      let j = i + 1;
      while (j < n) {
        const d = b[j]!;
        if (d === SQ) break;
        if (CLASS[d]! & SPECIAL && special(b, j)) return -1;
        if (d >= 128) nonAscii = true;
        j++;
      }
      if (j < n) {
        w = placeholder(b, i, from, w);
        from = i = j + 1;
      } else {
        // An unterminated quote stays as it is (to the end).
        o[w++] = c;
        i++;
      }
      prevWord = false;
      continue;
    }
    if (c === QMARK) {
      w = placeholder(b, i, from, w);
      from = i = i + 1;
      prevWord = false;
      continue;
    }
    if (k & SPECIAL && special(b, i)) return -1;
    if (c >= 128) nonAscii = true;
    o[w++] = c;
    prevWord = false;
    i++;
  }
  outNonAscii = nonAscii;
  return w;
}

/**
 * Writes `?` for the literal that starts at `start`; like pt's `s/[xb.+-]\?/?/g`, a literal [xb.+-]
 * right before it (one copied from the input since `from`, so never a `?` or a collapsed space) folds in.
 */
function placeholder(b: Buffer, start: number, from: number, w: number): number {
  if (start > from && CLASS[b[start - 1]!]! & FOLD) w--;
  out[w++] = QMARK;
  return w;
}

/** A byte that pt would have rewritten before its main pass: `#`, `\`, `"`, `--`, slash-star. */
function special(b: Buffer, i: number): boolean {
  const c = b[i]!;
  if (c === MINUS) return b[i + 1] === MINUS;
  if (c === SLASH) return b[i + 1] === STAR;
  return true;
}

/** `\btrue\b` or `\bfalse\b` at i, any case; the caller checked the boundary before. */
function isBoolAt(b: Buffer, i: number, n: number): boolean {
  const c = b[i]! | 32;
  const word = c === 116 ? 'true' : c === 102 ? 'false' : '';
  if (!word || i + word.length > n) return false;
  for (let k = 0; k < word.length; k++) if ((b[i + k]! | 32) !== word.charCodeAt(k)) return false;
  const after = i + word.length;
  return after >= n || (CLASS[b[after]!]! & WORD) === 0;
}

function lowerAt(b: Buffer, i: number, e: number, word: string): boolean {
  if (i + word.length > e) return false;
  for (let k = 0; k < word.length; k++) {
    const c = b[i + k]!;
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * pt keeps only the first row of a multi-row INSERT/REPLACE
 * (`\A((?:INSERT|REPLACE)(?: IGNORE)?\s+INTO.+?VALUES\s*\(.*?\))\s*,\s*\(`): where that first row ends,
 * or e when the statement is not one.
 */
function multiRowInsertEnd(b: Buffer, s: number, e: number): number {
  let i: number;
  if (lowerAt(b, s, e, 'insert')) i = s + 6;
  else if (lowerAt(b, s, e, 'replace')) i = s + 7;
  else return e;
  if (lowerAt(b, i, e, ' ignore')) {
    const j = i + 7;
    if (j < e && CLASS[b[j]!]! & SPACE) i = j;
  }
  if (i >= e || (CLASS[b[i]!]! & SPACE) === 0) return e;
  while (i < e && CLASS[b[i]!]! & SPACE) i++;
  if (!lowerAt(b, i, e, 'into')) return e;
  let open = -1;
  for (let v = i + 5; v + 6 <= e; v++) {
    if ((b[v]! | 32) !== 118 /* v */ || !lowerAt(b, v, e, 'values')) continue;
    let k = v + 6;
    while (k < e && CLASS[b[k]!]! & SPACE) k++;
    if (b[k] === 40 /* ( */ && k < e) {
      open = k;
      break;
    }
  }
  if (open < 0) return e;
  for (let close = open + 1; close < e; close++) {
    if (b[close] !== 41 /* ) */) continue;
    let k = close + 1;
    while (k < e && CLASS[b[k]!]! & SPACE) k++;
    if (k < e && b[k] === 44 /* , */) {
      k++;
      while (k < e && CLASS[b[k]!]! & SPACE) k++;
      if (k < e && b[k] === 40) return close + 1;
    }
  }
  return e;
}
