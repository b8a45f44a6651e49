/** collectReport end to end: real SDK clients with mocked transports, the real MariaDB for performance_schema. */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeDimensionKeysCommand, GetResourceMetricsCommand, PIClient } from '@aws-sdk/client-pi';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { CLUSTER_METRICS, INSTANCE_METRICS } from '../../src/collectors/cloudwatch-metrics';
import { collectReport } from '../../src/collectors/collect';
import { InstanceNotFoundError } from '../../src/collectors/rds';
import { resetCredentialsCache } from '../../src/collectors/secrets';
import type { Target } from '../../src/config/targets';
import { createLogger } from '../../src/core/log';
import { clusterReply, instanceReply, metricReply, NOW, slowEvent, WINDOW } from './fixtures';

const url = new URL(inject('mysqlUrl'));
const port = Number(url.port);
const rds = mockClient(RDSClient);
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const sm = mockClient(SecretsManagerClient);
const pi = mockClient(PIClient);
const target: Target = { name: 'gamedb1', cluster: 'gamedb1', secret: 'dbassist/gamedb1', instances: ['gamedb1-1', 'gamedb1-2'] };
const log = createLogger({}, () => undefined);
const notFound = Object.assign(new Error('The specified log group does not exist.'), { name: 'ResourceNotFoundException' });

beforeEach(() => {
  for (const m of [rds, cw, logs, sm, pi]) m.reset();
  resetClients();
  resetCredentialsCache();
  rds.on(DescribeDBInstancesCommand).resolves(instanceReply('127.0.0.1', port));
  rds.on(DescribeDBClustersCommand).resolves(clusterReply);
  rds.on(DescribeEventsCommand, { SourceType: 'db-instance' }).resolves({
    Events: [
      {
        Date: new Date('2026-11-21T07:40:00Z'),
        SourceIdentifier: 'gamedb1-1',
        SourceType: 'db-instance',
        Message: 'DB instance restarted',
        EventCategories: ['availability'],
      },
    ],
  });
  rds.on(DescribeEventsCommand, { SourceType: 'db-cluster' }).resolves({ Events: [] });
  cw.on(GetMetricDataCommand).callsFake(metricReply(new Set(['SwapUsage', 'BacktrackWindowActual'])));
  logs.on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/slowquery' }).resolves({
    events: [
      slowEvent(new Date('2026-11-21T07:10:00Z'), "SELECT * FROM users WHERE email = 'a@b.c';", 1.5, 50_000),
      slowEvent(new Date('2026-11-21T07:20:00Z'), "SELECT * FROM users WHERE email = 'd@e.f';", 2.5, 50_000),
      slowEvent(new Date('2026-11-21T07:30:00Z'), 'UPDATE items SET qty = 3 WHERE owner = 9;', 0.5, 10),
    ],
  });
  logs.on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/error' }).rejects(notFound);
  sm.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({ username: decodeURIComponent(url.username), password: '', host: '127.0.0.1', port }),
  });
});

const run = () =>
  collectReport({
    target,
    instance: 'gamedb1-1',
    window: WINDOW,
    config: { region: 'ap-northeast-2' },
    log,
    deadline: Date.now() + 60_000,
    perfSchemaIntervalS: 1,
    now: NOW,
  });

