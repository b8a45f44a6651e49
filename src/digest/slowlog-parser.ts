/**
 * A line-oriented state machine over the MySQL slow log. It reads the formats of MySQL 5.7/8 (with or
 * without log_slow_extra), Aurora MySQL 2 and 3, Percona Server and MariaDB (Thread_id/Schema/QC_hit,
 * Rows_affected, Bytes_sent, Tmp_tables, Full_scan, Filesort …), `use db;`, `SET timestamp=…;`,
 * multi-line statements, administrator commands and server start-up banners. One entry is:
 *
 *   header lines (`# …`)  →  meta lines (`use …;`, `SET timestamp=…;`)  →  statement lines
 *
 * A statement ends where a `#` line follows a line ending in `;` (pt-query-digest splits on `;\n#` too),
 * or where a line opens a new header (`# Time:`, `# User@Host:`, `# Query_time:`, `# Thread_id:`), so a
 * truncated statement does not swallow the next entry. Entries without a valid Query_time or without a
 * statement are counted as malformed, never thrown.
 *
 * It works on the raw bytes of each line: header lines (most of a slow log) are parsed in place without
 * being decoded; only statement lines and changed user/host/schema values are decoded from UTF-8. No
 * regular expression runs per line.
 */
import type { SlowEvent } from './event';

const HASH = 35,
  SP = 32,
  TAB = 9,
  CR = 13,
  SEMI = 59,
  COLON = 58;

export interface ParserCallbacks {
  event(e: SlowEvent): void;
  malformed(): void;
}

/**
 * Remembers the bytes behind the last decoded string so that an identical next value (the same user,
 * host, schema or time as the previous entry — the common case) reuses the string without decoding.
 */
class DecodedCache {
  private bytes = new Uint8Array(64);
  private len = -1;
  private value = '';

  get(b: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n === this.len) {
      let k = 0;
      while (k < n && this.bytes[k] === b[s + k]) k++;
      if (k === n) return this.value;
    }
    if (n > this.bytes.length) this.bytes = new Uint8Array(n * 2);
    let ascii = true;
    for (let k = 0; k < n; k++) {
      const c = b[s + k]!;
      this.bytes[k] = c;
      if (c > 127) ascii = false;
    }
    this.len = n;
    this.value = b.toString(ascii ? 'latin1' : 'utf8', s, e);
    return this.value;
  }
}

export class SlowLogParser {
  private inQuery = false;
  private hasContent = false;
  private query0 = '';
  private queryMore: string[] | null = null;
  private queryLines = 0;
  private prevSemicolon = false;
  private queryTime = NaN;
  private lockTime = 0;
  private rowsSent = 0;
  private rowsExamined = 0;
  private user = '';
  private host = '';
  private schema = '';
  private useDb = '';
  private gotUser = false;
  private gotTime = false;
  private setTs = NaN;
  private isoTs = NaN;
  private legacyTs = NaN;
  private admin = false;
  // Optional counters, kept as fields so every event has the same shape (monomorphic in the aggregator).
  private xRowsAffected: number | undefined = undefined;
  private xBytesSent: number | undefined = undefined;
  private xTmpTables: number | undefined = undefined;
  private xTmpDiskTables: number | undefined = undefined;
  private xFullScan: boolean | undefined = undefined;
  private xFilesort: boolean | undefined = undefined;
  /** Last `# Time:` seen (MariaDB writes it only when the second changes). */
  private carriedIso = NaN;
  private carriedLegacy = NaN;
  private readonly timeCache = new DecodedCache();
  private lastTimeText = '';
  /** `YYYY-MM-DDTHH:MM` of the last ISO time and its epoch ms: MySQL 8 logs a new microsecond time per entry. */
  private lastMinuteKey = '';
  private lastMinuteValue = NaN;
  private lastTimeValue = NaN;
  private lastTimeIso = false;
  private readonly userCache = new DecodedCache();
  private readonly hostCache = new DecodedCache();
  private readonly schemaCache = new DecodedCache();
  private readonly useCache = new DecodedCache();

  constructor(
    private readonly out: ParserCallbacks,
    /** Timestamp for entries that carry none (CloudWatch event time), ms. */
    public defaultTs = NaN,
    /** Carry `# Time:` forward to later entries (file mode); off for independent CloudWatch messages. */
    private readonly carryTime = true,
  ) {}

