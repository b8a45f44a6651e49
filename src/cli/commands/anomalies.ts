/**
 * `dbassist anomalies FILE.csv`: anomaly windows in a CSV with a `timestamp` column and numeric columns
 * (the report's metrics.csv layout), by the report's detector (src/analysis/anomalies.ts), each with a
 * short reason in words. The column name picks the noise model when it says what the metric is
 * (CPUUtilization, ReadLatency, …); otherwise the data does.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { detectAllAnomalies } from '../../analysis/anomalies';
import { CsvError, parseMetricsCsv } from '../../report/csv';
import { formatOption, parseArgs } from '../args';
import { CliRuntimeError, CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

async function readInput(file: string, io: Parameters<CliCommand['run']>[1]): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    return Buffer.concat(chunks).toString('utf8');
  }
  const path = resolve(io.cwd, file);
  try {
    if ((await stat(path)).isDirectory()) throw new CliRuntimeError(`${file} is a directory, not a CSV file`);
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof CliRuntimeError) throw e;
    throw new CliRuntimeError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export const command: CliCommand = {
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['format'] });
    const format = formatOption(args);
    if (args.positional.length !== 1) throw new CliUsageError(args.positional.length === 0 ? 'give a CSV FILE, or - for stdin' : 'give exactly one CSV FILE');
    const file = args.positional[0]!;
    const text = await readInput(file, io);
    let series;
    try {
      series = parseMetricsCsv(text);
    } catch (e) {
      if (e instanceof CsvError) throw new CliUsageError(`${file}: ${e.message}`);
      throw e;
    }
    const found = detectAllAnomalies(series).sort((a, b) => a.start.localeCompare(b.start) || a.metric.localeCompare(b.metric));
    const anomalies = found.map(({ metric, start, end, peak, score, direction, reason }) => ({ metric, start, end, peak, score, direction, reason }));
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ anomalies }, null, 2)}\n`);
    } else if (anomalies.length === 0) {
      io.stdout.write(`No anomalies in ${series.length} column(s) of ${series[0]?.timestamps.length ?? 0} rows.\n`);
    } else {
      const rows = found.map((a) => [a.metric, a.direction, a.start, a.end, a.peak, a.reason]);
      const head = ['metric', 'dir', 'start', 'end', 'peak', 'reason'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd();
      io.stdout.write(`${[line(head), ...rows.map(line)].join('\n')}\n`);
    }
    return EXIT.ok;
  },
};
