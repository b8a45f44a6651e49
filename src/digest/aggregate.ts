/**
 * Aggregation of slow-log events into query classes. Memory grows with the number of classes, not the
 * number of events: each class keeps sums, a bounded quantile sketch per metric (see quantiles.ts), capped
 * sets of databases/users/hosts and one sample (the slowest statement, capped in length).
 */
import type { DigestClass, DigestClassExtra, DigestOrder, DigestResult, DigestTotals } from './types';
import type { SlowEvent } from './event';
import { afterMainPass, classId, fingerprint } from './fingerprint';
import { normalizeBytes, normalizedBytes, normalizedText } from './fingerprint-bytes';
import { BoundedQuantiles } from './quantiles';
import type { ParserCallbacks } from './slowlog-parser';
import { StatementCache } from './statement-cache';
import type { DigestTimeBase } from './time-base';

export interface AggregateOptions {
  /** Keep only events at or after this time (ms or ISO-8601). */
  since?: number | string | Date;
  until?: number | string | Date;
  orderBy?: DigestOrder;
  /** Keep the first N classes after ordering; all when absent. */
  top?: number;
  /** Recognise statements seen verbatim before without fingerprinting them again (default true; off for benchmarks). */
  memo?: boolean;
  /** Also keep calls and time per class in buckets of this many ms (report windows); off by default. */
  timelineBucketMs?: number;
}

/** At most this many distinct databases/users/hosts are remembered per class. */
const MAX_NAMES = 32;
/** The sample statement is cut to this many characters (a 1 MB multi-row INSERT stays a few KB). */
const MAX_SAMPLE = 8192;
/** Histogram bucket upper bounds, seconds: 1µs,10µs,100µs,1ms,10ms,100ms,1s,10s+ (pt's buckets). */
const HIST_BOUNDS = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

// Slots of ClassStats.m and DigestAggregator.m.
const CALLS = 0,
  TOTAL = 1,
  MIN = 2,
  MAX = 3,
  MEAN = 4,
  M2 = 5,
  LOCK = 6,
  MAX_LOCK = 7,
  SENT = 8,
  EXAMINED = 9,
  FIRST = 10,
  LAST = 11,
  SAMPLE_TIME = 12;

/** A new Float64Array of metrics with its min at +Infinity, first/last unknown and no sample yet. */
function metrics(): Float64Array {
  const m = new Float64Array(13);
  m[MIN] = Infinity;
  m[FIRST] = NaN;
  m[LAST] = NaN;
  m[SAMPLE_TIME] = -1;
  return m;
}

class ClassStats {
  /**
   * Counts, sums and extremes in one Float64Array: adding an event updates doubles in place and
   * allocates nothing (object fields holding doubles may box a new number on every store).
   */
  readonly m = metrics();
  sample = '';
  /** Query_time, Lock_time and Rows_examined: metrics 0, 1 and 2 of one sketch. */
  readonly q = new BoundedQuantiles(3);
  readonly databases = new Set<string>();
  readonly users = new Set<string>();
  readonly hosts = new Set<string>();
  readonly histogram = [0, 0, 0, 0, 0, 0, 0, 0];
  extra: DigestClassExtra | null = null;
  private lastDb = '';
  private lastUser = '';
  private lastHost = '';
  /** bucket start → [calls, time], when a timeline is kept. */
  timeline: Map<number, [number, number]> | null = null;

  constructor(
    readonly fingerprint: string,
    private readonly bucketMs = 0,
  ) {
    if (bucketMs > 0) this.timeline = new Map();
  }

  get calls(): number {
    return this.m[CALLS]!;
  }
  get totalTime(): number {
    return this.m[TOTAL]!;
  }
  get rowsExamined(): number {
    return this.m[EXAMINED]!;
  }

  /** The slowest statement so far's Query_time (-1 before any). */
  get sampleTime(): number {
    return this.m[SAMPLE_TIME]!;
  }

