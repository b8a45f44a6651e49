import { describe, expect, it } from 'vitest';
import { parseCommand, unfenceSql } from '../../src/core/grammar';
import { parseWindow } from '../../src/core/window';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.command;
};
const err = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
};

describe('windows', () => {
  it.each([
    ['30m', 30 * 60_000, '30m'],
    ['6h', 6 * 3_600_000, '6h'],
    ['2d', 2 * 86_400_000, '2d'],
    ['1w', 7 * 86_400_000, '1w'],
    ['6 hours', 6 * 3_600_000, '6h'],
    ['90 min', 90 * 60_000, '90m'],
    ['14d', 14 * 86_400_000, '2w'],
    ['5m', 5 * 60_000, '5m'],
  ])('parses %s', (text, ms, label) => {
    expect(parseWindow(text)).toMatchObject({ ms, label });
  });

  it.each(['4m', '15d', '3w', '0h'])('rejects %s as out of range', (text) => {
    expect(() => parseWindow(text)).toThrow(/between 5 minutes and 14 days/);
  });

  it.each(['six hours', '6', 'h6', '6x', '1.5h'])('rejects %s as not a window', (text) => {
    expect(() => parseWindow(text)).toThrow(/window|unit/);
  });
});

describe('command grammar', () => {
  it('parses a report with a window', () => {
    expect(ok('report gamedb1-1 6h')).toMatchObject({ verb: 'report', target: 'gamedb1-1', window: { label: '6h' } });
    expect(ok('report gamedb1-1 6 hours')).toMatchObject({ window: { label: '6h', human: '6 hours' } });
  });

  it('defaults the report window to 1 hour', () => {
    expect(ok('report gamedb1-1')).toMatchObject({ window: { ms: 3_600_000 } });
  });

  it('is case-insensitive in the verb', () => {
    expect(ok('REPORT gamedb1-1 2d')).toMatchObject({ verb: 'report' });
  });

  it('suggests the closest verb for a typo', () => {
    const e = err('reprot gamedb1-1 6h');
    expect(e.message).toContain('Did you mean `report`?');
    expect(e.suggestion).toBe('report');
    expect(e.usage()).toContain('/dbassist report <instance|cluster> [window]');
  });

  it('gives no suggestion for a word far from every verb', () => {
    expect(err('banana').suggestion).toBeUndefined();
  });

  it('rejects invalid instance names', () => {
    expect(err('report 1gamedb').message).toContain('not a valid instance name');
    expect(err('report game_db').message).toContain('not a valid instance name');
    expect(err(`report a${'b'.repeat(63)}`).message).toContain('not a valid instance name');
    expect(ok(`report a${'b'.repeat(62)}`)).toMatchObject({ verb: 'report' });
  });

  it('reports a window out of range with the verb usage', () => {
    const e = err('report gamedb1-1 30d');
    expect(e.message).toContain('between 5 minutes and 14 days');
    expect(e.verb).toBe('report');
  });

  it('parses the comparison of a report: `vs 1d|1w` after the window, or `--vs`', () => {
    expect(ok('report gamedb1-1 6h vs 1w')).toEqual({ verb: 'report', target: 'gamedb1-1', window: parseWindow('6h'), vs: '1w' });
    expect(ok('report gamedb1-1 6 hours VS 1 day')).toMatchObject({ window: { label: '6h' }, vs: '1d' });
    expect(ok('report gamedb1-1 vs 7d')).toMatchObject({ window: { label: '1h' }, vs: '1w' });
    expect(ok('report gamedb1-1 2h --vs 24h')).toMatchObject({ window: { label: '2h' }, vs: '1d' });
    expect(ok('report gamedb1-1 2h \u2014vs=1w')).toMatchObject({ vs: '1w' });
    // Without a comparison, the report decides (core/comparison.ts): the field is absent.
    expect(ok('report gamedb1-1 6h')).not.toHaveProperty('vs');
  });

  it('explains a comparison it cannot make, with the report usage', () => {
    const far = err('report gamedb1-1 6h vs 2w');
    expect(far.message).toBe(
      'A report compares with the same window one day or one week earlier, not `2w`: use `vs 1d` (the same window a day earlier) or `vs 1w` (a week earlier).',
    );
    expect(far.usage()).toBe('/dbassist report <instance|cluster> [window] [vs 1d|1w]');
    expect(err('report gamedb1-1 6h vs yesterday').message).toContain('`yesterday` is not a comparison');
    expect(err('report gamedb1-1 2d vs 1d').message).toBe('A 2d window overlaps the same window a day earlier: use `vs 1w`.');
    expect(err('report gamedb1-1 10d vs 1w').message).toBe(
      'A 10d window overlaps the same window a week earlier: windows longer than a week are not compared.',
    );
    expect(err('report gamedb1-1 6h vs').message).toContain('`vs` needs 1d or 1w');
    expect(err('report gamedb1-1 6h vs 1w --vs 1d').message).toContain('Say the comparison once');
  });

  it('suggests `vs` for a typo in its place, and `--vs` for a mistyped option', () => {
    const typo = err('report gamedb1-1 6h bs 1w');
    expect(typo.message).toContain('is not a time window');
    expect(typo.message).toContain('Did you mean `vs` instead of `bs`?');
    expect(typo.suggestion).toBe('vs');
    expect(err('report gamedb1-1 6h --vss 1w').message).toContain('Did you mean `--vs`?');
    expect(err('report gamedb1-1 six hours').message).not.toContain('Did you mean');
  });

  it('parses digest with --top', () => {
    expect(ok('digest gamedb1-1 2h --top 5')).toMatchObject({ verb: 'digest', top: 5, window: { label: '2h' } });
    expect(err('digest gamedb1-1 --top 0').message).toContain('--top');
    expect(err('digest gamedb1-1 --tpo 3').message).toContain('Did you mean `--top`?');
  });

  it('parses review with a target and a fenced SQL block', () => {
    expect(ok('review on gamedb1 ```sql\nSELECT * FROM users\n```')).toEqual({ verb: 'review', target: 'gamedb1', sql: 'SELECT * FROM users' });
    expect(ok('review SELECT 1')).toEqual({ verb: 'review', sql: 'SELECT 1' });
    expect(err('review').message).toContain('needs SQL');
  });

  it('keeps UTF-8 SQL intact', () => {
    expect(ok('review SELECT * FROM users -- 사용자 조회')).toMatchObject({ sql: 'SELECT * FROM users -- 사용자 조회' });
  });

  it('unfences several blocks and inline code', () => {
    expect(unfenceSql('first ```SELECT 1;``` then ```sql\nSELECT 2;\n```')).toBe('SELECT 1;\nSELECT 2;');
    expect(unfenceSql('`SELECT 3`')).toBe('SELECT 3');
  });

  it('parses subscribe options, including an em dash from Slack clients', () => {
    expect(ok('subscribe gamedb* --severity critical --events failover,reboot --here')).toEqual({
      verb: 'subscribe',
      pattern: 'gamedb*',
      level: 'critical',
      events: ['failover', 'reboot'],
      mentionHere: true,
    });
    expect(ok('subscribe gamedb1 \u2014severity=info')).toMatchObject({ level: 'info', mentionHere: false, events: [] });
    expect(err('subscribe gamedb1 --severity critcal').message).toContain('Did you mean `critical`?');
    expect(err('subscribe').message).toContain('cluster, an instance or a pattern');
  });

  it('treats empty text as help and validates help topics', () => {
    expect(ok('')).toEqual({ verb: 'help' });
    expect(ok('help report')).toEqual({ verb: 'help', topic: 'report' });
    expect(err('help reprt').message).toContain('Did you mean `report`?');
  });

  it('rejects arguments to verbs that take none', () => {
    expect(err('instances now').message).toContain('takes no arguments');
  });
});
