/**
 * The Performance Insights collector through the real PIClient with aws-sdk-client-mock: the exact
 * requests (grouping, limits, period, aligned times, pagination), the shape it builds, and its gaps.
 */
import { DescribeDimensionKeysCommand, GetDimensionKeyDetailsCommand, GetResourceMetricsCommand, PIClient } from '@aws-sdk/client-pi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { collectPerformanceInsights, loadPeaks, piPeriod, PiUnavailableError } from '../../src/collectors/pi';

const pi = mockClient(PIClient);
afterAll(() => pi.restore());
beforeEach(() => {
  pi.reset();
  resetClients();
});

const START = new Date('2026-11-21T07:00:20Z');
const END = new Date('2026-11-21T08:00:40Z');
const T0 = Date.parse('2026-11-21T07:00:00Z');
const pts = (f: (i: number) => number, n = 62) => Array.from({ length: n }, (_, i) => ({ Timestamp: new Date(T0 + i * 60_000), Value: f(i) }));
const spike = (i: number) => (i >= 40 && i < 50 ? 1 : 0);
const LONG = `SELECT i.id, i.owner_id, i.expires_at FROM items i WHERE i.owner_id = ? AND i.note IN (${Array.from({ length: 200 }, () => '?').join(', ')})`;

function happyPath(): void {
  pi.on(GetResourceMetricsCommand)
    .resolvesOnce({
      MetricList: [
        { Key: { Metric: 'db.load.avg' }, DataPoints: pts((i) => 1.5 + 9 * spike(i)) },
        { Key: { Metric: 'db.load.avg', Dimensions: { 'db.wait_event.name': 'cpu', 'db.wait_event.type': 'CPU' } }, DataPoints: pts((i) => 1 + 8 * spike(i)) },
        {
          Key: { Metric: 'db.load.avg', Dimensions: { 'db.wait_event.name': 'io/table/sql/handler', 'db.wait_event.type': 'io' } },
          DataPoints: pts((i) => 0.5 + spike(i)),
        },
      ],
      NextToken: 'page-2',
    })
    .resolvesOnce({
      MetricList: [
        {
          Key: {
            Metric: 'db.load.avg',
            Dimensions: { 'db.sql_tokenized.id': 'AKIAITEMS', 'db.sql_tokenized.statement': LONG.slice(0, 500), 'db.sql_tokenized.db_id': 'pi-1' },
          },
          DataPoints: pts((i) => 8.5 * spike(i)),
        },
        { Key: { Metric: 'db.load.avg', Dimensions: { 'db.user.name': 'game_app' } }, DataPoints: pts(() => 1.4) },
        { Key: { Metric: 'db.load.avg', Dimensions: { 'db.host.id': 'db-host-1', 'db.host.name': '10.0.12.41' } }, DataPoints: pts(() => 0.9) },
      ],
    });
  pi.on(DescribeDimensionKeysCommand, { GroupBy: { Group: 'db.sql_tokenized', Limit: 10 } }).resolves({
    PartitionKeys: [{ Dimensions: { 'db.wait_event.name': 'cpu' } }, { Dimensions: { 'db.wait_event.name': 'io/table/sql/handler' } }],
    Keys: [
      {
        Dimensions: { 'db.sql_tokenized.id': 'AKIAITEMS', 'db.sql_tokenized.statement': LONG.slice(0, 500), 'db.sql_tokenized.db_id': 'pi-1' },
        Total: 1.4,
        Partitions: [1.2, 0.2],
      },
      {
        Dimensions: { 'db.sql_tokenized.id': 'AKIACHARS', 'db.sql_tokenized.statement': 'SELECT id FROM characters WHERE user_id = ?' },
        Total: 0.3,
        Partitions: [0.3, 0],
      },
    ],
  });
  pi.on(DescribeDimensionKeysCommand, { GroupBy: { Group: 'db.sql', Dimensions: ['db.sql.id'], Limit: 1 } }).resolves({
    Keys: [{ Dimensions: { 'db.sql.id': 'SQL-FULL-1' }, Total: 1.2 }],
  });
  pi.on(GetDimensionKeyDetailsCommand).resolves({
    Dimensions: [{ Dimension: 'db.sql.statement', Value: LONG.replace('owner_id = ?', 'owner_id = 918273').replace(/\?/g, "'x'"), Status: 'AVAILABLE' }],
  });
}

