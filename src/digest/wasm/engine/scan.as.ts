// The common shapes of a MySQL 8 / Aurora MySQL 3 / Percona Server 8 slow-log entry, read in WebAssembly
// (see src/digest/wasm-engine.ts): an ISO `# Time:` with Z or an offset, then `# User@Host:`,
// `# Query_time:` and other `# Key: value` header lines (log_slow_extra, Percona's), then `use …;`,
// `SET …;`, blank or banner lines, then the statement. Every rule mirrors the JavaScript parser
// (src/digest/slowlog-parser.ts) byte for byte; an entry of any other shape stops the scan there, and the
// JavaScript parser reads it.
import { MAX_RECORDS, OUT, RECORD_F64, RECORD_I32, RECORDS_F64, RECORDS_I32 } from './layout.as';
import { mainPassOfStatement } from './main-pass.as';
import { scanLookup, shapeLookup } from './memo.as';

const SP: u32 = 32, TAB: u32 = 9, NL: u32 = 10, HASH: u32 = 35, SEMI: u32 = 59, COLON: u32 = 58;

const P_TIME = memory.data<u8>([35, 32, 84, 105, 109, 101, 58]); // # Time:
const P_USERHOST = memory.data<u8>([35, 32, 85, 115, 101, 114, 64, 72, 111, 115, 116, 58]); // # User@Host:
const P_QUERYTIME = memory.data<u8>([35, 32, 81, 117, 101, 114, 121, 95, 116, 105, 109, 101, 58]); // # Query_time:
const P_THREAD = memory.data<u8>([35, 32, 84, 104, 114, 101, 97, 100, 95, 105, 100, 58]); // # Thread_id:
const K_QT = memory.data<u8>([81, 117, 101, 114, 121, 95, 116, 105, 109, 101]); // Query_time
const K_LT = memory.data<u8>([76, 111, 99, 107, 95, 116, 105, 109, 101]); // Lock_time
const K_RS = memory.data<u8>([82, 111, 119, 115, 95, 115, 101, 110, 116]); // Rows_sent
const K_RE = memory.data<u8>([82, 111, 119, 115, 95, 101, 120, 97, 109, 105, 110, 101, 100]); // Rows_examined
const K_RA = memory.data<u8>([82, 111, 119, 115, 95, 97, 102, 102, 101, 99, 116, 101, 100]); // Rows_affected
const K_SCHEMA = memory.data<u8>([83, 99, 104, 101, 109, 97]); // Schema
const K_SELSCAN = memory.data<u8>([83, 101, 108, 101, 99, 116, 95, 115, 99, 97, 110]); // Select_scan
const K_BYTES = memory.data<u8>([66, 121, 116, 101, 115, 95, 115, 101, 110, 116]); // Bytes_sent
const K_TMP = memory.data<u8>([84, 109, 112, 95, 116, 97, 98, 108, 101, 115]); // Tmp_tables
const K_TMPDISK = memory.data<u8>([84, 109, 112, 95, 100, 105, 115, 107, 95, 116, 97, 98, 108, 101, 115]); // Tmp_disk_tables
const K_CTMP = memory.data<u8>([67, 114, 101, 97, 116, 101, 100, 95, 116, 109, 112, 95, 116, 97, 98, 108, 101, 115]); // Created_tmp_tables
const K_CTMPDISK = memory.data<u8>([67, 114, 101, 97, 116, 101, 100, 95, 116, 109, 112, 95, 100, 105, 115, 107, 95, 116, 97, 98, 108, 101, 115]); // Created_tmp_disk_tables
const K_FULL = memory.data<u8>([70, 117, 108, 108, 95, 115, 99, 97, 110]); // Full_scan
const K_FSORT = memory.data<u8>([70, 105, 108, 101, 115, 111, 114, 116]); // Filesort
const P_ADMIN = memory.data<u8>([35, 32, 97, 100, 109, 105, 110, 105, 115, 116, 114, 97, 116, 111, 114, 32, 99, 111, 109, 109, 97, 110, 100, 58]); // # administrator command:
const P_USE = memory.data<u8>([117, 115, 101, 32]); // use
const P_SET_TS = memory.data<u8>([83, 69, 84, 32, 116, 105, 109, 101, 115, 116, 97, 109, 112, 61]); // SET timestamp=
const P_SET_II = memory.data<u8>([83, 69, 84, 32, 105, 110, 115, 101, 114, 116, 95, 105, 100, 61]); // SET insert_id=
const P_SET_LII = memory.data<u8>([83, 69, 84, 32, 108, 97, 115, 116, 95, 105, 110, 115, 101, 114, 116, 95, 105, 100, 61]); // SET last_insert_id=
const P_TCP = memory.data<u8>([84, 99, 112, 32, 112, 111, 114, 116, 58, 32]); // Tcp port:
const P_TIMEW = memory.data<u8>([84, 105, 109, 101]); // Time
const P_IDCMD = memory.data<u8>([73, 100, 32, 67, 111, 109, 109, 97, 110, 100]); // Id Command
const S_STARTED = memory.data<u8>([115, 116, 97, 114, 116, 101, 100, 32, 119, 105, 116, 104, 58]); // started with:
const S_EMBEDDED = memory.data<u8>([101, 109, 98, 101, 100, 100, 101, 100, 32, 108, 105, 98, 114, 97, 114, 121]); // embedded library
const P_VERSION = memory.data<u8>([44, 32, 86, 101, 114, 115, 105, 111, 110, 58, 32]); // , Version:

