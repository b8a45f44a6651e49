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
 * It works on raw bytes: header lines are parsed in place without being decoded. fed a block of whole
 * lines (`block()`), it finds where each statement ends with native byte searches and hands the
 * statement on as a byte range (`raw`), so a consumer that can (the aggregator) fingerprints and samples
 * without decoding repeated statements at all; fed line by line (`lineBytes()`, the reference path), it
 * decodes statements into strings. Both give the same events. No regular expression runs per line.
 *
 * Event times follow the log's declared time base (time-base.ts): ISO `# Time:` instants as they are,
 * legacy server-local `# Time:` converted with the zone given or revealed by `SET timestamp=`.
 */
import * as engine from './wasm-engine';
import type { SlowEvent } from './event';
import { fixedZone, revealedOffsetMinutes, type DigestTimeBase, type Zone } from './time-base';

export const HASH = 35;
/**
 * Scans of a block in a row that may read nothing before the JavaScript parser reads the rest of it: a
 * log the scanner cannot read (MariaDB, MySQL 5.x) costs a few attempts per block, not one per entry.
 */
const GIVE_UP = 8;
/** A line end followed by `# Time:`: where the scanner can take over again. */
const NEXT_TIME = Buffer.from('\n# Time:');
const SP = 32,
  TAB = 9,
  CR = 13,
  SEMI = 59,
  COLON = 58;

export interface ParserCallbacks {
  event(e: SlowEvent): void;
  malformed(): void;
  /**
   * A statement taken from a block as bytes b[s, z) (already without its `;`), with the entry's other
   * fields in `e` (`e.query` is ''). The bytes are only valid during the call. When absent, the parser
   * decodes the statement and calls `event`.
   */
  raw?(e: SlowEvent, b: Buffer, s: number, z: number, memoHint?: number, shapeHint?: number): void;
  /**
   * The owner of the engine's verbatim statement memo for the scanner to look statements up in (then
   * `raw` gets the entry it found as memoHint: ≥ 0, or -1 for none, or -2 when not looked up), or 0.
   * Called before each scan.
   */
  scanMemo?(): number;
  /** Likewise for the shape memo (the main pass's bytes): `raw`'s shapeHint. */
  scanShapes?(): number;
}

export interface ParserOptions {
  /** Timestamp for entries that carry none (CloudWatch event time), ms. */
  defaultTs?: number;
  /** Carry `# Time:` forward to later entries (file mode); off for independent CloudWatch messages. */
  carryTime?: boolean;
  /** The zone of server-local times (`--tz`); else the offset the log reveals; else UTC. */
  zone?: Zone;
  /** Parse blocks line by line as `lineBytes` does (the reference path, for tests). */
  lineByLine?: boolean;
  /**
   * Read the entries of a block that have MySQL 8's common shape with the WebAssembly scanner
   * (wasm-engine.ts; default); off, the JavaScript block path reads them (tests compare the two).
   */
  scanner?: boolean;
}

/** How many recent values a DecodedCache remembers (an application's few users, its pool of hosts). */
const DECODED_SLOTS = 8;

/**
 * Remembers the bytes behind the last few decoded strings so that a value seen lately (the same user,
 * host, schema or time as a recent entry — the common case, also when a connection pool's hosts take
 * turns: on the real RDS log the host changes at 45% of the entries, among 5 hosts) reuses its string
 * without decoding, and the aggregator meets the same string again.
 */
class DecodedCache {
  private readonly bytes: Uint8Array[] = [];
  private readonly lens = new Int32Array(DECODED_SLOTS).fill(-1);
  private readonly values: string[] = [];
  /** The slot the next new value takes (round robin). */
  private next = 0;

  constructor() {
    for (let i = 0; i < DECODED_SLOTS; i++) {
      this.bytes.push(new Uint8Array(64));
      this.values.push('');
    }
  }

  get(b: Buffer, s: number, e: number): string {
    const n = e - s;
    for (let slot = 0; slot < DECODED_SLOTS; slot++) {
      if (this.lens[slot] !== n) continue;
      const known = this.bytes[slot]!;
      let k = 0;
      while (k < n && known[k] === b[s + k]) k++;
      if (k === n) return this.values[slot]!;
    }
    return this.decode(b, s, e);
  }

