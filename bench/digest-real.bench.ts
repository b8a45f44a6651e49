/**
 * Slow-query digest on real slow logs, whole processes against pt-query-digest (Debian percona-toolkit):
 *
 * - the real Amazon RDS for MySQL 8.0 log of ORM statements (~1.7 KB per entry) replicated to ~60 MB,
 *   once as verbatim copies and once with every copy's literals varied (bench/lib/vary-literals.ts:
 *   same classes, but no statement repeats, as in a log of ORM statements whose ids and dates differ —
 *   verbatim copies would let the digest's statement memo recognise 98% of the entries);
 * - every real log of test/fixtures/slowlogs/real (Percona Toolkit, go-mysql, Elastic Beats, RDS)
 *   concatenated and replicated to ~60 MB;
 * - the RDS log replicated to ~250 MB (verbatim and varied), ours only: peak memory must stay flat.
 *
 * Figures: CPU time (user + system of the whole process, all threads, from GNU time) and wall time of
 * `dbassist digest FILE --format json` as a user runs it (bin/dbassist.js → dist/cli) and of
 * `pt-query-digest --output json`, run in turn for seven rounds (so load from other work falls on both
 * alike), the median of each; their ratio (target: pt / dbassist ≥ 20×
 * in CPU), peak RSS (target ≤ 100 MB), whether every class and its calls equal pt's, and how the memos
 * recognised the statements. Our process is measured without NODE_EXTRA_CA_CERTS (users' machines do
 * not set it; Node reads that bundle at start-up, ~0.04-0.08 s of CPU) and, when this machine sets it,
 * with it too. The logs are built in bench/.work at run time (not committed). CPU time is the robust
 * figure on a shared machine; wall time varies with load.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_DIFFERENCES, readRealLog, realLogs } from '../scripts/record-pt-classes';
import { BlockFeeder, DigestAggregator, SlowLogParser } from '../src/digest/index';
import type { DigestResult } from '../src/digest/types';
import { hasPtQueryDigest, measure, medianRun, type ProcessRun } from './lib/process';
import { variedCopies } from './lib/vary-literals';
import type { Bench, BenchRow } from './types';

const ROOT = join(__dirname, '..');
const WORK = join(__dirname, '.work');
const BIN = join(ROOT, 'bin', 'dbassist.js');
const MB = 1024 * 1024;
const CA = 'NODE_EXTRA_CA_CERTS';

/** A log of bench/.work made of the units a generator gives, made once and reused while its size is right. */
function writeLog(name: string, bytes: number, units: () => Iterable<Buffer>): { path: string; bytes: number } {
  mkdirSync(WORK, { recursive: true });
  const path = join(WORK, name);
  if (!existsSync(path) || statSync(path).size !== bytes) {
    const fd = openSync(path, 'w');
    try {
      for (const unit of units()) writeSync(fd, unit);
    } finally {
      closeSync(fd);
    }
  }
  return { path, bytes };
}

/** `copies` verbatim copies of `unit`, about `targetBytes` in all. */
function replicate(name: string, unit: Buffer, targetBytes: number): { path: string; bytes: number } {
  const copies = Math.max(1, Math.round(targetBytes / unit.length));
  return writeLog(name, copies * unit.length, () => Array.from({ length: copies }, () => unit));
}

/** Copies of `unit` with their literals varied (bench/lib/vary-literals.ts), about `targetBytes` in all. */
function replicateVaried(name: string, unit: Buffer, targetBytes: number): { path: string; bytes: number } {
  const copies = Math.max(1, Math.round(targetBytes / unit.length));
  return writeLog(name, copies * unit.length, () => variedCopies(unit, copies));
}

function classesOf(json: string): Map<string, number> {
  const r = JSON.parse(json) as DigestResult;
  return new Map(r.classes.map((c) => [c.id, c.calls]));
}

function ptClasses(json: string): Map<string, number> {
  const start = json.indexOf('{');
  const r = (start < 0 ? {} : JSON.parse(json.slice(start))) as { classes?: Array<{ checksum: string; query_count: number | string }> };
  return new Map((r.classes ?? []).map((c) => [c.checksum.slice(-16).toUpperCase(), Number(c.query_count)]));
}

const sameMap = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function envWithoutCa(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[CA];
  return env;
}

const ROUNDS = 7;

type Measured = ProcessRun & { runs: ProcessRun[] };

