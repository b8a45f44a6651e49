import { describe, expect, it } from 'vitest';
import { detectAllAnomalies, detectAnomalies, detectSeriesAnomalies } from '../../src/analysis/anomalies';
import { createRng } from '../../src/collectors/simulated/random';
import { diurnal, inject, MIN, noise, series, T0, times } from './series';

const iso = (t: number) => new Date(t).toISOString();
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Poisson counts around a level (Knuth's method; levels here are small enough). */
function poisson(n: number, seed: number, level: (i: number) => number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => rng.poisson(level(i)));
}

describe('detectAnomalies: quiet series stay quiet', () => {
  it('keeps false alarms on Gaussian noise near the designed rate (0.01 a day per scale), and a report of 20 such metrics quiet', () => {
    const n = 3 * 1440;
    const all = Array.from({ length: 20 }, (_, k) => noise(n, 100 + k, 2).map((x) => 40 + x));
    const windows = all.flatMap((v) => detectAnomalies('m', times(n), v));
    // 20 series × 2.55 scored days × 2 scales × 0.01 ≈ 1 expected.
    expect(windows.length).toBeLessThanOrEqual(3);
    for (const w of windows) expect(w.score).toBeLessThan(5);
    expect(detectAllAnomalies(all.map((v, k) => series(`m${k}`, v, times(n))))).toEqual([]);
  });

  it('reports nothing on slowly wandering (autocorrelated) noise, nor on Poisson counts', () => {
    const n = 2 * 1440;
    const rng = createRng(2);
    let x = 0;
    const wander = Array.from({ length: n }, () => (x = 0.7 * x + rng.normal(0, 1.4)) + 50);
    expect(detectAnomalies('m', times(n), wander)).toEqual([]);
    expect(
      detectAnomalies(
        'requests',
        times(n, 5 * MIN),
        poisson(n, 3, () => 20),
      ),
    ).toEqual([]);
  });

  it('handles flat, short and constant series', () => {
    expect(detectAnomalies('flat', times(500), new Array(500).fill(3))).toEqual([]);
    expect(detectAnomalies('short', times(5), [1, 2, 100, 2, 1])).toEqual([]);
    expect(detectAnomalies('zeros', times(300), new Array(300).fill(0))).toEqual([]);
  });
});

