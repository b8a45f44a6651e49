import { describe, expect, it } from 'vitest';
import { comparisonProblem, defaultComparison, parseComparison } from '../../src/core/comparison';
import { parseWindow } from '../../src/core/window';

describe('comparisons', () => {
  it('compares with a week earlier by default, up to week-long windows, and not beyond', () => {
    expect(defaultComparison(parseWindow('30m'))).toBe('1w');
    expect(defaultComparison(parseWindow('1d'))).toBe('1w');
    expect(defaultComparison(parseWindow('1w'))).toBe('1w');
    expect(defaultComparison(parseWindow('8d'))).toBeUndefined();
  });

  it('reads a day or a week in any window notation', () => {
    expect(['1d', '24h', '1 day', '1440m'].map(parseComparison)).toEqual(['1d', '1d', '1d', '1d']);
    expect(['1w', '7d', '1 week', '168 hours'].map(parseComparison)).toEqual(['1w', '1w', '1w', '1w']);
    expect(() => parseComparison('2d')).toThrow(/one day or one week earlier/);
  });

  it('refuses a comparison whose window would overlap the report window', () => {
    expect(comparisonProblem(parseWindow('1d'), '1d')).toBeUndefined();
    expect(comparisonProblem(parseWindow('25h'), '1d')).toMatch(/overlaps .* use `vs 1w`/);
    expect(comparisonProblem(parseWindow('1w'), '1w')).toBeUndefined();
  });
});
