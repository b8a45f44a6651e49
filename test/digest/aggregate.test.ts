import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted, sampleStandardDeviation, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { DigestAggregator } from '../../src/digest/aggregate';
import type { SlowEvent } from '../../src/digest/event';
import { classId, fingerprint } from '../../src/digest/fingerprint';
import { digestCloudWatchEvents, digestText } from '../../src/digest/index';
import { BoundedQuantiles } from '../../src/digest/quantiles';

const FIXTURES = join(__dirname, '..', 'fixtures', 'slowlogs');

function ev(query: string, queryTime: number, over: Partial<SlowEvent> = {}): SlowEvent {
  return { ts: NaN, user: 'app', host: 'h1', db: 'game', queryTime, lockTime: 0, rowsSent: 1, rowsExamined: 10, query, admin: false, ...over };
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nearestRank = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;

describe('DigestAggregator', () => {
  it('keeps calls and time per time bucket when asked, so a report can place each class in time', () => {
    const at = (min: number) => Date.UTC(2026, 10, 21, 7, min, 30);
    const agg = new DigestAggregator({ timelineBucketMs: 300_000 });
    for (const m of [1, 2, 41, 43, 44]) agg.add(ev(`SELECT * FROM items WHERE owner_id = ${m}`, 0.5, { ts: at(m) }));
    agg.add(ev('SELECT 1', 0.2)); // no timestamp: counted, not placed
    const r = agg.result();
    const items = r.classes.find((c) => c.fingerprint.startsWith('select * from items'))!;
    expect(items.timeline).toEqual({
      bucketMs: 300_000,
      points: [
        [Date.UTC(2026, 10, 21, 7, 0), 2, 1],
        [Date.UTC(2026, 10, 21, 7, 40), 3, 1.5],
      ],
    });
    expect(r.classes.find((c) => c.fingerprint === 'select ?')!.timeline).toEqual({ bucketMs: 300_000, points: [] });
    expect(new DigestAggregator().result().classes).toEqual([]);
    const plain = new DigestAggregator();
    plain.add(ev('SELECT 2', 0.1, { ts: at(3) }));
    expect(plain.result().classes[0]!.timeline).toBeUndefined();
  });

  it('computes per-class statistics exactly for small classes', () => {
    const agg = new DigestAggregator();
    const times = [0.5, 0.1, 0.3, 0.2, 0.4];
    times.forEach((t, i) =>
      agg.add(
        ev(`SELECT * FROM t WHERE id = ${i}`, t, {
          lockTime: t / 10,
          rowsSent: i,
          rowsExamined: 100 * (i + 1),
          ts: Date.UTC(2024, 0, 1, 0, 0, i),
          db: i % 2 ? 'a' : 'b',
          user: `u${i % 2}`,
          host: `h${i}`,
        }),
      ),
    );
    agg.add(ev('SELECT 1', 9));
    const r = agg.result();
    expect(r.totals).toMatchObject({
      events: 6,
      classes: 2,
      totalTime: 10.5,
      malformed: 0,
      firstSeen: '2024-01-01T00:00:00.000Z',
      lastSeen: '2024-01-01T00:00:04.000Z',
    });
    const c = r.classes.find((x) => x.fingerprint === 'select * from t where id = ?')!;
    expect(c.id).toBe(classId(c.fingerprint));
    expect(c.calls).toBe(5);
    expect(c.totalTime).toBeCloseTo(1.5, 9);
    expect(c.avgTime).toBeCloseTo(0.3, 9);
    expect(c.minTime).toBe(0.1);
    expect(c.maxTime).toBe(0.5);
    expect(c.medianTime).toBe(0.3);
    expect(c.p95Time).toBe(0.5);
    expect(c.stddevTime).toBeCloseTo(standardDeviation(times), 6);
    expect(c.lockTime).toBeCloseTo(0.15, 9);
    expect(c.maxLockTime).toBeCloseTo(0.05, 9);
    expect(c.rowsSent).toBe(10);
    expect(c.rowsExamined).toBe(1500);
    expect(c.avgRowsExamined).toBe(300);
    expect(c.p95RowsExamined).toBe(500);
    expect(c.examinedPerSent).toBe(150);
    expect(c.databases).toEqual(['a', 'b']);
    expect(c.users).toEqual(['u0', 'u1']);
    expect(c.hosts).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(c.sample).toBe('SELECT * FROM t WHERE id = 0');
    expect(c.share).toBeCloseTo(1.5 / 10.5, 5);
    // 0.1–0.5 s all fall in the 100ms bucket.
    expect(c.histogram).toEqual([0, 0, 0, 0, 0, 5, 0, 0]);
    expect(r.classes[0]!.fingerprint).toBe('select ?');
  });

  it('keeps p95 and median within the sketch precision for large classes', () => {
    const r = rng(1);
    const agg = new DigestAggregator();
    const times: number[] = [];
    const rows: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = Math.exp(-7 + 6 * r());
      const n = Math.floor(1e5 * r() * r());
      times.push(t);
      rows.push(n);
      agg.add(ev(`SELECT * FROM big WHERE k = ${i}`, t, { rowsExamined: n }));
    }
    const c = agg.result().classes[0]!;
    const sorted = [...times].sort((a, b) => a - b);
    expect(c.p95Time / nearestRank(sorted, 0.95)).toBeGreaterThan(0.97);
    expect(c.p95Time / nearestRank(sorted, 0.95)).toBeLessThan(1.03);
    expect(c.medianTime / quantileSorted(sorted, 0.5)).toBeGreaterThan(0.97);
    expect(c.medianTime / quantileSorted(sorted, 0.5)).toBeLessThan(1.03);
    const rowsSorted = [...rows].sort((a, b) => a - b);
    expect(c.p95RowsExamined / nearestRank(rowsSorted, 0.95)).toBeGreaterThan(0.97);
    expect(c.p95RowsExamined / nearestRank(rowsSorted, 0.95)).toBeLessThan(1.03);
    expect(c.stddevTime).toBeCloseTo(sampleStandardDeviation(times) * Math.sqrt((times.length - 1) / times.length), 6);
    expect(c.histogram.reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it('bounds memory per class: the quantile sketch stops growing, names and samples are capped', () => {
    const q = new BoundedQuantiles();
    for (let i = 0; i < 100_000; i++) q.add(i / 1000);
    // After the exact phase the sketch holds a fixed array of counters, whatever the count.
    const state = q as unknown as { exact: number[] | null; buckets: Uint32Array | null };
    expect(state.exact).toBeNull();
    const size = state.buckets!.length;
    for (let i = 0; i < 100_000; i++) q.add(i);
    expect(state.buckets!.length).toBe(size);
    const agg = new DigestAggregator();
    for (let i = 0; i < 1000; i++) agg.add(ev(`SELECT ${i}`, i === 5 ? 2 : 0.001, { host: `host-${i}` }));
    agg.add(ev(`INSERT INTO t VALUES ${'(1),'.repeat(100_000)}(2)`, 0.1));
    const r = agg.result();
    const sel = r.classes.find((c) => c.fingerprint === 'select ?')!;
    expect(sel.hosts.length).toBeLessThanOrEqual(32);
    expect(sel.sample).toBe('SELECT 5');
    const ins = r.classes.find((c) => c.fingerprint.startsWith('insert'))!;
    expect(ins.sample.length).toBeLessThan(10_000);
  });

  it('orders by total time, calls or rows examined, and cuts to --top', () => {
    const agg = new DigestAggregator({ orderBy: 'calls', top: 2 });
    for (let i = 0; i < 5; i++) agg.add(ev(`SELECT a FROM many WHERE x = ${i}`, 0.01, { rowsExamined: 1 }));
    agg.add(ev('SELECT a FROM slow', 10, { rowsExamined: 5 }));
    for (let i = 0; i < 2; i++) agg.add(ev(`SELECT a FROM scan WHERE y = ${i}`, 0.1, { rowsExamined: 1e6 }));
    const byCalls = agg.result();
    expect(byCalls.classes.map((c) => c.calls)).toEqual([5, 2]);
    expect(byCalls.totals.classes).toBe(3);
    const events = [
      ...Array.from({ length: 5 }, (_, i) => ev(`SELECT a FROM many WHERE x = ${i}`, 0.01, { rowsExamined: 1 })),
      ev('SELECT a FROM slow', 10, { rowsExamined: 5 }),
      ...Array.from({ length: 2 }, (_, i) => ev(`SELECT a FROM scan WHERE y = ${i}`, 0.1, { rowsExamined: 1e6 })),
    ];
    const run = (orderBy: 'total' | 'rows-examined') => {
      const a = new DigestAggregator({ orderBy });
      events.forEach(a.add);
      return a.result().classes.map((c) => c.fingerprint);
    };
    expect(run('total')).toEqual(['select a from slow', 'select a from scan where y = ?', 'select a from many where x = ?']);
    expect(run('rows-examined')).toEqual(['select a from scan where y = ?', 'select a from slow', 'select a from many where x = ?']);
  });

  it('filters by --since/--until and counts what it left out', () => {
    const agg = new DigestAggregator({ since: '2024-01-01T00:00:10Z', until: '2024-01-01T00:00:20Z' });
    for (let s = 0; s < 30; s++) agg.add(ev('SELECT 1', 0.1, { ts: Date.UTC(2024, 0, 1, 0, 0, s) }));
    const r = agg.result();
    expect(r.totals.events).toBe(11);
    expect(r.totals.filtered).toBe(19);
    expect(r.totals.firstSeen).toBe('2024-01-01T00:00:10.000Z');
    expect(r.totals.lastSeen).toBe('2024-01-01T00:00:20.000Z');
  });

  it('rejects an invalid time bound', () => {
    expect(() => new DigestAggregator({ since: 'yesterday-ish' })).toThrow(/since/);
  });
});

describe('digest of the fixture logs', () => {
  it('groups MySQL 8 statements into classes with their databases, users and hosts', () => {
    const r = digestText(readFileSync(join(FIXTURES, 'mysql8.slowlog'), 'utf8'));
    expect(r.totals).toMatchObject({ events: 5, classes: 4, malformed: 0 });
    const [top, second] = r.classes;
    expect(top).toMatchObject({ fingerprint: 'select count(*) from purchases where created_at >= ?', calls: 1, databases: ['analytics'], users: ['report'] });
    expect(second).toMatchObject({
      calls: 2,
      totalTime: 1,
      hosts: ['web-1.internal', 'web-2.internal'],
      firstSeen: '2024-05-01T10:00:00.123Z',
      lastSeen: '2024-05-01T10:00:01.500Z',
    });
    expect(second!.sample).toContain('guild_id = 7');
  });

  it('reports malformed entries in the totals of the edge-case log', () => {
    const r = digestText(readFileSync(join(FIXTURES, 'edge-cases.slowlog'), 'utf8'));
    expect(r.totals.malformed).toBe(2);
    expect(r.classes.map((c) => [c.fingerprint, c.calls])).toEqual([
      ['select u.id, u.name from users u where u.nick = ? and u.id in(?+)', 2],
      ['update users set bio = ? where id = ?', 1],
      ['administrator command: Prepare', 2],
    ]);
  });
});

describe('digestCloudWatchEvents', () => {
  const events: Array<{ timestamp: number; message: string }> = JSON.parse(readFileSync(join(FIXTURES, 'aurora3-cloudwatch.json'), 'utf8'));

  it('reads one entry per event and falls back to the event time when the entry has none', () => {
    const r = digestCloudWatchEvents(events);
    expect(r.totals).toMatchObject({ events: 3, classes: 2, malformed: 1 });
    const like = r.classes[0]!;
    expect(like).toMatchObject({ fingerprint: 'select * from characters where name like ?', calls: 2, databases: ['game'] });
    // First event has its own # Time; the second has neither # Time nor SET timestamp.
    expect(like.firstSeen).toBe('2024-05-02T09:00:00.120Z');
    expect(like.lastSeen).toBe(new Date(events[1]!.timestamp).toISOString());
    expect(r.classes[1]!.sample).toBe('UPDATE characters\n   SET gold = gold + 10\n WHERE id = 99');
  });

  it('does not carry one event’s # Time into the next event', () => {
    const r = digestCloudWatchEvents([events[0]!, events[2]!]);
    const upd = r.classes.find((c) => c.fingerprint.startsWith('update'))!;
    expect(upd.firstSeen).toBe(new Date(events[2]!.timestamp).toISOString());
  });

  it('applies --since to event timestamps', () => {
    const r = digestCloudWatchEvents(events, { since: new Date(events[1]!.timestamp) });
    expect(r.totals.events).toBe(2);
    expect(r.totals.filtered).toBe(1);
  });

  it('classes CloudWatch messages exactly as the same entries in a file', () => {
    const asFile = digestText(
      events
        .slice(0, 3)
        .map((e) => e.message)
        .join('\n'),
    );
    const fromEvents = digestCloudWatchEvents(events.slice(0, 3));
    expect(fromEvents.classes.map((c) => [c.id, c.calls, c.totalTime])).toEqual(asFile.classes.map((c) => [c.id, c.calls, c.totalTime]));
    expect(fingerprint(events[0]!.message.split('\n').at(-1)!.replace(/;$/, ''))).toBe(fromEvents.classes[0]!.fingerprint);
  });
});
