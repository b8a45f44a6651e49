import { describe, expect, it } from 'vitest';
import { describeAnomaly, relativeChange } from '../../src/analysis/anomaly-reason';

describe('describeAnomaly', () => {
  it('says "N× the usual" for quantities that scale, with the slot or the history it was compared with', () => {
    expect(describeAnomaly({ kind: 'count', unit: 'Count/Second', direction: 'high', peakValue: 3100, expected: 1000, usual: 'for Tuesdays 14:00' })).toBe(
      '3.1× the usual for Tuesdays 14:00',
    );
    expect(describeAnomaly({ kind: 'latency', unit: 'Milliseconds', direction: 'high', peakValue: 12.4, expected: 10, usual: 'of the previous 6 h' })).toBe(
      '24 % over the usual of the previous 6 h',
    );
    expect(describeAnomaly({ kind: 'bytes', unit: 'Bytes', direction: 'low', peakValue: 30, expected: 100, usual: 'for 03:00' })).toBe(
      '70 % below the usual for 03:00',
    );
    expect(describeAnomaly({ kind: 'count', unit: 'Count/Second', direction: 'high', peakValue: 0.2, expected: 0, usual: 'for 04:15' })).toBe(
      '0.2 /s where ≈ 0 /s is usual for 04:15',
    );
  });

  it('puts percentages and plain levels side by side', () => {
    expect(describeAnomaly({ kind: 'percent', unit: 'Percent', direction: 'high', peakValue: 97.5, expected: 41.2, usual: 'for 14:00' })).toBe(
      '97.5 % against a usual 41.2 % for 14:00',
    );
    expect(describeAnomaly({ kind: 'level', unit: 'None', direction: 'low', peakValue: 12, expected: 30, usual: 'of the previous 6 h' })).toBe(
      '12 against a usual 30 of the previous 6 h',
    );
  });

  it('names a level shift by its size and start', () => {
    const since = '2026-11-03T02:56:00.000Z';
    expect(
      describeAnomaly({
        kind: 'bytes',
        unit: 'Bytes/Second',
        direction: 'high',
        peakValue: 150,
        expected: 100,
        usual: '',
        shift: { from: 100, to: 140, since },
      }),
    ).toBe('level shift +40 % since Nov 3 02:56');
    expect(
      describeAnomaly({
        kind: 'count',
        unit: 'Count',
        direction: 'high',
        peakValue: 400,
        expected: 100,
        usual: '',
        shift: { from: 100, to: 320, since },
      }),
    ).toBe('level shift to 3.2× since Nov 3 02:56');
    expect(
      describeAnomaly({
        kind: 'percent',
        unit: 'Percent',
        direction: 'high',
        peakValue: 70,
        expected: 35,
        usual: '',
        shift: { from: 35, to: 62, since },
      }),
    ).toBe('level shift from 35 % to 62 % since Nov 3 02:56');
  });
});

describe('relativeChange', () => {
  it('prints small moves in percent and big ones as a factor', () => {
    expect(relativeChange(100, 140)).toBe('+40 %');
    expect(relativeChange(100, 65)).toBe('−35 %');
    expect(relativeChange(100, 104.5)).toBe('+4.5 %');
    expect(relativeChange(10, 31)).toBe('3.1×');
  });
});