  /** Feed one line given as text, without its `\n`. */
  line(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.lineBytes(b, 0, b.length);
  }

  /** Feed one line: bytes b[s, e), without the `\n`. */
  lineBytes(b: Buffer, s: number, e: number): void {
    if (e > s && b[e - 1] === CR) e--;
    const c0 = s < e ? b[s]! : -1;
    if (this.inQuery) {
      if (c0 === HASH && (this.prevSemicolon || opensEntry(b, s, e))) {
        this.finish();
        this.header(b, s, e);
        return;
      }
      if (this.prevSemicolon && isBanner(b, s, e)) {
        this.finish();
        return;
      }
      this.addQueryLine(b.toString('utf8', s, e));
      this.prevSemicolon = endsWithSemicolon(b, s, e);
      return;
    }
    if (c0 === HASH) {
      this.header(b, s, e);
      return;
    }
    if (c0 === -1) return;
    if (c0 === 117 /* u */ && startsWith(b, s, e, 'use ')) {
      this.hasContent = true;
      if (!this.useDb) {
        let end = s + 4;
        while (end < e && b[end] !== SEMI) end++;
        let a = s + 4;
        while (a < end && b[a] === SP) a++;
        let z = end;
        while (z > a && b[z - 1] === SP) z--;
        if (z - a >= 2 && b[a] === 96 && b[z - 1] === 96) {
          a++;
          z--;
        }
        this.useDb = this.useCache.get(b, a, z);
      }
      return;
    }
    if (c0 === 83 /* S */ && isMetaSet(b, s, e)) {
      this.hasContent = true;
      const t = indexOfAscii(b, s, e, 'timestamp=');
      if (t >= 0 && Number.isNaN(this.setTs)) {
        let z = t + 10;
        while (z < e && b[z] !== SEMI && b[z] !== 44 && b[z] !== SP) z++;
        const v = parseNumber(b, t + 10, z);
        if (Number.isFinite(v)) this.setTs = v * 1000;
      }
      return;
    }
    if (isBanner(b, s, e)) return;
    this.hasContent = true;
    this.inQuery = true;
    this.addQueryLine(b.toString('utf8', s, e));
    this.prevSemicolon = endsWithSemicolon(b, s, e);
  }

  /** End of input: emit the pending entry. */
  end(): void {
    this.finish();
  }

  private addQueryLine(text: string): void {
    if (this.queryLines === 0) this.query0 = text;
    else if (this.queryLines === 1) this.queryMore = [this.query0, text];
    else this.queryMore!.push(text);
    this.queryLines++;
  }

  private header(b: Buffer, s: number, e: number): void {
    const c2 = e - s > 2 ? b[s + 2]! : -1;
    if (c2 === 84 /* T */ && startsWith(b, s, e, '# Time:')) {
      // A second `# Time:` (or one after User@Host / Query_time): the previous entry was cut short.
      if (this.gotTime || this.gotUser || !Number.isNaN(this.queryTime)) this.finish();
      this.hasContent = true;
      this.gotTime = true;
      let a = s + 7;
      while (a < e && b[a] === SP) a++;
      let z = e;
      while (z > a && (b[z - 1] === SP || b[z - 1] === TAB)) z--;
      this.parseTime(this.timeCache.get(b, a, z));
      return;
    }
    if (c2 === 85 /* U */ && startsWith(b, s, e, '# User@Host:')) {
      if (this.gotUser || !Number.isNaN(this.queryTime)) this.finish();
      this.hasContent = true;
      this.gotUser = true;
      this.parseUserHost(b, s, e);
      return;
    }
    if (c2 === 97 /* a */ && startsWith(b, s, e, '# administrator command:')) {
      this.hasContent = true;
      let z = e;
      while (z > s && (b[z - 1] === SP || b[z - 1] === TAB)) z--;
      if (z > s && b[z - 1] === SEMI) z--;
      this.admin = true;
      this.query0 = b.toString('utf8', s + 2, z);
      this.queryMore = null;
      this.queryLines = 1;
      this.inQuery = true;
      this.prevSemicolon = true;
      return;
    }
    if (c2 >= 65 && c2 <= 90 && b[s + 1] === SP) {
      if (c2 === 81 /* Q */ && !Number.isNaN(this.queryTime) && startsWith(b, s, e, '# Query_time:')) this.finish();
      this.hasContent = true;
      this.parsePairs(b, s, e);
    }
    // `#`, `# explain: …` and other comment lines carry nothing we aggregate.
  }

