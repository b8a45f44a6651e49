/**
 * Aggregation of slow-log events into query classes. Memory grows with the number of classes, not the
 * number of events: each class keeps sums, a bounded quantile sketch per metric (see quantiles.ts), capped
 * sets of databases/users/hosts and one sample (the slowest statement, capped in length).
 */
import type { DigestClass, DigestClassExtra, DigestOrder, DigestResult, DigestTotals } from './types';
import type { SlowEvent } from './event';
import { classId, fingerprint } from './fingerprint';
import { BoundedQuantiles } from './quantiles';

export interface AggregateOptions {
  /** Keep only events at or after this time (ms or ISO-8601). */
  since?: number | string | Date;
  until?: number | string | Date;
  orderBy?: DigestOrder;
  /** Keep the first N classes after ordering; all when absent. */
  top?: number;
}

/** At most this many distinct databases/users/hosts are remembered per class. */
const MAX_NAMES = 32;
/** The sample statement is cut to this many characters (a 1 MB multi-row INSERT stays a few KB). */
const MAX_SAMPLE = 8192;
/** Histogram bucket upper bounds, seconds: 1µs,10µs,100µs,1ms,10ms,100ms,1s,10s+ (pt's buckets). */
const HIST_BOUNDS = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

class ClassStats {
  calls = 0;
  totalTime = 0;
  minTime = Infinity;
  maxTime = 0;
  mean = 0;
  m2 = 0;
  lockTime = 0;
  maxLockTime = 0;
  rowsSent = 0;
  rowsExamined = 0;
  first = NaN;
  last = NaN;
  sample = '';
  sampleTime = -1;
  readonly timeQ = new BoundedQuantiles();
  readonly lockQ = new BoundedQuantiles();
  readonly examinedQ = new BoundedQuantiles();
  readonly databases = new Set<string>();
  readonly users = new Set<string>();
  readonly hosts = new Set<string>();
  readonly histogram = [0, 0, 0, 0, 0, 0, 0, 0];
  extra: DigestClassExtra | null = null;
  private lastDb = '';
  private lastUser = '';
  private lastHost = '';

  constructor(readonly fingerprint: string) {}

  add(e: SlowEvent): void {
    const t = e.queryTime;
    this.calls++;
    this.totalTime += t;
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    const d = t - this.mean;
    this.mean += d / this.calls;
    this.m2 += d * (t - this.mean);
    this.lockTime += e.lockTime;
    if (e.lockTime > this.maxLockTime) this.maxLockTime = e.lockTime;
    this.rowsSent += e.rowsSent;
    this.rowsExamined += e.rowsExamined;
    this.timeQ.add(t);
    this.lockQ.add(e.lockTime);
    this.examinedQ.add(e.rowsExamined);
    if (!Number.isNaN(e.ts)) {
      if (!(e.ts >= this.first)) this.first = e.ts;
      if (!(e.ts <= this.last)) this.last = e.ts;
    }
    if (t > this.sampleTime) {
      this.sampleTime = t;
      this.sample = e.query.length > MAX_SAMPLE ? `${e.query.slice(0, MAX_SAMPLE)} …` : e.query;
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

export class DigestAggregator {
  private readonly classes = new Map<string, ClassStats>();
  private events = 0;
  private malformedCount = 0;
  private filtered = 0;
  private totalTime = 0;
  private lockTime = 0;
  private rowsSent = 0;
  private rowsExamined = 0;
  private first = NaN;
  private last = NaN;
  private readonly since: number;
  private readonly until: number;

  constructor(private readonly options: AggregateOptions = {}) {
    this.since = toMs(options.since, 'since');
    this.until = toMs(options.until, 'until');
  }

  readonly add = (e: SlowEvent): void => {
    if (!Number.isNaN(e.ts) && (e.ts < this.since || e.ts > this.until)) {
      this.filtered++;
      return;
    }
    const fp = fingerprint(e.query);
    let cls = this.classes.get(fp);
    if (!cls) {
      cls = new ClassStats(fp);
      this.classes.set(fp, cls);
    }
    cls.add(e);
    this.events++;
    this.totalTime += e.queryTime;
    this.lockTime += e.lockTime;
    this.rowsSent += e.rowsSent;
    this.rowsExamined += e.rowsExamined;
    if (!Number.isNaN(e.ts)) {
      if (!(e.ts >= this.first)) this.first = e.ts;
      if (!(e.ts <= this.last)) this.last = e.ts;
    }
  };

  readonly malformed = (): void => {
    this.malformedCount++;
  };

  result(): DigestResult {
    const totals: DigestTotals = {
      events: this.events,
      classes: this.classes.size,
      totalTime: round6(this.totalTime),
      lockTime: round6(this.lockTime),
      rowsSent: this.rowsSent,
      rowsExamined: this.rowsExamined,
      malformed: this.malformedCount,
      firstSeen: iso(this.first),
      lastSeen: iso(this.last),
      filtered: this.filtered,
    };
    const all = [...this.classes.values()];
    const order = this.options.orderBy ?? 'total';
    const key = (c: ClassStats): number => (order === 'calls' ? c.calls : order === 'rows-examined' ? c.rowsExamined : c.totalTime);
    all.sort((a, b) => key(b) - key(a) || b.totalTime - a.totalTime || (a.fingerprint < b.fingerprint ? -1 : 1));
    const picked = this.options.top !== undefined ? all.slice(0, Math.max(0, this.options.top)) : all;
    return { totals, classes: picked.map((c) => this.view(c)) };
  }

  private view(c: ClassStats): DigestClass {
    const variance = c.calls > 1 ? c.m2 / c.calls : 0;
    const out: DigestClass = {
      id: classId(c.fingerprint),
      fingerprint: c.fingerprint,
      calls: c.calls,
      totalTime: round6(c.totalTime),
      avgTime: round6(c.totalTime / c.calls),
      minTime: round6(c.minTime),
      medianTime: round6(c.timeQ.quantile(0.5)),
      p95Time: round6(c.timeQ.quantile(0.95)),
      maxTime: round6(c.maxTime),
      stddevTime: round6(Math.sqrt(Math.max(0, variance))),
      lockTime: round6(c.lockTime),
      avgLockTime: round6(c.lockTime / c.calls),
      maxLockTime: round6(c.maxLockTime),
      p95LockTime: round6(c.lockQ.quantile(0.95)),
      rowsSent: c.rowsSent,
      rowsExamined: c.rowsExamined,
      avgRowsSent: round6(c.rowsSent / c.calls),
      avgRowsExamined: round6(c.rowsExamined / c.calls),
      p95RowsExamined: Math.round(c.examinedQ.quantile(0.95)),
      examinedPerSent: round6(c.rowsExamined / Math.max(c.rowsSent, 1)),
      firstSeen: iso(c.first),
      lastSeen: iso(c.last),
      databases: [...c.databases].sort(),
      users: [...c.users].sort(),
      hosts: [...c.hosts].sort(),
      sample: c.sample,
      share: this.totalTime > 0 ? round6(c.totalTime / this.totalTime) : 0,
      histogram: [...c.histogram],
    };
    if (c.extra) out.extra = { ...c.extra };
    return out;
  }
}
