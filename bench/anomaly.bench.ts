/**
 * The anomaly detector on its development set: real labelled series from the Numenta Anomaly Benchmark
 * (test/fixtures/nab, see PROVENANCE.md; realAWSCloudwatch is not in it). Each series goes through a whole
 * `dbassist anomalies - --format json` process; the windows it prints are scored as issue 14 defines
 * (bench/anomaly/score.ts): window recall (target ≥ 0.87) and false alarms per series-day (target ≤ 0.30),
 * the first 15 % of each series being warm-up. Also per folder, for the tuning/checking split the detector
 * was developed with, and on NAB's anomaly-free artificial series.
 */
import { join } from 'node:path';
import { evaluate, totalsFor } from './anomaly/evaluate';
import { loadLabelledSet } from './anomaly/nab';
import type { Totals } from './anomaly/score';
import type { Bench, BenchRow } from './types';

const DIR = join(__dirname, '..', 'test', 'fixtures', 'nab');
/** The development folders. */
const DEV = ['realKnownCause', 'realTraffic', 'realAdExchange', 'realTweets', 'artificialWithAnomaly'];
/** Folders the detector's choices were made on, and folders only checked with them. */
const TUNE = ['realKnownCause', 'realTweets', 'artificialWithAnomaly'];
const CHECK = ['realTraffic', 'realAdExchange'];

function rows(label: string, x: Totals, targets = false): BenchRow[] {
  return [
    { figure: `${label}: window recall (${x.found}/${x.labels})`, value: x.recall, unit: '', ...(targets ? { target: '≥ 0.87', pass: x.recall >= 0.87 } : {}) },
    {
      figure: `${label}: false alarms per series-day (${x.falseAlarms} in ${x.days.toFixed(0)} days)`,
      value: x.falseAlarmsPerDay,
      unit: '/day',
      ...(targets ? { target: '≤ 0.30', pass: x.falseAlarmsPerDay <= 0.3 } : {}),
    },
  ];
}

export const benchmarks: Bench[] = [
  {
    name: 'anomalies: NAB development set through the CLI',
    async run() {
      const set = loadLabelledSet(DIR, join(DIR, 'combined_windows.json'));
      const e = await evaluate(set);
      const dev = totalsFor(e, DEV);
      const out: BenchRow[] = [
        ...rows(`dev set (${dev.series} series)`, dev, true),
        {
          figure: 'dev set: mean over series of false alarms per day',
          value: dev.meanFalseAlarmsPerDay,
          unit: '/day',
          target: '≤ 0.30',
          pass: dev.meanFalseAlarmsPerDay <= 0.3,
        },
        { figure: 'dev set: share of scored time inside reported windows', value: 100 * dev.flaggedShare, unit: '%' },
        ...rows(`tuned-on folders (${TUNE.join(', ')})`, totalsFor(e, TUNE)),
        ...rows(`checked-only folders (${CHECK.join(', ')})`, totalsFor(e, CHECK)),
      ];
      for (const f of DEV) out.push(...rows(f, totalsFor(e, [f])));
      const quiet = totalsFor(e, ['artificialNoAnomaly']);
      out.push({ figure: `artificialNoAnomaly (no labels): false alarms per series-day (${quiet.falseAlarms})`, value: quiet.falseAlarmsPerDay, unit: '/day' });
      out.push({ figure: `wall time, ${set.length} CLI processes two at a time`, value: e.wallMs / 1000, unit: 's' });
      return out;
    },
  },
];
