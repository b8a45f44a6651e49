import { describe, expect, it } from 'vitest';
import {
  compareLevels,
  fitNoiseModel,
  isPracticalChange,
  kindFromHints,
  noiseShape,
  shapeFromData,
  taylorSlope,
  transformFor,
} from '../../src/analysis/noise-model';
import { createRng } from '../../src/collectors/simulated/random';
import { times } from './series';

const rng = createRng(21);
/** Two days at 5 minutes whose level swings between 10 and 1,000 (so Taylor's law has a range to read). */
const t = times(576, 300_000);
const level = t.map((_, i) => 10 * 100 ** (0.5 + 0.5 * Math.sin(i / 30)));
const additive = level.map((l) => l + rng.normal(0, 5));
const poisson = level.map((l) => rng.poisson(l));
const proportional = level.map((l) => l * Math.exp(rng.normal(0, 0.1)));

describe('kindFromHints', () => {
  it('reads the CloudWatch unit first, then the metric name', () => {
    expect(kindFromHints({ unit: 'Percent' })).toBe('percent');
    expect(kindFromHints({ unit: 'Count/Second', name: 'CPUUtilization' })).toBe('count');
    expect(kindFromHints({ unit: 'Milliseconds' })).toBe('latency');
    expect(kindFromHints({ unit: 'Bytes/Second' })).toBe('bytes');
    expect(kindFromHints({ name: 'cluster.BufferCacheHitRatio' })).toBe('percent');
    expect(kindFromHints({ name: 'AuroraReplicaLag' })).toBe('latency');
    expect(kindFromHints({ name: 'NetworkReceiveThroughput' })).toBe('bytes');
    expect(kindFromHints({ name: 'DatabaseConnections' })).toBe('count');
    // The known unit of the name (analysis/metric-units.ts) speaks where the name's words do not.
    expect(kindFromHints({ name: 'AuroraReplicaLagMaximum' })).toBe('latency');
    expect(kindFromHints({ name: 'cluster.AuroraReplicaLagMaximum', unit: 'None' })).toBe('latency');
    expect(kindFromHints({ name: 'value' })).toBeUndefined();
    expect(kindFromHints({ name: 'value', kind: 'latency' })).toBe('latency');
  });
});

describe("Taylor's law", () => {
  it('reads how noise grows with the level: ≈ 0 additive, ≈ ½ Poisson, ≈ 1 proportional', () => {
    expect(Math.abs(taylorSlope(t, additive))).toBeLessThan(0.2);
    expect(taylorSlope(t, poisson)).toBeGreaterThan(0.3);
    expect(taylorSlope(t, poisson)).toBeLessThan(0.7);
    expect(taylorSlope(t, proportional)).toBeGreaterThan(0.8);
    expect(Number.isNaN(taylorSlope(times(30), additive.slice(0, 30)))).toBe(true);
  });

  it('picks the scale from the data, whatever the unit says', () => {
    expect(shapeFromData(t, additive)).toEqual({ kind: 'level', scale: 'linear' });
    expect(shapeFromData(t, poisson)).toEqual({ kind: 'count', scale: 'sqrt' });
    expect(shapeFromData(t, proportional)).toEqual({ kind: 'bytes', scale: 'log' });
    expect(
      shapeFromData(
        t,
        additive.map((x) => x - 2000),
      ),
    ).toEqual({ kind: 'level', scale: 'linear' });
    expect(
      shapeFromData(
        times(50),
        Array.from({ length: 50 }, (_, i) => i % 5),
      ),
    ).toEqual({ kind: 'count', scale: 'sqrt' });
    // The unit gives the kind (words, practical minimum), the data the scale.
    expect(noiseShape(t, additive, { unit: 'Milliseconds' })).toEqual({ kind: 'latency', scale: 'linear' });
    expect(noiseShape(t, proportional, { unit: 'Milliseconds' })).toEqual({ kind: 'latency', scale: 'log' });
    expect(noiseShape(times(20), proportional.slice(0, 20), { unit: 'Count' })).toEqual({ kind: 'count', scale: 'sqrt' });
  });
});

describe('transformFor', () => {
  it('round-trips values and floors σ at Poisson noise for counts (per period for rates)', () => {
    for (const scale of ['linear', 'sqrt', 'log'] as const) {
      const tr = transformFor({ kind: 'count', scale }, poisson);
      for (const x of [0, 1, 17, 999]) expect(tr.inverse(tr.forward(x))).toBeCloseTo(x, 6);
    }
    expect(transformFor({ kind: 'count', scale: 'sqrt' }, poisson).floor).toBe(1);
    const rate = transformFor({ kind: 'count', scale: 'sqrt' }, [0.5, 1, 2], { unit: 'Count/Second', periodS: 60 });
    expect(rate.forward(1)).toBeCloseTo(2 * Math.sqrt(60.375), 10);
    expect(rate.inverse(rate.forward(1.25))).toBeCloseTo(1.25, 10);
  });

  it('offsets the logarithm by the 10th percentile so values near the floor are not blown up', () => {
    const tr = transformFor({ kind: 'latency', scale: 'log' }, [10, 10, 10, 10, 10, 10, 10, 10, 10, 20]);
    expect(tr.forward(5) - tr.forward(10)).toBeGreaterThan(Math.log(15 / 20) - 1e-9);
    expect(Number.isFinite(tr.forward(0))).toBe(true);
  });
});

describe('fitNoiseModel and compareLevels (the yardstick for a window against an earlier one)', () => {
  it('measures a move in the baseline’s own noise and says which way, with ratio and delta in the unit', () => {
    const before = Array.from({ length: 288 }, () => 100 + rng.normal(0, 4));
    const same = Array.from({ length: 288 }, () => 100 + rng.normal(0, 4));
    const up = same.map((x) => x * 1.4);
    expect(fitNoiseModel(before, { unit: 'Percent' }).sigma).toBeGreaterThan(3);
    const c = compareLevels(up, before, { unit: 'Count/Second', periodS: 60 });
    expect(c.direction).toBe('up');
    expect(c.ratio).toBeGreaterThan(1.35);
    expect(c.ratio).toBeLessThan(1.45);
    expect(c.z).toBeGreaterThan(4);
    expect(Math.abs(compareLevels(same, before, { unit: 'Percent' }).z)).toBeLessThan(1);
    expect(compareLevels([3, 3, 3], [0, 0, 0], { unit: 'Count' }).ratio).toBe(Infinity);
  });
});

describe('isPracticalChange', () => {
  it('needs ±20 % for quantities that scale, 2 points for percentages, nothing for plain levels', () => {
    expect(isPracticalChange('bytes', 118, 100)).toBe(false);
    expect(isPracticalChange('latency', 79, 100)).toBe(true);
    expect(isPracticalChange('count', 1, 0)).toBe(true);
    expect(isPracticalChange('percent', 99.2, 97.5)).toBe(false);
    expect(isPracticalChange('percent', 95, 97.5)).toBe(true);
    expect(isPracticalChange('level', 20.01, 20)).toBe(true);
  });
});
