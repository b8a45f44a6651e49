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
 * statement are counted as malformed, never thrown. No regular expressions run per line.
 */
import type { SlowEvent } from './event';

const HASH = 35;

export interface ParserCallbacks {
  event(e: SlowEvent): void;
  malformed(): void;
}

export class SlowLogParser {
  private inQuery = false;
  private hasContent = false;
  private queryLines: string[] = [];
  private prevSemicolon = false;
  private queryTime = NaN;
  private lockTime = 0;
  private rowsSent = 0;
  private rowsExamined = 0;
  private user = '';
  private host = '';
  private db = '';
  private schema = '';
  private useDb = '';
  private gotUser = false;
  private gotTime = false;
  private setTs = NaN;
  private isoTs = NaN;
  private legacyTs = NaN;
  private admin = false;
  private extra: Partial<Pick<SlowEvent, 'rowsAffected' | 'bytesSent' | 'tmpTables' | 'tmpDiskTables' | 'fullScan' | 'filesort'>> | null = null;
  /** Last `# Time:` seen (MariaDB writes it only when the second changes). */
  private carriedIso = NaN;
  private carriedLegacy = NaN;
  private lastTimeText = '';
  private lastTimeValue = NaN;
  private lastTimeIso = false;

  constructor(
    private readonly out: ParserCallbacks,
    /** Timestamp for entries that carry none (CloudWatch event time), ms. */
    public defaultTs = NaN,
    /** Carry `# Time:` forward to later entries (file mode); off for independent CloudWatch messages. */
    private readonly carryTime = true,
  ) {}

  /** Feed one line, without its `\n`. */
  line(raw: string): void {
    const s = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const c0 = s.charCodeAt(0);
    if (this.inQuery) {
      if (c0 === HASH && (this.prevSemicolon || opensEntry(s))) {
        this.finish();
        this.header(s);
        return;
      }
      if (this.prevSemicolon && isBanner(s)) {
        this.finish();
        return;
      }
      this.queryLines.push(s);
      this.prevSemicolon = endsWithSemicolon(s);
      return;
    }
    if (c0 === HASH) {
      this.header(s);
      return;
    }
    if (s.length === 0) return;
    if (c0 === 117 /* u */ && s.startsWith('use ')) {
      this.hasContent = true;
      if (!this.useDb) {
        const semi = s.indexOf(';');
        this.useDb = (semi >= 0 ? s.slice(4, semi) : s.slice(4)).trim().replace(/^`(.*)`$/, '$1');
      }
      return;
    }
    if (c0 === 83 /* S */ && s.startsWith('SET ') && isMetaSet(s)) {
      this.hasContent = true;
      const t = s.indexOf('timestamp=');
      if (t >= 0 && Number.isNaN(this.setTs)) {
        const v = parseFloat(s.slice(t + 10));
        if (Number.isFinite(v)) this.setTs = v * 1000;
      }
      return;
    }
    if (isBanner(s)) return;
    this.hasContent = true;
    this.inQuery = true;
    this.queryLines.push(s);
    this.prevSemicolon = endsWithSemicolon(s);
  }

  /** End of input: emit the pending entry. */
  end(): void {
    this.finish();
  }

  private header(s: string): void {
    // `# Time:` / `# User@Host:` / `# Query_time:` a second time inside one header: the previous entry
    // was cut short (no statement); close it so it is counted, and start a new one.
    if (s.startsWith('# Time:')) {
      if (this.gotTime || this.gotUser || !Number.isNaN(this.queryTime)) this.finish();
      this.hasContent = true;
      this.gotTime = true;
      this.parseTime(s.slice(7).trim());
      return;
    }
    if (s.startsWith('# User@Host:')) {
      if (this.gotUser || !Number.isNaN(this.queryTime)) this.finish();
      this.hasContent = true;
      this.gotUser = true;
      this.parseUserHost(s);
      return;
    }
    if (s.startsWith('# administrator command:')) {
      this.hasContent = true;
      let cmd = s.slice(2).trimEnd();
      if (cmd.endsWith(';')) cmd = cmd.slice(0, -1);
      this.admin = true;
      this.queryLines = [cmd];
      this.inQuery = true;
      this.prevSemicolon = true;
      return;
    }
    if (s.length > 3 && s.charCodeAt(1) === 32 && s.indexOf(': ') > 0) {
      if (s.startsWith('# Query_time:') && !Number.isNaN(this.queryTime)) this.finish();
      this.hasContent = true;
      this.parsePairs(s);
    }
    // `#`, `# explain: …` and other comment lines carry nothing we aggregate.
  }

