import { describe, expect, it } from 'vitest';
import { scoreSeries, totals, warmupEnd } from '../../bench/anomaly/score';

const H = 3_600_000;
const DAY = 24 * H;
/** 10 days at 5 minutes from t = 0: warm-up ends at index 432 (1.5 days). */
const t = Array.from({ length: 2880 }, (_, i) => i * 300_000);
const w = (startH: number, endH: number) => ({ start: startH * H, end: endH * H });

describe('warmupEnd', () => {
  it('is the time of the point at 15 % of the series (by points)', () => {
    expect(warmupEnd(t)).toBe(432 * 300_000);
    expect(warmupEnd([5, 6, 7], 0.5)).toBe(6);
    expect(Number.isNaN(warmupEnd([]))).toBe(true);
  });
});

describe('scoreSeries', () => {
  it('counts a label as found when any reported window overlaps it, edges included', () => {
    const labels = [w(100, 110), w(200, 210)];
    const s = scoreSeries('x', t, labels, [w(110, 111), w(150, 151)]);
    expect(s).toMatchObject({ labels: 2, found: 1, reported: 2, falseAlarms: 1 });
  });

  it('counts each reported window overlapping no label as one false alarm, and several windows in one label as none', () => {
    const s = scoreSeries('x', t, [w(100, 120)], [w(101, 102), w(105, 106), w(119, 130), w(50, 51), w(60, 61)]);
    expect(s).toMatchObject({ found: 1, reported: 5, falseAlarms: 2 });
  });

  it('ignores the warm-up: windows ending in it are not reported, labels ending in it are not counted', () => {
    const s = scoreSeries('x', t, [w(10, 20), w(100, 110)], [w(12, 13), w(30, 40), w(105, 106)]);
    // The window 30–40 h straddles the warm-up end (36 h): clipped, it still counts (a false alarm).
    expect(s).toMatchObject({ labels: 1, found: 1, reported: 2, falseAlarms: 1 });
    expect(s.days).toBeCloseTo((t[t.length - 1]! - 36 * H) / DAY, 10);
    expect(s.flaggedDays).toBeCloseTo((4 * H + 1 * H) / DAY, 10);
  });

  it('a window that ends in the warm-up finds nothing, even a label that runs past it', () => {
    const s = scoreSeries('x', t, [w(30, 50)], [w(20, 35)]);
    expect(s).toMatchObject({ labels: 1, found: 0, reported: 0, falseAlarms: 0 });
  });
});

describe('totals', () => {
  it('pools labels, false alarms and days, and also averages false alarms per day per series', () => {
    const a = scoreSeries('a', t, [w(100, 110)], [w(100, 101), w(150, 151), w(160, 161)]);
    const b = scoreSeries('b', t.slice(0, 1440), [w(50, 60)], []);
    const x = totals([a, b]);
    expect(x).toMatchObject({ series: 2, labels: 2, found: 1, reported: 3, falseAlarms: 2 });
    expect(x.recall).toBe(0.5);
    expect(x.falseAlarmsPerDay).toBeCloseTo(2 / (a.days + b.days), 12);
    expect(x.meanFalseAlarmsPerDay).toBeCloseTo((2 / a.days + 0 / b.days) / 2, 12);
    expect(Number.isNaN(totals([]).recall)).toBe(true);
  });
});
