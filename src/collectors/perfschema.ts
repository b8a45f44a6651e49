/**
 * Top statements from performance_schema.events_statements_summary_by_digest on the instance's own
 * endpoint. The counters are cumulative, so the collector takes two snapshots `intervalS` apart and
 * reports the difference per digest (mode `delta`); with no time for the interval, or no statement
 * completed in it, it reports the cumulative counters (mode `cumulative`) and says why in `note`.
 * Columns are probed first: SUM_CPU_TIME and QUERY_SAMPLE_TEXT exist on MySQL 8 only.
 */
import { systemClock } from '../core/clock';
import type { RowDataPacket } from 'mysql2/promise';
import type { PerfSchemaSnapshot, TopStatement } from '../model/collected-data';
import { UserFacingError } from '../core/errors';
import { checkAborted, sleep } from './concurrency';
import { openReadOnlySession, type SessionOptions } from './mysql-session';

export const WANTED_COLUMNS = [
  'SCHEMA_NAME',
  'DIGEST',
  'DIGEST_TEXT',
  'COUNT_STAR',
  'SUM_TIMER_WAIT',
  'MAX_TIMER_WAIT',
  'SUM_LOCK_TIME',
  'SUM_ROWS_EXAMINED',
  'SUM_ROWS_SENT',
  'SUM_ROWS_AFFECTED',
  'SUM_CREATED_TMP_TABLES',
  'SUM_CREATED_TMP_DISK_TABLES',
  'SUM_SORT_MERGE_PASSES',
  'SUM_NO_INDEX_USED',
  'SUM_NO_GOOD_INDEX_USED',
  'SUM_CPU_TIME',
  'QUERY_SAMPLE_TEXT',
  'FIRST_SEEN',
  'LAST_SEEN',
] as const;
const REQUIRED = ['DIGEST', 'DIGEST_TEXT', 'COUNT_STAR', 'SUM_TIMER_WAIT'];
/** Counters subtracted between snapshots. */
const COUNTERS = [
  'COUNT_STAR',
  'SUM_TIMER_WAIT',
  'SUM_LOCK_TIME',
  'SUM_ROWS_EXAMINED',
  'SUM_ROWS_SENT',
  'SUM_ROWS_AFFECTED',
  'SUM_CREATED_TMP_TABLES',
  'SUM_CREATED_TMP_DISK_TABLES',
  'SUM_SORT_MERGE_PASSES',
  'SUM_NO_INDEX_USED',
  'SUM_NO_GOOD_INDEX_USED',
  'SUM_CPU_TIME',
] as const;
const PS_PER_S = 1e12;
const MAX_DIGEST_TEXT = 2_000;
/** Time kept for connecting and the two snapshot reads when sizing the interval. */
const RESERVE_MS = 3_000;

export interface PerfSchemaOptions extends SessionOptions {
  /** Seconds between the two snapshots (default 10), shortened to fit `budgetMs`. */
  intervalS?: number;
  /** Total time this collector may take, ms. */
  budgetMs: number;
  top?: number;
  signal?: AbortSignal;
  /** How to wait between snapshots (tests replace it to run statements in the interval). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface PerfSchemaResult {
  snapshot: PerfSchemaSnapshot;
  /** Why the mode is cumulative, when it is. */
  note?: string;
}

export class PerfSchemaUnavailableError extends UserFacingError {
  override name = 'PerfSchemaUnavailableError';
}

type Row = Record<string, string | number | null>;

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v));
const keyOf = (r: Row): string => `${r.SCHEMA_NAME ?? ''}\u0000${r.DIGEST ?? ''}`;

export function toStatement(r: Row, columns: ReadonlySet<string>): TopStatement {
  const calls = num(r.COUNT_STAR);
  const totalTimeS = num(r.SUM_TIMER_WAIT) / PS_PER_S;
  const text = String(r.DIGEST_TEXT ?? '');
  const s: TopStatement = {
    digest: String(r.DIGEST ?? ''),
    schema: r.SCHEMA_NAME === null || r.SCHEMA_NAME === undefined ? null : String(r.SCHEMA_NAME),
    digestText: text.length > MAX_DIGEST_TEXT ? `${text.slice(0, MAX_DIGEST_TEXT)}…` : text,
    calls,
    totalTimeS,
    avgTimeMs: calls > 0 ? (totalTimeS * 1000) / calls : 0,
    maxTimeMs: (num(r.MAX_TIMER_WAIT) / PS_PER_S) * 1000,
    lockTimeS: num(r.SUM_LOCK_TIME) / PS_PER_S,
    rowsExamined: num(r.SUM_ROWS_EXAMINED),
    rowsSent: num(r.SUM_ROWS_SENT),
    rowsAffected: num(r.SUM_ROWS_AFFECTED),
    tmpTables: num(r.SUM_CREATED_TMP_TABLES),
    tmpDiskTables: num(r.SUM_CREATED_TMP_DISK_TABLES),
    sortMergePasses: num(r.SUM_SORT_MERGE_PASSES),
    noIndexUsed: num(r.SUM_NO_INDEX_USED),
    noGoodIndexUsed: num(r.SUM_NO_GOOD_INDEX_USED),
  };
  if (columns.has('SUM_CPU_TIME')) s.cpuTimeS = num(r.SUM_CPU_TIME) / PS_PER_S;
  if (columns.has('QUERY_SAMPLE_TEXT') && r.QUERY_SAMPLE_TEXT) s.sampleText = String(r.QUERY_SAMPLE_TEXT).slice(0, MAX_DIGEST_TEXT);
  if (r.FIRST_SEEN) s.firstSeen = String(r.FIRST_SEEN);
  if (r.LAST_SEEN) s.lastSeen = String(r.LAST_SEEN);
  return s;
}

