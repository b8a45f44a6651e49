/**
 * Slow-query digest throughput on generated logs (real logs: digest-real.bench.ts): a generated
 * MariaDB-format slow log of ≥ 100 MB and a MySQL 8 one of 25 MB (bench/.work/, reused between runs),
 * digested by whole `dbassist digest` processes, side by side with `pt-query-digest` (Debian
 * percona-toolkit) when it is installed. Reports MB/s and events/s for both, the speed ratio (target ≥ 10×)
 * and whether both tools rank the same top-10 classes (and find every class with the same call count) (pt's checksum is MD5(fingerprint); our id is its
 * last 16 hex digits, so ids compare directly).
 */
import { mulberry32 as rng } from '../src/core/random';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DigestResult } from '../src/digest/types';
import { hasPtQueryDigest, measure, median, type ProcessRun } from './lib/process';
import type { Bench, BenchRow } from './types';

const WORK = join(__dirname, '.work');
const BIN = join(__dirname, '..', 'bin', 'dbassist.js');
type LogFormat = 'mariadb' | 'mysql8';
const LOGS: Record<LogFormat, { path: string; bytes: number }> = {
  mariadb: { path: join(WORK, 'digest-100mb.slow.log'), bytes: 105 * 1024 * 1024 },
  mysql8: { path: join(WORK, 'digest-mysql8-25mb.slow.log'), bytes: 25 * 1024 * 1024 },
};
const GENERATOR_VERSION = '3';

interface Template {
  weight: number;
  /** Typical Query_time, seconds; each call varies log-normally around it. */
  time: number;
  rows: number;
  sql: (r: () => number) => string;
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);
const word = (r: () => number): string => `${['ab', 'cd', 'ef', 'gh', 'xy', 'zz', "o\\'k", 'мир', '한글'][int(r, 9)]}${int(r, 1e6)}`;
const list = (r: () => number, n: number, f: () => string): string => Array.from({ length: 1 + int(r, n) }, f).join(', ');

