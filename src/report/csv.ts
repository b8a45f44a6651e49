/**
 * The metrics CSV: `timestamp` (ISO-8601) then one column per metric (`cluster.` prefix for cluster
 * metrics). `dbassist anomalies` reads the same layout back.
 */
import { metricKey } from '../analysis/stats';
import type { MetricSeries } from '../model/collected-data';

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function num(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return String(v);
}

/** Whether every series has the very same timestamps (the usual case: one CloudWatch query, one period). */
function sharedTimestamps(metrics: readonly MetricSeries[]): number[] | undefined {
  const first = metrics[0]?.timestamps;
  if (!first) return undefined;
  for (const m of metrics) {
    if (m.timestamps === first) continue;
    if (m.timestamps.length !== first.length) return undefined;
    for (let i = 0; i < first.length; i++) if (m.timestamps[i] !== first[i]) return undefined;
  }
  for (let i = 1; i < first.length; i++) if (!(first[i]! > first[i - 1]!)) return undefined;
  return first;
}

export function metricsCsv(metrics: readonly MetricSeries[]): string {
  const header = ['timestamp', ...metrics.map(metricKey)].map(field).join(',');
  const shared = sharedTimestamps(metrics);
  let rows: number[];
  let columns: ArrayLike<number | undefined>[];
  if (shared) {
    rows = shared;
    columns = metrics.map((m) => m.values);
  } else {
    const index = new Map<number, number>();
    for (const m of metrics) for (const t of m.timestamps) index.set(t, 0);
    rows = [...index.keys()].sort((a, b) => a - b);
    rows.forEach((t, i) => index.set(t, i));
    columns = metrics.map((m) => {
      const col: (number | undefined)[] = new Array(rows.length);
      m.timestamps.forEach((t, i) => (col[index.get(t)!] = m.values[i]));
      return col;
    });
  }
  const lines: string[] = new Array(rows.length + 1);
  lines[0] = header;
  for (let r = 0; r < rows.length; r++) {
    let line = new Date(rows[r]!).toISOString();
    for (let c = 0; c < columns.length; c++) line += `,${num(columns[c]![r])}`;
    lines[r + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}

/** Splits one CSV line, honouring double-quoted fields. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export class CsvError extends Error {
  override name = 'CsvError';
}

/** ISO-8601 time; a date-time without a zone (`2014-04-10 07:15:00`, as NAB and many exports write it) is UTC. */
export function parseCsvTime(raw: string): number {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)$/.exec(raw);
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : Date.parse(raw);
}

/**
 * Parses a metrics CSV into series. The `timestamp` column holds ISO-8601 times (UTC when no zone is
 * given) or epoch seconds/ms;
 * empty cells are gaps; a column with any non-numeric cell is rejected with its line number.
 */
export function parseMetricsCsv(text: string): MetricSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new CsvError('the CSV is empty');
  const header = splitCsvLine(lines[0]!.replace(/^\uFEFF/, '')).map((h) => h.trim());
  const ti = header.findIndex((h) => h.toLowerCase() === 'timestamp');
  if (ti < 0) throw new CsvError('the CSV needs a `timestamp` column');
  const cols = header.map((h, i) => ({ h, i })).filter((c) => c.i !== ti);
  if (cols.length === 0) throw new CsvError('the CSV needs at least one numeric column besides `timestamp`');
  const ts: number[] = [];
  const vals: number[][] = cols.map(() => []);
  for (let r = 1; r < lines.length; r++) {
    const cells = splitCsvLine(lines[r]!);
    const raw = (cells[ti] ?? '').trim();
    const t = /^\d+(\.\d+)?$/.test(raw) ? (Number(raw) < 1e11 ? Number(raw) * 1000 : Number(raw)) : parseCsvTime(raw);
    if (!Number.isFinite(t)) throw new CsvError(`line ${r + 1}: \`${raw.slice(0, 40)}\` is not a timestamp`);
    ts.push(t);
    cols.forEach((c, k) => {
      const cell = (cells[c.i] ?? '').trim();
      if (cell === '') {
        vals[k]!.push(Number.NaN);
        return;
      }
      const x = Number(cell);
      if (!Number.isFinite(x)) throw new CsvError(`line ${r + 1}, column ${c.h}: \`${cell.slice(0, 40)}\` is not a number`);
      vals[k]!.push(x);
    });
  }
  const order = ts.map((_, i) => i).sort((a, b) => ts[a]! - ts[b]!);
  const sortedT = order.map((i) => ts[i]!);
  return cols.map((c, k) => {
    const cluster = c.h.startsWith('cluster.');
    return {
      name: cluster ? c.h.slice('cluster.'.length) : c.h,
      scope: cluster ? 'cluster' : 'instance',
      unit: 'None',
      timestamps: sortedT,
      values: order.map((i) => vals[k]![i]!),
    };
  });
}