  /** A value none of the slots holds: decoded into the next slot (apart from get(), the hot path). */
  private decode(b: Buffer, s: number, e: number): string {
    const n = e - s;
    const slot = this.next;
    this.next = (slot + 1) % DECODED_SLOTS;
    if (n > this.bytes[slot]!.length) this.bytes[slot] = new Uint8Array(n * 2);
    const bytes = this.bytes[slot]!;
    let ascii = true;
    for (let k = 0; k < n; k++) {
      const c = b[s + k]!;
      bytes[k] = c;
      if (c > 127) ascii = false;
    }
    this.lens[slot] = n;
    const value = b.toString(ascii ? 'latin1' : 'utf8', s, e);
    this.values[slot] = value;
    return value;
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
  /** This entry's own `# Time:` (ms; server-local read as UTC when ownLocal). */
  private ownTs = NaN;
  private ownLocal = false;
  private admin = false;
  // Optional counters, kept as fields so every event has the same shape (monomorphic in the aggregator).
  private xRowsAffected: number | undefined = undefined;
  private xBytesSent: number | undefined = undefined;
  private xTmpTables: number | undefined = undefined;
  private xTmpDiskTables: number | undefined = undefined;
  private xFullScan: boolean | undefined = undefined;
  private xFilesort: boolean | undefined = undefined;
  /** Last `# Time:` seen (MySQL ≤ 5.6 and MariaDB write it only when the second changes). */
  private carriedTs = NaN;
  private carriedLocal = false;
  private readonly timeCache = new DecodedCache();
  private lastTimeText = '';
  /** `YYYY-MM-DDTHH:MM` of the last ISO time and its epoch ms: MySQL 8 logs a new microsecond time per entry. */
  private lastMinuteKey = '';
  private lastMinuteValue = NaN;
  private lastTimeValue = NaN;
  private lastTimeIso = false;
  /** The `YYYY-MM-DDTHH:MM` bytes of the last ISO time and that minute's epoch ms. */
  private readonly minuteBytes = new Uint8Array(16);
  private minuteKnown = false;
  private minuteValue = NaN;
  private readonly userCache = new DecodedCache();
  private readonly hostCache = new DecodedCache();
  private readonly schemaCache = new DecodedCache();
  private readonly useCache = new DecodedCache();

  /** Timestamp for entries that carry none (CloudWatch event time), ms. */
  defaultTs: number;
  private readonly carryTime: boolean;
  private readonly lineByLine: boolean;
  private readonly scanner: boolean;
  /** Entries the WebAssembly scanner read (the rest were read here). */
  scannedEntries = 0;
  /** The zone of legacy times: the option's, else one learned from the log (see learnZone). */
  private zone: Zone | null;
  private readonly zoneSource: DigestTimeBase['zoneSource'];
  private learned = false;
  private sawIso = false;
  private sawLegacy = false;
  /** A statement found in a block: its bytes, valid until finish(). */
  private rawBuf: Buffer | null = null;
  private rawStart = 0;
  private rawEnd = 0;
  private readonly scratch = blankEvent();
  /** The block searched for `;` last, and where the next `;` in it is. */
  private semiBlock: Buffer | null = null;
  private semiPos = 0;

  constructor(
    private readonly out: ParserCallbacks,
    options: ParserOptions = {},
  ) {
    this.defaultTs = options.defaultTs ?? NaN;
    this.carryTime = options.carryTime ?? true;
    this.lineByLine = options.lineByLine ?? false;
    this.scanner = options.scanner ?? true;
    this.zone = options.zone ?? null;
    this.zoneSource = options.zone ? 'tz-option' : null;
  }

  /** The time base this log was read with (after the input, or so far). */
  timeBase(): DigestTimeBase {
    const timeLines = this.sawIso ? (this.sawLegacy ? 'mixed' : 'iso') : this.sawLegacy ? 'legacy' : 'none';
    if (!this.sawLegacy) return { timeLines, zone: null, zoneSource: null };
    if (this.zoneSource) return { timeLines, zone: this.zone!.label, zoneSource: this.zoneSource };
    return this.learned ? { timeLines, zone: this.zone!.label, zoneSource: 'log-offset' } : { timeLines, zone: 'UTC', zoneSource: 'assumed-utc' };
  }

  /**
   * Learns the server's UTC offset from the head of a log before parsing it: the first entry with a
   * legacy `# Time:` and a `SET timestamp=` of the same moment. Called by the block feeder on the first
   * block, so every entry (the first ones included) is converted the same way. A no-op with `--tz`.
   */
  learnZone(b: Buffer): void {
    if (this.zone) return;
    let legacy = NaN;
    let i = 0;
    const n = b.length;
    while (i < n) {
      let nl = b.indexOf(10, i);
      if (nl < 0) nl = n;
      const e = nl > i && b[nl - 1] === CR ? nl - 1 : nl;
      if (b[i] === HASH && startsWith(b, i, e, '# Time:')) {
        let a = i + 7;
        while (a < e && b[a] === SP) a++;
        // ISO times carry their zone: nothing to learn.
        if (e - a >= 19 && b[a + 4] === 45 /* - */ && b[a + 10] === 84 /* T */) return;
        legacy = parseLegacyTime(b.toString('latin1', a, e));
      } else if (!Number.isNaN(legacy) && b[i] === 83 /* S */ && isMetaSet(b, i, e)) {
        const set = setTimestampMs(b, i, e);
        const minutes = Number.isNaN(set) ? null : revealedOffsetMinutes(legacy, set);
        if (minutes !== null) {
          this.zone = fixedZone(minutes);
          this.learned = true;
          return;
        }
        legacy = NaN;
      }
      i = nl + 1;
    }
  }

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
    if (this.meta(b, s, e, c0)) return;
    this.hasContent = true;
    this.inQuery = true;
    this.addQueryLine(b.toString('utf8', s, e));
    this.prevSemicolon = endsWithSemicolon(b, s, e);
  }

