/**
 * The simulated instance's queries: a slow-log digest and a performance_schema snapshot consistent with
 * the injected incident (one scan-heavy item query dominating the incident window).
 */
import type { DigestClass, DigestResult } from '../../digest/types';
import type { PerfSchemaSnapshot, TopStatement } from '../../model/collected-data';
import type { Rng } from './random';

interface ClassSeed {
  fingerprint: string;
  sample: string;
  calls: number;
  avgTime: number;
  avgRowsExamined: number;
  avgRowsSent: number;
  avgLock: number;
  firstSeen: string;
  lastSeen: string;
  db: string;
}

function hashHex(text: string): string {
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

function digestClass(s: ClassSeed, rng: Rng): Omit<DigestClass, 'share'> {
  const total = s.calls * s.avgTime;
  const jitter = 1 + rng.next() * 0.2;
  return {
    id: hashHex(s.fingerprint),
    fingerprint: s.fingerprint,
    calls: s.calls,
    totalTime: total,
    avgTime: s.avgTime,
    minTime: s.avgTime * 0.2,
    medianTime: s.avgTime * 0.85,
    p95Time: s.avgTime * 2.4 * jitter,
    maxTime: s.avgTime * 6 * jitter,
    stddevTime: s.avgTime * 0.7,
    lockTime: s.calls * s.avgLock,
    avgLockTime: s.avgLock,
    maxLockTime: s.avgLock * 20,
    p95LockTime: s.avgLock * 3,
    rowsSent: Math.round(s.calls * s.avgRowsSent),
    rowsExamined: Math.round(s.calls * s.avgRowsExamined),
    avgRowsSent: s.avgRowsSent,
    avgRowsExamined: s.avgRowsExamined,
    p95RowsExamined: s.avgRowsExamined * 1.8,
    examinedPerSent: s.avgRowsExamined / Math.max(s.avgRowsSent, 1),
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    databases: [s.db],
    users: ['game_app'],
    hosts: ['10.0.12.41', '10.0.13.7'],
    sample: s.sample,
    histogram: histogramFor(s.avgTime, s.calls),
  };
}

export interface IncidentTimes {
  windowStart: string;
  windowEnd: string;
  incidentStart: string;
  incidentEnd: string;
  /** Window length in hours (scales call counts). */
  hours: number;
  /** Whether the incident's query class ran. */
  incident: boolean;
}

export function simulatedSlowLog(times: IncidentTimes, rng: Rng): DigestResult {
  const h = Math.max(times.hours, 0.25);
  const seeds: ClassSeed[] = [
    {
      fingerprint: 'select * from items where owner_id = ? and expires_at < ? order by acquired_at desc limit ?',
      sample: 'SELECT * FROM items WHERE owner_id = 918273 AND expires_at < NOW() ORDER BY acquired_at DESC LIMIT 50;',
      calls: 14_200,
      avgTime: 0.84,
      avgRowsExamined: 182_000,
      avgRowsSent: 50,
      avgLock: 0.00004,
      firstSeen: times.incidentStart,
      lastSeen: times.incidentEnd,
      db: 'game',
    },
    {
      fingerprint: 'select id, name, level, class_id from characters where user_id = ?',
      sample: 'SELECT id, name, level, class_id FROM characters WHERE user_id = 55120;',
      calls: Math.round(9_000 * h),
      avgTime: 0.012,
      avgRowsExamined: 4,
      avgRowsSent: 3,
      avgLock: 0.00002,
      firstSeen: times.windowStart,
      lastSeen: times.windowEnd,
      db: 'game',
    },
    {
      fingerprint: 'update guilds set member_count = member_count + ?, updated_at = now() where id = ?',
      sample: 'UPDATE guilds SET member_count = member_count + 1, updated_at = NOW() WHERE id = 4411;',
      calls: Math.round(1_800 * h),
      avgTime: 0.031,
      avgRowsExamined: 1,
      avgRowsSent: 0,
      avgLock: 0.012,
      firstSeen: times.windowStart,
      lastSeen: times.windowEnd,
      db: 'game',
    },
    {
      fingerprint:
        'select g.id, g.name, count(*) from guild_members gm join guilds g on g.id = gm.guild_id where gm.joined_at > ? group by g.id, g.name order by count(*) desc limit ?',
      sample:
        "SELECT g.id, g.name, COUNT(*) FROM guild_members gm JOIN guilds g ON g.id = gm.guild_id WHERE gm.joined_at > '2026-11-01' GROUP BY g.id, g.name ORDER BY COUNT(*) DESC LIMIT 20;",
      calls: Math.max(1, Math.round(6 * h)),
      avgTime: 1.9,
      avgRowsExamined: 2_400_000,
      avgRowsSent: 20,
      avgLock: 0.0001,
      firstSeen: times.windowStart,
      lastSeen: times.windowEnd,
      db: 'game',
    },
    {
      fingerprint: 'insert into item_logs (character_id, item_id, action, created_at) values (?+)',
      sample: "INSERT INTO item_logs (character_id, item_id, action, created_at) VALUES (77, 123456, 'loot', NOW());",
      calls: Math.round(6_500 * h),
      avgTime: 0.006,
      avgRowsExamined: 0,
      avgRowsSent: 0,
      avgLock: 0.00003,
      firstSeen: times.windowStart,
      lastSeen: times.windowEnd,
      db: 'game',
    },
  ];
  const raw = seeds.filter((_seed, i) => i > 0 || times.incident).map((s) => digestClass(s, rng));
  const totalTime = raw.reduce((a, c) => a + c.totalTime, 0);
  const classes: DigestClass[] = raw.map((c) => ({ ...c, share: totalTime > 0 ? c.totalTime / totalTime : 0 })).sort((a, b) => b.totalTime - a.totalTime);
  return {
    totals: {
      events: classes.reduce((a, c) => a + c.calls, 0),
      classes: classes.length,
      totalTime,
      lockTime: classes.reduce((a, c) => a + c.lockTime, 0),
      rowsSent: classes.reduce((a, c) => a + c.rowsSent, 0),
      rowsExamined: classes.reduce((a, c) => a + c.rowsExamined, 0),
      malformed: 0,
      firstSeen: times.windowStart,
      lastSeen: times.windowEnd,
    },
    classes,
  };
}

const KEYWORDS = /\b(select|from|where|and|or|order|by|desc|asc|limit|update|set|insert|into|values|join|on|group|count|now|as|in|is|null)\b/g;

/** performance_schema style: keywords upper case, identifiers back-quoted. */
function digestStyle(fingerprint: string): string {
  return fingerprint.replace(/\b([a-z_][a-z0-9_]*)\b/g, (w) => (w.match(KEYWORDS) ? w : `\`${w}\``)).replace(KEYWORDS, (k) => k.toUpperCase());
}

/** A MySQL 8 (Aurora 3) digest snapshot of the window, derived from the slow-log classes. */
export function simulatedPerfSchema(slow: DigestResult, intervalS: number): PerfSchemaSnapshot {
  const statements: TopStatement[] = slow.classes.map((c) => {
    const scan = c.examinedPerSent >= 1000;
    return {
      digest: `${c.id.toLowerCase()}${c.id.toLowerCase()}${c.id.toLowerCase()}${c.id.toLowerCase()}`,
      schema: c.databases[0] ?? null,
      digestText: digestStyle(c.fingerprint),
      calls: c.calls,
      totalTimeS: c.totalTime,
      avgTimeMs: c.avgTime * 1000,
      maxTimeMs: c.maxTime * 1000,
      lockTimeS: c.lockTime,
      rowsExamined: c.rowsExamined,
      rowsSent: c.rowsSent,
      rowsAffected: /^(update|insert|delete)/.test(c.fingerprint) ? c.calls : 0,
      tmpTables: /group by/.test(c.fingerprint) ? c.calls : 0,
      tmpDiskTables: /group by/.test(c.fingerprint) ? Math.round(c.calls * 0.9) : 0,
      sortMergePasses: /order by/.test(c.fingerprint) && scan ? Math.round(c.calls * 0.3) : 0,
      noIndexUsed: scan ? c.calls : 0,
      noGoodIndexUsed: 0,
      cpuTimeS: c.totalTime * 0.7,
      sampleText: c.sample,
      ...(c.firstSeen ? { firstSeen: c.firstSeen } : {}),
      ...(c.lastSeen ? { lastSeen: c.lastSeen } : {}),
    };
  });
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