/** A game-backend workload: point lookups, scans, joins, writes, multi-line and commented statements. */
const TEMPLATES: Template[] = [
  { weight: 300, time: 0.0004, rows: 1, sql: (r) => `SELECT id, name, level FROM characters WHERE id = ${int(r, 1e6)}` },
  { weight: 200, time: 0.0008, rows: 1, sql: (r) => `SELECT * FROM users WHERE email = '${word(r)}@example.com'` },
  { weight: 120, time: 0.004, rows: 40, sql: (r) => `SELECT item_id, qty FROM inventory WHERE character_id IN (${list(r, 30, () => String(int(r, 1e6)))})` },
  {
    weight: 100,
    time: 0.002,
    rows: 1,
    sql: (r) => `UPDATE characters SET gold = gold + ${int(r, 500)}, updated_at = '2024-05-0${1 + int(r, 9)} 12:00:00' WHERE id = ${int(r, 1e6)}`,
  },
  {
    weight: 80,
    time: 0.003,
    rows: 1,
    sql: (r) => `INSERT INTO events (user_id, kind, payload) VALUES ${list(r, 8, () => `(${int(r, 1e6)}, 'login', '{"k": ${int(r, 99)}}')`)}`,
  },
  {
    weight: 60,
    time: 0.05,
    rows: 5000,
    sql: (r) =>
      `SELECT g.name, COUNT(*) AS members\nFROM guilds g\n  JOIN guild_members m ON m.guild_id = g.id\nWHERE g.created_at > '2024-0${1 + int(r, 9)}-01'\nGROUP BY g.name\nORDER BY members DESC LIMIT ${10 * (1 + int(r, 5))}`,
  },
  {
    weight: 50,
    time: 0.02,
    rows: 800,
    sql: (r) =>
      `/* app:leaderboard */ SELECT user_id, score FROM scores WHERE season = ${int(r, 20)} ORDER BY score DESC, user_id ASC LIMIT ${int(r, 100)}, 50`,
  },
  { weight: 40, time: 0.3, rows: 200000, sql: (r) => `SELECT * FROM audit_log WHERE message LIKE '%${word(r)}%'` },
  {
    weight: 35,
    time: 0.008,
    rows: 1,
    sql: (r) => `DELETE FROM sessions WHERE token = '${int(r, 1e9).toString(16)}' AND expires_at < ${1700000000 + int(r, 1e6)}`,
  },
  {
    weight: 30,
    time: 0.12,
    rows: 30000,
    sql: (r) =>
      `SELECT c.id, c.name, i.name AS item\n  FROM characters c\n  LEFT JOIN items i ON i.owner_id = c.id\n WHERE c.level BETWEEN ${int(r, 50)} AND ${50 + int(r, 50)}\n   AND i.rarity IN ('rare', 'epic', 'legendary')`,
  },
  {
    weight: 25,
    time: 0.9,
    rows: 1500000,
    sql: (r) => `SELECT DATE(created_at) d, SUM(amount) FROM purchases WHERE created_at >= '2024-0${1 + int(r, 9)}-01' GROUP BY d`,
  },
  { weight: 400, time: 0.00005, rows: 0, sql: () => 'COMMIT' },
  { weight: 150, time: 0.0001, rows: 1, sql: (r) => `SELECT @@session.tx_isolation, ${int(r, 9)}` },
  { weight: 20, time: 0.015, rows: 10, sql: (r) => `REPLACE INTO user_settings (user_id, k, v) VALUES (${int(r, 1e6)}, 'theme', '${word(r)}')` },
  {
    weight: 15,
    time: 0.04,
    rows: 1,
    sql: (r) =>
      `INSERT INTO trades (seller_id, buyer_id, item_id, price) SELECT ${int(r, 1e6)}, ${int(r, 1e6)}, id, price FROM listings WHERE id = ${int(r, 1e6)} FOR UPDATE`,
  },
  { weight: 10, time: 2.5, rows: 9000000, sql: () => 'SELECT COUNT(*) FROM audit_log' },
  { weight: 12, time: 0.06, rows: 100, sql: (r) => `CALL refresh_rank(${int(r, 1e6)}, ${int(r, 10)})` },
  {
    weight: 8,
    time: 0.5,
    rows: 400000,
    sql: (r) => `UPDATE items SET durability = durability - 1 WHERE owner_id IN (SELECT id FROM characters WHERE guild_id = ${int(r, 5000)})`,
  },
  { weight: 6, time: 0.0002, rows: 0, sql: () => 'administrator command: Ping' },
  ...Array.from(
    { length: 60 },
    (_, k): Template => ({
      weight: 3,
      time: 0.001 * (1 + (k % 7)),
      rows: 10 * k,
      sql: (r) =>
        `SELECT col_${k}, other FROM table_${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))} WHERE k = ${int(r, 1000)}`,
    }),
  ),
];

