import { describe, expect, it } from 'vitest';
import { changeLines, compareWindows, eventChanges, metricChanges, queryChanges } from '../../src/analysis/changes';
import type { DigestClass, DigestResult } from '../../src/digest/types';
import type { MetricSeries, RdsEventRecord } from '../../src/model/collected-data';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const START = Date.parse('2026-11-20T06:00:00Z');
const END = START + 6 * 3_600_000;
const window = { start: new Date(START).toISOString(), end: new Date(END).toISOString() };
const against = { start: new Date(START - WEEK).toISOString(), end: new Date(END - WEEK).toISOString() };

/** A series over [from, from + 6 h) at 5 minutes, value f(i). */
function series(name: string, unit: string, from: number, f: (i: number) => number, scope: 'instance' | 'cluster' = 'instance'): MetricSeries {
  const timestamps = Array.from({ length: 72 }, (_, i) => from + i * 300_000);
  return { name, scope, unit, timestamps, values: timestamps.map((_, i) => f(i)) };
}
/** Deterministic wobble in [-1, 1]. */
const wobble = (i: number, seed: number) => Math.sin(i * 1.7 + seed * 3.1);

function pair(name: string, unit: string, now: (i: number) => number, before: (i: number) => number) {
  return { metrics: [series(name, unit, START, now)], earlierMetrics: [series(name, unit, START - WEEK, before)] };
}

describe('metricChanges', () => {
  it('lists a level that doubled and left the range it kept a week earlier, in words with both figures', () => {
    const [c, ...rest] = metricChanges({
      vs: '1w',
      window,
      against,
      ...pair(
        'CPUUtilization',
        'Percent',
        (i) => 62 + 3 * wobble(i, 1),
        (i) => 31 + 3 * wobble(i, 2),
      ),
    });
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ metric: 'CPUUtilization', direction: 'up' });
    expect(c!.now).toBeCloseTo(62, 0);
    expect(c!.before).toBeCloseTo(31, 0);
    expect(c!.text).toMatch(/^CPU: median 6\d(\.\d+)? % against 3\d(\.\d+)? % a week earlier \(2\.0× higher\); then it kept within 2\d(\.\d+)?–3\d(\.\d+)? %$/);
  });

  it('says nothing of the same level with other noise, of a short spike, or of a move below the unit’s smallest', () => {
    const same = pair(
      'CPUUtilization',
      'Percent',
      (i) => 40 + 4 * wobble(i, 3),
      (i) => 40 + 4 * wobble(i, 4),
    );
    expect(metricChanges({ vs: '1w', window, against, ...same })).toEqual([]);
    // A 30-minute spike to 95 % moves the peak, not the level: the anomaly detector's business.
    const spike = pair(
      'CPUUtilization',
      'Percent',
      (i) => (i >= 30 && i < 36 ? 95 : 40 + wobble(i, 5)),
      (i) => 40 + wobble(i, 6),
    );
    expect(metricChanges({ vs: '1w', window, against, ...spike })).toEqual([]);
    // 1 ms → 1.8 ms of select latency is 80 % more but under the 2 ms a DBA would look at.
    const small = pair(
      'SelectLatency',
      'Milliseconds',
      (i) => 1.8 + 0.01 * wobble(i, 1),
      (i) => 1 + 0.01 * wobble(i, 2),
    );
    expect(metricChanges({ vs: '1w', window, against, ...small })).toEqual([]);
    // The uptime counter always moves: a restart is an event, not a level.
    const uptime = pair(
      'EngineUptime',
      'Seconds',
      (i) => 100 + i * 300,
      (i) => 9e6 + i * 300,
    );
    expect(metricChanges({ vs: '1w', window, against, ...uptime })).toEqual([]);
  });

  it('lists a drop too, names cluster metrics by their key, and ranks the largest move first', () => {
    const memory = pair(
      'FreeableMemory',
      'Bytes',
      (i) => 4e9 + 1e7 * wobble(i, 1),
      (i) => 19e9 + 1e7 * wobble(i, 2),
    );
    const iops = {
      metrics: [series('VolumeReadIOPs', 'Count', START, (i) => 9000 + 100 * wobble(i, 1), 'cluster')],
      earlierMetrics: [series('VolumeReadIOPs', 'Count', START - WEEK, (i) => 3000 + 500 * wobble(i, 2), 'cluster')],
    };
    const out = metricChanges({
      vs: '1w',
      window,
      against,
      metrics: [...iops.metrics, ...memory.metrics],
      earlierMetrics: [...iops.earlierMetrics, ...memory.earlierMetrics],
    });
    expect(out.map((c) => [c.metric, c.direction])).toEqual([
      ['FreeableMemory', 'down'],
      ['cluster.VolumeReadIOPs', 'up'],
    ]);
    expect(out[0]!.text).toMatch(/lower/);
  });

  it('needs points in both windows: a metric missing a week earlier is not a change', () => {
    const now = [series('CPUUtilization', 'Percent', START, () => 90)];
    expect(metricChanges({ vs: '1w', window, against, metrics: now, earlierMetrics: [] })).toEqual([]);
    // Points outside the earlier window (the days between) are not read as the earlier window.
    const between = [series('CPUUtilization', 'Percent', START - DAY, () => 10)];
    expect(metricChanges({ vs: '1w', window, against, metrics: now, earlierMetrics: between })).toEqual([]);
  });
});