  private parseTime(text: string): void {
    if (text === this.lastTimeText) {
      this.applyTime(this.lastTimeValue, this.lastTimeIso);
      return;
    }
    let value = NaN;
    let iso = false;
    if (text.length >= 19 && text.charCodeAt(4) === 45 /* - */) {
      // 2023-01-01T12:00:00.123456Z (MySQL 5.7+, Aurora); a missing zone means UTC here.
      const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/.test(text);
      value = Date.parse(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
      iso = true;
    } else {
      // 231121  8:22:18 (MySQL 5.5/5.6, MariaDB): server-local time, read as UTC.
      const m = /^(\d\d)(\d\d)(\d\d)\s+(\d{1,2}):(\d\d):(\d\d)/.exec(text);
      if (m) value = Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    }
    this.lastTimeText = text;
    this.lastTimeValue = value;
    this.lastTimeIso = iso;
    this.applyTime(value, iso);
  }

  private applyTime(value: number, iso: boolean): void {
    if (iso) this.isoTs = value;
    else this.legacyTs = value;
    if (this.carryTime) {
      this.carriedIso = iso ? value : NaN;
      this.carriedLegacy = iso ? NaN : value;
    }
  }

  /** `# User@Host: app[app] @ host.example [10.0.0.5]  Id:    42` */
  private parseUserHost(s: string): void {
    const start = 13;
    const bracket = s.indexOf('[', start);
    const at = s.indexOf(' @ ', start);
    const userEnd = bracket >= 0 && (at < 0 || bracket < at) ? bracket : at >= 0 ? at : s.length;
    this.user = s.slice(start, userEnd).trim();
    if (at >= 0) {
      const k = at + 3;
      let hostEnd = k;
      while (hostEnd < s.length && s.charCodeAt(hostEnd) !== 32 && s.charCodeAt(hostEnd) !== 91) hostEnd++;
      let host = s.slice(k, hostEnd);
      if (!host) {
        const open = s.indexOf('[', at);
        const close = open >= 0 ? s.indexOf(']', open) : -1;
        if (close > open) host = s.slice(open + 1, close);
      }
      this.host = host;
    }
  }

  /** `# Key: value  Key2: value2 …` — values are single tokens; an empty value (`Schema:  QC_hit: No`) is ''. */
  private parsePairs(s: string): void {
    const n = s.length;
    let i = 1;
    while (i < n) {
      while (i < n && s.charCodeAt(i) === 32) i++;
      const keyStart = i;
      while (i < n && s.charCodeAt(i) !== 58 /* : */ && s.charCodeAt(i) !== 32) i++;
      if (i >= n || s.charCodeAt(i) !== 58) continue;
      const keyEnd = i;
      i++;
      while (i < n && s.charCodeAt(i) === 32) i++;
      const valStart = i;
      while (i < n && s.charCodeAt(i) !== 32) i++;
      let valEnd = i;
      if (valEnd > valStart && s.charCodeAt(valEnd - 1) === 58) {
        // The "value" is the next key: this key is empty.
        i = valStart;
        valEnd = valStart;
      }
      this.field(s.slice(keyStart, keyEnd), s, valStart, valEnd);
    }
  }

  private field(key: string, s: string, a: number, b: number): void {
    switch (key) {
      case 'Query_time':
        this.queryTime = b > a ? Number(s.slice(a, b)) : NaN;
        return;
      case 'Lock_time':
        this.lockTime = num(s, a, b);
        return;
      case 'Rows_sent':
        this.rowsSent = num(s, a, b);
        return;
      case 'Rows_examined':
        this.rowsExamined = num(s, a, b);
        return;
      case 'Schema':
        this.schema = s.slice(a, b);
        return;
      case 'Rows_affected':
        (this.extra ??= {}).rowsAffected = num(s, a, b);
        return;
      case 'Bytes_sent':
        (this.extra ??= {}).bytesSent = num(s, a, b);
        return;
      case 'Tmp_tables':
      case 'Created_tmp_tables':
        (this.extra ??= {}).tmpTables = num(s, a, b);
        return;
      case 'Tmp_disk_tables':
      case 'Created_tmp_disk_tables':
        (this.extra ??= {}).tmpDiskTables = num(s, a, b);
        return;
      case 'Full_scan':
        (this.extra ??= {}).fullScan = s.charCodeAt(a) === 89 /* Yes */;
        return;
      case 'Select_scan':
        (this.extra ??= {}).fullScan = num(s, a, b) > 0;
        return;
      case 'Filesort':
        (this.extra ??= {}).filesort = s.charCodeAt(a) === 89;
        return;
      default:
    }
  }

  private finish(): void {
    if (this.hasContent) {
      let query = '';
      const lines = this.queryLines;
      if (lines.length === 1) query = lines[0]!;
      else if (lines.length > 1) {
        let last = lines.length - 1;
        while (last > 0 && lines[last]!.trim() === '') last--;
        query = last === lines.length - 1 ? lines.join('\n') : lines.slice(0, last + 1).join('\n');
      }
      query = stripTerminator(query);
      if (!query && this.useDb) query = `use ${this.useDb}`;
      if (Number.isNaN(this.queryTime) || !(this.queryTime >= 0) || !query) {
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
        };
        if (this.extra) Object.assign(e, this.extra);
        this.out.event(e);
      }
    }
    this.reset();
  }