  /** Keeps the statement as the class's sample if it is the slowest so far. */
  offerSample(t: number, query: string): void {
    if (t > this.m[SAMPLE_TIME]!) {
      this.m[SAMPLE_TIME] = t;
      this.sample = query.length > MAX_SAMPLE ? `${query.slice(0, MAX_SAMPLE)} …` : query;
    }
  }

  add(e: SlowEvent): void {
    const m = this.m;
    const t = e.queryTime;
    const calls = ++m[CALLS]!;
    m[TOTAL]! += t;
    if (t < m[MIN]!) m[MIN] = t;
    if (t > m[MAX]!) m[MAX] = t;
    const d = t - m[MEAN]!;
    m[MEAN]! += d / calls;
    m[M2]! += d * (t - m[MEAN]!);
    const lock = e.lockTime;
    m[LOCK]! += lock;
    if (lock > m[MAX_LOCK]!) m[MAX_LOCK] = lock;
    m[SENT]! += e.rowsSent;
    m[EXAMINED]! += e.rowsExamined;
    this.q.add3(t, lock, e.rowsExamined);
    const ts = e.ts;
    if (!Number.isNaN(ts)) {
      if (!(ts >= m[FIRST]!)) m[FIRST] = ts;
      if (!(ts <= m[LAST]!)) m[LAST] = ts;
      if (this.timeline) {
        const b = Math.floor(ts / this.bucketMs) * this.bucketMs;
        const cell = this.timeline.get(b);
        if (cell) {
          cell[0]++;
          cell[1] += t;
        } else this.timeline.set(b, [1, t]);
      }
    }
    // Consecutive calls mostly repeat the last db/user/host: skip the set lookup then.
    if (e.db !== this.lastDb) {
      this.lastDb = e.db;
      if (e.db && this.databases.size < MAX_NAMES) this.databases.add(e.db);
    }
    if (e.user !== this.lastUser) {
      this.lastUser = e.user;
      if (e.user && this.users.size < MAX_NAMES) this.users.add(e.user);
    }
    if (e.host !== this.lastHost) {
      this.lastHost = e.host;
      if (e.host && this.hosts.size < MAX_NAMES) this.hosts.add(e.host);
    }
    let b = 0;
    while (b < HIST_BOUNDS.length && t >= HIST_BOUNDS[b]!) b++;
    this.histogram[b]!++;
    if (
      e.rowsAffected !== undefined ||
      e.tmpTables !== undefined ||
      e.fullScan !== undefined ||
      e.bytesSent !== undefined ||
      e.filesort !== undefined ||
      e.tmpDiskTables !== undefined
    ) {
      const x = (this.extra ??= { rowsAffected: 0, bytesSent: 0, tmpTables: 0, tmpDiskTables: 0, fullScans: 0, filesorts: 0 });
      x.rowsAffected += e.rowsAffected ?? 0;
      x.bytesSent += e.bytesSent ?? 0;
      x.tmpTables += e.tmpTables ?? 0;
      x.tmpDiskTables += e.tmpDiskTables ?? 0;
      if (e.fullScan) x.fullScans++;
      if (e.filesort) x.filesorts++;
    }
  }
}