function cls(id: string, over: Partial<DigestClass> = {}): DigestClass {
  const calls = over.calls ?? 100;
  const avgTime = over.avgTime ?? 0.5;
  return {
    id,
    fingerprint: `select * from t_${id} where id = ?`,
    calls,
    totalTime: calls * avgTime,
    avgTime,
    minTime: avgTime,
    medianTime: avgTime,
    p95Time: avgTime,
    maxTime: avgTime,
    stddevTime: 0,
    lockTime: 0,
    avgLockTime: 0,
    maxLockTime: 0,
    p95LockTime: 0,
    rowsSent: calls,
    rowsExamined: calls * (over.avgRowsExamined ?? 10),
    avgRowsSent: 1,
    avgRowsExamined: 10,
    p95RowsExamined: 10,
    examinedPerSent: 10,
    firstSeen: null,
    lastSeen: null,
    databases: ['game'],
    users: ['app'],
    hosts: [],
    sample: '',
    share: 0.2,
    histogram: [],
    ...over,
  };
}

function digest(classes: DigestClass[], totalClasses = classes.length): DigestResult {
  return {
    totals: {
      events: classes.reduce((a, c) => a + c.calls, 0),
      classes: totalClasses,
      totalTime: classes.reduce((a, c) => a + c.totalTime, 0),
      lockTime: 0,
      rowsSent: 0,
      rowsExamined: 0,
      malformed: 0,
      firstSeen: null,
      lastSeen: null,
    },
    classes,
  };
}

describe('queryChanges', () => {
  it('finds a new class, a gone class, one 2× slower, one 2× more frequent and a probable plan change', () => {
    const before = digest([
      cls('same'),
      cls('slow', { avgTime: 0.2 }),
      cls('busy', { calls: 50 }),
      cls('plan', { avgRowsExamined: 120 }),
      cls('gone', { share: 0.1 }),
    ]);
    const now = digest([
      cls('same', { avgTime: 0.6, calls: 130 }),
      cls('slow', { avgTime: 0.5 }),
      cls('busy', { calls: 140 }),
      cls('plan', { avgRowsExamined: 48_000, avgTime: 0.9 }),
      cls('new', { share: 0.3, calls: 900 }),
    ]);
    const out = queryChanges(now, before, '1d');
    expect(out.map((q) => [q.kind, q.id])).toEqual([
      ['new', 'new'],
      ['plan', 'plan'],
      ['slower', 'slow'],
      ['more-frequent', 'busy'],
      ['gone', 'gone'],
    ]);
    expect(out[0]!.text).toBe('new query class `select * from t_new where id = ?`: 900 calls, 30 % of slow-query time; not in the slow log a day earlier');
    expect(out[1]!.text).toMatch(/^plan probably changed for `select \* from t_plan where id = \?`: 48,000 rows examined per call against 120 a day earlier/);
    expect(out[2]!.text).toMatch(/2\.5× slower: avg 500 ms against 200 ms a day earlier$/);
    expect(out[3]!.text).toMatch(/2\.8× more frequent: 140 calls against 50 a day earlier$/);
  });

  it('claims no new class when the earlier list was cut and the class would not have made it', () => {
    const before = digest([cls('big', { calls: 1000, avgTime: 1 })], 80);
    const smallNew = cls('small', { calls: 20, avgTime: 0.1, share: 0.05 });
    expect(queryChanges(digest([cls('big', { calls: 1000, avgTime: 1 }), smallNew]), before, '1w')).toEqual([]);
    // Large enough to have ranked above the list's last class: it was not there.
    const bigNew = cls('huge', { calls: 5000, avgTime: 1, share: 0.8 });
    expect(queryChanges(digest([cls('big', { calls: 1000, avgTime: 1 }), bigNew]), before, '1w').map((q) => q.kind)).toEqual(['new']);
  });

  it('ignores classes too rare to compare and insignificant new or gone ones', () => {
    const before = digest([cls('rare', { calls: 2, avgTime: 0.1 }), cls('tiny', { share: 0.001, calls: 3 })]);
    const now = digest([cls('rare', { calls: 3, avgTime: 5 }), cls('crumb', { share: 0.005, calls: 2 })]);
    expect(queryChanges(now, before, '1w')).toEqual([]);
  });
});

