/**
 * One time base per log (docs/digest-time-base.md): every reported time is UTC, server-local `# Time:`
 * lines are converted with --tz or with the offset the log's own `SET timestamp=` reveals, and
 * --since/--until select in that same base.
 */
import { describe, expect, it } from 'vitest';
import { digestText, parseInstant, parseZone } from '../../src/digest/index';
import { readRealLog } from '../../scripts/record-pt-classes';

/** A legacy-format entry; `set` adds `SET timestamp=` (a UTC epoch, seconds). */
function legacy(time: string | null, q: string, set?: number): string {
  return `${time ? `# Time: ${time}\n` : ''}# User@Host: app[app] @ localhost []\n# Query_time: 0.100000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 1\n${set !== undefined ? `SET timestamp=${set};\n` : ''}${q};\n`;
}

// 2024-05-03 09:05:07 in Seoul (+09:00) is 2024-05-03T00:05:07Z.
const SEOUL_0905_07 = Date.UTC(2024, 4, 3, 0, 5, 7) / 1000;

describe('a legacy log mixing SET timestamp and server-local # Time', () => {
  // The second entry has its own # Time but no SET timestamp (as MySQL writes administrator commands
  // and some entries); the third has neither and carries the second's # Time.
  const log = legacy('240503  9:05:07', 'SELECT 1', SEOUL_0905_07) + legacy('240503  9:05:08', 'SELECT 2') + legacy(null, 'SELECT 3');

  it('reads every entry in one base: UTC, with the offset the log itself shows', () => {
    const r = digestText(log, { orderBy: 'calls' });
    expect(r.totals.firstSeen).toBe('2024-05-03T00:05:07.000Z');
    expect(r.totals.lastSeen).toBe('2024-05-03T00:05:08.000Z');
    expect(r.totals.timeBase).toEqual({ timeLines: 'legacy', zone: '+09:00', zoneSource: 'log-offset' });
    const seen = Object.fromEntries(r.classes.map((c) => [c.fingerprint, c.firstSeen]));
    expect(seen).toEqual({ 'select ?': '2024-05-03T00:05:07.000Z' });
  });

  it('keeps events 1 s apart 1 s apart, whichever time each entry carries', () => {
    const r = digestText(log, { since: '2024-05-03T00:05:08Z' });
    expect(r.totals.events).toBe(2);
    expect(r.totals.filtered).toBe(1);
  });

  it('learns the offset from the head even when the first entry has no SET timestamp', () => {
    const r = digestText(legacy('240503  9:05:06', 'SELECT 0') + log);
    expect(r.totals.firstSeen).toBe('2024-05-03T00:05:06.000Z');
  });

  it('uses --tz when given, whatever SET timestamp says', () => {
    const r = digestText(log, { zone: parseZone('Asia/Seoul') });
    expect(r.totals.firstSeen).toBe('2024-05-03T00:05:07.000Z');
    expect(r.totals.timeBase).toEqual({ timeLines: 'legacy', zone: 'Asia/Seoul', zoneSource: 'tz-option' });
    const utc = digestText(log, { zone: parseZone('UTC') });
    expect(utc.totals.firstSeen).toBe('2024-05-03T09:05:07.000Z');
  });

  it('says so when nothing gives the zone, and reads local times as UTC', () => {
    const r = digestText(legacy('240503  9:05:07', 'SELECT 1') + legacy('240503  9:05:08', 'SELECT 2'));
    expect(r.totals.firstSeen).toBe('2024-05-03T09:05:07.000Z');
    expect(r.totals.timeBase).toEqual({ timeLines: 'legacy', zone: 'UTC', zoneSource: 'assumed-utc' });
  });

  it('does not learn an offset from a long statement whose start and end differ by minutes', () => {
    // Query started at 09:00:00 local (SET timestamp), logged at 09:05:07: not a quarter-hour offset.
    const r = digestText(legacy('240503  9:05:07', 'SELECT 1', SEOUL_0905_07 - 307 + 9 * 3600) + legacy('240503  9:05:08', 'SELECT 2', SEOUL_0905_07 + 1));
    expect(r.totals.timeBase?.zone).toBe('+09:00');
    expect(r.totals.lastSeen).toBe('2024-05-03T00:05:08.000Z');
  });
});