describe('collectPerformanceInsights', () => {
  test('asks for load by wait, SQL, user and host in one paginated request, aligned to the PI period', async () => {
    happyPath();
    const r = await collectPerformanceInsights({ region: 'ap-northeast-2', resourceId: 'db-ABCDEFGHIJKLMNOP', start: START, end: END });
    const grm = pi.commandCalls(GetResourceMetricsCommand).map((c) => c.args[0].input);
    const queries = [
      { Metric: 'db.load.avg' },
      { Metric: 'db.load.avg', GroupBy: { Group: 'db.wait_event', Limit: 10 } },
      { Metric: 'db.load.avg', GroupBy: { Group: 'db.sql_tokenized', Limit: 10 } },
      { Metric: 'db.load.avg', GroupBy: { Group: 'db.user', Limit: 5 } },
      { Metric: 'db.load.avg', GroupBy: { Group: 'db.host', Limit: 5 } },
    ];
    const aligned = { StartTime: new Date('2026-11-21T07:00:00Z'), EndTime: new Date('2026-11-21T08:01:00Z') };
    expect(grm).toEqual([
      { ServiceType: 'RDS', Identifier: 'db-ABCDEFGHIJKLMNOP', MetricQueries: queries, ...aligned, PeriodInSeconds: 60, MaxResults: 25 },
      { ServiceType: 'RDS', Identifier: 'db-ABCDEFGHIJKLMNOP', MetricQueries: queries, ...aligned, PeriodInSeconds: 60, MaxResults: 25, NextToken: 'page-2' },
    ]);
    const ddk = pi.commandCalls(DescribeDimensionKeysCommand).map((c) => c.args[0].input);
    const top = {
      ServiceType: 'RDS',
      Identifier: 'db-ABCDEFGHIJKLMNOP',
      Metric: 'db.load.avg',
      PeriodInSeconds: 60,
      GroupBy: { Group: 'db.sql_tokenized', Limit: 10 },
      PartitionBy: { Group: 'db.wait_event', Limit: 10 },
      MaxResults: 10,
    };
    // The whole window, then the busy stretch (points 40–49 of the total), then the db.sql lookup for the cut statement.
    expect(ddk).toEqual([
      { ...top, ...aligned },
      { ...top, StartTime: new Date('2026-11-21T07:40:00Z'), EndTime: new Date('2026-11-21T07:50:00Z') },
      {
        ServiceType: 'RDS',
        Identifier: 'db-ABCDEFGHIJKLMNOP',
        ...aligned,
        Metric: 'db.load.avg',
        GroupBy: { Group: 'db.sql', Dimensions: ['db.sql.id'], Limit: 1 },
        Filter: { 'db.sql.tokenized_id': 'AKIAITEMS' },
        MaxResults: 1,
      },
    ]);
    expect(pi.commandCalls(GetDimensionKeyDetailsCommand).map((c) => c.args[0].input)).toEqual([
      { ServiceType: 'RDS', Identifier: 'db-ABCDEFGHIJKLMNOP', Group: 'db.sql', GroupIdentifier: 'SQL-FULL-1', RequestedDimensions: ['statement'] },
    ]);

    expect(r.periodS).toBe(60);
    expect(r.timestamps).toHaveLength(62);
    expect(r.total[45]).toBe(10.5);
    expect(r.byWait.map((w) => [w.id, w.waitType])).toEqual([
      ['cpu', 'CPU'],
      ['io/table/sql/handler', 'io'],
    ]);
    expect(r.bySql[0]).toMatchObject({ id: 'AKIAITEMS' });
    expect(r.byUser[0]).toMatchObject({ id: 'game_app' });
    expect(r.byHost[0]).toMatchObject({ id: '10.0.12.41' });
    expect(r.topSql.map((s) => s.id)).toEqual(['AKIAITEMS', 'AKIACHARS']);
    expect(r.topSql[0]!.byWait).toEqual({ cpu: 1.2, 'io/table/sql/handler': 0.2 });
    expect(r.peaks).toHaveLength(1);
    expect(r.peaks[0]).toMatchObject({ start: '2026-11-21T07:40:00.000Z', end: '2026-11-21T07:50:00.000Z' });
    // The full text replaced PI's 500-byte cut, normalised: the literal 918273 never leaves the collector.
    expect(r.topSql[0]!.full).toBe(true);
    expect(r.topSql[0]!.statement).not.toContain('918273');
    expect(r.topSql[0]!.statement).toMatch(/^SELECT i\.id, i\.owner_id/);
    expect(r.peaks[0]!.topSql[0]!.full).toBe(true);
  });

  test('turns a missing permission into a PiUnavailableError that says which actions', async () => {
    pi.on(GetResourceMetricsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'NotAuthorizedException' }));
    await expect(collectPerformanceInsights({ region: 'ap-northeast-2', resourceId: 'db-X', start: START, end: END })).rejects.toThrow(PiUnavailableError);
    await expect(collectPerformanceInsights({ region: 'ap-northeast-2', resourceId: 'db-X', start: START, end: END })).rejects.toThrow(/pi:GetResourceMetrics/);
  });
});

describe('PI helpers', () => {
  test('the period is the finest PI period within 1,440 points', () => {
    const at = (h: number) => [new Date(0), new Date(h * 3_600_000)] as const;
    expect(piPeriod(...at(1))).toBe(60);
    expect(piPeriod(...at(24))).toBe(60);
    expect(piPeriod(...at(48))).toBe(300);
    expect(piPeriod(...at(14 * 24))).toBe(3600);
  });

  test('a flat load has no peaks; a spike gives one stretch around it', () => {
    const t = Array.from({ length: 60 }, (_, i) => i * 60_000);
    expect(
      loadPeaks(
        t,
        t.map(() => 2),
        60,
      ),
    ).toEqual([]);
    const v = t.map((_, i) => (i >= 20 && i < 26 ? 9 : 2));
    expect(loadPeaks(t, v, 60)).toEqual([{ start: new Date(20 * 60_000), end: new Date(26 * 60_000) }]);
  });
});