describe('eventChanges', () => {
  const ev = (time: string, message: string, categories: string[]): RdsEventRecord => ({
    time,
    sourceId: 'gamedb1-1',
    sourceType: 'db-instance',
    message,
    categories,
  });

  it('keeps parameter changes and other events in time order, and leaves routine backups out', () => {
    const out = eventChanges([
      ev('2026-11-19T07:00:00Z', 'DB instance restarted', ['availability']),
      ev('2026-11-18T03:10:00Z', 'Backing up DB cluster', ['backup']),
      ev('2026-11-18T03:18:00Z', 'Finished backing up DB cluster', ['backup']),
      ev('2026-11-17T10:00:00Z', 'Updated parameter long_query_time to 0.5 with apply method immediate', ['configuration change']),
    ]);
    expect(out.map((e) => [e.kind, e.message])).toEqual([
      ['parameter', 'Updated parameter long_query_time to 0.5 with apply method immediate'],
      ['event', 'DB instance restarted'],
    ]);
    expect(out[0]!.text).toBe('Nov 17 10:00 gamedb1-1: Updated parameter long_query_time to 0.5 with apply method immediate');
  });
});

describe('compareWindows', () => {
  it('says nothing unusual changed when nothing moved, and what it could not compare', () => {
    const c = compareWindows({
      vs: '1w',
      window,
      against,
      ...pair(
        'CPUUtilization',
        'Percent',
        (i) => 40 + wobble(i, 1),
        (i) => 40 + wobble(i, 2),
      ),
      slowLog: digest([cls('a')]),
      events: [],
    });
    expect(c.nothingUnusual).toBe(true);
    expect(c.summary).toBe(
      'Nothing unusual changed since the same window a week earlier (query classes not compared: no slow-log digest for the window a week earlier).',
    );
    expect(changeLines(c)).toEqual([c.summary]);
  });

  it('counts what changed, leads with the first change, and keeps the Slack lines short', () => {
    const c = compareWindows({
      vs: '1d',
      window,
      against: { start: new Date(START - DAY).toISOString(), end: new Date(END - DAY).toISOString() },
      metrics: [series('CPUUtilization', 'Percent', START, () => 80)],
      earlierMetrics: [series('CPUUtilization', 'Percent', START - DAY, (i) => 30 + wobble(i, 1))],
      slowLog: digest([cls('n1', { share: 0.5 }), cls('n2', { share: 0.3 }), cls('n3', { share: 0.2 })]),
      earlierSlowLog: digest([]),
      events: [
        { time: '2026-11-19T09:00:00Z', sourceId: 'gamedb1', sourceType: 'db-cluster', message: 'Updated parameter innodb_lock_wait_timeout', categories: [] },
      ],
    });
    expect(c.nothingUnusual).toBe(false);
    expect(c.headline).toBe('Changed since the same window a day earlier: 1 metric level, 3 query class changes, 1 parameter change');
    expect(c.summary).toMatch(/^Changed since .*\. First: CPU: median 80 % against 3\d(\.\d+)? % a day earlier/);
    const lines = changeLines(c);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`${c.headline}:`);
    expect(lines[4]).toBe('…and 2 more in the report');
  });
});
