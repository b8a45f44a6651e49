/**
 * The simulated instance's queries: a slow-log digest (with per-class timelines on the report period)
 * and a performance_schema snapshot of the last seconds of the window, both derived from the same
 * per-statement load series as the simulated Performance Insights data, so every source agrees.
 */
import type { DigestClass, DigestResult } from '../../digest/types';
import type { PerfSchemaSnapshot, TopStatement } from '../../model/collected-data';
import type { Rng } from './random';
import type { SimStatement } from './scenarios';

export function hashHex(text: string): string {
  // FNV-1a 64-bit, as 16 hex chars.
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0').toUpperCase();
}

function histogramFor(avg: number, calls: number): number[] {
  const h = [0, 0, 0, 0, 0, 0, 0, 0];
  const bucket = Math.min(7, Math.max(0, Math.floor(Math.log10(Math.max(avg, 1e-6)) + 6)));
  h[bucket] = Math.round(calls * 0.7);
  if (bucket + 1 < 8) h[bucket + 1] = Math.round(calls * 0.2);
  if (bucket > 0) h[bucket - 1] = calls - h[bucket]! - (h[bucket + 1] ?? 0);
  else h[bucket] = calls - (h[bucket + 1] ?? 0);
  return h;
}

/** One statement's load over the window: average active sessions per point of `timestamps`. */
export interface StatementLoad {
  statement: SimStatement;
  values: number[];
  /** Users and hosts its sessions come from. */
  users: string[];
  hosts: string[];
}

export function simulatedSlowLog(loads: readonly StatementLoad[], timestamps: readonly number[], periodS: number, rng: Rng): DigestResult {
  const raw: Omit<DigestClass, 'share'>[] = [];
  for (const l of loads) {
    const s = l.statement;
    const points: [number, number, number][] = [];
    let calls = 0;
    let first = NaN;
    let last = NaN;
    l.values.forEach((aas, i) => {
      const n = Math.round((aas * periodS) / s.avgTime);
      if (n <= 0) return;
      const t = timestamps[i]!;
      points.push([t, n, Math.round(n * s.avgTime * 1e6) / 1e6]);
      calls += n;
      if (Number.isNaN(first)) first = t;
      last = t + periodS * 1000 - 1000;
    });
    if (calls === 0) continue;
    const jitter = 1 + rng.next() * 0.2;
    const total = calls * s.avgTime;
    const c: Omit<DigestClass, 'share'> = {
      id: hashHex(s.fingerprint),
      fingerprint: s.fingerprint,
      calls,
      totalTime: total,
      avgTime: s.avgTime,
      minTime: s.avgTime * 0.2,
      medianTime: s.avgTime * 0.85,
      p95Time: s.avgTime * 2.4 * jitter,
      maxTime: s.avgTime * 6 * jitter,
      stddevTime: s.avgTime * 0.7,
      lockTime: calls * s.lockTime,
      avgLockTime: s.lockTime,
      maxLockTime: s.lockTime * 20,
      p95LockTime: s.lockTime * 3,
      rowsSent: Math.round(calls * s.rowsSent),
      rowsExamined: Math.round(calls * s.rowsExamined),
      avgRowsSent: s.rowsSent,
      avgRowsExamined: s.rowsExamined,
      p95RowsExamined: s.rowsExamined * 1.8,
      examinedPerSent: s.rowsExamined / Math.max(s.rowsSent, 1),
      firstSeen: new Date(first).toISOString(),
      lastSeen: new Date(last).toISOString(),
      databases: [s.db ?? 'game'],
      users: [...l.users],
      hosts: [...l.hosts],
      sample: s.sample,
      histogram: histogramFor(s.avgTime, calls),
      timeline: { bucketMs: periodS * 1000, points },
    };
    if (s.fullScan) c.extra = { rowsAffected: 0, bytesSent: calls * s.rowsSent * 60, tmpTables: 0, tmpDiskTables: 0, fullScans: calls, filesorts: 0 };
    raw.push(c);
  }
  const totalTime = raw.reduce((a, c) => a + c.totalTime, 0);
  const classes: DigestClass[] = raw.map((c) => ({ ...c, share: totalTime > 0 ? c.totalTime / totalTime : 0 })).sort((a, b) => b.totalTime - a.totalTime);
  const seen = classes.flatMap((c) => [c.firstSeen!, c.lastSeen!]).sort();
  return {
    totals: {
      events: classes.reduce((a, c) => a + c.calls, 0),
      classes: classes.length,
      totalTime,
      lockTime: classes.reduce((a, c) => a + c.lockTime, 0),
      rowsSent: classes.reduce((a, c) => a + c.rowsSent, 0),
      rowsExamined: classes.reduce((a, c) => a + c.rowsExamined, 0),
      malformed: 0,
      firstSeen: seen[0] ?? null,
      lastSeen: seen[seen.length - 1] ?? null,
    },
    classes,
  };
}

