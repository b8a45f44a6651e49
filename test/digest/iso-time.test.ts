/** The fast ISO time path gives what Date.parse gives (to the millisecond), and offsets still work. */
import { describe, expect, it } from 'vitest';
import { digestText } from '../../src/digest/index';

const entry = (time: string) => `# Time: ${time}\n# User@Host: app[app] @ h []\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT 1;\n`;

describe('slow-log # Time parsing', () => {
  it.each([
    ['2023-01-01T12:00:00.123456Z', '2023-01-01T12:00:00.123Z'],
    ['2023-01-01T12:00:59Z', '2023-01-01T12:00:59.000Z'],
    ['2023-01-01 12:00:07.5', '2023-01-01T12:00:07.500Z'],
    ['2024-02-29T23:59:59.999999Z', '2024-02-29T23:59:59.999Z'],
    ['2023-01-01T12:00:00.123456+09:00', '2023-01-01T03:00:00.123Z'],
    ['2023-01-01T12:00:00', '2023-01-01T12:00:00.000Z'],
  ])('%s', (time, iso) => {
    expect(digestText(entry(time)).totals.firstSeen).toBe(iso);
  });

  it('keeps first and last seen across entries of the same minute and the next', () => {
    const r = digestText(entry('2023-05-05T10:59:58.000001Z') + entry('2023-05-05T10:59:59.9Z') + entry('2023-05-05T11:00:00.25Z'));
    expect(r.totals.firstSeen).toBe('2023-05-05T10:59:58.000Z');
    expect(r.totals.lastSeen).toBe('2023-05-05T11:00:00.250Z');
  });
});
