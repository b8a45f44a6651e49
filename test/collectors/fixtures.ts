/** Shared AWS mock replies for a full collection of gamedb1-1 against the harness MariaDB. */
import type { GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

export const WINDOW = { start: new Date('2026-11-21T07:00:00Z'), end: new Date('2026-11-21T08:00:00Z'), label: '1h' };
export const NOW = new Date('2026-11-21T08:00:30Z');

export function instanceReply(host: string, port: number) {
  return {
    DBInstances: [
      {
        DBInstanceIdentifier: 'gamedb1-1',
        DBClusterIdentifier: 'gamedb1',
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        PerformanceInsightsEnabled: false,
        Endpoint: { Address: host, Port: port },
      },
    ],
  };
}

export const clusterReply = {
  DBClusters: [
    {
      DBClusterIdentifier: 'gamedb1',
      DBClusterMembers: [
        { DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: true },
        { DBInstanceIdentifier: 'gamedb1-2', IsClusterWriter: false },
      ],
    },
  ],
};

/** One point a minute for every query, except the metric names in `absent`. */
export function metricReply(absent: ReadonlySet<string>) {
  return (input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => {
      if (absent.has(q.MetricStat!.Metric!.MetricName!)) return { Id: q.Id, Timestamps: [], Values: [], StatusCode: 'Complete' };
      const n = Math.round((input.EndTime!.getTime() - input.StartTime!.getTime()) / (q.MetricStat!.Period! * 1000));
      return {
        Id: q.Id,
        Timestamps: Array.from({ length: n }, (_, i) => new Date(input.StartTime!.getTime() + i * q.MetricStat!.Period! * 1000)),
        Values: Array.from({ length: n }, (_, i) => 40 + (i % 7)),
        StatusCode: 'Complete',
      };
    }),
  });
}

export function slowEvent(at: Date, sql: string, queryTime: number, rowsExamined: number) {
  return {
    timestamp: at.getTime(),
    message: [
      `# Time: ${at.toISOString().replace('Z', '000Z')}`,
      '# User@Host: app[app] @  [10.0.0.8]  Id:  4711',
      `# Query_time: ${queryTime.toFixed(6)}  Lock_time: 0.000120 Rows_sent: 1  Rows_examined: ${rowsExamined}`,
      `SET timestamp=${Math.floor(at.getTime() / 1000)};`,
      sql,
    ].join('\n'),
  };
}
