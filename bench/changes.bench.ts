/**
 * "What changed" on real series: how often the metric-level comparison (src/analysis/changes.ts) speaks on
 * the Numenta Anomaly Benchmark's labelled series (test/fixtures/nab, PROVENANCE.md there; realAWSCloudwatch
 * is not in it). Every series is cut into 6-hour windows; each is compared with the same 6 hours a day and
 * a week earlier. A comparison is *quiet* when no labelled anomaly touches the earlier window, the days
 * between or the window — on those, any listed change is noise to the reader (target: rare); it is an
 * *incident* when a label overlaps the window and none the earlier one — there a change is expected only
 * when the anomaly moves the window's median (a long one or a level shift), not for a spike. In-process (a
 * rate, not a timing).
 */
import { join } from 'node:path';
import { metricChanges } from '../src/analysis/changes';
import type { Comparison } from '../src/core/comparison';
import { COMPARISON_MS } from '../src/core/comparison';
import type { MetricSeries } from '../src/model/collected-data';
import { loadLabelledSet } from './anomaly/nab';
import type { Bench, BenchRow } from './types';

const DIR = join(__dirname, '..', 'test', 'fixtures', 'nab');
const FOLDERS = ['realKnownCause', 'realTraffic', 'realAdExchange', 'realTweets', 'artificialWithAnomaly', 'artificialNoAnomaly'];
const WINDOW_MS = 6 * 3_600_000;

function parse(csv: string): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const [ts, val] = line.split(',');
    const ms = Date.parse(`${ts!.trim().replace(' ', 'T')}Z`);
    const x = Number(val);
    if (Number.isFinite(ms) && Number.isFinite(x)) {
      t.push(ms);
      v.push(x);
    }
  }
  return { t, v };
}

interface Tally {
  quiet: number;
  quietChanged: number;
  incident: number;
  incidentChanged: number;
}

function evaluate(vs: Comparison): Tally & { series: number } {
  const set = loadLabelledSet(DIR, join(DIR, 'combined_windows.json'), FOLDERS);
  const out: Tally = { quiet: 0, quietChanged: 0, incident: 0, incidentChanged: 0 };
  const shift = COMPARISON_MS[vs];
  for (const s of set) {
    const { t, v } = parse(s.csv);
    if (t.length === 0) continue;
    const series: MetricSeries = { name: 'value', scope: 'instance', unit: 'None', timestamps: t, values: v };
    const touches = (from: number, to: number) => s.labels.some((l) => l.start < to && l.end >= from);
    for (let start = t[0]! + shift; start + WINDOW_MS <= t[t.length - 1]!; start += WINDOW_MS) {
      const window = { start: new Date(start).toISOString(), end: new Date(start + WINDOW_MS).toISOString() };
      const against = { start: new Date(start - shift).toISOString(), end: new Date(start - shift + WINDOW_MS).toISOString() };
      const changed = metricChanges({ vs, window, against, metrics: [series], earlierMetrics: [series] }).length > 0;
      if (!touches(start - shift, start + WINDOW_MS)) {
        out.quiet++;
        if (changed) out.quietChanged++;
      } else if (touches(start, start + WINDOW_MS) && !touches(start - shift, start - shift + WINDOW_MS)) {
        out.incident++;
        if (changed) out.incidentChanged++;
      }
    }
  }
  return { ...out, series: set.length };
}

function rows(vs: Comparison): BenchRow[] {
  const x = evaluate(vs);
  return [
    {
      figure: `vs ${vs}: quiet 6h windows with a metric change listed (${x.quietChanged}/${x.quiet}, ${x.series} series)`,
      value: x.quiet ? (100 * x.quietChanged) / x.quiet : 0,
      unit: '%',
      target: '≤ 10 %',
      pass: x.quiet > 0 && x.quietChanged / x.quiet <= 0.1,
    },
    {
      figure: `vs ${vs}: 6h windows with a labelled anomaly (none earlier) listing a change (${x.incidentChanged}/${x.incident})`,
      value: x.incident ? (100 * x.incidentChanged) / x.incident : 0,
      unit: '%',
    },
  ];
}

export const benchmarks: Bench[] = [
  { name: 'changes: NAB series, 6h windows vs 1d', run: async () => rows('1d') },
  { name: 'changes: NAB series, 6h windows vs 1w', run: async () => rows('1w') },
];