describe("collectReport with a server of its own (the CLI's --db)", () => {
  test('reads performance_schema and the instance state from the given server, not the RDS endpoint, without Secrets Manager', async () => {
    // RDS names an endpoint nobody answers on: only the given server can have been read.
    rds.on(DescribeDBInstancesCommand).resolves(instanceReply('192.0.2.1', 1));
    const data = await collectReport({
      target: { ...target, secret: '' },
      instance: 'gamedb1-1',
      window: WINDOW,
      config: { region: 'ap-northeast-2' },
      log,
      deadline: Date.now() + 60_000,
      perfSchemaIntervalS: 1,
      now: NOW,
      database: { endpoint: { host: '127.0.0.1', port }, credentials: { username: decodeURIComponent(url.username), password: '' } },
    });
    expect(data.gaps.filter((g) => g.source === 'instance')).toEqual([]);
    expect(data.perfSchema?.serverVersion).toMatch(/MariaDB/);
    expect(data.instanceState).toBeDefined();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  test('skip: every endpoint reader is a gap with the reason given, and Secrets Manager is not asked', async () => {
    const data = await collectReport({
      target: { ...target, secret: '' },
      instance: 'gamedb1-1',
      window: WINDOW,
      config: { region: 'ap-northeast-2' },
      log,
      deadline: Date.now() + 60_000,
      now: NOW,
      database: { skip: 'not read: give --db' },
    });
    const reasons = data.gaps.filter((g) => g.source === 'perfschema' || g.source === 'instance').map((g) => g.reason);
    expect(reasons).toHaveLength(2);
    for (const r of reasons) expect(r).toBe('not read: give --db');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});

describe('collectReport', () => {
  test('collects every source; a missing log group is a gap, not a failure', async () => {
    const data = await run();
    expect(data.instance).toMatchObject({ instance: 'gamedb1-1', cluster: 'gamedb1', role: 'writer', vcpu: 2, memoryGiB: 16 });
    expect(data.window).toEqual({ start: '2026-11-21T07:00:00.000Z', end: '2026-11-21T08:00:00.000Z', periodS: 60, label: '1h' });
    expect(data.simulated).toBe(false);

    // One GetMetricData call for all instance and cluster series, at the window's period.
    expect(data.cloudwatchCalls).toBe(1);
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    // A writer without Performance Insights: no AuroraReplicaLag, no DBLoad*; the cluster has a replica.
    const asked = input.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.MetricName!);
    expect(asked).toHaveLength(INSTANCE_METRICS.length + CLUSTER_METRICS.length - 4);
    expect(asked).not.toContain('AuroraReplicaLag');
    expect(asked.filter((n) => n.startsWith('DBLoad'))).toEqual([]);
    expect(asked).toContain('AuroraReplicaLagMaximum');
    expect(input.MetricDataQueries!.every((q) => q.MetricStat!.Period === 60)).toBe(true);
    expect(data.metrics).toHaveLength(asked.length - 2);
    expect(data.metrics.find((m) => m.name === 'CPUUtilization')!.values).toHaveLength(60);
    // BacktrackWindowActual is optional (backtrack off): no data is not "missing".
    expect(data.missingMetrics).toEqual(['SwapUsage']);

    expect(data.events.map((e) => e.message)).toEqual(['DB instance restarted']);

    // The slow log went through the digest engine: two classes, the email lookup first by total time.
    expect(data.slowLog!.totals.events).toBe(3);
    expect(data.slowLog!.classes).toHaveLength(2);
    expect(data.slowLog!.classes[0]).toMatchObject({ calls: 2, rowsExamined: 100_000 });
    expect(data.slowLog!.classes[0]!.totalTime).toBeCloseTo(4, 6);
    const slowCall = logs.commandCalls(FilterLogEventsCommand).find((c) => c.args[0].input.logGroupName!.endsWith('/slowquery'))!;
    expect(slowCall.args[0].input.logStreamNamePrefix).toBe('gamedb1-1');

    // performance_schema was read on the instance endpoint (the harness server), as a delta.
    expect(data.perfSchema).toBeDefined();
    expect(data.perfSchema!.serverVersion).toMatch(/\d+\.\d+/);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    // The instance's locks and sessions were read on the same endpoint; PI is off here, so it is a gap
    // that says how to turn it on, and PI was never called.
    expect(data.instanceState).toMatchObject({ lockWaits: [], chains: [] });
    expect(data.pi).toBeUndefined();
    expect(pi.calls()).toHaveLength(0);
    expect(data.gaps.find((g) => g.source === 'pi')!.reason).toContain(
      'aws rds modify-db-instance --db-instance-identifier gamedb1-1 --enable-performance-insights',
    );
    // The slow-log classes carry their timeline on the report's period.
    expect(data.slowLog!.classes[0]!.timeline).toEqual({
      bucketMs: 60_000,
      points: [
        [Date.parse('2026-11-21T07:10:00Z'), 1, 1.5],
        [Date.parse('2026-11-21T07:20:00Z'), 1, 2.5],
      ],
    });

    expect(data.errorLog).toEqual([]);
    expect(data.gaps).toContainEqual({
      source: 'logs',
      what: 'error log highlights',
      reason: 'log group not found: is error log export to CloudWatch Logs enabled for gamedb1?',
    });
    expect(data.gaps.some((g) => g.source === 'cloudwatch' || g.source === 'secrets' || g.what === 'slow query log')).toBe(false);
  });

  test('with Performance Insights on, load by wait and SQL is read with the instance resource id', async () => {
    const withPi = instanceReply('127.0.0.1', port);
    Object.assign(withPi.DBInstances[0]!, { PerformanceInsightsEnabled: true, DbiResourceId: 'db-GAMEDB1ONE' });
    rds.on(DescribeDBInstancesCommand).resolves(withPi);
    const t = (m: number) => new Date(Date.parse('2026-11-21T07:00:00Z') + m * 60_000);
    pi.on(GetResourceMetricsCommand).resolves({
      MetricList: [
        { Key: { Metric: 'db.load.avg' }, DataPoints: [0, 1, 2].map((m) => ({ Timestamp: t(m), Value: 1 + m })) },
        {
          Key: { Metric: 'db.load.avg', Dimensions: { 'db.wait_event.name': 'cpu', 'db.wait_event.type': 'CPU' } },
          DataPoints: [0, 1, 2].map((m) => ({ Timestamp: t(m), Value: 1 })),
        },
      ],
    });
    pi.on(DescribeDimensionKeysCommand).resolves({ Keys: [] });
    const data = await run();
    expect(pi.commandCalls(GetResourceMetricsCommand)[0]!.args[0].input).toMatchObject({
      ServiceType: 'RDS',
      Identifier: 'db-GAMEDB1ONE',
      PeriodInSeconds: 60,
    });
    expect(data.pi).toMatchObject({ periodS: 60, total: [1, 2, 3], byWait: [{ id: 'cpu', waitType: 'CPU', values: [1, 1, 1] }] });
    expect(data.gaps.some((g) => g.source === 'pi')).toBe(false);
    // With PI on, the DBLoad metrics are asked for too.
    expect(cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries!.some((q) => q.MetricStat!.Metric!.MetricName === 'DBLoad')).toBe(true);
  });

  test('a Performance Insights refusal is a gap naming the permissions, and the rest is collected', async () => {
    const withPi = instanceReply('127.0.0.1', port);
    Object.assign(withPi.DBInstances[0]!, { PerformanceInsightsEnabled: true, DbiResourceId: 'db-GAMEDB1ONE' });
    rds.on(DescribeDBInstancesCommand).resolves(withPi);
    pi.on(GetResourceMetricsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'NotAuthorizedException' }));
    const data = await run();
    expect(data.gaps.find((g) => g.source === 'pi')!.reason).toMatch(/pi:GetResourceMetrics/);
    expect(data.metrics.length).toBeGreaterThan(0);
    expect(data.instanceState).toBeDefined();
  });

  test('without credentials the report still has metrics, and says why performance_schema is missing', async () => {
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('denied arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:dbassist/gamedb1'), { name: 'AccessDeniedException' }),
    );
    const data = await run();
    expect(data.metrics.length).toBeGreaterThan(0);
    expect(data.perfSchema).toBeUndefined();
    expect(data.gaps).toContainEqual({
      source: 'secrets',
      what: 'database credentials',
      reason: 'could not read the credentials secret (AccessDeniedException)',
    });
    expect(data.gaps.find((g) => g.source === 'perfschema')).toMatchObject({ what: 'performance_schema top statements' });
    expect(data.gaps.find((g) => g.source === 'instance')).toMatchObject({ reason: 'no database credentials' });
    expect(data.gaps.filter((g) => g.source === 'secrets')).toHaveLength(1);
    expect(JSON.stringify(data.gaps)).not.toMatch(/dbassist\/gamedb1|123456789012|127\.0\.0\.1/);
  });

  test('credentials the database refuses are read again once (a rotated secret), then used', async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: 'before-rotation', password: 'old' }) })
      .resolves({ SecretString: JSON.stringify({ username: decodeURIComponent(url.username), password: '' }) });
    const data = await run();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(data.perfSchema).toBeDefined();
    expect(data.instanceState).toBeDefined();
    expect(data.gaps.some((g) => (g.source === 'perfschema' && g.what !== 'two-snapshot delta') || g.source === 'instance')).toBe(false);
  });

  test('a throttled RDS describe leaves a gap and skips performance_schema (no endpoint), not the metrics', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const data = await run();
    expect(data.instance).toMatchObject({ instance: 'gamedb1-1', cluster: 'gamedb1', role: 'unknown' });
    expect(data.gaps[0]).toEqual({ source: 'rds', what: 'instance and cluster description', reason: 'ThrottlingException: Rate exceeded' });
    expect(data.gaps.find((g) => g.source === 'perfschema')!.reason).toMatch(/endpoint is unknown/);
    expect(data.metrics.length).toBeGreaterThan(0);
    expect(data.cloudwatchCalls).toBe(1);
  });

  test('an unknown instance fails the collection', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' }));
    await expect(run()).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  test('an instance of another cluster is refused before anything is read with the target credentials', async () => {
    const other = instanceReply('127.0.0.1', port);
    other.DBInstances[0]!.DBClusterIdentifier = 'gamedb1-archive';
    rds.on(DescribeDBInstancesCommand).resolves(other);
    await expect(run()).rejects.toThrow('gamedb1-1 is not an instance of the cluster gamedb1.');
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });

  test('a collector that overruns its budget becomes a gap', async () => {
    cw.on(GetMetricDataCommand).callsFake(() => new Promise(() => {}));
    const data = await collectReport({
      target,
      instance: 'gamedb1-1',
      window: WINDOW,
      config: { region: 'ap-northeast-2' },
      log,
      deadline: Date.now() + 4_500,
      perfSchemaIntervalS: 1,
      now: NOW,
    });
    expect(data.gaps.find((g) => g.source === 'cloudwatch')!.reason).toMatch(/CloudWatch metrics did not finish within/);
    expect(data.events).toHaveLength(1);
  });

  test("with a comparison, the earlier window's metrics come from the same GetMetricData call; its events and slow log are read too", async () => {
    const day = 86_400_000;
    rds.on(DescribeEventsCommand, { SourceType: 'db-cluster' }).resolves({
      Events: [
        {
          Date: new Date('2026-11-20T12:00:00Z'),
          SourceIdentifier: 'gamedb1',
          SourceType: 'db-cluster',
          Message: 'Updated parameter long_query_time to 0.5',
          EventCategories: ['configuration change'],
        },
      ],
    });
    const data = await collectReport({
      target,
      instance: 'gamedb1-1',
      window: WINDOW,
      config: { region: 'ap-northeast-2' },
      log,
      deadline: Date.now() + 60_000,
      perfSchemaIntervalS: 1,
      now: NOW,
      vs: '1d',
    });
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.StartTime).toEqual(new Date(WINDOW.start.getTime() - day));
    expect(calls[0]!.EndTime).toEqual(WINDOW.end);
    expect(data.comparison).toMatchObject({ vs: '1d', start: '2026-11-20T07:00:00.000Z', end: '2026-11-20T08:00:00.000Z' });
    const cpu = data.metrics.find((m) => m.name === 'CPUUtilization')!;
    const cpuBefore = data.comparison!.metrics.find((m) => m.name === 'CPUUtilization')!;
    expect(cpu.timestamps).toHaveLength(60);
    expect(cpu.timestamps[0]).toBe(WINDOW.start.getTime());
    expect(cpuBefore.timestamps).toHaveLength(60);
    expect(cpuBefore.timestamps[0]).toBe(WINDOW.start.getTime() - day);
    // Events: the window's as before, and those from the earlier window's start to the window's, read apart.
    const ranges = rds
      .commandCalls(DescribeEventsCommand)
      .map((c) => `${c.args[0].input.SourceType} ${c.args[0].input.StartTime?.toISOString()} ${c.args[0].input.EndTime?.toISOString()}`)
      .sort();
    expect(ranges).toEqual([
      'db-cluster 2026-11-20T07:00:00.000Z 2026-11-21T07:00:00.000Z',
      'db-cluster 2026-11-21T07:00:00.000Z 2026-11-21T08:00:00.000Z',
      'db-instance 2026-11-20T07:00:00.000Z 2026-11-21T07:00:00.000Z',
      'db-instance 2026-11-21T07:00:00.000Z 2026-11-21T08:00:00.000Z',
    ]);
    expect(data.comparison!.events.map((e) => e.message)).toContain('Updated parameter long_query_time to 0.5');
    // The slow log of both windows.
    const slowReads = logs.commandCalls(FilterLogEventsCommand).filter((c) => c.args[0].input.logGroupName?.endsWith('/slowquery'));
    expect(slowReads.map((c) => c.args[0].input.startTime).sort()).toEqual([WINDOW.start.getTime() - day, WINDOW.start.getTime()]);
    expect(data.comparison!.slowLog?.totals.events).toBe(3);
  });

  test('a 24-hour window whose end is not on a minute is still compared (the window is aligned, not the comparison refused)', async () => {
    const end = new Date('2026-11-21T08:00:30Z');
    const data = await collectReport({
      target,
      instance: 'gamedb1-1',
      window: { start: new Date(end.getTime() - 86_400_000), end, label: '24h' },
      config: { region: 'ap-northeast-2' },
      log,
      deadline: Date.now() + 60_000,
      perfSchemaIntervalS: 1,
      now: new Date('2026-11-21T08:01:00Z'),
      vs: '1d',
    });
    expect(data.gaps.filter((g) => g.source === 'cloudwatch')).toEqual([]);
    expect(data.comparison?.metrics.length).toBe(data.metrics.length);
  });
});