  /**
   * Feed a block: whole lines b[0, length) (it ends at a line end or the end of input, and the line after
   * it, if any, opens an entry). Statements are found with byte searches and passed on as byte ranges.
   */
  block(b: Buffer): void {
    // CR line ends are rare (logs copied through Windows): such a block goes line by line.
    if (this.lineByLine || b.indexOf(CR, 0) >= 0) this.lines(b, 0, b.length, true);
    else if (this.scanner) this.scanned(b, b.length);
    else this.lines(b, 0, b.length, false);
  }

  /**
   * A block read by the WebAssembly scanner (wasm-engine.ts) where entries have its shape, and by lines()
   * from each entry it leaves, to the next `# Time:` line (where lines() would end any entry too).
   */
  private scanned(b: Buffer, n: number): void {
    engine.loadBlock(b, n);
    let p = 0;
    /** Scans in a row that read nothing: past GIVE_UP, lines() reads the rest of the block. */
    let misses = 0;
    while (p < n) {
      if (misses === GIVE_UP) {
        this.lines(b, p, n, false);
        return;
      }
      if (!this.hasContent && !this.inQuery) {
        const count = engine.scan(p, n, this.out.scanMemo?.() ?? 0, this.out.scanShapes?.() ?? 0);
        if (count > 0) this.emitScanned(b, count);
        p = engine.stoppedAt();
        if (count > 0) {
          misses = 0;
          continue;
        }
        misses++;
      }
      let r = b.indexOf(NEXT_TIME, p);
      r = r < 0 || r >= n ? n : r + 1;
      this.lines(b, p, r, false);
      if (r < n) this.atTimeLine();
      p = r;
    }
  }

  /** What a `# Time:` line does to the entry before it (lineBytes, header): ends it. */
  private atTimeLine(): void {
    if (this.inQuery || this.gotTime || this.gotUser || !Number.isNaN(this.queryTime)) this.finish();
  }

