import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { CLUSTER_METRICS, INSTANCE_METRICS } from '../../src/collectors/cloudwatch-metrics';
import { collectMetrics, seriesFor, type SeriesRequest } from '../../src/collectors/cloudwatch';

const cw = mockClient(CloudWatchClient);
const start = new Date('2026-11-21T07:00:00Z');
const end = new Date('2026-11-21T08:00:00Z');
const t = (min: number) => new Date(start.getTime() + min * 60_000);

beforeEach(() => {
  cw.reset();
  resetClients();
});
afterEach(() => cw.reset());

const inputs = () => cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input as GetMetricDataCommandInput);

describe('collectMetrics', () => {
  test('asks for every instance and cluster metric in one call, with the right dimensions, period and window', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, Timestamps: [t(0), t(1)], Values: [1, 2], StatusCode: 'Complete' })),
    }));
    const series = seriesFor('gamedb1-1', 'gamedb1');
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60 });

    expect(r.calls).toBe(1);
    const [input] = inputs();
    expect(input!.StartTime).toEqual(start);
    expect(input!.EndTime).toEqual(end);
    expect(input!.ScanBy).toBe('TimestampAscending');
    expect(input!.MetricDataQueries).toHaveLength(INSTANCE_METRICS.length + CLUSTER_METRICS.length);
    const cpu = input!.MetricDataQueries!.find((q) => q.MetricStat?.Metric?.MetricName === 'CPUUtilization');
    expect(cpu).toEqual({
      Id: 'm0',
      MetricStat: {
        Metric: { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'gamedb1-1' }] },
        Period: 60,
        Stat: 'Average',
      },
      ReturnData: true,
    });
    const volume = input!.MetricDataQueries!.find((q) => q.MetricStat?.Metric?.MetricName === 'VolumeBytesUsed');
    expect(volume?.MetricStat?.Metric?.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: 'gamedb1' }]);
    for (const name of [
      'DMLLatency',
      'SelectLatency',
      'CommitLatency',
      'Deadlocks',
      'AuroraReplicaLag',
      'DBLoad',
      'DBLoadCPU',
      'DBLoadNonCPU',
      'SwapUsage',
      'FreeLocalStorage',
      'Queries',
      'BufferCacheHitRatio',
    ]) {
      expect(input!.MetricDataQueries!.some((q) => q.MetricStat?.Metric?.MetricName === name)).toBe(true);
    }
    expect(r.metrics).toHaveLength(series.length);
    expect(r.metrics[0]).toEqual({ name: 'CPUUtilization', scope: 'instance', unit: 'Percent', timestamps: [t(0).getTime(), t(1).getTime()], values: [1, 2] });
    expect(r.missing).toEqual([]);
  });

  test('batches at most 500 queries a call: 1,200 series take 3 calls of 500, 500 and 200', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, Timestamps: [t(0)], Values: [Number(q.Id!.slice(1))], StatusCode: 'Complete' })),
    }));
    const series: SeriesRequest[] = Array.from({ length: 1200 }, (_, i) => ({ name: `Metric${i}`, unit: 'Count', scope: 'instance', id: `db-${i}` }));
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 300 });
    expect(r.calls).toBe(3);
    expect(inputs().map((i) => i.MetricDataQueries!.length)).toEqual([500, 500, 200]);
    expect(inputs()[2]!.MetricDataQueries![0]!.Id).toBe('m1000');
    expect(inputs().every((i) => i.MetricDataQueries!.every((q) => q.MetricStat!.Period === 300))).toBe(true);
    expect(r.metrics).toHaveLength(1200);
    expect(r.metrics[1137]).toMatchObject({ name: 'Metric1137', values: [1137] });
  });

  test('follows NextToken and merges PartialData pages by query id', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(0), t(1)], Values: [10, 11], StatusCode: 'PartialData' },
          { Id: 'm1', Timestamps: [t(0)], Values: [5], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(2)], Values: [12], StatusCode: 'Complete' },
          { Id: 'm1', Timestamps: [t(1)], Values: [6], StatusCode: 'Complete' },
        ],
      });
    const series = seriesFor('gamedb1-1', undefined).slice(0, 2);
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60 });
    expect(r.calls).toBe(2);
    expect(inputs()[0]!.NextToken).toBeUndefined();
    expect(inputs()[1]!.NextToken).toBe('page-2');
    expect(inputs()[1]!.MetricDataQueries).toEqual(inputs()[0]!.MetricDataQueries);
    expect(r.metrics.map((m) => m.values)).toEqual([
      [10, 11, 12],
      [5, 6],
    ]);
  });

  test('a metric with no data or an error status is reported missing, not fatal', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Timestamps: [t(0)], Values: [42], StatusCode: 'Complete' },
        { Id: 'm1', Timestamps: [], Values: [], StatusCode: 'Complete' },
        { Id: 'm2', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'not authorized' }] },
      ],
    });
    const series = seriesFor('gamedb1-1', undefined).slice(0, 4);
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60 });
    expect(r.metrics.map((m) => m.name)).toEqual([series[0]!.name]);
    expect(r.missing).toEqual([
      { name: series[1]!.name, scope: 'instance', reason: 'no data points in the window' },
      { name: series[2]!.name, scope: 'instance', reason: 'Forbidden: not authorized' },
      { name: series[3]!.name, scope: 'instance', reason: 'no data points in the window' },
    ]);
  });
});