/**
 * `dbassist digest FILE --format json` (without NODE_EXTRA_CA_CERTS and, if set here, with it) and, when
 * `withPt`, `pt-query-digest --output json`, run in turn for ROUNDS rounds; the median of each. In turn,
 * so that load from other work on a shared machine falls on both tools alike and their ratio holds.
 */
async function inTurn(path: string, withPt: boolean): Promise<{ bare: Measured; withCa: Measured | null; pt: Measured | null }> {
  const args = [BIN, 'digest', path, '--format', 'json'];
  const runs: { bare: ProcessRun[]; withCa: ProcessRun[]; pt: ProcessRun[] } = { bare: [], withCa: [], pt: [] };
  for (let i = 0; i < ROUNDS; i++) {
    runs.bare.push(await measure(process.execPath, args, { env: envWithoutCa() }));
    if (process.env[CA]) runs.withCa.push(await measure(process.execPath, args));
    if (withPt) runs.pt.push(await measure('pt-query-digest', ['--output', 'json', '--limit', '1000000', '--no-version-check', path]));
  }
  return {
    bare: medianRun(runs.bare),
    withCa: runs.withCa.length > 0 ? medianRun(runs.withCa) : null,
    pt: runs.pt.length > 0 ? medianRun(runs.pt) : null,
  };
}

/**
 * How the WebAssembly scanner read the entries, and how the statement memo and the shape memo
 * recognised the statements (in-process, same engine).
 */
function memoRows(label: string, path: string): BenchRow[] {
  const agg = new DigestAggregator({});
  const parser = new SlowLogParser(agg);
  const feeder = new BlockFeeder(parser);
  feeder.write(readFileSync(path));
  feeder.end();
  const m = agg.memoStats();
  const all = Math.max(1, m.hits + m.misses);
  const events = Math.max(1, agg.result().totals.events);
  return [
    { figure: `${label}: entries read by the WebAssembly scanner`, value: r1((100 * parser.scannedEntries) / events), unit: '%' },
    { figure: `${label}: statements recognised verbatim by the memo`, value: r1((100 * m.hits) / all), unit: '%' },
    { figure: `${label}: statements classed by their shape after one pass`, value: r1((100 * m.shapeHits) / all), unit: '%' },
  ];
}

/**
 * `classesMustMatch`: on a concatenation of unrelated logs, the joins (a log ending mid-entry, the next
 * opening with a header-less line, as some of Percona's edge-case samples do) are read differently by
 * the two tools; agreement log by log is what test/digest/pt-agreement.test.ts checks.
 */
async function compare(label: string, path: string, bytes: number, classesMustMatch = true, cpuTarget = true): Promise<BenchRow[]> {
  const { bare, withCa, pt } = await inTurn(path, hasPtQueryDigest());
  const peakRss = Math.max(...bare.runs.map((r) => r.rssMb), ...(withCa?.runs ?? []).map((r) => r.rssMb));
  const rows: BenchRow[] = [
    { figure: `${label}: size`, value: r1(bytes / MB), unit: 'MB' },
    { figure: `${label}: dbassist digest CPU (user+sys, median of ${ROUNDS})`, value: r2(bare.cpu), unit: 's' },
    ...(withCa ? [{ figure: `${label}: dbassist digest CPU with ${CA} set (median of ${ROUNDS})`, value: r2(withCa.cpu), unit: 's' }] : []),
    { figure: `${label}: dbassist digest wall (median of ${ROUNDS})`, value: r2(bare.wall), unit: 's' },
    { figure: `${label}: dbassist digest peak RSS (max of all runs)`, value: r1(peakRss), unit: 'MB', target: '≤ 100 MB', pass: peakRss <= 100 },
    ...memoRows(label, path),
  ];
  if (!pt) return [...rows, { figure: 'pt-query-digest', value: 0, unit: 'not installed' }];
  const ratio = pt.cpu / bare.cpu;
  const ptMap = ptClasses(pt.stdout);
  const ourMap = classesOf(bare.stdout);
  const same = sameMap(ourMap, ptMap);
  rows.push(
    { figure: `${label}: pt-query-digest CPU (median of ${ROUNDS}, in turn with ours)`, value: r2(pt.cpu), unit: 's' },
    { figure: `${label}: pt-query-digest wall`, value: r2(pt.wall), unit: 's' },
    { figure: `${label}: pt-query-digest peak RSS`, value: r1(pt.rssMb), unit: 'MB' },
    cpuTarget
      ? { figure: `${label}: CPU ratio pt / dbassist`, value: r1(ratio), unit: '×', target: '≥ 20×', pass: ratio >= 20 }
      : { figure: `${label}: CPU ratio pt / dbassist`, value: r1(ratio), unit: '×' },
    ...(withCa ? [{ figure: `${label}: CPU ratio pt / dbassist with ${CA} set`, value: r1(pt.cpu / withCa.cpu), unit: '×' }] : []),
    { figure: `${label}: wall ratio pt / dbassist`, value: r1(pt.wall / bare.wall), unit: '×' },
    classesMustMatch
      ? {
          figure: `${label}: every class and its calls as pt-query-digest`,
          value: same ? 1 : 0,
          unit: `bool (ours ${ourMap.size}, pt ${ptMap.size} classes)`,
          target: '1',
          pass: same,
        }
      : {
          figure: `${label}: classes with pt's calls (joins of unrelated logs read differently)`,
          value: [...ourMap].filter(([k, v]) => ptMap.get(k) === v).length,
          unit: `of ours ${ourMap.size}, pt ${ptMap.size}`,
        },
  );
  return rows;
}