  /**
   * The scanner's records as events, each the event finish() would give for the entry as header(),
   * meta() and statement() read it: its own ISO `# Time:` is its time, `use` (else Schema:) its db, and
   * the optional counters it has (scannedExtras). The parser is between entries before and after, so only
   * the time state that outlives an entry (setTime) changes.
   */
  private emitScanned(b: Buffer, count: number): void {
    const f = engine.recordNumbers();
    const r = engine.recordRanges();
    const base = engine.BLOCK;
    const raw = this.out.raw !== undefined;
    this.scannedEntries += count;
    for (let k = 0; k < count; k++) {
      const fk = k * engine.RECORD_F64;
      const rk = k * engine.RECORD_I32;
      // A raw consumer gets one reused object (valid during the call); event() consumers may keep theirs.
      const e = raw ? this.scratch : blankEvent();
      e.ts = f[fk]!;
      e.user = this.userCache.get(b, r[rk]! - base, r[rk + 1]! - base);
      const hs = r[rk + 2]! - base;
      const he = r[rk + 3]! - base;
      e.host = he > hs ? this.hostCache.get(b, hs, he) : '';
      const ds = r[rk + 4]! - base;
      const de = r[rk + 5]! - base;
      e.db = de > ds ? this.useCache.get(b, ds, de) : '';
      e.queryTime = f[fk + 1]!;
      e.lockTime = f[fk + 2]!;
      e.rowsSent = f[fk + 3]!;
      e.rowsExamined = f[fk + 4]!;
      e.query = '';
      e.admin = false;
      e.rowsAffected = undefined;
      e.bytesSent = undefined;
      e.tmpTables = undefined;
      e.tmpDiskTables = undefined;
      e.fullScan = undefined;
      e.filesort = undefined;
      if (r[rk + 10] !== 0) this.scannedExtras(e, b, f, r, fk, rk, de > ds);
      const s = r[rk + 6]! - base;
      const z = r[rk + 7]! - base;
      if (raw) this.out.raw!(e, b, s, z, r[rk + 11]!, r[rk + 12]!);
      else {
        e.query = b.toString('utf8', s, z);
        this.out.event(e);
      }
    }
    if (count > 0) {
      this.setTime(f[(count - 1) * engine.RECORD_F64]!, true);
      this.ownTs = NaN;
    }
  }