describe('detectAnomalies: what it finds', () => {
  it('finds a two-point spike as one spike window with its peak, score and a reason in words', () => {
    const t = times(1440);
    const v = noise(1440, 4, 2).map((x) => 50 + x);
    v[1000] = 85;
    v[1001] = 90;
    const found = detectAnomalies('m', t, v);
    expect(found).toHaveLength(1);
    const a = found[0]!;
    expect(a).toMatchObject({ start: iso(t[1000]!), end: iso(t[1001]!), peak: iso(t[1001]!), direction: 'high', pattern: 'spike', points: 2 });
    expect(a.score).toBeGreaterThan(10);
    expect(a.expected).toBeGreaterThan(48);
    expect(a.expected).toBeLessThan(52);
    expect(a.reason).toMatch(/^90 against a usual (49|50|51)(\.\d)? in the hour before$/);
  });

  it('finds a step as a level shift from its first point, once, and says by how much', () => {
    const period = 5 * MIN;
    const n = 2 * 288;
    const t = times(n, period);
    const at = 400;
    const v = noise(n, 5, 3).map((x, i) => (i >= at ? 140 : 100) + x);
    const found = detectAnomalies('NetworkIn', t, v, { unit: 'Bytes/Second' });
    expect(found).toHaveLength(1);
    expect(found[0]!.start).toBe(iso(t[at]!));
    expect(found[0]!.pattern).toBe('level-shift');
    expect(found[0]!.reason).toMatch(/^level shift \+(3[89]|4[012]) % since Nov 3 09:20$/);
  });

  it('reports an incident once, not its way back to normal', () => {
    const n = 1440;
    const t = times(n);
    const v = inject(
      noise(n, 6, 1).map((x) => 30 + x),
      900,
      120,
      15,
    );
    const found = detectAnomalies('m', t, v);
    expect(found.map((a) => [a.start, a.direction])).toEqual([[iso(t[900]!), 'high']]);
  });

  it('reports dips as direction low, with the drop in percent for quantities that scale', () => {
    const n = 1440;
    const v = inject(
      noise(n, 7, 0.02).map((x) => 1 + x),
      800,
      15,
      -0.6,
    );
    const [a] = detectAnomalies('ReadLatency', times(n), v, { unit: 'Seconds' });
    expect(a).toMatchObject({ direction: 'low', start: iso(times(n)[800]!) });
    expect(a!.reason).toMatch(/^6\d % below the usual in the hour before$/);
  });

  it('learns a daily shape from a week of data: busy hours are usual, an incident at a quiet hour is not', () => {
    const period = 5 * MIN;
    const n = 7 * 288;
    const t = times(n, period);
    const base = diurnal(t, 50, 30).map((x, i) => x + noise(n, 8, 1.5)[i]!);
    expect(detectAnomalies('cpu', t, base)).toEqual([]);
    // Day 6, 04:00–04:30 UTC (the quiet hours of this curve): CPU at the level of a busy afternoon.
    const from = 6 * 288 + 48;
    const v = inject(base, from, 6, 45);
    const found = detectAnomalies('CPUUtilization', t, v, { unit: 'Percent' });
    expect(found).toHaveLength(1);
    expect(found[0]!.start).toBe(iso(t[from]!));
    expect(found[0]!.end).toBe(iso(t[from + 5]!));
    expect(found[0]!.reason).toMatch(/^\d\d(\.\d)? % against a usual \d\d?(\.\d)? % for 04:(00|15)$/);
  });

  it('finds a sustained move too small per point in the hourly medians', () => {
    const n = 4 * 1440;
    const t = times(n);
    // Six hours at +1.5 σ: no single minute stands out, the hours do.
    const v = inject(
      noise(n, 9, 2).map((x) => 100 + x),
      3 * 1440,
      360,
      3,
    );
    expect(detectAnomalies('m', t, v, { hourly: false })).toEqual([]);
    const found = detectAnomalies('m', t, v);
    expect(found).toHaveLength(1);
    expect(Date.parse(found[0]!.start)).toBeGreaterThanOrEqual(t[3 * 1440]! - HOUR);
    expect(Date.parse(found[0]!.start)).toBeLessThanOrEqual(t[3 * 1440]! + 2 * HOUR);
  });

  it('does not report what happens every day: recurring spikes are this metric’s weather', () => {
    const n = 6 * 1440;
    const t = times(n);
    let v = noise(n, 10, 1).map((x) => 20 + x);
    // A 10-minute burst at a different hour each day (no daily shape can absorb it).
    for (let d = 0; d < 6; d++) v = inject(v, d * 1440 + 200 + 97 * d, 10, 12);
    expect(detectAnomalies('m', t, v)).toEqual([]);
    // One burst twice as high as the usual ones is still news.
    const found = detectAnomalies('m', t, inject(v, 5 * 1440 + 1000, 10, 30));
    expect(found.map((a) => a.start)).toEqual([iso(t[5 * 1440 + 1000]!)]);
  });

  it('learns a nightly job (a backup at 03:00) as usual, yet finds a burst at noon', () => {
    const period = 5 * MIN;
    const n = 14 * 288;
    const t = times(n, period);
    const hourOf = (x: number) => (x % DAY) / HOUR;
    const base = t.map((x, i) => (hourOf(x) >= 3 && hourOf(x) < 3.34 ? 5 : 1) * 1e6 * Math.exp(noise(n, 7, 0.15)[i]!));
    expect(detectAnomalies('NetworkReceiveThroughput', t, base, { unit: 'Bytes/Second' })).toEqual([]);
    const noon = 10 * 288 + 144;
    const v = base.map((x, i) => (i >= noon && i < noon + 6 ? 6 * x : x));
    const found = detectAnomalies('NetworkReceiveThroughput', t, v, { unit: 'Bytes/Second' });
    expect(found.map((a) => a.start)).toEqual([iso(t[noon]!)]);
    expect(found[0]!.reason).toMatch(/^\d(\.\d)?× the usual for 12:(00|15)$/);
  });

  it('ignores moves too small to matter even when the noise is tiny', () => {
    const n = 1440;
    const v = inject(
      noise(n, 11, 0.01).map((x) => 10 + x),
      1000,
      30,
      0.5,
    );
    expect(detectAnomalies('FreeableMemory', times(n), v, { unit: 'Bytes' })).toEqual([]);
    expect(detectAnomalies('FreeableMemory', times(n), v, { unit: 'Bytes', practical: false })).toHaveLength(1);
  });

  it('reports nothing in the warm-up (the first 15 %)', () => {
    const n = 1000;
    const v = inject(
      noise(n, 12, 1).map((x) => 30 + x),
      50,
      10,
      20,
    );
    expect(detectAnomalies('m', times(n), v)).toEqual([]);
    expect(detectAnomalies('m', times(n), v, { warmup: 0 })).toHaveLength(1);
  });

  it('does not join points across a hole in the data, and skips NaN', () => {
    const s = series(
      'gappy',
      inject(
        noise(600, 13).map((x) => 30 + x),
        420,
        10,
        15,
      ),
    );
    s.values[50] = Number.NaN;
    const found = detectSeriesAnomalies(s);
    expect(found).toHaveLength(1);
    expect(found[0]!.metric).toBe('gappy');
    expect(Date.parse(found[0]!.start)).toBe(T0 + 420 * MIN);
  });
});

describe('detectAllAnomalies: agreement across related metrics', () => {
  it('keeps an ordinary bump of connections when CPU has an anomaly at the same time, and lists the related metrics', () => {
    const n = 2 * 1440;
    const t = times(n);
    const cpu = inject(
      noise(n, 14, 1).map((x) => 30 + x),
      2000,
      20,
      40,
    );
    // Connections bump by ~50 % five times a day-and-a-half: usual for this metric on its own…
    let conns = noise(n, 15, 3).map((x) => 200 + x);
    for (const at of [600, 1100, 1500, 2000, 2500]) conns = inject(conns, at, 15, 100);
    const alone = detectAllAnomalies([series('DatabaseConnections', conns, t, 'Count')]);
    expect(alone).toEqual([]);
    // …but the one that coincides with the CPU incident is corroborated.
    const both = detectAllAnomalies([series('CPUUtilization', cpu, t, 'Percent'), series('DatabaseConnections', conns, t, 'Count')]);
    expect(both.map((a) => [a.metric, a.start])).toEqual([
      ['CPUUtilization', iso(t[2000]!)],
      ['DatabaseConnections', iso(t[2000]!)],
    ]);
    expect(both[0]!.related).toEqual(['DatabaseConnections']);
    expect(both[1]!.related).toEqual(['CPUUtilization']);
    // Unrelated metrics do not corroborate each other.
    expect(detectAllAnomalies([series('CPUUtilization', cpu, t, 'Percent'), series('mystery', conns, t)]).map((a) => a.metric)).toEqual(['CPUUtilization']);
  });
});