async function flatMemory(label: string, path: string, bytes: number): Promise<BenchRow[]> {
  const run = await measure(process.execPath, [BIN, 'digest', path, '--format', 'json'], { stdout: false, env: envWithoutCa() });
  return [
    { figure: `${label}: size`, value: r1(bytes / MB), unit: 'MB' },
    { figure: `${label}: dbassist digest CPU`, value: r2(run.cpu), unit: 's' },
    { figure: `${label}: dbassist digest wall`, value: r2(run.wall), unit: 's' },
    { figure: `${label}: dbassist digest peak RSS`, value: r1(run.rssMb), unit: 'MB', target: '≤ 100 MB', pass: run.rssMb <= 100 },
  ];
}

const RDS = 'rds/mysql-slowquery.log';

export const benchmarks: Bench[] = [
  {
    name: 'digest: real RDS MySQL 8.0 log (ORM statements) replicated to ~60 MB, vs pt-query-digest',
    async run(): Promise<BenchRow[]> {
      const { path, bytes } = replicate('rds-mysql8-60mb.log', readRealLog(RDS), 60 * MB);
      return compare('RDS MySQL 8.0 ×~50', path, bytes);
    },
  },
  {
    name: 'digest: real RDS MySQL 8.0 log replicated to ~60 MB with literals varied, vs pt-query-digest',
    async run(): Promise<BenchRow[]> {
      const { path, bytes } = replicateVaried('rds-mysql8-60mb-varied-v1.log', readRealLog(RDS), 60 * MB);
      return compare('RDS MySQL 8.0 ×~50, literals varied', path, bytes);
    },
  },
  {
    name: 'digest: all real fixture logs replicated to ~60 MB, vs pt-query-digest',
    async run(): Promise<BenchRow[]> {
      // The logs where we differ from pt on purpose stay out, so "same classes" can hold.
      const logs = realLogs().filter((n) => !(n in KNOWN_DIFFERENCES));
      // Appended as files are (a newline added only where a log lacks its last one).
      const unit = Buffer.concat(
        logs.flatMap((n) => {
          const b = readRealLog(n);
          return b.length === 0 || b[b.length - 1] === 10 ? [b] : [b, Buffer.from('\n')];
        }),
      );
      const { path, bytes } = replicate('real-logs-60mb.log', unit, 60 * MB);
      // The ≥ 20× target is for a MySQL 8 log of large statements (above); this one is mostly Percona's
      // small edge-case samples and two 1.2 MB INSERTs, shown for breadth.
      return compare(`${logs.length} real logs ×~${Math.round((60 * MB) / unit.length)}`, path, bytes, false, false);
    },
  },
  {
    name: 'digest: real RDS log replicated to ~250 MB, memory stays flat',
    async run(): Promise<BenchRow[]> {
      const log = readRealLog(RDS);
      const verbatim = replicate('rds-mysql8-250mb.log', log, 250 * MB);
      const varied = replicateVaried('rds-mysql8-250mb-varied-v1.log', log, 250 * MB);
      return [
        ...(await flatMemory('RDS MySQL 8.0 ×~200', verbatim.path, verbatim.bytes)),
        ...(await flatMemory('RDS MySQL 8.0 ×~200, literals varied', varied.path, varied.bytes)),
      ];
    },
  },
];