describe('real logs', () => {
  it('MariaDB 10.1 three hours behind UTC (Elastic Beats fixture)', () => {
    const r = digestText(readRealLog('beats/mariadb-10.1.21.log'));
    // # Time: 180613 11:04:36 with SET timestamp=1528898676 (14:04:36 UTC).
    expect(r.totals.firstSeen).toBe('2018-06-13T14:04:36.000Z');
    expect(r.totals.timeBase).toEqual({ timeLines: 'legacy', zone: '-03:00', zoneSource: 'log-offset' });
  });

  it('MySQL 5.7 with log_timestamps=SYSTEM (+08:00) is already an instant', () => {
    const r = digestText(readRealLog('beats/mysql-5.7.22.log'));
    expect(r.totals.firstSeen).toBe('2018-08-07T08:27:47.169Z');
    expect(r.totals.timeBase).toEqual({ timeLines: 'iso', zone: null, zoneSource: null });
  });

  it('MySQL 5.5 carries # Time to the entries without one', () => {
    const r = digestText(readRealLog('beats/mysql-ubuntu-5.5.53.log'));
    expect(r.totals.firstSeen).toBe('2016-12-09T14:37:59.000Z');
    expect(r.totals.lastSeen).toBe('2016-12-09T14:39:40.000Z');
    expect(r.totals.timeBase?.zoneSource).toBe('log-offset');
  });
});

describe('zones', () => {
  it('converts across daylight saving in an IANA zone', () => {
    const ny = parseZone('America/New_York');
    const local = (y: number, mo: number, d: number, h: number, mi: number) => Date.UTC(y, mo - 1, d, h, mi);
    // EST (-5) before 2024-03-10 02:00, EDT (-4) after; Berlin CET (+1) / CEST (+2) from 2024-03-31.
    expect(new Date(ny.toUtc(local(2024, 3, 10, 1, 30))).toISOString()).toBe('2024-03-10T06:30:00.000Z');
    expect(new Date(ny.toUtc(local(2024, 3, 10, 3, 30))).toISOString()).toBe('2024-03-10T07:30:00.000Z');
    const berlin = parseZone('Europe/Berlin');
    expect(new Date(berlin.toUtc(local(2024, 3, 31, 1, 30))).toISOString()).toBe('2024-03-31T00:30:00.000Z');
    expect(new Date(berlin.toUtc(local(2024, 3, 31, 3, 30))).toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('takes offsets and UTC, and refuses anything else', () => {
    expect(parseZone('+09:00').toUtc(Date.UTC(2024, 0, 1, 9))).toBe(Date.UTC(2024, 0, 1, 0));
    expect(parseZone('-0330').toUtc(Date.UTC(2024, 0, 1, 0))).toBe(Date.UTC(2024, 0, 1, 3, 30));
    expect(parseZone('UTC').toUtc(5)).toBe(5);
    expect(() => parseZone('Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('reads --since/--until without a zone in --tz, or UTC; never in the zone of the machine', () => {
    expect(parseInstant('2024-05-03T09:05:07')).toBe(Date.UTC(2024, 4, 3, 9, 5, 7));
    expect(parseInstant('2024-05-03 09:05', parseZone('Asia/Seoul'))).toBe(Date.UTC(2024, 4, 3, 0, 5));
    expect(parseInstant('2024-05-03T09:05:07+0900')).toBe(Date.UTC(2024, 4, 3, 0, 5, 7));
    expect(parseInstant('2024-05-03T09:05:07Z', parseZone('Asia/Seoul'))).toBe(Date.UTC(2024, 4, 3, 9, 5, 7));
    expect(parseInstant('2024-05-03')).toBe(Date.UTC(2024, 4, 3));
    expect(parseInstant('yesterday')).toBeNaN();
  });
});