/** Where the last scan stopped: the block's end, or the first entry it left to JavaScript. */
export let stoppedAt: usize = 0;

@inline function at(p: usize): u32 { return <u32>load<u8>(p); }

function startsWith(s: usize, e: usize, prefix: usize, n: usize): bool {
  if (e < s + n) return false;
  for (let k: usize = 0; k < n; k++) if (at(s + k) != at(prefix + k)) return false;
  return true;
}

function endsWith(s: usize, e: usize, suffix: usize, n: usize): bool {
  return e >= s + n && startsWith(e - n, e, suffix, n);
}

function indexOfAscii(s: usize, e: usize, needle: usize, n: usize): bool {
  const first = at(needle);
  for (let i = s; i + n <= e; i++) if (at(i) == first && startsWith(i, e, needle, n)) return true;
  return false;
}

/** The first `#` or `;` at or after i, or n: 16 bytes at a time. */
function findHashOrSemi(i: usize, n: usize): usize {
  const hash = i8x16.splat(<i8>HASH);
  const semi = i8x16.splat(<i8>SEMI);
  while (i + 16 <= n) {
    const v = v128.load(i);
    const mask = i8x16.bitmask(v128.or(i8x16.eq(v, hash), i8x16.eq(v, semi)));
    if (mask != 0) return i + <usize>ctz(mask);
    i += 16;
  }
  while (i < n && at(i) != HASH && at(i) != SEMI) i++;
  return i;
}

/** The first c at or after i, or n: 16 bytes at a time. */
function find(c: u32, i: usize, n: usize): usize {
  const pattern = i8x16.splat(<i8>c);
  while (i + 16 <= n) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(i), pattern));
    if (mask != 0) return i + <usize>ctz(mask);
    i += 16;
  }
  while (i < n && at(i) != c) i++;
  return i;
}

@inline function digit(p: usize): i32 { return <i32>at(p) - 48; }

function digits(p: usize, n: usize): bool {
  for (let k: usize = 0; k < n; k++) {
    const d = digit(p + k);
    if (d < 0 || d > 9) return false;
  }
  return true;
}

@inline function two(p: usize): i32 { return digit(p) * 10 + digit(p + 1); }

/** `YYYY-MM-DD?HH:MM` at p as Date.parse reads `YYYY-MM-DDTHH:MM:00Z`, ms; NaN to leave it to JavaScript. */
function minuteOf(p: usize): f64 {
  if (!digits(p, 4) || !digits(p + 5, 2) || !digits(p + 8, 2) || !digits(p + 11, 2) || !digits(p + 14, 2)) return NaN;
  let y = digit(p) * 1000 + digit(p + 1) * 100 + digit(p + 2) * 10 + digit(p + 3);
  const m = two(p + 5), d = two(p + 8), hh = two(p + 11), mm = two(p + 14);
  if (y < 1970 || m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59) return NaN;
  const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const days = m == 2 ? (leap ? 29 : 28) : m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
  if (d > days) return NaN;
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  if (m <= 2) y -= 1;
  const era = y / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return <f64>(era * 146097 + doe - 719468) * 86400000.0 + <f64>hh * 3600000.0 + <f64>mm * 60000.0;
}

let minuteKey0: u64 = 0;
let minuteKey1: u64 = 0;
let minuteMs: f64 = NaN;

