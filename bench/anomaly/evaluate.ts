/**
 * Runs `dbassist anomalies - --format json` as a whole process on every series of a labelled set (the CSV
 * on stdin, two at a time) and scores the windows it prints with ./score.ts. Shared by the bench and by
 * the command line below, which evaluates any NAB-style folder:
 *
 *   node bin/run-ts.js bench/anomaly/evaluate.ts --data DIR --labels FILE [--folders a,b] [--verbose]
 *
 * DIR holds `folder/file.csv` (or `.csv.gz`) for every key of FILE (NAB's combined_windows.json layout).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadLabelledSet, csvTimestamps, type LabelledSeries } from './nab';
import { scoreSeries, totals, type Interval, type SeriesScore, type Totals } from './score';

const CLI = join(__dirname, '..', '..', 'bin', 'dbassist.js');

interface CliWindow {
  metric: string;
  start: string;
  end: string;
  peak: string;
  score: number;
  direction: string;
  reason: string;
}

/** One whole `dbassist anomalies -` process over a CSV; its windows. Rejects on a non-zero exit. */
export function runCli(csv: string): Promise<CliWindow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'anomalies', '-', '--format', 'json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`dbassist anomalies exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 500)}`));
      try {
        resolve((JSON.parse(Buffer.concat(out).toString('utf8')) as { anomalies: CliWindow[] }).anomalies);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stdin.end(csv);
  });
}

export interface Evaluation {
  scores: SeriesScore[];
  /** Series key → folder. */
  folderOf: Map<string, string>;
  windows: Map<string, Interval[]>;
  wallMs: number;
}

export async function evaluate(set: readonly LabelledSeries[], concurrency = 2): Promise<Evaluation> {
  const t0 = performance.now();
  const scores: SeriesScore[] = new Array(set.length);
  const windows = new Map<string, Interval[]>();
  let next = 0;
  const worker = async () => {
    while (next < set.length) {
      const i = next++;
      const s = set[i]!;
      const found = (await runCli(s.csv)).map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) }));
      windows.set(s.key, found);
      scores[i] = scoreSeries(s.key, csvTimestamps(s.csv), s.labels, found);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, set.length) }, worker));
  return { scores, folderOf: new Map(set.map((s) => [s.key, s.folder])), windows, wallMs: performance.now() - t0 };
}

/** Totals over the series whose folder is in `folders`. */
export function totalsFor(e: Evaluation, folders: readonly string[]): Totals {
  return totals(e.scores.filter((s) => folders.includes(e.folderOf.get(s.name) ?? '')));
}

export function formatTotals(x: Totals): string {
  return `recall ${x.recall.toFixed(3)} (${x.found}/${x.labels}), false alarms/day ${x.falseAlarmsPerDay.toFixed(3)} (${x.falseAlarms} in ${x.days.toFixed(0)} series-days; mean per series ${x.meanFalseAlarmsPerDay.toFixed(3)}), flagged ${(100 * x.flaggedShare).toFixed(1)} % of the time`;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const data = arg('data');
  const labels = arg('labels');
  if (!data || !labels) {
    process.stderr.write('usage: evaluate.ts --data DIR --labels FILE [--folders a,b] [--verbose]\n');
    process.exitCode = 2;
    return;
  }
  const folders = arg('folders')?.split(',');
  const set = loadLabelledSet(data, labels, folders);
  const e = await evaluate(set);
  if (argv.includes('--verbose')) {
    for (const s of e.scores)
      process.stdout.write(
        `${s.name}: labels ${s.labels}, found ${s.found}, reported ${s.reported}, false alarms ${s.falseAlarms}, ${s.days.toFixed(1)} days\n`,
      );
  }
  for (const f of [...new Set(set.map((s) => s.folder))]) process.stdout.write(`${f}: ${formatTotals(totalsFor(e, [f]))}\n`);
  process.stdout.write(`all: ${formatTotals(totals(e.scores))}\n`);
}

if (process.argv[1] === __filename) void main(process.argv.slice(2));
