/** The one formatter: a value prints the same in Slack, the HTML report, the CLI and the summaries. */
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatDay,
  formatDuration,
  formatElapsed,
  formatLevel,
  formatNumber,
  formatPercent,
  formatRatio,
  formatReading,
  formatSeconds,
  formatSignedPercent,
  formatTime,
  formatValue,
  trimNumber,
} from '../../src/core/format';

describe('formatValue', () => {
  it('formats CloudWatch units: Seconds and Milliseconds as durations, bytes binary', () => {
    expect(formatValue(0.025, 'Seconds')).toBe('25 ms');
    expect(formatValue(25, 'Milliseconds')).toBe('25 ms');
    expect(formatValue(0.5, 'Milliseconds')).toBe('500 µs');
    expect(formatValue(3 * 1024 ** 3, 'Bytes')).toBe('3 GiB');
    expect(formatValue(1536, 'Bytes/Second')).toBe('1.5 KiB/s');
    expect(formatValue(97.25, 'Percent')).toBe('97.3 %');
    expect(formatValue(0.0024, 'Count/Second')).toBe('0.0024 /s');
    expect(formatValue(1204.4, 'Count')).toBe('1,204');
  });

  it('without a unit (or None) it is a plain grouped number', () => {
    expect(formatValue(14.237)).toBe('14.2');
    expect(formatValue(14.237, 'None')).toBe('14.2');
    expect(formatValue(12_345_678)).toBe('12,345,678');
  });

  it('a percentage reads the same whichever code prints it', () => {
    expect(formatPercent(94.2)).toBe('94.2 %');
    expect(formatValue(94.2, 'Percent')).toBe(formatPercent(94.2));
    expect(formatPercent(8.4, 0)).toBe('8 %');
  });

  it('ratios and signed changes, as the anomaly reasons print them', () => {
    expect([formatRatio(3.14), formatRatio(3), formatRatio(12.4), formatRatio(1250)]).toEqual(['3.1×', '3×', '12×', '1,250×']);
    expect([formatSignedPercent(40), formatSignedPercent(-35.2), formatSignedPercent(4.5), formatSignedPercent(-0.25)]).toEqual([
      '+40 %',
      '−35 %',
      '+4.5 %',
      '−0.25 %',
    ]);
  });
});

describe('numbers, counts and durations', () => {
  it('formatNumber keeps about two significant decimals and groups thousands', () => {
    expect([formatNumber(0.012345), formatNumber(4.256), formatNumber(12.55), formatNumber(1204.6), formatNumber(Number.NaN)]).toEqual([
      '0.0123',
      '4.26',
      '12.6',
      '1,205',
      'NaN',
    ]);
  });

  it('formatCount is compact past a million', () => {
    expect([formatCount(950), formatCount(1234), formatCount(12_345_678), formatCount(2.5e9), formatCount(-1500)]).toEqual([
      '950',
      '1,234',
      '12.3M',
      '2.5G',
      '-1,500',
    ]);
  });

  it('formatDuration and formatSeconds agree', () => {
    expect([formatDuration(0.042), formatDuration(12.5), formatDuration(3210), formatDuration(754_000), formatDuration(9_000_000)]).toEqual([
      '42 µs',
      '12.5 ms',
      '3.21 s',
      '12.6 min',
      '2.5 h',
    ]);
    expect(formatSeconds(0.118)).toBe(formatDuration(118));
  });

  it('formatElapsed gives wall-clock spans in two units', () => {
    expect([formatElapsed(42_000), formatElapsed(27 * 60_000), formatElapsed(125 * 60_000), formatElapsed(3 * 86_400_000), formatElapsed(-5)]).toEqual([
      '42 s',
      '27 min',
      '2 h 5 min',
      '3 d',
      '0 s',
    ]);
  });

  it('formatLevel reads active sessions and ratios at a glance', () => {
    expect([formatLevel(0.04), formatLevel(3.16), formatLevel(9.96), formatLevel(13.6), formatLevel(1204.2)]).toEqual(['0.0', '3.2', '10', '14', '1,204']);
  });

  it('formatBytes, trimNumber, formatReading and the one time format', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect([trimNumber(2.5), trimNumber(3.0), trimNumber(97.354, 2)]).toEqual(['2.5', '3', '97.35']);
    expect([formatReading(90), formatReading(97.35), formatReading(0.123456), formatReading(12_345.67)]).toEqual(['90', '97.35', '0.1235', '12,345.7']);
    // One time format everywhere: the day and the minute, UTC (said once where the window is shown).
    expect([formatTime('2026-11-20T14:05:09Z'), formatTime('2027-01-03T00:00:00.000Z'), formatTime('not a time')]).toEqual([
      'Nov 20 14:05',
      'Jan 3 00:00',
      'not a time',
    ]);
    // Axis ticks in the same style: a time of day, or a day.
    expect([formatClock(Date.parse('2026-11-20T09:30:00Z')), formatDay(Date.parse('2026-11-20T09:30:00Z'))]).toEqual(['09:30', 'Nov 20']);
  });
});