  /**
   * A scanner record's optional counters (NaN in the record when the entry has none) and Schema (the
   * db when there was no `use`): apart from emitScanned, for the logs that have them.
   */
  private scannedExtras(e: SlowEvent, b: Buffer, f: Float64Array, r: Int32Array, fk: number, rk: number, hasUse: boolean): void {
    const optional = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);
    const flag = (v: number): boolean | undefined => (Number.isNaN(v) ? undefined : v === 1);
    e.rowsAffected = optional(f[fk + 5]!);
    e.bytesSent = optional(f[fk + 6]!);
    e.tmpTables = optional(f[fk + 7]!);
    e.tmpDiskTables = optional(f[fk + 8]!);
    e.fullScan = flag(f[fk + 9]!);
    e.filesort = flag(f[fk + 10]!);
    const ss = r[rk + 8]! - engine.BLOCK;
    const se = r[rk + 9]! - engine.BLOCK;
    // `use db` first, else Schema: (finish's useDb || schema).
    if (!hasUse && se > ss) e.db = this.schemaCache.get(b, ss, se);
  }

  /**
   * The loop of block(), apart: it starts with nothing that needs type feedback. V8 gives a function its
   * feedback vector only after it has run a while, so what the first call of a loop did before that
   * has none; once the loop's function is optimised, the next block would throw that code away to
   * compile it again (docs/digest-engine.md, "The compiler").
   */
  private lines(b: Buffer, from: number, n: number, byLine: boolean): void {
    let i = from;
    while (i < n) {
      let nl = b.indexOf(10, i);
      if (nl < 0 || nl > n) nl = n;
      if (byLine || this.inQuery) {
        this.lineBytes(b, i, nl);
        i = nl + 1;
        continue;
      }
      const c0 = i < nl ? b[i]! : -1;
      if (this.meta(b, i, nl, c0)) {
        i = nl + 1;
        continue;
      }
      i = this.statement(b, i, n);
    }
  }

  /**
   * A statement starting at line s of block b[0, n): it runs to the first `#` line that follows a line
   * ending in `;` or that opens an entry (as lineBytes decides), or to the end of the block. Emits the
   * entry and returns where the next line starts.
   */
  private statement(b: Buffer, s: number, n: number): number {
    let end = n;
    let next = n;
    let from = s;
    for (;;) {
      const h = b.indexOf(HASH, from);
      if (h < 0 || h >= n) break;
      if (b[h - 1] !== 10 /* the # opens a line */) {
        from = h + 1;
        continue;
      }
      let k = h - 2;
      while (k >= s && (b[k] === SP || b[k] === TAB)) k--;
      let le = b.indexOf(10, h);
      if (le < 0) le = n;
      if ((k >= s && b[k] === SEMI) || opensEntry(b, h, le)) {
        end = h - 1;
        next = h;
        break;
      }
      from = h + 1;
    }
    // A server restart banner after a line ending in `;` ends the statement there, as lineBytes
    // decides; the lines from the banner on go line by line.
    const cut = this.bannerCut(b, s, end);
    if (cut < 0) {
      this.take(b, s, end);
      return next;
    }
    this.take(b, s, cut - 1);
    for (let i = cut; i < next; ) {
      let nl = b.indexOf(10, i);
      if (nl < 0 || nl > end) nl = end;
      this.lineBytes(b, i, nl);
      i = nl + 1;
    }
    return next;
  }

  /**
   * Start of the first banner line in b[s, end) that follows a line ending in `;`, or -1. Only lines
   * after a `;` are looked at, found with a search for `;` that moves forward through the block once.
   */
  private bannerCut(b: Buffer, s: number, end: number): number {
    let p = this.semicolonAt(b, s);
    while (p < end) {
      let q = p + 1;
      while (q < end && (b[q] === SP || b[q] === TAB)) q++;
      if (q < end && b[q] === 10) {
        let le = b.indexOf(10, q + 1);
        if (le < 0 || le > end) le = end;
        if (q + 1 < le && isBanner(b, q + 1, le)) return q + 1;
      }
      p = this.semicolonAt(b, p + 1);
    }
    return -1;
  }

  /** The first `;` at or after `from` in block b (its length when none): remembered, as blocks are read forward. */
  private semicolonAt(b: Buffer, from: number): number {
    if (this.semiBlock !== b || this.semiPos < from) {
      const p = b.indexOf(SEMI, from);
      // b.length read on every call, not only past the last `;`: see mainPass in fingerprint-bytes.ts.
      const length = b.length;
      this.semiPos = p < 0 ? length : p;
      this.semiBlock = b;
    }
    return this.semiPos;
  }

  /** Emits the statement b[s, end) (whole lines) with the entry read so far. */
  private take(b: Buffer, s: number, end: number): void {
    this.hasContent = true;
    const z = statementEnd(b, s, end);
    if (z < 0) {
      // Blank or non-ASCII at the very end: let the string path trim it exactly as it always has.
      for (const line of b.toString('utf8', s, end).split('\n')) this.addQueryLine(line);
    } else {
      this.rawBuf = b;
      this.rawStart = s;
      this.rawEnd = z;
    }
    this.finish();
  }

  /** Header, `use`, `SET timestamp`, banner and blank lines outside a statement; false for a statement line. */
  private meta(b: Buffer, s: number, e: number, c0: number): boolean {
    if (c0 === HASH) {
      this.header(b, s, e);
      return true;
    }
    if (c0 === -1) return true;
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
      return true;
    }
    if (c0 === 83 /* S */ && isMetaSet(b, s, e)) {
      this.hasContent = true;
      if (Number.isNaN(this.setTs)) this.setTs = setTimestampMs(b, s, e);
      return true;
    }
    return isBanner(b, s, e);
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
      const fast = this.isoBytes(b, a, z);
      if (Number.isNaN(fast)) this.parseTime(this.timeCache.get(b, a, z));
      else this.setTime(fast, true);
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
    // Only `Z`-terminated times take the fast path; a numeric offset or no zone takes the general one.
    if (!((i === n - 1 && text.charCodeAt(i) === 90) /* Z */)) return NaN;
    const key = text.slice(0, 16);
    if (key !== this.lastMinuteKey) {
      this.lastMinuteKey = key;
      this.lastMinuteValue = Date.parse(`${key.slice(0, 10)}T${key.slice(11)}:00Z`);
    }
    return this.lastMinuteValue + (s1 * 10 + s2) * 1000 + ms;
  }

  /**
   * `YYYY-MM-DD[T ]HH:MM:SS[.fraction]Z` straight from the bytes (MySQL 8 writes a new one for every
   * entry): the minute is parsed once and remembered, seconds and the fraction (to whole ms, as
   * Date.parse does) are added. NaN for any other shape, which takes the text path.
   */
  private isoBytes(b: Buffer, a: number, z: number): number {
    const n = z - a;
    if (n < 20 || b[z - 1] !== 90 /* Z */ || b[a + 4] !== 45 || b[a + 7] !== 45 || b[a + 13] !== COLON || b[a + 16] !== COLON) return NaN;
    const sep = b[a + 10];
    if (sep !== 84 && sep !== SP) return NaN;
    const s1 = b[a + 17]! - 48;
    const s2 = b[a + 18]! - 48;
    if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return NaN;
    let ms = 0;
    let i = a + 19;
    if (i < z - 1) {
      if (b[i] !== 46 /* . */) return NaN;
      i++;
      let scale = 100;
      for (; i < z - 1; i++) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9) return NaN;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    const key = this.minuteBytes;
    let same = this.minuteKnown;
    for (let k = 0; k < 16 && same; k++) if (key[k] !== b[a + k]) same = false;
    if (!same) {
      for (let k = 0; k < 16; k++) key[k] = b[a + k]!;
      const text = b.toString('latin1', a, a + 16);
      this.minuteValue = Date.parse(`${text.slice(0, 10)}T${text.slice(11)}:00Z`);
      this.minuteKnown = !Number.isNaN(this.minuteValue);
      if (!this.minuteKnown) return NaN;
    }
    return this.minuteValue + (s1 * 10 + s2) * 1000 + ms;
  }

  private parseTime(text: string): void {
    if (text !== this.lastTimeText) {
      let value = NaN;
      let iso = false;
      if (text.length >= 19 && text.charCodeAt(4) === 45 /* - */) {
        // 2023-01-01T12:00:00.123456Z (MySQL 5.7+, Aurora); a numeric offset is honoured.
        value = this.fastIsoUtc(text);
        iso = true;
        if (Number.isNaN(value)) {
          const t = text.replace(' ', 'T');
          if (/(?:Z|[+-]\d\d:?\d\d)$/.test(t)) {
            value = Date.parse(t);
          } else {
            // No zone: server-local, like the legacy format.
            value = Date.parse(`${t}Z`);
            iso = false;
          }
        }
      } else {
        // 231121  8:22:18 (MySQL 5.5/5.6, MariaDB): server-local.
        value = parseLegacyTime(text);
      }
      this.lastTimeText = text;
      this.lastTimeValue = value;
      this.lastTimeIso = iso;
    }
    this.setTime(this.lastTimeValue, this.lastTimeIso);
  }

  /** This entry's `# Time:`: an instant (ISO with a zone) or a server-local time read as UTC. */
  private setTime(value: number, iso: boolean): void {
    if (iso) this.sawIso = true;
    else this.sawLegacy = true;
    this.ownTs = value;
    this.ownLocal = !iso;
    if (this.carryTime) {
      this.carriedTs = value;
      this.carriedLocal = !iso;
    }
  }

  /** A server-local time (read as UTC) in the log's time base. */
  private local(ts: number): number {
    return this.zone && !Number.isNaN(ts) ? this.zone.toUtc(ts) : ts;
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
      const raw = this.rawBuf;
      let query = '';
      if (!raw) {
        query = this.queryMore ? joinLines(this.queryMore) : this.query0;
        query = stripTerminator(query);
        if (!query && this.useDb) query = `use ${this.useDb}`;
      }
      if (!(this.queryTime >= 0) || (!raw && !query)) {
        this.out.malformed();
      } else {
        // A raw consumer gets one reused object (valid during the call); event() consumers may keep theirs.
        const e = raw && this.out.raw ? this.scratch : blankEvent();
        e.ts = this.eventTime();
        e.user = this.user;
        e.host = this.host;
        e.db = this.useDb || this.schema;
        e.queryTime = this.queryTime;
        e.lockTime = this.lockTime;
        e.rowsSent = this.rowsSent;
        e.rowsExamined = this.rowsExamined;
        e.query = query;
        e.admin = this.admin;
        e.rowsAffected = this.xRowsAffected;
        e.bytesSent = this.xBytesSent;
        e.tmpTables = this.xTmpTables;
        e.tmpDiskTables = this.xTmpDiskTables;
        e.fullScan = this.xFullScan;
        e.filesort = this.xFilesort;
        if (!raw) {
          this.out.event(e);
        } else if (this.out.raw) {
          this.out.raw(e, raw, this.rawStart, this.rawEnd);
        } else {
          e.query = raw.toString('utf8', this.rawStart, this.rawEnd);
          this.out.event(e);
        }
      }
    }
    this.inQuery = false;
    this.hasContent = false;
    this.rawBuf = null;
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
    this.ownTs = NaN;
    this.admin = false;
    this.xRowsAffected = undefined;
    this.xBytesSent = undefined;
    this.xTmpTables = undefined;
    this.xTmpDiskTables = undefined;
    this.xFullScan = undefined;
    this.xFilesort = undefined;
  }

  /**
   * The entry's time in the log's time base: its own `# Time:` (when the server wrote the entry), else
   * the last one before it (MySQL ≤ 5.6 and MariaDB write it only when the second changes), else its
   * `SET timestamp=` (UTC), else the default (CloudWatch event time). A log the parser was not shown
   * the head of (learnZone) learns its offset from the first entry that has both kinds of time.
   */
  private eventTime(): number {
    if (!this.zone && this.gotTime && this.ownLocal && !Number.isNaN(this.ownTs) && !Number.isNaN(this.setTs)) {
      const minutes = revealedOffsetMinutes(this.ownTs, this.setTs);
      if (minutes !== null) {
        this.zone = fixedZone(minutes);
        this.learned = true;
      }
    }
    let ts = NaN;
    if (this.gotTime) ts = this.ownLocal ? this.local(this.ownTs) : this.ownTs;
    else if (!Number.isNaN(this.carriedTs)) ts = this.carriedLocal ? this.local(this.carriedTs) : this.carriedTs;
    if (Number.isNaN(ts)) ts = this.setTs;
    if (Number.isNaN(ts)) ts = this.defaultTs;
    return ts;
  }
}

