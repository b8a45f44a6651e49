/**
 * Query fingerprints equivalent to pt-query-digest's (QueryRewriter::fingerprint in percona-toolkit 3.x,
 * default options), so our classes and pt's classes are the same classes.
 *
 * pt applies a chain of regex substitutions; each one sees the output of the previous one, and several
 * of its quirks matter for equality (numbers are replaced even inside identifiers — `t1` becomes `t?` —
 * and the replacement runs before lower-casing, so only lower-case hex letters continue a number). This
 * module reproduces that chain with hand-rolled scans: the common path is one pass over the query that
 * replaces quoted strings, booleans, numbers, collapses whitespace and lower-cases ASCII, followed by
 * cheap indexOf-driven passes for NULL, IN/VALUES lists, LIMIT and ORDER BY … ASC. Regexes are used only
 * on rare shapes (backslash-escaped quotes, UNION, pt's own checksum comments).
 */
import { createHash } from 'node:crypto';

const C_NL = 10,
  C_CR = 13,
  C_SP = 32,
  C_DQ = 34,
  C_SQ = 39,
  C_HASH = 35,
  C_BANG = 33,
  C_MINUS = 45,
  C_Q = 63;
const C_A = 65,
  C_Z = 90,
  C_a = 97,
  C_f = 102;

// Character classes of pt's regexes, as one table lookup per character (ASCII; everything else is 0).
export const WORD = 1,
  SPACE = 2,
  NUM_START = 4,
  NUM_CONT = 8,
  FOLD = 16,
  LETTER = 32;

/** The class bits of every code below `size` (pt's regexes only ever match ASCII: the rest is 0). */
export function charClasses(size: number): Uint8Array {
  const table = new Uint8Array(size);
  for (let c = 0; c < 128; c++) {
    let k = 0;
    const ch = String.fromCharCode(c);
    if (/\w/.test(ch)) k |= WORD;
    if (/[A-Za-z_]/.test(ch)) k |= LETTER;
    if (/[ \n\t\r\f]/.test(ch)) k |= SPACE;
    if (/[0-9+-]/.test(ch)) k |= NUM_START;
    if (/[0-9a-f.xb+-]/.test(ch)) k |= NUM_CONT;
    if (/[xb.+-]/.test(ch)) k |= FOLD;
    table[c] = k;
  }
  return table;
}
const CLASS = charClasses(128);
const cls = (c: number): number => (c < 128 ? CLASS[c]! : 0);

function isWordCode(c: number): boolean {
  return (cls(c) & WORD) !== 0;
}
function isSpaceCode(c: number): boolean {
  return (cls(c) & SPACE) !== 0;
}
/** pt's number continuation: [0-9a-f.xb+-] (lower-case only: it runs before lc). */
function isNumCont(c: number): boolean {
  return (cls(c) & NUM_CONT) !== 0;
}
/** Characters pt folds into a following `?`: [xb.+-]. */
function isFoldIntoQ(c: number): boolean {
  return (cls(c) & FOLD) !== 0;
}
function lowerCode(c: number): number {
  return c >= C_A && c <= C_Z ? c + 32 : c;
}
/** Case-insensitive ASCII comparison of s[at…] with a lower-case word. */
function matchesWordAt(s: string, at: number, lowerWord: string): boolean {
  if (at + lowerWord.length > s.length) return false;
  for (let k = 0; k < lowerWord.length; k++) {
    if (lowerCode(s.charCodeAt(at + k)) !== lowerWord.charCodeAt(k)) return false;
  }
  return true;
}

