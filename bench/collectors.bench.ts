/**
 * CloudWatch calls per report: a full collectReport of one instance and its cluster against mocked AWS
 * transports (real SDK clients), counting GetMetricData calls. The mock answers like CloudWatch: at most
 * 500 queries a call and at most 100,800 data points a response, the rest behind NextToken.
 * Target: ⌈series / 500⌉ calls whenever the points fit in one response. With a comparison (`vs 1d`,
 * `vs 1w`) the same queries span both windows and the days between (GetMetricData has one time range per
 * request), so the calls are the pages those points need.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { resetClients } from '../src/aws/clients';
import { collectMetrics, type SeriesRequest } from '../src/collectors/cloudwatch';
import { choosePeriod } from '../src/collectors/cloudwatch-period';
import { collectReport } from '../src/collectors/collect';
import { resetCredentialsCache } from '../src/collectors/secrets';
import type { Comparison } from '../src/core/comparison';
import { createLogger } from '../src/core/log';
import type { Bench, BenchRow } from './types';

const MAX_POINTS_PER_RESPONSE = 100_800;

/** A GetMetricData stand-in that pages like the service: whole series in order, ≤ 100,800 points a page. */
function cloudwatchLike(input: GetMetricDataCommandInput) {
  const queries = input.MetricDataQueries ?? [];
  if (queries.length > 500) throw new Error('more than 500 queries in one call');
  const start = input.StartTime!.getTime();
  const end = input.EndTime!.getTime();
  let offset = input.NextToken ? Number(input.NextToken) : 0;
  const results: MetricDataResult[] = [];
  let budget = MAX_POINTS_PER_RESPONSE;
  for (const q of queries) {
    const periodMs = q.MetricStat!.Period! * 1000;
    const n = Math.floor((end - start) / periodMs);
    if (offset >= n) {
      offset -= n;
      continue;
    }
    const take = Math.min(n - offset, budget);
    const ts = Array.from({ length: take }, (_, i) => new Date(start + (offset + i) * periodMs));
    results.push({ Id: q.Id, Timestamps: ts, Values: ts.map((_, i) => (i % 100) + 1), StatusCode: offset + take < n ? 'PartialData' : 'Complete' });
    budget -= take;
    offset = 0;
    if (budget === 0) break;
  }
  const served = Number(input.NextToken ?? 0) + (MAX_POINTS_PER_RESPONSE - budget);
  const total = queries.reduce((s, q) => s + Math.floor((end - start) / (q.MetricStat!.Period! * 1000)), 0);
  return { MetricDataResults: results, NextToken: served < total ? String(served) : undefined };
}

async function fullReportCalls(windowMs: number, label: string, vs?: Comparison): Promise<BenchRow[]> {
  resetClients();
  resetCredentialsCache();
  const rds = mockClient(RDSClient);
  const cw = mockClient(CloudWatchClient);
  const logs = mockClient(CloudWatchLogsClient);
  const sm = mockClient(SecretsManagerClient);
  try {
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'gamedb1-1',
          DBClusterIdentifier: 'gamedb1',
          DBInstanceClass: 'db.r6g.large',
          Engine: 'aurora-mysql',
          EngineVersion: '8.0.mysql_aurora.3.05.2',
          PerformanceInsightsEnabled: true,
        },
      ],
    });
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'gamedb1',
          DBClusterMembers: [
            { DBInstanceIdentifier: 'gamedb1-0', IsClusterWriter: true },
            { DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: false },
            { DBInstanceIdentifier: 'gamedb1-2', IsClusterWriter: false },
          ],
        },
      ],
    });
    rds.on(DescribeEventsCommand).resolves({ Events: [] });
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error('no database in this benchmark'), { name: 'ResourceNotFoundException' }));
    cw.on(GetMetricDataCommand).callsFake(cloudwatchLike);
    const end = new Date();
    const start = new Date(end.getTime() - windowMs);
    const data = await collectReport({
      target: { name: 'gamedb1', cluster: 'gamedb1', secret: 'bench', instances: ['gamedb1-1'] },
      instance: 'gamedb1-1',
      window: { start, end, label },
      config: { region: 'ap-northeast-2' },
      log: createLogger({}, () => undefined, 'error'),
      deadline: Date.now() + 60_000,
      ...(vs ? { vs } : {}),
    });
    if (vs) label = `${label} vs ${vs}`;
    const requests = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    // Distinct queries asked (pages repeat the same batch).
    const series = new Set(requests.flatMap((i) => (i.MetricDataQueries ?? []).map((q) => q.Id))).size;
    const calls = requests.length;
    const points = data.metrics.reduce((s, m) => s + m.values.length, 0);
    // The points asked for: the window's, or with a comparison the whole span from the earlier window's start.
    const spanMs = requests[0] ? requests[0].EndTime!.getTime() - requests[0].StartTime!.getTime() : 0;
    const asked = vs ? series * Math.floor(spanMs / (data.window.periodS * 1000)) : points;
    const target = Math.max(Math.ceil(series / 500), Math.ceil(asked / MAX_POINTS_PER_RESPONSE));
    return [
      { figure: `report ${label}: series asked`, value: series, unit: 'series' },
      {
        figure: `report ${label}: period`,
        value: data.window.periodS,
        unit: 's',
        target: 'multiple of 60, ≤ 1,440 points',
        pass: data.window.periodS % 60 === 0 && points / series <= 1441,
      },
      {
        figure: `report ${label}: GetMetricData calls`,
        value: calls,
        unit: 'calls',
        target: `${target} (⌈series/500⌉, pages of 100,800 points)`,
        pass: calls === target && data.cloudwatchCalls === calls && (!vs || (data.comparison?.metrics.length ?? 0) === data.metrics.length),
      },
    ];
  } finally {
    for (const m of [rds, cw, logs, sm]) m.restore();
  }
}

