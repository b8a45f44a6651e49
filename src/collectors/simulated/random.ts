/** A seeded PRNG (mulberry32) with normal and Poisson draws, so simulations are reproducible. */
import { mulberry32 } from '../../core/random';

export interface Rng {
  next(): number;
  normal(mean?: number, sd?: number): number;
  poisson(lambda: number): number;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed >>> 0 || 0x9e3779b9);
  return {
    next,
    normal(mean = 0, sd = 1) {
      const u = Math.max(next(), 1e-12);
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      if (lambda <= 0) return 0;
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l && k < 1000);
      return k - 1;
    },
  };
}
