/**
 * `dbassist anomalies FILE.csv`: anomaly windows in a CSV with a `timestamp` column and numeric columns
 * (the report's metrics.csv layout), by the report's detector (src/analysis/anomalies.ts), each with a
 * short reason in words. The column name picks the noise model when it says what the metric is
 * (CPUUtilization, ReadLatency, …); otherwise the data does. Text output gives the peak and usual
 * values in the metric's unit when the name says it (97.2 %, 12.5 ms, 3.1 GiB, 1,204 /s).
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { detectAllAnomalies } from '../../analysis/anomalies';
import { unitOf } from '../../analysis/metric-units';
import { formatValue } from '../../core/format';
import { CsvError, parseMetricsCsv } from '../../report/csv';
import { formatOption, parseArgs } from '../args';
import { fileError } from '../file-errors';
import { CliUsageError, EXIT } from '../io';
import { noteTerminalInput } from '../terminal';
import type { CliCommand } from './index';

async function readInput(file: string, io: Parameters<CliCommand['run']>[1]): Promise<string> {
  if (file === '-') {
    noteTerminalInput(io, 'anomalies');
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    return Buffer.concat(chunks).toString('utf8');
  }
  const path = resolve(io.cwd, file);
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(file, e, 'CSV file');
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
      const value = (metric: string, v: number) => formatValue(v, unitOf(metric));
      const rows = found.map((a) => [a.metric, a.direction, a.start, a.end, a.peak, value(a.metric, a.peakValue), value(a.metric, a.expected), a.reason]);
      const head = ['metric', 'dir', 'start', 'end', 'peak at', 'value', 'usual', 'reason'];
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
