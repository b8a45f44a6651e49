/**
 * The published NAB detectors scored the way issue 14 scores ours, on the same development set: their
 * per-point anomaly scores from a NAB checkout's `results/<detector>/<folder>/<detector>_<file>.csv`, a
 * point reported when its score reaches the detector's NAB "standard" threshold (`config/thresholds.json`),
 * consecutive reported points forming one window. Not part of `npm run bench` (the results are ~50 MB);
 * run it against a checkout of numenta/NAB:
 *
 *   node bin/run-ts.js bench/anomaly/anchors.ts --nab PATH_TO_NAB [--detectors ARTime,numenta,randomCutForest]
 *
 * Only the development folders are read (never realAWSCloudwatch).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvTime } from '../../src/report/csv';
import { formatTotals } from './evaluate';
import { loadLabelledSet } from './nab';
import { scoreSeries, totals, type Interval, type SeriesScore } from './score';

const DEV = ['realKnownCause', 'realTraffic', 'realAdExchange', 'realTweets', 'artificialWithAnomaly'];
const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'nab');

/** Runs of consecutive points whose score reaches the threshold, as windows. */
export function thresholdWindows(t: readonly number[], score: readonly number[], threshold: number): Interval[] {
  const out: Interval[] = [];
  let open: Interval | undefined;
  for (let i = 0; i < t.length; i++) {
    if (score[i]! >= threshold) {
      if (open) open.end = t[i]!;
      else open = { start: t[i]!, end: t[i]! };
    } else if (open) {
      out.push(open);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const nab = arg('nab');
  if (!nab) {
    process.stderr.write('usage: anchors.ts --nab PATH_TO_NAB [--detectors a,b]\n');
    process.exitCode = 2;
    return;
  }
  const detectors = (arg('detectors') ?? 'ARTime,numenta,randomCutForest').split(',');
  const thresholds = JSON.parse(readFileSync(join(nab, 'config', 'thresholds.json'), 'utf8')) as Record<string, { standard: { threshold: number } }>;
  const set = loadLabelledSet(FIXTURES, join(FIXTURES, 'combined_windows.json'), DEV);
  for (const det of detectors) {
    const threshold = thresholds[det]!.standard.threshold;
    const scores: SeriesScore[] = [];
    for (const s of set) {
      const [folder, file] = s.key.split('/') as [string, string];
      const lines = readFileSync(join(nab, 'results', det, folder, `${det}_${file}`), 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter((l) => l.trim() !== '');
      const t = lines.map((l) => parseCsvTime(l.split(',')[0]!));
      const score = lines.map((l) => Number(l.split(',')[2]));
      scores.push(scoreSeries(s.key, t, s.labels, thresholdWindows(t, score, threshold)));
    }
    process.stdout.write(`${det} (standard threshold ${threshold}): ${formatTotals(totals(scores))}\n`);
  }
}

if (process.argv[1] === __filename) main(process.argv.slice(2));
