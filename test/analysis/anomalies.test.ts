import { describe, expect, it } from 'vitest';
import { detectAnomalies, detectSeriesAnomalies, median, rollingMedian } from '../../src/analysis/anomalies';
import { diurnal, inject, MIN, noise, series, T0, times } from './series';

const iso = (t: number) => new Date(t).toISOString();

describe('rollingMedian', () => {
  it('matches a naive centred median with clamped edges', () => {
    const v = noise(200, 7, 5);
    const w = 21;
    const got = rollingMedian(v, w);
    for (let i = 0; i < v.length; i++) {
      const start = Math.min(Math.max(i - 10, 0), v.length - w);
      expect(got[i]).toBeCloseTo(median(v.slice(start, start + w)), 12);
    }
  });
});

describe('detectAnomalies', () => {
  it('ignores single-point noise spikes', () => {
    let v = noise(720, 1).map((x) => 50 + x);
    for (const at of [40, 200, 333, 500, 650]) v = inject(v, at, 1, 15);
    expect(detectAnomalies('cpu', times(720), v)).toEqual([]);
  });

  it('finds a 10-minute incident as one window with its start, end, peak and direction', () => {
    const t = times(720);
    let v = noise(720, 2).map((x) => 50 + x);
    v = inject(v, 400, 10, 12);
    v[405] = v[405]! + 5; // the peak
    const found = detectAnomalies('cpu', t, v);
    expect(found).toHaveLength(1);
    const a = found[0]!;
    expect(a.direction).toBe('high');
    expect(a.start).toBe(iso(t[400]!));
    expect(a.end).toBe(iso(t[409]!));
    expect(a.peak).toBe(iso(t[405]!));
    expect(a.points).toBe(10);
    expect(a.score).toBeGreaterThan(10);
    expect(a.expected).toBeGreaterThan(48);
    expect(a.expected).toBeLessThan(52);
  });

  it('reports dips as direction low', () => {
    const v = inject(
      noise(300, 3).map((x) => 99.5 + x * 0.05),
      100,
      15,
      -5,
    );
    const [a] = detectAnomalies('BufferCacheHitRatio', times(300), v);
    expect(a?.direction).toBe('low');
    expect(a?.start).toBe(iso(times(300)[100]!));
  });

  it('keeps separate windows for separate incidents and does not merge across directions', () => {
    let v = noise(600, 4).map((x) => 10 + x);
    v = inject(v, 100, 8, 10);
    v = inject(v, 108, 8, -10);
    v = inject(v, 400, 12, 9);
    const found = detectAnomalies('m', times(600), v);
    expect(found.map((a) => a.direction)).toEqual(['high', 'low', 'high']);
    expect(found.map((a) => a.points)).toEqual([8, 8, 12]);
  });

  it('finds an incident still running at the end of the window, without edge false positives on a trend', () => {
    const n = 360;
    const t = times(n);
    // Steady rise of 30 units over the window plus noise; incident in the last 15 points.
    const v = inject(
      noise(n, 5).map((x, i) => 20 + (30 * i) / n + x),
      n - 15,
      15,
      15,
    );
    const found = detectAnomalies('cpu', t, v);
    expect(found).toHaveLength(1);
    expect(found[0]!.start).toBe(iso(t[n - 15]!));
    expect(found[0]!.end).toBe(iso(t[n - 1]!));
    const quiet = detectAnomalies(
      'cpu',
      t,
      noise(n, 5).map((x, i) => 20 + (30 * i) / n + x),
    );
    expect(quiet).toEqual([]);
  });

  it('de-seasonalises a 3-day diurnal series and finds only the injected incident', () => {
    const period = 5 * MIN;
    const n = (3 * 86_400_000) / period;
    const t = times(n, period);
    const base = diurnal(t, 50, 30).map((x, i) => x + noise(n, 6, 1.5)[i]!);
    const from = n - 200;
    const v = inject(base, from, 4, 20); // 20 minutes at 5-minute period
    const found = detectAnomalies('cpu', t, v);
    expect(found).toHaveLength(1);
    expect(found[0]!.start).toBe(iso(t[from]!));
    expect(found[0]!.end).toBe(iso(t[from + 3]!));
    expect(detectAnomalies('cpu', t, base)).toEqual([]);
  });

  it('does not echo an incident onto the same hour of the other day in a 2-day window', () => {
    const period = 5 * MIN;
    const n = (2 * 86_400_000) / period;
    const t = times(n, period);
    const v = inject(
      diurnal(t, 50, 30).map((x, i) => x + noise(n, 16, 1.5)[i]!),
      n - 150,
      5,
      40,
    );
    const found = detectAnomalies('cpu', t, v);
    expect(found).toHaveLength(1);
    expect(found[0]!.start).toBe(iso(t[n - 150]!));
    // Forcing a time-of-day profile on two days shows the echo the default avoids.
    const forced = detectAnomalies('cpu', t, v, { seasonal: 'on' });
    expect(forced.some((a) => a.direction === 'low' && Date.parse(a.start) < t[n / 2]!)).toBe(true);
  });

  it('needs enough points: a 2-minute blip at 1-minute resolution is not an incident', () => {
    const v = inject(
      noise(300, 8).map((x) => 5 + x * 0.2),
      150,
      2,
      6,
    );
    expect(detectAnomalies('m', times(300), v)).toEqual([]);
    expect(detectAnomalies('m', times(300), v, { minPoints: 2 })).toHaveLength(1);
  });

  it('handles flat, short and gappy series', () => {
    expect(detectAnomalies('flat', times(100), new Array(100).fill(3))).toEqual([]);
    expect(detectAnomalies('short', times(5), [1, 2, 100, 2, 1])).toEqual([]);
    const s = series(
      'gappy',
      inject(
        noise(200, 9).map((x) => 30 + x),
        120,
        10,
        15,
      ),
    );
    s.values[50] = Number.NaN;
    const found = detectSeriesAnomalies(s);
    expect(found).toHaveLength(1);
    expect(found[0]!.metric).toBe('gappy');
    expect(Date.parse(found[0]!.start)).toBe(T0 + 120 * MIN);
  });
});
