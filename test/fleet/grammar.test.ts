/** The fleet verbs of the grammar: health, schedule (daily/weekly, time zones), schedules, unschedule. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/grammar';
import { cronExpression } from '../../src/core/schedule';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error.message}`);
  return r.command;
};
const error = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected ${text} to fail`);
  return r.error;
};

describe('health', () => {
  it('takes an optional pattern', () => {
    expect(ok('health')).toEqual({ verb: 'health' });
    expect(ok('health gamedb*')).toEqual({ verb: 'health', pattern: 'gamedb*' });
    expect(error('health a b').message).toMatch(/one cluster, instance or pattern/);
    expect(error('health <!channel>').message).toMatch(/not a valid name or pattern/);
  });
});

describe('schedule', () => {
  it('daily at a time, UTC by default, running a report with its window', () => {
    expect(ok('schedule daily 09:00 report gamedb1')).toEqual({
      verb: 'schedule',
      when: { every: 'day', hour: 9, minute: 0, timezone: 'UTC' },
      job: { verb: 'report', target: 'gamedb1', window: { ms: 3_600_000, label: '1h', human: '1 hour' } },
    });
    expect(ok('schedule daily 9:30 report gamedb1 24h')).toMatchObject({ when: { hour: 9, minute: 30 }, job: { window: { label: '1d' } } });
  });

  it('weekly on a day, with tz before the command or at its end, canonicalised', () => {
    const a = ok('schedule weekly mon 09:00 tz Asia/Seoul digest gamedb1 7d --top 5');
    expect(a).toEqual({
      verb: 'schedule',
      when: { every: 'week', day: 'mon', hour: 9, minute: 0, timezone: 'Asia/Seoul' },
      job: { verb: 'digest', target: 'gamedb1', window: { ms: 7 * 86_400_000, label: '1w', human: '1 week' }, top: 5 },
    });
    expect(ok('schedule weekly Friday 18:05 health gamedb* tz asia/seoul')).toMatchObject({
      when: { every: 'week', day: 'fri', hour: 18, minute: 5, timezone: 'Asia/Seoul' },
      job: { verb: 'health', pattern: 'gamedb*' },
    });
  });

  it('refuses what Scheduler could not run, saying why', () => {
    expect(error('schedule hourly 09:00 report gamedb1').message).toMatch(/daily.*weekly/);
    expect(error('schedule weekly 09:00 report gamedb1').message).toMatch(/needs a day/);
    expect(error('schedule daily 25:00 report gamedb1').message).toMatch(/HH:MM/);
    expect(error('schedule daily 09:00 tz Mars/Olympus report gamedb1').message).toMatch(/not a time zone/);
    expect(error('schedule daily 09:00 tz +09:00 report gamedb1').message).toMatch(/not a time zone/);
    expect(error('schedule daily 09:00 tz UTC report gamedb1 tz Asia/Seoul').message).toMatch(/once/);
    expect(error('schedule daily 09:00 review SELECT 1').message).toMatch(/A schedule runs `report`, `digest`, `health`/);
    expect(error('schedule daily 09:00 report').message).toMatch(/needs an instance name/);
    expect(error('schedule daily 09:00 report gamedb1 99y').verb).toBe('report');
  });

  it('schedules, unschedule <id>', () => {
    expect(ok('schedules')).toEqual({ verb: 'schedules' });
    expect(ok('unschedule S1A2B3C4')).toEqual({ verb: 'unschedule', id: 's1a2b3c4' });
    expect(error('unschedule').message).toMatch(/one schedule id/);
    expect(error('unschedule ../x').message).toMatch(/one schedule id/);
  });
});

describe('cronExpression', () => {
  it('uses ? for the unused day field, as Scheduler requires', () => {
    expect(cronExpression({ every: 'day', hour: 9, minute: 0, timezone: 'UTC' })).toBe('cron(0 9 * * ? *)');
    expect(cronExpression({ every: 'week', day: 'mon', hour: 18, minute: 5, timezone: 'Asia/Seoul' })).toBe('cron(5 18 ? * MON *)');
  });
});