  private reset(): void {
    this.inQuery = false;
    this.hasContent = false;
    this.queryLines = [];
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
    this.extra = null;
  }
}

function num(s: string, a: number, b: number): number {
  if (b <= a) return 0;
  const v = Number(s.slice(a, b));
  return Number.isFinite(v) ? v : 0;
}

function endsWithSemicolon(s: string): boolean {
  let k = s.length - 1;
  while (k >= 0 && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k--;
  return k >= 0 && s.charCodeAt(k) === 59;
}

function stripTerminator(q: string): string {
  let k = q.length - 1;
  while (k >= 0 && (q.charCodeAt(k) === 32 || q.charCodeAt(k) === 9 || q.charCodeAt(k) === 10)) k--;
  if (k >= 0 && q.charCodeAt(k) === 59) k--;
  return k === q.length - 1 ? q : q.slice(0, k + 1);
}

/** A `#` line that can only start a new entry's header. */
function opensEntry(s: string): boolean {
  return s.startsWith('# Time:') || s.startsWith('# User@Host:') || s.startsWith('# Query_time:') || s.startsWith('# Thread_id:');
}

/** `SET timestamp=…`, `SET insert_id=…`, `SET last_insert_id=…` written by the server before a statement. */
function isMetaSet(s: string): boolean {
  return s.startsWith('SET timestamp=') || s.startsWith('SET insert_id=') || s.startsWith('SET last_insert_id=');
}

/** Server start-up lines written into the slow log (`…mysqld, Version: …`, `Tcp port: …`, `Time  Id Command  Argument`). */
function isBanner(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (c0 === 84 /* T */) return s.startsWith('Tcp port: ') || (s.startsWith('Time') && s.includes('Id Command'));
  if (c0 === 47 /* / */ || (c0 >= 65 && c0 <= 90)) return s.includes(', Version: ') && (s.includes('started with:') || s.includes('embedded library'));
  return false;
}