describe('collectMetrics with an earlier window', () => {
  test('reads the same window a week earlier with the same queries in the same call, and splits the points by time', async () => {
    const week = 7 * 86_400_000;
    const earlier = { start: new Date(start.getTime() - week), end: new Date(end.getTime() - week) };
    const at = (base: Date, min: number) => new Date(base.getTime() + min * 60_000);
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => ({
        Id: q.Id,
        // Points in the earlier window, between the two (dropped), and in the window.
        Timestamps: [at(earlier.start, 0), at(earlier.start, 59), at(earlier.end, 60), t(0), t(59)],
        Values: [10, 11, 99, 20, 21],
        StatusCode: 'Complete',
      })),
    }));
    const series = seriesFor('gamedb1-1', 'gamedb1');
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60, earlier });

    expect(r.calls).toBe(1);
    const [input] = inputs();
    expect(input!.StartTime).toEqual(earlier.start);
    expect(input!.EndTime).toEqual(end);
    expect(input!.MetricDataQueries).toHaveLength(series.length);
    const cpu = r.metrics.find((m) => m.name === 'CPUUtilization')!;
    expect(cpu.timestamps).toEqual([t(0).getTime(), t(59).getTime()]);
    expect(cpu.values).toEqual([20, 21]);
    const before = r.earlier!.find((m) => m.name === 'CPUUtilization')!;
    expect(before.timestamps).toEqual([earlier.start.getTime(), at(earlier.start, 59).getTime()]);
    expect(before.values).toEqual([10, 11]);
    expect(r.earlier).toHaveLength(r.metrics.length);
  });

  test('a series with points only in the earlier window is missing in the window, and kept for the comparison', async () => {
    const day = 86_400_000;
    const earlier = { start: new Date(start.getTime() - day), end: new Date(end.getTime() - day) };
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'm0', Timestamps: [earlier.start], Values: [5], StatusCode: 'Complete' }],
    });
    const series: SeriesRequest[] = [{ name: 'CPUUtilization', unit: 'Percent', scope: 'instance', id: 'gamedb1-1' }];
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60, earlier });
    expect(r.metrics).toEqual([]);
    expect(r.missing).toEqual([{ name: 'CPUUtilization', scope: 'instance', reason: 'no data points in the window' }]);
    expect(r.earlier).toEqual([{ name: 'CPUUtilization', scope: 'instance', unit: 'Percent', timestamps: [earlier.start.getTime()], values: [5] }]);
  });
});

describe('seriesFor', () => {
  const names = (s: SeriesRequest[]) => s.map((x) => x.name);
  test('leaves out what the setup cannot publish, keeps everything when the setup is unknown', () => {
    const all = seriesFor('i', 'c');
    expect(all).toHaveLength(INSTANCE_METRICS.length + CLUSTER_METRICS.length);
    const writer = names(seriesFor('i', 'c', { role: 'writer', performanceInsights: false, members: 1 }));
    expect(writer).not.toContain('AuroraReplicaLag');
    expect(writer).not.toContain('DBLoad');
    expect(writer).not.toContain('AuroraReplicaLagMaximum');
    const reader = names(seriesFor('i', 'c', { role: 'reader', performanceInsights: true, members: 3 }));
    expect(reader).toEqual(expect.arrayContaining(['AuroraReplicaLag', 'DBLoad', 'DBLoadCPU', 'DBLoadNonCPU', 'AuroraReplicaLagMaximum']));
    expect(names(seriesFor('i', undefined))).not.toContain('VolumeBytesUsed');
  });

  test('an optional metric without data is not missing, unless CloudWatch gave an error', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Timestamps: [], Values: [], StatusCode: 'Complete' },
        { Id: 'm1', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'denied' }] },
      ],
    });
    const series: SeriesRequest[] = [
      { name: 'SumBinaryLogSize', unit: 'Bytes', optional: true, scope: 'instance', id: 'i' },
      { name: 'NumBinaryLogFiles', unit: 'Count', optional: true, scope: 'instance', id: 'i' },
    ];
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS: 60 });
    expect(r.missing).toEqual([{ name: 'NumBinaryLogFiles', scope: 'instance', reason: 'Forbidden: denied' }]);
  });
});