async function batchingCalls(seriesCount: number, windowMs = 3_600_000, label = '1h'): Promise<BenchRow[]> {
  resetClients();
  const cw = mockClient(CloudWatchClient);
  try {
    cw.on(GetMetricDataCommand).callsFake(cloudwatchLike);
    const series: SeriesRequest[] = Array.from({ length: seriesCount }, (_, i) => ({
      name: 'CPUUtilization',
      unit: 'Percent',
      scope: 'instance',
      id: `db-${i}`,
    }));
    const end = new Date();
    const start = new Date(end.getTime() - windowMs);
    const { periodS, points } = choosePeriod(start, end);
    const r = await collectMetrics({ region: 'ap-northeast-2', series, start, end, periodS });
    const got = r.metrics.reduce((s, m) => s + m.values.length, 0);
    // Per batch of ≤ 500 series, as many pages as its points need.
    let target = 0;
    for (let b = 0; b < seriesCount; b += 500) target += Math.max(1, Math.ceil((Math.min(500, seriesCount - b) * points) / MAX_POINTS_PER_RESPONSE));
    return [
      {
        figure: `${seriesCount} series, ${label}: GetMetricData calls`,
        value: r.calls,
        unit: 'calls',
        target: `${target} (⌈series/500⌉ batches × pages of 100,800 points)`,
        pass: r.calls === target && r.metrics.length === seriesCount && got === seriesCount * points,
      },
    ];
  } finally {
    cw.restore();
  }
}

export const benchmarks: Bench[] = [
  { name: 'collectors: CloudWatch calls per report (1h)', run: () => fullReportCalls(3_600_000, '1h') },
  { name: 'collectors: CloudWatch calls per report (24h)', run: () => fullReportCalls(86_400_000, '24h') },
  { name: 'collectors: CloudWatch calls per report (14d)', run: () => fullReportCalls(14 * 86_400_000, '14d') },
  { name: 'collectors: CloudWatch calls per report (1h vs 1d)', run: () => fullReportCalls(3_600_000, '1h', '1d') },
  { name: 'collectors: CloudWatch calls per report (6h vs 1d)', run: () => fullReportCalls(6 * 3_600_000, '6h', '1d') },
  { name: 'collectors: CloudWatch calls per report (1h vs 1w)', run: () => fullReportCalls(3_600_000, '1h', '1w') },
  { name: 'collectors: CloudWatch calls per report (24h vs 1w)', run: () => fullReportCalls(86_400_000, '24h', '1w') },
  { name: 'collectors: CloudWatch calls per report (7d vs 1w)', run: () => fullReportCalls(7 * 86_400_000, '7d', '1w') },
  { name: 'collectors: GetMetricData batching (1,200 series)', run: () => batchingCalls(1200) },
  { name: 'collectors: GetMetricData pagination (200 series × 24h)', run: () => batchingCalls(200, 86_400_000, '24h') },
];