  /**
   * `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z]` without Date.parse for every entry: the minute is parsed once
   * and cached, seconds and the fraction (to whole ms, as Date.parse does) are added. NaN for anything
   * else (e.g. a numeric offset), which takes the general path.
   */
  private fastIsoUtc(text: string): number {
    const n = text.length;
    const sep = text.charCodeAt(10);
    if (n < 19 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
    const s1 = text.charCodeAt(17) - 48;
    const s2 = text.charCodeAt(18) - 48;
    if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return NaN;
    let ms = 0;
    let i = 19;
    if (i < n && text.charCodeAt(i) === 46 /* . */) {
      i++;
      let scale = 100;
      while (i < n) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        ms += d * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
    if (i < n && !((i === n - 1 && text.charCodeAt(i) === 90) /* Z */)) return NaN;
    const key = text.slice(0, 16);
    if (key !== this.lastMinuteKey) {
      this.lastMinuteKey = key;
      this.lastMinuteValue = Date.parse(`${key.slice(0, 10)}T${key.slice(11)}:00Z`);
    }
    return this.lastMinuteValue + (s1 * 10 + s2) * 1000 + ms;
  }

  private parseTime(text: string): void {
    if (text !== this.lastTimeText) {
      let value = NaN;
      let iso = false;
      if (text.length >= 19 && text.charCodeAt(4) === 45 /* - */) {
        // 2023-01-01T12:00:00.123456Z (MySQL 5.7+, Aurora); a missing zone means UTC here.
        value = this.fastIsoUtc(text);
        if (Number.isNaN(value)) {
          const t = text.replace(' ', 'T');
          value = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`);
        }
        iso = true;
      } else {
        // 231121  8:22:18 (MySQL 5.5/5.6, MariaDB): server-local time, read as UTC.
        const m = /^(\d\d)(\d\d)(\d\d)\s+(\d{1,2}):(\d\d):(\d\d)/.exec(text);
        if (m) value = Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
      }
      this.lastTimeText = text;
      this.lastTimeValue = value;
      this.lastTimeIso = iso;
    }
    if (this.lastTimeIso) this.isoTs = this.lastTimeValue;
    else this.legacyTs = this.lastTimeValue;
    if (this.carryTime) {
      this.carriedIso = this.lastTimeIso ? this.lastTimeValue : NaN;
      this.carriedLegacy = this.lastTimeIso ? NaN : this.lastTimeValue;
    }
  }

  /** `# User@Host: app[app] @ host.example [10.0.0.5]  Id:    42` — user before `[`, host after ` @ `, else the IP in brackets. */
  private parseUserHost(b: Buffer, s: number, e: number): void {
    let i = s + 12;
    while (i < e && b[i] === SP) i++;
    const us = i;
    while (i < e && b[i] !== 91 /* [ */ && !((b[i] === SP && b[i + 1] === 64) /* @ */)) i++;
    let ue = i;
    while (ue > us && b[ue - 1] === SP) ue--;
    this.user = this.userCache.get(b, us, ue);
    // Find " @ ".
    while (i + 2 < e && !(b[i] === SP && b[i + 1] === 64 && b[i + 2] === SP)) i++;
    if (i + 2 >= e) {
      this.host = '';
      return;
    }
    i += 3;
    const hs = i;
    while (i < e && b[i] !== SP && b[i] !== 91) i++;
    if (i > hs) {
      this.host = this.hostCache.get(b, hs, i);
      return;
    }
    while (i < e && b[i] !== 91) i++;
    const ips = i + 1;
    let ipe = ips;
    while (ipe < e && b[ipe] !== 93 /* ] */) ipe++;
    this.host = ipe < e ? this.hostCache.get(b, ips, ipe) : '';
  }

  /** `# Key: value  Key2: value2 …` — values are single tokens; an empty value (`Schema:  QC_hit: No`) is ''. */
  private parsePairs(b: Buffer, s: number, e: number): void {
    let i = s + 1;
    while (i < e) {
      while (i < e && b[i] === SP) i++;
      const keyStart = i;
      while (i < e && b[i] !== COLON && b[i] !== SP) i++;
      if (i >= e || b[i] !== COLON) continue;
      const keyEnd = i;
      i++;
      while (i < e && b[i] === SP) i++;
      const valStart = i;
      while (i < e && b[i] !== SP) i++;
      let valEnd = i;
      if (valEnd > valStart && b[valEnd - 1] === COLON) {
        // The "value" is the next key: this key is empty.
        i = valStart;
        valEnd = valStart;
      }
      this.field(b, keyStart, keyEnd, valStart, valEnd);
    }
  }

  private field(b: Buffer, k: number, ke: number, a: number, z: number): void {
    const len = ke - k;
    switch (b[k]) {
      case 81: // Q
        if (len === 10 && startsWith(b, k, ke, 'Query_time')) this.queryTime = z > a ? parseNumber(b, a, z) : NaN;
        return;
      case 76: // L
        if (len === 9 && startsWith(b, k, ke, 'Lock_time')) this.lockTime = num(b, a, z);
        return;
      case 82: // R
        if (len === 9 && startsWith(b, k, ke, 'Rows_sent')) this.rowsSent = num(b, a, z);
        else if (len === 13 && startsWith(b, k, ke, 'Rows_examined')) this.rowsExamined = num(b, a, z);
        else if (len === 13 && startsWith(b, k, ke, 'Rows_affected')) this.xRowsAffected = num(b, a, z);
        return;
      case 83: // S
        if (len === 6 && startsWith(b, k, ke, 'Schema')) this.schema = z > a ? this.schemaCache.get(b, a, z) : '';
        else if (len === 11 && startsWith(b, k, ke, 'Select_scan')) this.xFullScan = num(b, a, z) > 0;
        return;
      case 66: // B
        if (len === 10 && startsWith(b, k, ke, 'Bytes_sent')) this.xBytesSent = num(b, a, z);
        return;
      case 84: // T
        if (len === 10 && startsWith(b, k, ke, 'Tmp_tables')) this.xTmpTables = num(b, a, z);
        else if (len === 15 && startsWith(b, k, ke, 'Tmp_disk_tables')) this.xTmpDiskTables = num(b, a, z);
        return;
      case 67: // C
        if (len === 18 && startsWith(b, k, ke, 'Created_tmp_tables')) this.xTmpTables = num(b, a, z);
        else if (len === 23 && startsWith(b, k, ke, 'Created_tmp_disk_tables')) this.xTmpDiskTables = num(b, a, z);
        return;
      case 70: // F
        if (len === 9 && startsWith(b, k, ke, 'Full_scan')) this.xFullScan = b[a] === 89; /* Yes */
        else if (len === 8 && startsWith(b, k, ke, 'Filesort')) this.xFilesort = b[a] === 89;
        return;
      default:
    }
  }

  private finish(): void {
    if (this.hasContent) {
      let query = this.queryMore ? joinLines(this.queryMore) : this.query0;
      query = stripTerminator(query);
      if (!query && this.useDb) query = `use ${this.useDb}`;
      if (!(this.queryTime >= 0) || !query) {
        this.out.malformed();
      } else {
        const ts = !Number.isNaN(this.isoTs)
          ? this.isoTs
          : !Number.isNaN(this.setTs)
            ? this.setTs
            : !Number.isNaN(this.legacyTs)
              ? this.legacyTs
              : this.gotTime
                ? NaN
                : !Number.isNaN(this.carriedIso)
                  ? this.carriedIso
                  : !Number.isNaN(this.carriedLegacy)
                    ? this.carriedLegacy
                    : this.defaultTs;
        const e: SlowEvent = {
          ts,
          user: this.user,
          host: this.host,
          db: this.useDb || this.schema,
          queryTime: this.queryTime,
          lockTime: this.lockTime,
          rowsSent: this.rowsSent,
          rowsExamined: this.rowsExamined,
          query,
          admin: this.admin,
          rowsAffected: this.xRowsAffected,
          bytesSent: this.xBytesSent,
          tmpTables: this.xTmpTables,
          tmpDiskTables: this.xTmpDiskTables,
          fullScan: this.xFullScan,
          filesort: this.xFilesort,
        };
        this.out.event(e);
      }
    }
    this.inQuery = false;
    this.hasContent = false;
    this.query0 = '';
    this.queryMore = null;
    this.queryLines = 0;
    this.prevSemicolon = false;
    this.queryTime = NaN;
    this.lockTime = 0;
    this.rowsSent = 0;
    this.rowsExamined = 0;
    this.user = '';
    this.host = '';
    this.schema = '';
    this.useDb = '';
    this.gotUser = false;
    this.gotTime = false;
    this.setTs = NaN;
    this.isoTs = NaN;
    this.legacyTs = NaN;
    this.admin = false;
    this.xRowsAffected = undefined;
    this.xBytesSent = undefined;
    this.xTmpTables = undefined;
    this.xTmpDiskTables = undefined;
    this.xFullScan = undefined;
    this.xFilesort = undefined;
  }
}

function joinLines(lines: string[]): string {
  let last = lines.length - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;
  return last === lines.length - 1 ? lines.join('\n') : lines.slice(0, last + 1).join('\n');
}

function startsWith(b: Buffer, s: number, e: number, prefix: string): boolean {
  const n = prefix.length;
  if (e - s < n) return false;
  for (let k = 0; k < n; k++) if (b[s + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

function endsWith(b: Buffer, s: number, e: number, suffix: string): boolean {
  return e - s >= suffix.length && startsWith(b, e - suffix.length, e, suffix);
}

function indexOfAscii(b: Buffer, s: number, e: number, needle: string): number {
  const first = needle.charCodeAt(0);
  for (let i = s; i + needle.length <= e; i++) {
    if (b[i] === first && startsWith(b, i, e, needle)) return i;
  }
  return -1;
}

/** A decimal number in b[a, z) (`0.000123`, `42`); anything unusual falls back to Number(). */
function parseNumber(b: Buffer, a: number, z: number): number {
  if (z <= a) return NaN;
  let intPart = 0;
  let i = a;
  for (; i < z; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    intPart = intPart * 10 + d;
  }
  if (i === z) return i - a > 15 ? Number(b.toString('latin1', a, z)) : intPart;
  if (b[i] !== 46 /* . */ || i === a) return Number(b.toString('latin1', a, z));
  i++;
  let frac = 0;
  let scale = 1;
  const start = i;
  for (; i < z; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number(b.toString('latin1', a, z));
    frac = frac * 10 + d;
    scale *= 10;
  }
  if (i - start > 15) return Number(b.toString('latin1', a, z));
  return intPart + frac / scale;
}

function num(b: Buffer, a: number, z: number): number {
  const v = parseNumber(b, a, z);
  return Number.isFinite(v) ? v : 0;
}

function endsWithSemicolon(b: Buffer, s: number, e: number): boolean {
  let k = e - 1;
  while (k >= s && (b[k] === SP || b[k] === TAB)) k--;
  return k >= s && b[k] === SEMI;
}

function stripTerminator(q: string): string {
  let k = q.length - 1;
  while (k >= 0 && (q.charCodeAt(k) === 32 || q.charCodeAt(k) === 9 || q.charCodeAt(k) === 10)) k--;
  if (k >= 0 && q.charCodeAt(k) === 59) k--;
  return k === q.length - 1 ? q : q.slice(0, k + 1);
}

/** A `#` line that can only start a new entry's header. */
function opensEntry(b: Buffer, s: number, e: number): boolean {
  return startsWith(b, s, e, '# Time:') || startsWith(b, s, e, '# User@Host:') || startsWith(b, s, e, '# Query_time:') || startsWith(b, s, e, '# Thread_id:');
}

/** `SET timestamp=…`, `SET insert_id=…`, `SET last_insert_id=…` written by the server before a statement. */
function isMetaSet(b: Buffer, s: number, e: number): boolean {
  return startsWith(b, s, e, 'SET timestamp=') || startsWith(b, s, e, 'SET insert_id=') || startsWith(b, s, e, 'SET last_insert_id=');
}

/** Server start-up lines written into the slow log (`…mysqld, Version: …`, `Tcp port: …`, `Time  Id Command  Argument`). */
function isBanner(b: Buffer, s: number, e: number): boolean {
  const c0 = b[s];
  if (c0 === 84 /* T */) return startsWith(b, s, e, 'Tcp port: ') || (startsWith(b, s, e, 'Time') && indexOfAscii(b, s, e, 'Id Command') >= 0);
  if (c0 === 47 /* / */ || (c0 !== undefined && c0 >= 65 && c0 <= 90)) {
    let z = e;
    while (z > s && b[z - 1] === SP) z--;
    return (endsWith(b, s, z, 'started with:') || endsWith(b, s, z, 'embedded library')) && indexOfAscii(b, s, z, ', Version: ') >= 0;
  }
  return false;
}