/**
 * The `# Time:` value [a, z) as the parser reads it, ms: `…Z` as isoBytes does; with a numeric offset
 * (`+09:00`, `-0700`: MySQL 8 with log_timestamps=SYSTEM) as Date.parse does, which is the minute's
 * epoch ms, the seconds, the fraction cut to whole ms, less the offset (checked against Date.parse on
 * 200,000 random times). NaN to leave it to JavaScript.
 */
function isoTime(a: usize, z: usize): f64 {
  if (z < a + 20 || at(a + 4) != 45 || at(a + 7) != 45 || at(a + 13) != COLON || at(a + 16) != COLON) return NaN;
  const sep = at(a + 10);
  if (sep != 84 && sep != SP) return NaN;
  const s1 = digit(a + 17);
  const s2 = digit(a + 18);
  if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return NaN;
  // Where the seconds' fraction ends, and the offset.
  let end = z - 1;
  let offset: f64 = 0;
  const zulu = at(z - 1) == 90;
  if (!zulu) {
    let o = z - 6;
    let hh: i32 = -1;
    let mm: i32 = -1;
    if (o >= a + 19 && (at(o) == 43 || at(o) == 45) && at(o + 3) == COLON && digits(o + 1, 2) && digits(o + 4, 2)) {
      hh = two(o + 1);
      mm = two(o + 4);
    } else {
      o = z - 5;
      if (!(o >= a + 19 && (at(o) == 43 || at(o) == 45) && digits(o + 1, 4))) return NaN;
      hh = two(o + 1);
      mm = two(o + 3);
    }
    if (hh > 14 || mm > 59) return NaN;
    offset = <f64>((hh * 60 + mm) * 60000) * (at(o) == 43 ? 1 : -1);
    end = o;
    // Date.parse's fraction: one to nine digits here (checked), none with no dot.
    if (end > a + 19 && (end < a + 21 || end > a + 29)) return NaN;
  }
  let ms: f64 = 0;
  let i = a + 19;
  if (i < end) {
    if (at(i) != 46) return NaN;
    i++;
    let scale: f64 = 100;
    for (; i < end; i++) {
      const d = digit(i);
      if (d < 0 || d > 9) return NaN;
      ms += <f64>d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const k0 = load<u64>(a);
  const k1 = load<u64>(a + 8);
  if (k0 != minuteKey0 || k1 != minuteKey1 || isNaN(minuteMs)) {
    const v = minuteOf(a);
    if (isNaN(v)) return NaN;
    minuteKey0 = k0;
    minuteKey1 = k1;
    minuteMs = v;
  }
  return minuteMs + <f64>(s1 * 10 + s2) * 1000 + ms - offset;
}

let odd = false;

/** parseNumber of slowlog-parser.ts where it needs no Number(); sets `odd` where it would. */
function parseNumber(a: usize, z: usize): f64 {
  if (z <= a) {
    odd = true;
    return NaN;
  }
  let intPart: f64 = 0;
  let i = a;
  for (; i < z; i++) {
    const d = digit(i);
    if (d < 0 || d > 9) break;
    intPart = intPart * 10 + <f64>d;
  }
  if (i == z) {
    if (i - a > 15) odd = true;
    return intPart;
  }
  if (at(i) != 46 || i == a) {
    odd = true;
    return NaN;
  }
  i++;
  let frac: f64 = 0;
  let scale: f64 = 1;
  const start = i;
  for (; i < z; i++) {
    const d = digit(i);
    if (d < 0 || d > 9) {
      odd = true;
      return NaN;
    }
    frac = frac * 10 + <f64>d;
    scale *= 10;
  }
  if (i - start > 15) odd = true;
  return intPart + frac / scale;
}

// The entry being read (the optional counters NaN while absent, as undefined in JavaScript).
let queryTime: f64 = NaN;
let lockTime: f64 = 0;
let rowsSent: f64 = 0;
let rowsExamined: f64 = 0;
let rowsAffected: f64 = NaN;
let bytesSent: f64 = NaN;
let tmpTables: f64 = NaN;
let tmpDiskTables: f64 = NaN;
let fullScan: f64 = NaN;
let filesort: f64 = NaN;
let schemaStart: usize = 0;
let schemaEnd: usize = 0;
let userStart: usize = 0;
let userEnd: usize = 0;
let hostStart: usize = 0;
let hostEnd: usize = 0;

/** parseUserHost of slowlog-parser.ts. */
function userHost(s: usize, e: usize): void {
  let i = s + 12;
  while (i < e && at(i) == SP) i++;
  userStart = i;
  while (i < e && at(i) != 91 && !(at(i) == SP && at(i + 1) == 64)) i++;
  let u = i;
  while (u > userStart && at(u - 1) == SP) u--;
  userEnd = u;
  while (i + 2 < e && !(at(i) == SP && at(i + 1) == 64 && at(i + 2) == SP)) i++;
  hostStart = hostEnd = 0;
  if (i + 2 >= e) return;
  i += 3;
  const hs = i;
  while (i < e && at(i) != SP && at(i) != 91) i++;
  if (i > hs) {
    hostStart = hs;
    hostEnd = i;
    return;
  }
  while (i < e && at(i) != 91) i++;
  const ips = i + 1;
  let ipe = ips;
  while (ipe < e && at(ipe) != 93) ipe++;
  if (ipe < e) {
    hostStart = ips;
    hostEnd = ipe;
  }
}

/** num of slowlog-parser.ts: the number, 0 when there is none; sets `odd` where it would need Number(). */
function num(a: usize, z: usize): f64 {
  if (z <= a) return 0;
  return parseNumber(a, z);
}

/**
 * parsePairs and field of slowlog-parser.ts on one header line: the keys it reads set the entry's values
 * (the last one wins), others are passed over; false where a value needs Number() (JavaScript reads it).
 */
function pairs(s: usize, e: usize): bool {
  odd = false;
  let i = s + 1;
  while (i < e) {
    while (i < e && at(i) == SP) i++;
    const ks = i;
    while (i < e && at(i) != COLON && at(i) != SP) i++;
    if (i >= e || at(i) != COLON) continue;
    const ke = i;
    i++;
    while (i < e && at(i) == SP) i++;
    const vs = i;
    while (i < e && at(i) != SP) i++;
    let ve = i;
    if (ve > vs && at(ve - 1) == COLON) {
      i = vs;
      ve = vs;
    }
    const n = ke - ks;
    switch (at(ks)) {
      case 81: // Q
        if (n == 10 && startsWith(ks, ke, K_QT, 10)) queryTime = ve > vs ? parseNumber(vs, ve) : NaN;
        break;
      case 76: // L
        if (n == 9 && startsWith(ks, ke, K_LT, 9)) lockTime = num(vs, ve);
        break;
      case 82: // R
        if (n == 9 && startsWith(ks, ke, K_RS, 9)) rowsSent = num(vs, ve);
        else if (n == 13 && startsWith(ks, ke, K_RE, 13)) rowsExamined = num(vs, ve);
        else if (n == 13 && startsWith(ks, ke, K_RA, 13)) rowsAffected = num(vs, ve);
        break;
      case 83: // S
        if (n == 6 && startsWith(ks, ke, K_SCHEMA, 6)) {
          schemaStart = vs;
          schemaEnd = ve;
        } else if (n == 11 && startsWith(ks, ke, K_SELSCAN, 11)) fullScan = num(vs, ve) > 0 ? 1 : 0;
        break;
      case 66: // B
        if (n == 10 && startsWith(ks, ke, K_BYTES, 10)) bytesSent = num(vs, ve);
        break;
      case 84: // T
        if (n == 10 && startsWith(ks, ke, K_TMP, 10)) tmpTables = num(vs, ve);
        else if (n == 15 && startsWith(ks, ke, K_TMPDISK, 15)) tmpDiskTables = num(vs, ve);
        break;
      case 67: // C
        if (n == 18 && startsWith(ks, ke, K_CTMP, 18)) tmpTables = num(vs, ve);
        else if (n == 23 && startsWith(ks, ke, K_CTMPDISK, 23)) tmpDiskTables = num(vs, ve);
        break;
      case 70: // F
        if (n == 9 && startsWith(ks, ke, K_FULL, 9)) fullScan = at(vs) == 89 ? 1 : 0;
        else if (n == 8 && startsWith(ks, ke, K_FSORT, 8)) filesort = at(vs) == 89 ? 1 : 0;
        break;
      default:
    }
    if (odd) return false;
  }
  return true;
}

function opensEntry(s: usize, e: usize): bool {
  return startsWith(s, e, P_TIME, 7) || startsWith(s, e, P_USERHOST, 12) || startsWith(s, e, P_QUERYTIME, 13) || startsWith(s, e, P_THREAD, 12);
}

function isMetaSet(s: usize, e: usize): bool {
  return startsWith(s, e, P_SET_TS, 14) || startsWith(s, e, P_SET_II, 14) || startsWith(s, e, P_SET_LII, 19);
}

/** isBanner of slowlog-parser.ts (s < e). */
function isBanner(s: usize, e: usize): bool {
  const c0 = at(s);
  if (c0 == 84) return startsWith(s, e, P_TCP, 10) || (startsWith(s, e, P_TIMEW, 4) && indexOfAscii(s, e, P_IDCMD, 10));
  if (c0 == 47 || (c0 >= 65 && c0 <= 90)) {
    let z = e;
    while (z > s && at(z - 1) == SP) z--;
    return (endsWith(s, z, S_STARTED, 13) || endsWith(s, z, S_EMBEDDED, 16)) && indexOfAscii(s, z, P_VERSION, 11);
  }
  return false;
}

/** Whether every line of [p, end) is blank or a banner: lines that lineBytes would pass over. */
function onlyBanners(p: usize, end: usize, n: usize): bool {
  while (p < end) {
    let le = find(NL, p, n);
    if (le > end) le = end;
    if (le > p && !isBanner(p, le)) return false;
    p = le + 1;
  }
  return true;
}

/** statementEnd of slowlog-parser.ts; 0 when the string path must decide. */
function statementEnd(s: usize, end: usize): usize {
  let k = <isize>end - 1;
  while (k >= <isize>s) {
    const c = at(<usize>k);
    if (c != SP && c != TAB && c != 10 && c != 11 && c != 12) break;
    k--;
  }
  if (k < <isize>s || at(<usize>k) >= 128) return 0;
  let le = <usize>k + 1;
  while (le < end && at(le) != NL) le++;
  let z = <isize>le - 1;
  while (z >= <isize>s && (at(<usize>z) == SP || at(<usize>z) == TAB)) z--;
  if (z >= <isize>s && at(<usize>z) == SEMI) z--;
  return <usize>(z + 1);
}

/**
 * Reads the entries of [p, n) (whole lines; the byte before p is a line end or p starts the block) into
 * the records until one has another shape; returns how many, and sets stoppedAt. With a memo owner,
 * each record also says which entry of the verbatim statement memo holds its statement (memo.as.ts),
 * and, when none does, with a shape memo owner, which entry of the shape memo holds its main pass.
 */
export function scan(p: usize, n: usize, memoOwner: i32, shapeOwner: i32): i32 {
  let count: i32 = 0;
  let i = p;
  while (i < n && count < MAX_RECORDS) {
    const start = i;
    stoppedAt = start;
    // # Time: (ISO with Z)
    let e = find(NL, i, n);
    if (e >= n || !startsWith(i, e, P_TIME, 7)) return count;
    let a = i + 7;
    while (a < e && at(a) == SP) a++;
    let z = e;
    while (z > a && (at(z - 1) == SP || at(z - 1) == TAB)) z--;
    const ts = isoTime(a, z);
    if (isNaN(ts)) return count;
    // The other header lines (header of slowlog-parser.ts): one `# User@Host:`, one `# Query_time:`,
    // other `# Key: value` lines; `# Time:` again or an administrator command: JavaScript reads the entry.
    queryTime = NaN;
    lockTime = 0;
    rowsSent = 0;
    rowsExamined = 0;
    rowsAffected = NaN;
    bytesSent = NaN;
    tmpTables = NaN;
    tmpDiskTables = NaN;
    fullScan = NaN;
    filesort = NaN;
    userStart = userEnd = hostStart = hostEnd = schemaStart = schemaEnd = 0;
    let gotUser = false;
    i = e + 1;
    while (i < n && at(i) == HASH) {
      e = find(NL, i, n);
      if (e >= n) return count;
      const c2 = e > i + 2 ? at(i + 2) : 0;
      if (c2 == 85 && startsWith(i, e, P_USERHOST, 12)) {
        if (gotUser || !isNaN(queryTime)) return count;
        gotUser = true;
        userHost(i, e);
      } else if ((c2 == 84 && startsWith(i, e, P_TIME, 7)) || (c2 == 97 && startsWith(i, e, P_ADMIN, 24))) {
        return count;
      } else if (c2 >= 65 && c2 <= 90 && at(i + 1) == SP) {
        if (c2 == 81 && !isNaN(queryTime) && startsWith(i, e, P_QUERYTIME, 13)) return count;
        if (!pairs(i, e)) return count;
      }
      i = e + 1;
    }
    if (!(queryTime >= 0)) return count;
    // use, SET timestamp, blank and banner lines (meta of slowlog-parser.ts), up to the statement.
    let useStart: usize = 0;
    let useEnd: usize = 0;
    for (;;) {
      if (i >= n) return count;
      e = find(NL, i, n);
      if (e == i) {
        i = e + 1;
        continue;
      }
      const c0 = at(i);
      if (c0 == HASH) return count;
      if (c0 == 117 && startsWith(i, e, P_USE, 4)) {
        if (useEnd <= useStart) {
          let end = i + 4;
          while (end < e && at(end) != SEMI) end++;
          let u = i + 4;
          while (u < end && at(u) == SP) u++;
          let v = end;
          while (v > u && at(v - 1) == SP) v--;
          if (v - u >= 2 && at(u) == 96 && at(v - 1) == 96) {
            u++;
            v--;
          }
          useStart = u;
          useEnd = v;
        }
        i = e + 1;
        continue;
      }
      if ((c0 == 83 && isMetaSet(i, e)) || isBanner(i, e)) {
        i = e + 1;
        continue;
      }
      break;
    }
    // The statement (statement of slowlog-parser.ts): to the first `#` line after a line ending in `;`,
    // or one that opens an entry; a server restart banner after a line ending in `;` ends it earlier
    // (bannerCut), and the lines from the banner on may only be banners and blank lines here. One pass
    // over the statement's `#` and `;`.
    const s = i;
    let end = n;
    let next = n;
    let cut: usize = 0;
    let from = s;
    for (;;) {
      const c = findHashOrSemi(from, n);
      if (c >= n) break;
      from = c + 1;
      if (at(c) == SEMI) {
        if (cut != 0) continue;
        let q = c + 1;
        while (q < n && (at(q) == SP || at(q) == TAB)) q++;
        if (q < n && at(q) == NL) {
          const le = find(NL, q + 1, n);
          if (q + 1 < le && isBanner(q + 1, le)) cut = q + 1;
        }
        continue;
      }
      if (at(c - 1) != NL) continue;
      let k = <isize>c - 2;
      while (k >= <isize>s && (at(<usize>k) == SP || at(<usize>k) == TAB)) k--;
      if ((k >= <isize>s && at(<usize>k) == SEMI) || opensEntry(c, find(NL, c, n))) {
        end = c - 1;
        next = c;
        break;
      }
    }
    if (cut != 0 && !onlyBanners(cut, end, n)) return count;
    const stop = statementEnd(s, cut != 0 ? cut - 1 : end);
    if (stop == 0) return count;
    const f = RECORDS_F64 + <usize>count * RECORD_F64 * 8;
    store<f64>(f, ts);
    store<f64>(f + 8, queryTime);
    store<f64>(f + 16, lockTime);
    store<f64>(f + 24, rowsSent);
    store<f64>(f + 32, rowsExamined);
    store<f64>(f + 40, rowsAffected);
    store<f64>(f + 48, bytesSent);
    store<f64>(f + 56, tmpTables);
    store<f64>(f + 64, tmpDiskTables);
    store<f64>(f + 72, fullScan);
    store<f64>(f + 80, filesort);
    const r = RECORDS_I32 + <usize>count * RECORD_I32 * 4;
    store<u32>(r, <u32>userStart);
    store<u32>(r + 4, <u32>userEnd);
    store<u32>(r + 8, <u32>hostStart);
    store<u32>(r + 12, <u32>hostEnd);
    store<u32>(r + 16, <u32>useStart);
    store<u32>(r + 20, <u32>useEnd);
    store<u32>(r + 24, <u32>s);
    store<u32>(r + 28, <u32>stop);
    store<u32>(r + 32, <u32>schemaStart);
    store<u32>(r + 36, <u32>schemaEnd);
    // 1: the entry has optional counters or a Schema (the host reads them only then).
    const extra = !isNaN(rowsAffected) || !isNaN(bytesSent) || !isNaN(tmpTables) || !isNaN(tmpDiskTables) || !isNaN(fullScan) || !isNaN(filesort) || schemaEnd > schemaStart;
    store<u32>(r + 40, extra ? 1 : 0);
    const verbatim = scanLookup(memoOwner, s, stop - s);
    store<i32>(r + 44, verbatim);
    store<i32>(r + 48, verbatim < 0 && shapeOwner != 0 ? shapeLookup(shapeOwner, OUT, mainPassOfStatement(s, stop, OUT)) : -2);
    count++;
    i = next;
  }
  stoppedAt = i;
  return count;
}