function pick(r: () => number, cumulative: number[], total: number): number {
  const x = r() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Writes a MariaDB 10.11-style slow log (Thread_id/Schema, Rows_affected, Tmp_tables, Full_scan …), or a
 * MySQL 8 / Aurora MySQL 3-style one (ISO `# Time` per entry, `Id:`, IP-only host, `use db;` on change).
 */
async function generate(path: string, bytes: number, format: LogFormat): Promise<void> {
  const r = rng(42);
  const cumulative: number[] = [];
  let total = 0;
  for (const t of TEMPLATES) cumulative.push((total += t.weight));
  const out = createWriteStream(path);
  let written = 0;
  let ts = 1714521600; // 2024-05-01T00:00:00Z
  let buf =
    format === 'mariadb'
      ? '/usr/sbin/mariadbd, Version: 10.11.6-MariaDB-0+deb12u1-log (Debian 12). started with:\nTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\nTime\t\t    Id Command\tArgument\n'
      : '/rdsdbbin/oscar/bin/mysqld, Version: 8.0.28 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n';
  let lastSecond = -1;
  let lastDb = '';
  while (written < bytes) {
    const t = TEMPLATES[pick(r, cumulative, total)]!;
    const sql = t.sql(r);
    const qt = t.time * Math.exp((r() - 0.5) * 1.2);
    const lock = qt * 0.05 * r();
    const examined = Math.round(t.rows * (0.5 + r()));
    const sent = Math.min(examined, Math.round(1 + r() * 20));
    if (r() < 0.3) ts++;
    const thread = 1 + int(r, 400);
    const db = r() < 0.9 ? 'game' : 'game_archive';
    if (format === 'mysql8') {
      const micros = String(Math.floor(r() * 1e6)).padStart(6, '0');
      buf += `# Time: ${new Date(ts * 1000).toISOString().slice(0, 19)}.${micros}Z\n`;
      buf += `# User@Host: app[app] @  [10.0.${thread % 7}.${thread % 250}]  Id: ${thread}\n`;
      buf += `# Query_time: ${qt.toFixed(6)}  Lock_time: ${lock.toFixed(6)} Rows_sent: ${sent}  Rows_examined: ${examined}\n`;
      if (db !== lastDb) buf += `use ${db};\n`;
      lastDb = db;
    } else {
      if (ts !== lastSecond) {
        const d = new Date(ts * 1000);
        const p2 = (n: number) => String(n).padStart(2, '0');
        buf += `# Time: ${String(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${String(d.getUTCHours()).padStart(2, ' ')}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}\n`;
        lastSecond = ts;
      }
      buf += `# User@Host: app[app] @ app-${thread % 7}.internal [10.0.${thread % 7}.${thread % 250}]\n`;
      buf += `# Thread_id: ${thread}  Schema: ${db}  QC_hit: No\n`;
      buf += `# Query_time: ${qt.toFixed(6)}  Lock_time: ${lock.toFixed(6)}  Rows_sent: ${sent}  Rows_examined: ${examined}\n`;
      buf += `# Rows_affected: ${sql.startsWith('SELECT') ? 0 : 1}  Bytes_sent: ${60 + sent * 40}\n`;
      if (examined > 1000) {
        buf += `# Tmp_tables: 1  Tmp_disk_tables: ${examined > 100000 ? 1 : 0}  Tmp_table_sizes: 0\n# Full_scan: Yes  Full_join: No  Tmp_table: Yes  Tmp_table_on_disk: No\n# Filesort: Yes  Filesort_on_disk: No  Merge_passes: 0  Priority_queue: No\n#\n`;
      }
      if (r() < 0.02) buf += `use ${db};\n`;
    }
    if (sql.startsWith('administrator command:')) buf += `SET timestamp=${ts};\n# ${sql};\n`;
    else buf += `SET timestamp=${ts};\n${sql};\n`;
    if (buf.length > 1 << 20) {
      const b = Buffer.from(buf, 'utf8');
      written += b.length;
      if (!out.write(b)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  const b = Buffer.from(buf, 'utf8');
  out.write(b);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** The generated log of that format, made once and reused while the generator version is unchanged. */
export async function ensureLog(format: LogFormat = 'mariadb'): Promise<{ path: string; bytes: number }> {
  const { path, bytes } = LOGS[format];
  const mark = `${path}.done`;
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(path) || !existsSync(mark) || readFileSync(mark, 'utf8') !== GENERATOR_VERSION) {
    await generate(path, bytes, format);
    writeFileSync(mark, GENERATOR_VERSION);
  }
  return { path, bytes: statSync(path).size };
}

interface PtRun {
  seconds: number;
  /** user + system CPU seconds of pt-query-digest (bash `times`), robust to other load on the machine. */
  cpuSeconds: number;
  events: number;
  top: string[];
  /** Every class pt found: id → calls. */
  all: Map<string, number>;
}

/** pt-query-digest --output json, top 10 by Query_time:sum; its checksum is MD5(fingerprint), upper case. */
async function runPt(path: string): Promise<PtRun> {
  const started = process.hrtime.bigint();
  const script = 'pt-query-digest --output json --limit 100000 --order-by Query_time:sum --no-version-check "$1" > "$2"; rc=$?; times >&2; exit $rc';
  const out = join(WORK, 'pt-query-digest.json');
  const stderr = await new Promise<string>((res, rej) => {
    const child = spawn('bash', ['-c', script, 'pt', path, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res(err) : rej(new Error(`pt-query-digest exited ${code}: ${err.slice(0, 500)}`))));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // `times` prints the shell's user/sys, then its children's: "0m21.650s 0m0.216s".
  const childLine = stderr.trim().split('\n').at(-1) ?? '';
  const cpuSeconds = [...childLine.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  const text = readFileSync(out, 'utf8');
  const json = JSON.parse(text.slice(text.indexOf('{'))) as {
    global?: { query_count?: number };
    classes?: Array<{ checksum: string; query_count: number | string }>;
  };
  const classes = (json.classes ?? []).map((c) => ({ id: c.checksum.slice(-16).toUpperCase(), calls: Number(c.query_count) }));
  return {
    seconds,
    cpuSeconds,
    events: json.global?.query_count ?? 0,
    top: classes.slice(0, 10).map((c) => c.id),
    all: new Map(classes.map((c) => [c.id, c.calls])),
  };
}

/**
 * `dbassist digest FILE --format json --order-by total` as a user runs it (bin/dbassist.js → dist/cli),
 * `n` whole processes under GNU time, without NODE_EXTRA_CA_CERTS (users' machines do not set it):
 * each run's wall and CPU time (user + system, all threads), the peak RSS of all runs, the last result.
 */
async function ourRuns(path: string, n = 3): Promise<{ wall: number[]; cpu: number[]; peakRssMb: number; result: DigestResult }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const runs: ProcessRun[] = [];
  for (let i = 0; i < n; i++) runs.push(await measure(process.execPath, [BIN, 'digest', path, '--format', 'json', '--order-by', 'total'], { env }));
  return {
    wall: runs.map((r) => r.wall),
    cpu: runs.map((r) => r.cpu),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.rssMb))),
    result: JSON.parse(runs.at(-1)!.stdout) as DigestResult,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export const benchmarks: Bench[] = [
  {
    name: 'digest: slow log ≥ 100 MB, dbassist vs pt-query-digest',
    async run(): Promise<BenchRow[]> {
      const { path, bytes } = await ensureLog();
      const mb = bytes / (1024 * 1024);
      // Three runs of ours, one of pt (it takes ~20–40 s on 100 MB).
      const { wall, cpu, peakRssMb, result } = await ourRuns(path);
      // Best of 3 is the run least disturbed by other load (the machine may be shared); median shown too.
      const ours = { seconds: Math.min(...wall), medianSeconds: median(wall), cpu: median(cpu), result };
      const rows: BenchRow[] = [
        { figure: 'generated slow log size', value: r1(mb), unit: 'MB', target: '≥ 100 MB', pass: mb >= 100 },
        { figure: 'dbassist digest throughput (wall, best of 3)', value: r1(mb / ours.seconds), unit: 'MB/s' },
        { figure: 'dbassist digest throughput (wall, median of 3)', value: r1(mb / ours.medianSeconds), unit: 'MB/s' },
        { figure: 'dbassist digest throughput (CPU time, median of 3)', value: r1(mb / ours.cpu), unit: 'MB/s' },
        { figure: 'dbassist digest events', value: Math.round(ours.result.totals.events / ours.seconds), unit: 'events/s' },
        { figure: 'dbassist malformed entries', value: ours.result.totals.malformed, unit: 'entries', target: '0', pass: ours.result.totals.malformed === 0 },
        { figure: 'peak RSS of `dbassist digest FILE` (own process)', value: peakRssMb, unit: 'MB', target: '≤ 100 MB', pass: peakRssMb <= 100 },
      ];
      if (!hasPtQueryDigest()) {
        rows.push({ figure: 'pt-query-digest', value: 0, unit: 'not installed' });
        return rows;
      }
      const pt = await runPt(path);
      const ratio = pt.seconds / ours.seconds;
      const cpuRatio = pt.cpuSeconds > 0 ? pt.cpuSeconds / ours.cpu : 0;
      const ourTop = ours.result.classes.slice(0, 10).map((c) => c.id);
      const sameSet = ourTop.length === pt.top.length && ourTop.every((id) => pt.top.includes(id));
      const sameOrder = sameSet && ourTop.every((id, i) => pt.top[i] === id);
      const sameAll = pt.all.size === ours.result.classes.length && ours.result.classes.every((c) => pt.all.get(c.id) === c.calls);
      rows.push(
        { figure: 'pt-query-digest throughput (wall)', value: r1(mb / pt.seconds), unit: 'MB/s' },
        { figure: 'pt-query-digest throughput (CPU time)', value: r1(pt.cpuSeconds > 0 ? mb / pt.cpuSeconds : 0), unit: 'MB/s' },
        { figure: 'pt-query-digest events', value: Math.round(pt.events / pt.seconds), unit: 'events/s' },
        { figure: 'speed ratio dbassist (best of 3) / pt-query-digest (wall)', value: r1(ratio), unit: '×', target: '≥ 10×', pass: ratio >= 10 },
        { figure: 'speed ratio dbassist / pt-query-digest (CPU time)', value: r1(cpuRatio), unit: '×', target: '≥ 10×', pass: cpuRatio >= 10 },
        {
          figure: 'same event count as pt-query-digest',
          value: pt.events === ours.result.totals.events ? 1 : 0,
          unit: `bool (ours ${ours.result.totals.events}, pt ${pt.events})`,
          target: '1',
          pass: pt.events === ours.result.totals.events,
        },
        { figure: 'same top-10 classes as pt-query-digest', value: sameSet ? 1 : 0, unit: 'bool', target: '1', pass: sameSet },
        { figure: 'same top-10 order as pt-query-digest', value: sameOrder ? 1 : 0, unit: 'bool' },
        {
          figure: 'every class and its calls as pt-query-digest',
          value: sameAll ? 1 : 0,
          unit: `bool (ours ${ours.result.classes.length}, pt ${pt.all.size} classes)`,
        },
      );
      return rows;
    },
  },
  {
    name: 'digest: MySQL 8 / Aurora MySQL 3 format (25 MB), classes vs pt-query-digest',
    async run(): Promise<BenchRow[]> {
      const { path, bytes } = await ensureLog('mysql8');
      const mb = bytes / (1024 * 1024);
      // Ours and pt in turn, three rounds (pt takes ~5 s here; one run of it swung 2x with the machine's load).
      const wall: number[] = [];
      const cpu: number[] = [];
      const ptRuns: PtRun[] = [];
      let r: DigestResult | undefined;
      for (let i = 0; i < 3; i++) {
        const ours = await ourRuns(path, 1);
        wall.push(...ours.wall);
        cpu.push(...ours.cpu);
        r = ours.result;
        if (hasPtQueryDigest()) ptRuns.push(await runPt(path));
      }
      if (!r) throw new Error('no run');
      const rows: BenchRow[] = [
        { figure: 'MySQL 8 format log size', value: r1(mb), unit: 'MB' },
        { figure: 'dbassist throughput, MySQL 8 format (wall, best of 3)', value: r1(mb / Math.min(...wall)), unit: 'MB/s' },
        { figure: 'dbassist throughput, MySQL 8 format (CPU time, median of 3)', value: r1(mb / median(cpu)), unit: 'MB/s' },
        { figure: 'dbassist malformed entries, MySQL 8 format', value: r.totals.malformed, unit: 'entries', target: '0', pass: r.totals.malformed === 0 },
      ];
      const pt = ptRuns.at(-1);
      if (!pt) return rows;
      const ptCpu = median(ptRuns.map((p) => p.cpuSeconds));
      const ourTop = r.classes.slice(0, 10).map((c) => c.id);
      const sameTop = ourTop.length === pt.top.length && ourTop.every((id) => pt.top.includes(id));
      const sameAll = pt.all.size === r.classes.length && r.classes.every((c) => pt.all.get(c.id) === c.calls);
      const cpuRatio = ptCpu > 0 ? ptCpu / median(cpu) : 0;
      rows.push(
        {
          figure: 'pt-query-digest throughput, MySQL 8 format (CPU time, median of 3, in turn with ours)',
          value: r1(ptCpu > 0 ? mb / ptCpu : 0),
          unit: 'MB/s',
        },
        { figure: 'speed ratio, MySQL 8 format (CPU time)', value: r1(cpuRatio), unit: '×', target: '≥ 10×', pass: cpuRatio >= 10 },
        { figure: 'same top-10 classes as pt-query-digest, MySQL 8 format', value: sameTop ? 1 : 0, unit: 'bool', target: '1', pass: sameTop },
        {
          figure: 'every class and its calls as pt-query-digest, MySQL 8 format',
          value: sameAll ? 1 : 0,
          unit: `bool (ours ${r.classes.length}, pt ${pt.all.size} classes)`,
        },
      );
      return rows;
    },
  },
];