/** An event with every field present, so all events share one shape. */
function blankEvent(): SlowEvent {
  return {
    ts: NaN,
    user: '',
    host: '',
    db: '',
    queryTime: 0,
    lockTime: 0,
    rowsSent: 0,
    rowsExamined: 0,
    query: '',
    admin: false,
    rowsAffected: undefined,
    bytesSent: undefined,
    tmpTables: undefined,
    tmpDiskTables: undefined,
    fullScan: undefined,
    filesort: undefined,
  };
}

/**
 * Where a statement found in a block ends, as the string path trims it: trailing blank lines dropped,
 * then trailing spaces/tabs and one `;`. -1 when the string path must decide (all blank, or a non-ASCII
 * byte at the end that may be Unicode white space).
 */
function statementEnd(b: Buffer, s: number, end: number): number {
  let k = end - 1;
  while (k >= s) {
    const c = b[k]!;
    if (c !== SP && c !== TAB && c !== 10 && c !== 11 && c !== 12) break;
    k--;
  }
  if (k < s || b[k]! >= 128) return -1;
  let le = k + 1;
  while (le < end && b[le] !== 10) le++;
  let z = le - 1;
  while (z >= s && (b[z] === SP || b[z] === TAB)) z--;
  if (z >= s && b[z] === SEMI) z--;
  return z + 1;
}

/** `SET timestamp=N;` (also inside `SET last_insert_id=…,timestamp=N;`), ms; NaN if absent. */
function setTimestampMs(b: Buffer, s: number, e: number): number {
  const t = startsWith(b, s, e, 'SET timestamp=') ? s + 4 : indexOfAscii(b, s, e, 'timestamp=');
  if (t < 0) return NaN;
  let z = t + 10;
  while (z < e && b[z] !== SEMI && b[z] !== 44 && b[z] !== SP) z++;
  const v = parseNumber(b, t + 10, z);
  return Number.isFinite(v) ? v * 1000 : NaN;
}

/** `231121  8:22:18` (MySQL ≤ 5.6, MariaDB; optional fraction): the wall-clock time read as UTC, ms. */
function parseLegacyTime(text: string): number {
  const m = /^(\d\d)(\d\d)(\d\d)\s+(\d{1,2}):(\d\d):(\d\d)/.exec(text);
  return m ? Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
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
export function opensEntry(b: Buffer, s: number, e: number): boolean {
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