const MYSQLDUMP = /^SELECT \/\*!40001 SQL_NO_CACHE \*\/ \* FROM `/;
const PT_CHECKSUM = /\/\*\w+\.\w+:[0-9]\/[0-9]\*\//;
const CALL = /^\s*(call\s+\S+)\(/i;
const USE = /^use \S+$/i;

/** The pt fingerprint of one statement. */
export function fingerprint(sql: string): string {
  let q = sql;
  const c0 = q.charCodeAt(0);
  // Special cases, checked in pt's order, only when their first character can match.
  if (c0 === 83 /* S */ && MYSQLDUMP.test(q)) return 'mysqldump';
  const hasSlashStar = q.indexOf('/*') >= 0;
  if (hasSlashStar && PT_CHECKSUM.test(q)) return 'percona-toolkit';
  if (c0 === C_a && q.startsWith('administrator command: ')) return q;
  if (isSpaceCode(c0) || c0 === 99 || c0 === 67) {
    const m = CALL.exec(q);
    if (m) return m[1]!.toLowerCase();
  }
  if (c0 === 73 || c0 === 105 || c0 === 82 || c0 === 114) q = shortenMultiRowInsert(q);
  if (hasSlashStar) q = stripBlockComments(q);
  if (q.indexOf('--') >= 0 || q.indexOf('#') >= 0) q = stripLineComments(q);
  if (q.length < 300 && (q.charCodeAt(0) | 32) === 117 /* u */ && USE.test(q.endsWith('\n') ? q.slice(0, -1) : q)) {
    return `use ?`;
  }
  if (q.indexOf('\\') >= 0) q = q.replace(/\\["']/g, '');
  if (q.indexOf('"') >= 0) q = replaceDoubleQuoted(q);

  return afterMainPass(mainPass(q));
}

/** pt's substitutions that run on the lower-cased, literal-free text: NULL, lists, UNION, LIMIT, ASC. */
export function afterMainPass(text: string): string {
  let out = text;
  if (out.indexOf('null') >= 0) out = replaceNull(out);
  if (out.indexOf('(') >= 0) out = collapseLists(out);
  if (out.indexOf(' union') >= 0) out = out.replace(/\b(select\s.*?)(?:(\sunion(?:\sall)?)\s\1)+/g, '$1 /*repeat$2*/');
  const lim = out.indexOf('limit ?');
  if (lim >= 0) out = collapseLimit(out);
  let ob = out.indexOf('order by ');
  while (ob > 0 && isWordCode(out.charCodeAt(ob - 1))) ob = out.indexOf('order by ', ob + 1);
  if (ob >= 0) out = dropAsc(out, ob + 9);
  return out;
}

/** A stable class id: the last 16 hex digits of MD5(fingerprint), upper case — pt's checksum style. */
export function classId(fp: string): string {
  return createHash('md5').update(fp).digest('hex').slice(16).toUpperCase();
}

/**
 * `\A((?:INSERT|REPLACE)(?: IGNORE)?\s+INTO.+?VALUES\s*\(.*?\))\s*,\s*\(` /is: keep only the first row of
 * a multi-row INSERT/REPLACE.
 */
function shortenMultiRowInsert(q: string): string {
  let i: number;
  if (matchesWordAt(q, 0, 'insert')) i = 6;
  else if (matchesWordAt(q, 0, 'replace')) i = 7;
  else return q;
  if (matchesWordAt(q, i, ' ignore')) {
    const j = i + 7;
    if (j < q.length && isSpaceCode(q.charCodeAt(j))) i = j;
  }
  if (i >= q.length || !isSpaceCode(q.charCodeAt(i))) return q;
  while (i < q.length && isSpaceCode(q.charCodeAt(i))) i++;
  if (!matchesWordAt(q, i, 'into')) return q;
  // `.+?VALUES\s*\(`: the first VALUES at least one character after INTO followed by optional space and `(`.
  const lower = q.toLowerCase();
  let v = lower.indexOf('values', i + 5);
  let open = -1;
  while (v >= 0) {
    let k = v + 6;
    while (k < q.length && isSpaceCode(q.charCodeAt(k))) k++;
    if (q.charCodeAt(k) === 40) {
      open = k;
      break;
    }
    v = lower.indexOf('values', v + 1);
  }
  if (open < 0) return q;
  // `.*?\)\s*,\s*\(`: the first `)` followed by a comma and another `(`.
  let close = q.indexOf(')', open + 1);
  while (close >= 0) {
    let k = close + 1;
    while (k < q.length && isSpaceCode(q.charCodeAt(k))) k++;
    if (q.charCodeAt(k) === 44) {
      k++;
      while (k < q.length && isSpaceCode(q.charCodeAt(k))) k++;
      if (q.charCodeAt(k) === 40) return q.slice(0, close + 1);
    }
    close = q.indexOf(')', close + 1);
  }
  return q;
}

/** Removes block comments like pt's mlc_re, keeping version comments that open with slash-star-bang. */
function stripBlockComments(q: string): string {
  let out = '';
  let from = 0;
  let i = q.indexOf('/*');
  while (i >= 0) {
    if (i + 2 < q.length && q.charCodeAt(i + 2) !== C_BANG) {
      const end = q.indexOf('*/', i + 3);
      if (end < 0) break;
      out += q.slice(from, i);
      from = end + 2;
      i = q.indexOf('/*', from);
    } else {
      i = q.indexOf('/*', i + 1);
    }
  }
  return from === 0 ? q : out + q.slice(from);
}

/** `(?:--|#)[^'"\r\n]*(?=[\r\n]|\Z)` → '': a comment to the end of its line when no quote follows on it. */
function stripLineComments(q: string): string {
  let out = '';
  let from = 0;
  const n = q.length;
  for (let i = 0; i < n; i++) {
    const c = q.charCodeAt(i);
    let start = -1;
    if (c === C_HASH) start = i;
    else if (c === C_MINUS && q.charCodeAt(i + 1) === C_MINUS) start = i;
    if (start < 0) continue;
    let j = start + (c === C_HASH ? 1 : 2);
    let ok = true;
    for (; j < n; j++) {
      const d = q.charCodeAt(j);
      if (d === C_NL || d === C_CR) break;
      if (d === C_SQ || d === C_DQ) {
        ok = false;
        break;
      }
    }
    // \Z also matches before a final newline; a line end is [\r\n]; both are covered by stopping there.
    if (!ok) continue;
    out += q.slice(from, start);
    from = j;
    i = j - 1;
  }
  return from === 0 ? q : out + q.slice(from);
}

/** `".*?"` → `?` (pt replaces double-quoted strings before single-quoted ones). */
function replaceDoubleQuoted(q: string): string {
  let out = '';
  let from = 0;
  let i = q.indexOf('"');
  while (i >= 0) {
    const end = q.indexOf('"', i + 1);
    if (end < 0) break;
    out += q.slice(from, i) + '?';
    from = end + 1;
    i = q.indexOf('"', from);
  }
  return out + q.slice(from);
}

/**
 * One pass doing pt's `'.*?'` → ?, `\b(true|false)\b` → ?, `[0-9+-][0-9a-f.xb+-]*` → ?, `[xb.+-]\?` → ?,
 * leading-space trim, chomp and whitespace collapse, in that order of effect; then ASCII lower-casing.
 * Unchanged runs of the input are copied as slices.
 */
// State of mainPass, kept at module level so the hot loop allocates no closure per call.
let mpOut = '';
let mpFrom = 0;
let mpLastIsPlaceholder = false;

/** Emit `?` for q[start, end), folding a preceding literal [xb.+-] into it like `s/[xb.+-]\?/?/g`. */
function placeholder(q: string, start: number, end: number): void {
  if (start > mpFrom) {
    mpOut += isFoldIntoQ(q.charCodeAt(start - 1)) ? q.slice(mpFrom, start - 1) : q.slice(mpFrom, start);
  } else if (!mpLastIsPlaceholder && mpOut.length > 0 && isFoldIntoQ(mpOut.charCodeAt(mpOut.length - 1))) {
    mpOut = mpOut.slice(0, -1);
  }
  mpOut += '?';
  mpLastIsPlaceholder = true;
  mpFrom = end;
}

function mainPass(q: string): string {
  let n = q.length;
  if (n > 0 && q.charCodeAt(n - 1) === C_NL) n--; // chomp (one trailing newline)
  let i = 0;
  while (i < n && isSpaceCode(q.charCodeAt(i))) i++;
  mpOut = '';
  mpFrom = i; // start of the pending literal run q[mpFrom, i)
  mpLastIsPlaceholder = false; // the last emitted character is a `?` pt produced (it never folds)
  let prevWord = false; // was the previous *input* character a word character (for \b)?
  let nonAscii = false;
  while (i < n) {
    const c = q.charCodeAt(i);
    const k = cls(c);
    if (k & LETTER) {
      // The common case: a run of letters/underscores (digits end it: pt replaces them even inside names).
      if (!prevWord && (c === 116 || c === 84 || c === 102 || c === 70) && isBoolAt(q, i, n)) {
        const end = i + (c === 116 || c === 84 ? 4 : 5);
        placeholder(q, i, end);
        i = end;
        prevWord = false;
        continue;
      }
      i++;
      while (i < n) {
        const d = q.charCodeAt(i);
        if (d >= 128 || (CLASS[d]! & LETTER) === 0) break;
        i++;
      }
      prevWord = true;
      continue;
    }
    if (k & NUM_START) {
      let j = i + 1;
      while (j < n) {
        const d = q.charCodeAt(j);
        if (!isNumCont(d)) break;
        // `false` right after a non-word continuation char was already replaced by pt's earlier step.
        if (d === C_f && !isWordCode(q.charCodeAt(j - 1)) && isBoolAt(q, j, n)) break;
        j++;
      }
      placeholder(q, i, j);
      prevWord = isWordCode(q.charCodeAt(j - 1));
      i = j;
      continue;
    }
    if (k & SPACE) {
      let j = i + 1;
      while (j < n && isSpaceCode(q.charCodeAt(j))) j++;
      if (c !== C_SP || j > i + 1) {
        // Not a single plain space: the run becomes one space.
        mpOut += q.slice(mpFrom, i) + ' ';
        mpLastIsPlaceholder = false;
        mpFrom = j;
      }
      i = j;
      prevWord = false;
      continue;
    }
    if (c === C_SQ) {
      const end = q.indexOf("'", i + 1);
      if (end >= 0 && end < n) {
        placeholder(q, i, end + 1);
        i = end + 1;
      } else {
        i++;
      }
      prevWord = false;
      continue;
    }
    if (c === C_Q) {
      placeholder(q, i, i + 1);
      i++;
      prevWord = false;
      continue;
    }
    if (c > 127) nonAscii = true;
    prevWord = false;
    i++;
  }
  let out = mpOut;
  if (mpFrom < n) out += q.slice(mpFrom, n);
  mpOut = '';
  return nonAscii ? out.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : out.toLowerCase();
}

/** `\btrue\b` or `\bfalse\b` at i (case-insensitive); the caller checked the boundary before. */
function isBoolAt(q: string, i: number, n: number): boolean {
  const c = q.charCodeAt(i) | 32;
  const word = c === 116 ? 'true' : c === 102 ? 'false' : '';
  if (!word || i + word.length > n || !matchesWordAt(q, i, word)) return false;
  const after = i + word.length;
  return after >= n || !isWordCode(q.charCodeAt(after));
}

/** `\bnull\b` → `?` on the lower-cased output. */
function replaceNull(s: string): string {
  let out = '';
  let from = 0;
  let i = s.indexOf('null');
  while (i >= 0) {
    const before = i === 0 || !isWordCode(s.charCodeAt(i - 1));
    const after = i + 4 >= s.length || !isWordCode(s.charCodeAt(i + 4));
    if (before && after) {
      out += s.slice(from, i) + '?';
      from = i + 4;
    }
    i = s.indexOf('null', i + 4);
  }
  return from === 0 ? s : out + s.slice(from);
}

/** `\b(in|values?)(?:[\s,]*\([\s?,]*\))+` → `$1(?+)`. */
function collapseLists(s: string): string {
  let out = '';
  let from = 0;
  let i = s.indexOf('(');
  while (i >= 0) {
    const groupEnd = listGroupEnd(s, i);
    if (groupEnd < 0) {
      i = s.indexOf('(', i + 1);
      continue;
    }
    // Walk back over [\s,]* to the keyword.
    let k = i - 1;
    while (k >= from && (s.charCodeAt(k) === C_SP || s.charCodeAt(k) === 44)) k--;
    let kwStart = -1;
    let kwLen = 0;
    for (const kw of ['values', 'value', 'in']) {
      const st = k - kw.length + 1;
      if (st >= from && s.startsWith(kw, st) && (st === 0 || !isWordCode(s.charCodeAt(st - 1)))) {
        kwStart = st;
        kwLen = kw.length;
        break;
      }
    }
    if (kwStart < 0) {
      i = s.indexOf('(', i + 1);
      continue;
    }
    // Extend over further groups.
    let end = groupEnd;
    for (;;) {
      let m = end;
      while (m < s.length && (s.charCodeAt(m) === C_SP || s.charCodeAt(m) === 44)) m++;
      if (s.charCodeAt(m) !== 40) break;
      const e = listGroupEnd(s, m);
      if (e < 0) break;
      end = e;
    }
    out += s.slice(from, kwStart + kwLen) + '(?+)';
    from = end;
    i = s.indexOf('(', end);
  }
  return from === 0 ? s : out + s.slice(from);
}

/** If s[open] starts `\([\s?,]*\)`, the index after the `)`, else -1. */
function listGroupEnd(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 41) return j + 1;
    if (c !== C_Q && c !== C_SP && c !== 44) return -1;
  }
  return -1;
}

/** `s/\blimit \?(?:, ?\?| offset \?)?/limit ?/` (first occurrence only). */
function collapseLimit(s: string): string {
  let i = s.indexOf('limit ?');
  while (i > 0 && isWordCode(s.charCodeAt(i - 1))) i = s.indexOf('limit ?', i + 1);
  if (i < 0) return s;
  const after = i + 7;
  let end = after;
  if (s.startsWith(', ?', after)) end = after + 3;
  else if (s.startsWith(',?', after)) end = after + 2;
  else if (s.startsWith(' offset ?', after)) end = after + 9;
  return end === after ? s : s.slice(0, after) + s.slice(end);
}

/** After the first `order by `, pt removes each `\s+asc` reached by `\G(.+?)\s+ASC` (case-insensitive). */
function dropAsc(s: string, pos: number): string {
  let out = s;
  let p = pos;
  for (;;) {
    const idx = out.indexOf(' asc', p + 1);
    if (idx < 0) break;
    out = out.slice(0, idx) + out.slice(idx + 4);
    p = idx;
  }
  return out;
}