/**
 * Per-digest difference `after − before`. A digest absent before counts from zero; one whose count
 * went down (table truncated or the digest evicted and re-added) counts from zero too.
 */
export function deltaRows(before: readonly Row[], after: readonly Row[]): Row[] {
  const old = new Map(before.map((r) => [keyOf(r), r]));
  const out: Row[] = [];
  for (const r of after) {
    const prev = old.get(keyOf(r));
    const reset = !prev || num(r.COUNT_STAR) < num(prev.COUNT_STAR);
    const d: Row = { ...r };
    for (const c of COUNTERS) if (c in r) d[c] = reset ? num(r[c]) : num(r[c]) - num(prev![c]);
    if (num(d.COUNT_STAR) > 0) out.push(d);
  }
  return out;
}

/** The top lists of a set of (delta or cumulative) rows. */
export function rank(
  rows: readonly Row[],
  columns: ReadonlySet<string>,
  top: number,
): Omit<PerfSchemaSnapshot, 'mode' | 'intervalS' | 'columns' | 'serverVersion'> {
  const statements = rows.map((r) => toStatement(r, columns));
  const by = (score: (s: TopStatement) => number) =>
    statements
      .filter((s) => score(s) > 0)
      .sort((a, b) => score(b) - score(a))
      .slice(0, top);
  return {
    byTotalTime: by((s) => s.totalTimeS),
    byRowsExamined: by((s) => s.rowsExamined),
    byTmpDiskTables: by((s) => s.tmpDiskTables),
    bySortMergePasses: by((s) => s.sortMergePasses),
    byNoIndexUsed: by((s) => s.noIndexUsed),
  };
}

/** The collector's own reads are not the instance's workload. */
const isOwnQuery = (r: Row): boolean => /events_statements_summary_by_digest|information_schema\s*\.\s*`?columns`?/i.test(String(r.DIGEST_TEXT ?? ''));

export async function collectPerfSchema(options: PerfSchemaOptions): Promise<PerfSchemaResult> {
  const startedAt = systemClock.now();
  const top = options.top ?? 10;
  const session = await openReadOnlySession(options);
  const { conn } = session;
  try {
    const [[ps]] = await conn.query<RowDataPacket[]>('SELECT @@performance_schema AS enabled');
    if (!ps || !['1', 'ON'].includes(String(ps.enabled).toUpperCase())) {
      throw new PerfSchemaUnavailableError('performance_schema is off on this instance (parameter performance_schema = 0)');
    }
    const [cols] = await conn.query<RowDataPacket[]>(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'events_statements_summary_by_digest'",
    );
    const present = new Set(cols.map((c) => String(c.name).toUpperCase()));
    const missing = REQUIRED.filter((c) => !present.has(c));
    if (missing.length > 0) throw new PerfSchemaUnavailableError(`events_statements_summary_by_digest lacks ${missing.join(', ')}`);
    const columns = WANTED_COLUMNS.filter((c) => present.has(c));
    const columnSet = new Set<string>(columns);
    const sql = `SELECT ${columns.map((c) => `\`${c}\``).join(', ')} FROM performance_schema.events_statements_summary_by_digest WHERE COUNT_STAR > 0`;
    const snapshot = async (): Promise<Row[]> => {
      checkAborted(options.signal);
      const [rows] = await conn.query<RowDataPacket[]>(sql);
      return (rows as Row[]).filter((r) => !isOwnQuery(r));
    };
    const base = { columns: [...columns], serverVersion: session.version };

    const first = await snapshot();
    const elapsed = systemClock.now() - startedAt;
    const intervalMs = Math.min((options.intervalS ?? 10) * 1000, options.budgetMs - elapsed - RESERVE_MS);
    if (intervalMs < 1000) {
      return {
        snapshot: { mode: 'cumulative', ...base, ...rank(first, columnSet, top) },
        note: 'the time budget left no room for a second snapshot; counters are cumulative since the server started or the table was reset',
      };
    }
    await (options.wait ?? sleep)(intervalMs, options.signal);
    const second = await snapshot();
    const delta = deltaRows(first, second);
    const intervalS = Math.round(intervalMs / 100) / 10;
    if (delta.length === 0) {
      return {
        snapshot: { mode: 'cumulative', ...base, ...rank(second, columnSet, top) },
        note: `no statement completed during the ${intervalS} s between snapshots; counters are cumulative since the server started or the table was reset`,
      };
    }
    return { snapshot: { mode: 'delta', intervalS, ...base, ...rank(delta, columnSet, top) } };
  } finally {
    await conn.end().catch(() => {});
  }
}