const KEYWORDS = /\b(select|from|where|and|or|order|by|desc|asc|limit|update|set|insert|into|values|join|on|group|count|now|as|in|is|null)\b/g;

/** performance_schema (and Performance Insights tokenized) style: keywords upper case, identifiers back-quoted. */
export function digestStyle(fingerprint: string): string {
  return fingerprint.replace(/\b([a-z_][a-z0-9_]*)\b/g, (w) => (w.match(KEYWORDS) ? w : `\`${w}\``)).replace(KEYWORDS, (k) => k.toUpperCase());
}

/** A MySQL 8 (Aurora 3) digest delta over the last `intervalS` seconds of the window. */
export function simulatedPerfSchema(loads: readonly StatementLoad[], intervalS: number): PerfSchemaSnapshot {
  const statements: TopStatement[] = [];
  for (const l of loads) {
    const s = l.statement;
    const aas = l.values[l.values.length - 1] ?? 0;
    const calls = Math.round((aas * intervalS) / s.avgTime);
    if (calls <= 0) continue;
    const id = hashHex(s.fingerprint).toLowerCase();
    const scan = s.rowsExamined / Math.max(s.rowsSent, 1) >= 1000;
    statements.push({
      digest: `${id}${id}${id}${id}`,
      schema: s.db ?? 'game',
      digestText: digestStyle(s.fingerprint),
      calls,
      totalTimeS: calls * s.avgTime,
      avgTimeMs: s.avgTime * 1000,
      maxTimeMs: s.avgTime * 6000,
      lockTimeS: calls * s.lockTime,
      rowsExamined: calls * s.rowsExamined,
      rowsSent: calls * s.rowsSent,
      rowsAffected: /^(update|insert|delete)/.test(s.fingerprint) ? calls : 0,
      tmpTables: /group by/.test(s.fingerprint) ? calls : 0,
      tmpDiskTables: /group by/.test(s.fingerprint) ? Math.round(calls * 0.9) : 0,
      sortMergePasses: /order by/.test(s.fingerprint) && scan ? Math.round(calls * 0.3) : 0,
      noIndexUsed: scan ? calls : 0,
      noGoodIndexUsed: 0,
      cpuTimeS: calls * s.avgTime * (s.waits.cpu ?? 0.5),
      sampleText: s.sample,
    });
  }
  const by = (key: keyof TopStatement) => [...statements].filter((s) => Number(s[key]) > 0).sort((a, b) => Number(b[key]) - Number(a[key]));
  return {
    mode: 'delta',
    intervalS,
    columns: [
      'SCHEMA_NAME',
      'DIGEST',
      'DIGEST_TEXT',
      'COUNT_STAR',
      'SUM_TIMER_WAIT',
      'MAX_TIMER_WAIT',
      'SUM_LOCK_TIME',
      'SUM_CPU_TIME',
      'SUM_ROWS_EXAMINED',
      'SUM_ROWS_SENT',
      'SUM_ROWS_AFFECTED',
      'SUM_CREATED_TMP_TABLES',
      'SUM_CREATED_TMP_DISK_TABLES',
      'SUM_SORT_MERGE_PASSES',
      'SUM_NO_INDEX_USED',
      'SUM_NO_GOOD_INDEX_USED',
      'FIRST_SEEN',
      'LAST_SEEN',
      'QUERY_SAMPLE_TEXT',
    ],
    byTotalTime: by('totalTimeS'),
    byRowsExamined: by('rowsExamined'),
    byTmpDiskTables: by('tmpDiskTables'),
    bySortMergePasses: by('sortMergePasses'),
    byNoIndexUsed: by('noIndexUsed'),
    serverVersion: '8.0.32 (simulated Aurora MySQL 3.05.2)',
  };
}