function toMs(v: number | string | Date | undefined, name: string): number {
  if (v === undefined) return NaN;
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid time: ${String(v)}`);
  return ms;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const iso = (ms: number): string | null => (Number.isNaN(ms) ? null : new Date(ms).toISOString());

export class DigestAggregator implements ParserCallbacks {
  private readonly classes = new Map<string, ClassStats>();
  /** Statement bytes → class, for statements taken from blocks as bytes (see statement-cache.ts). */
  private readonly memo: StatementCache<ClassStats> | null;
  /**
   * pt's main pass (literals replaced, case folded, spaces collapsed: fingerprint-bytes.ts) → class, so
   * statements that differ only in their literals are classed after one pass over their bytes, without
   * decoding them or running pt's later substitutions again.
   */
  private readonly shapes: StatementCache<ClassStats> | null;
  private malformedCount = 0;
  private filtered = 0;
  /** Totals over all classes, in the slots ClassStats uses (CALLS counts events). */
  private readonly m = metrics();
  private readonly since: number;
  private readonly until: number;

  constructor(private readonly options: AggregateOptions = {}) {
    this.memo = options.memo === false ? null : new StatementCache<ClassStats>(true);
    this.shapes = options.memo === false ? null : new StatementCache<ClassStats>();
    this.since = toMs(options.since, 'since');
    this.until = toMs(options.until, 'until');
  }

  /** One event whose statement is a string. */
  readonly add = (e: SlowEvent): void => {
    if (this.outside(e.ts)) return;
    const cls = this.classOf(e.query);
    cls.offerSample(e.queryTime, e.query);
    this.count(cls, e);
  };

  readonly event = this.add;

  /** One event whose statement is the bytes b[s, z): fingerprinted once per distinct text. */
  readonly raw = (e: SlowEvent, b: Buffer, s: number, z: number, memoHint = -2, shapeHint = -2): void => {
    if (this.outside(e.ts)) return;
    // The scanner's lookups, when they still hold (statement-cache.ts), else the memos' own.
    let cls = memoHint >= 0 ? this.memo?.hinted(memoHint) : undefined;
    if (!cls) cls = this.memo?.get(b, s, z);
    if (!cls) {
      cls = (shapeHint >= 0 ? this.shapes?.hinted(shapeHint) : undefined) ?? this.classOfBytes(b, s, z);
      this.memo?.set(b, s, z, cls);
    }
    if (e.queryTime > cls.sampleTime) cls.offerSample(e.queryTime, b.toString('utf8', s, z));
    this.count(cls, e);
  };

  /** The scanner may look statements up in the verbatim memo (see ParserCallbacks.scanMemo). */
  readonly scanMemo = (): number => this.memo?.scanOwner() ?? 0;
  readonly scanShapes = (): number => this.shapes?.scanOwner() ?? 0;

  private classOfBytes(b: Buffer, s: number, z: number): ClassStats {
    const w = normalizeBytes(b, s, z);
    if (w < 0) return this.classOfFingerprint(fingerprint(b.toString('utf8', s, z)));
    const shapes = this.shapes;
    const nb = normalizedBytes();
    let cls = shapes?.get(nb, 0, w);
    if (!cls) {
      cls = this.classOfFingerprint(afterMainPass(normalizedText(w)));
      shapes?.set(nb, 0, w, cls);
    }
    return cls;
  }

  private outside(ts: number): boolean {
    if (!Number.isNaN(ts) && (ts < this.since || ts > this.until)) {
      this.filtered++;
      return true;
    }
    return false;
  }

  private classOf(query: string): ClassStats {
    return this.classOfFingerprint(fingerprint(query));
  }

  private classOfFingerprint(fp: string): ClassStats {
    let cls = this.classes.get(fp);
    if (!cls) {
      cls = new ClassStats(fp, this.options.timelineBucketMs ?? 0);
      this.classes.set(fp, cls);
    }
    return cls;
  }

  private count(cls: ClassStats, e: SlowEvent): void {
    cls.add(e);
    const m = this.m;
    m[CALLS]!++;
    m[TOTAL]! += e.queryTime;
    m[LOCK]! += e.lockTime;
    m[SENT]! += e.rowsSent;
    m[EXAMINED]! += e.rowsExamined;
    const ts = e.ts;
    if (!Number.isNaN(ts)) {
      if (!(ts >= m[FIRST]!)) m[FIRST] = ts;
      if (!(ts <= m[LAST]!)) m[LAST] = ts;
    }
  }

  readonly malformed = (): void => {
    this.malformedCount++;
  };

  /**
   * For benchmarks: statements recognised verbatim (hits) or not (misses) by the statement memo, and of
   * those run through pt's main pass, how many the shape memo classed (shapeHits) without the rest of
   * the fingerprint.
   */
  memoStats(): { hits: number; misses: number; shapeHits: number; shapeMisses: number } {
    return {
      hits: this.memo?.hits ?? 0,
      misses: this.memo?.misses ?? 0,
      shapeHits: this.shapes?.hits ?? 0,
      shapeMisses: this.shapes?.misses ?? 0,
    };
  }

  result(timeBase?: DigestTimeBase): DigestResult {
    const totals: DigestTotals = {
      events: this.m[CALLS]!,
      classes: this.classes.size,
      totalTime: round6(this.m[TOTAL]!),
      lockTime: round6(this.m[LOCK]!),
      rowsSent: this.m[SENT]!,
      rowsExamined: this.m[EXAMINED]!,
      malformed: this.malformedCount,
      firstSeen: iso(this.m[FIRST]!),
      lastSeen: iso(this.m[LAST]!),
      filtered: this.filtered,
      ...(timeBase ? { timeBase } : {}),
    };
    const all = [...this.classes.values()];
    const order = this.options.orderBy ?? 'total';
    const key = (c: ClassStats): number => (order === 'calls' ? c.calls : order === 'rows-examined' ? c.rowsExamined : c.totalTime);
    all.sort((a, b) => key(b) - key(a) || b.totalTime - a.totalTime || (a.fingerprint < b.fingerprint ? -1 : 1));
    const picked = this.options.top !== undefined ? all.slice(0, Math.max(0, this.options.top)) : all;
    return { totals, classes: picked.map((c) => this.view(c)) };
  }

  private view(c: ClassStats): DigestClass {
    const m = c.m;
    const calls = m[CALLS]!;
    const variance = calls > 1 ? m[M2]! / calls : 0;
    const out: DigestClass = {
      id: classId(c.fingerprint),
      fingerprint: c.fingerprint,
      calls,
      totalTime: round6(m[TOTAL]!),
      avgTime: round6(m[TOTAL]! / calls),
      minTime: round6(m[MIN]!),
      medianTime: round6(c.q.quantile(0.5, 0)),
      p95Time: round6(c.q.quantile(0.95, 0)),
      maxTime: round6(m[MAX]!),
      stddevTime: round6(Math.sqrt(Math.max(0, variance))),
      lockTime: round6(m[LOCK]!),
      avgLockTime: round6(m[LOCK]! / calls),
      maxLockTime: round6(m[MAX_LOCK]!),
      p95LockTime: round6(c.q.quantile(0.95, 1)),
      rowsSent: m[SENT]!,
      rowsExamined: m[EXAMINED]!,
      avgRowsSent: round6(m[SENT]! / calls),
      avgRowsExamined: round6(m[EXAMINED]! / calls),
      p95RowsExamined: Math.round(c.q.quantile(0.95, 2)),
      examinedPerSent: round6(m[EXAMINED]! / Math.max(m[SENT]!, 1)),
      firstSeen: iso(m[FIRST]!),
      lastSeen: iso(m[LAST]!),
      databases: [...c.databases].sort(),
      users: [...c.users].sort(),
      hosts: [...c.hosts].sort(),
      sample: c.sample,
      share: this.m[TOTAL]! > 0 ? round6(m[TOTAL]! / this.m[TOTAL]!) : 0,
      histogram: [...c.histogram],
    };
    if (c.extra) out.extra = { ...c.extra };
    if (c.timeline) {
      const points = [...c.timeline.entries()].sort((a, b) => a[0] - b[0]).map(([t, [n, s]]): [number, number, number] => [t, n, round6(s)]);
      out.timeline = { bucketMs: this.options.timelineBucketMs!, points };
    }
    return out;
  }
}
