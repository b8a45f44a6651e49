/** Synthetic series for the analysis tests: seeded noise, diurnal shapes, injected incidents. */
import type { MetricSeries } from '../../src/model/collected-data';
import { createRng } from '../../src/collectors/simulated/random';

export const T0 = Date.parse('2026-11-02T00:00:00Z');
export const MIN = 60_000;

export function noise(n: number, seed: number, sd = 1): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.normal(0, sd));
}

export function times(n: number, periodMs = MIN, start = T0): number[] {
  return Array.from({ length: n }, (_, i) => start + i * periodMs);
}

/** Adds `delta` to points [from, from + length). */
export function inject(values: number[], from: number, length: number, delta: number): number[] {
  return values.map((v, i) => (i >= from && i < from + length ? v + delta : v));
}

export function series(name: string, values: number[], t = times(values.length), unit = 'None', scope: 'instance' | 'cluster' = 'instance'): MetricSeries {
  return { name, scope, unit, timestamps: t, values };
}

/** A daily sine (peak 16:00 UTC) of the given amplitude around `level`. */
export function diurnal(t: number[], level: number, amplitude: number): number[] {
  return t.map((x) => level + amplitude * Math.sin((2 * Math.PI * ((x % 86_400_000) / 3_600_000 - 10)) / 24));
}
