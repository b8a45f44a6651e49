/**
 * The live reads behind the fleet view and the cluster report, through the real SDK clients with
 * aws-sdk-client-mock: one batched GetMetricData (≤ 500 queries a call, NextToken followed), the
 * cluster's members and roles, and the members' parameter groups.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FLEET_METRICS, type FleetMember } from '../../src/analysis/fleet-health';
import { resetClients } from '../../src/aws/clients';
import { collectFleetSeries, fleetMembers } from '../../src/collectors/fleet';
import { describeClusterMembers, userParameters } from '../../src/collectors/rds';
import type { Target } from '../../src/config/targets';

const cw = mockClient(CloudWatchClient);
const rds = mockClient(RDSClient);
const end = new Date('2026-11-21T08:00:00Z');

beforeEach(() => {
  cw.reset();
  rds.reset();
  resetClients();
});

/** Ten 1-minute points per query: CPU of instance i is i % 100, other metrics 1. */
function reply(input: GetMetricDataCommandInput, page?: 'first' | 'second') {
  return {
    MetricDataResults: input.MetricDataQueries!.map((q) => {
      const name = q.MetricStat!.Metric!.MetricName!;
      const inst = q.MetricStat!.Metric!.Dimensions![0]!.Value!;
      const v = name === 'CPUUtilization' ? Number(inst.split('-')[1]) % 100 : 1;
      const all = Array.from({ length: 10 }, (_, i) => i);
      const idx = page === 'first' ? all.slice(0, 5) : page === 'second' ? all.slice(5) : all;
      return {
        Id: q.Id,
        Timestamps: idx.map((i) => new Date(end.getTime() - (10 - i) * 60_000)),
        Values: idx.map(() => v),
        StatusCode: page === 'first' ? ('PartialData' as const) : ('Complete' as const),
      };
    }),
    ...(page === 'first' ? { NextToken: 'more' } : {}),
  };
}

describe('collectFleetSeries', () => {
  const members = (n: number): Array<FleetMember & { region: string }> =>
    Array.from({ length: n }, (_, i) => ({ instance: `db-${i}`, cluster: 'c', target: 't', role: i % 2 ? 'reader' : 'writer', region: 'ap-northeast-2' }));

  it('asks for every member in batches of at most 500 queries, readers with their lag', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => reply(input));
    const r = await collectFleetSeries({ members: members(120), end });
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    const perWriter = FLEET_METRICS.filter((m) => !m.readersOnly).length;
    const expected = 60 * perWriter + 60 * FLEET_METRICS.length;
    expect(r.queries).toBe(expected);
    expect(calls).toHaveLength(Math.ceil(expected / 500));
    expect(calls.every((c) => c.MetricDataQueries!.length <= 500)).toBe(true);
    expect(calls[0]!.StartTime).toEqual(new Date(end.getTime() - 15 * 60_000));
    expect(r.series.get('db-37')!.get('CPUUtilization')).toEqual(Array(10).fill(37));
    expect(r.series.get('db-1')!.has('AuroraReplicaLag')).toBe(true);
    expect(r.series.get('db-2')!.has('AuroraReplicaLag')).toBe(false);
    const lagQueries = calls.flatMap((c) => c.MetricDataQueries!).filter((q) => q.MetricStat!.Metric!.MetricName === 'AuroraReplicaLag');
    expect(lagQueries.every((q) => q.MetricStat!.Stat === 'Maximum' && q.MetricStat!.Period === 60)).toBe(true);
  });

  it('follows NextToken and merges the pages of a query', async () => {
    cw.on(GetMetricDataCommand, { NextToken: undefined }).callsFake((input: GetMetricDataCommandInput) => reply(input, 'first'));
    cw.on(GetMetricDataCommand, { NextToken: 'more' }).callsFake((input: GetMetricDataCommandInput) => reply(input, 'second'));
    const r = await collectFleetSeries({ members: members(3), end });
    expect(r.calls).toBe(2);
    expect(r.series.get('db-2')!.get('CPUUtilization')).toHaveLength(10);
  });
});

const target = (over: Partial<Target> = {}): Target => ({ name: 'gamedb1', cluster: 'gamedb1', secret: 's', instances: ['gamedb1-1', 'gamedb1-2'], ...over });

describe('fleetMembers', () => {
  it('takes members and roles from RDS, writer first; falls back to the configured instances with a note', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'gamedb1' }).resolves({
      DBClusters: [
        {
          DBClusterMembers: [
            { DBInstanceIdentifier: 'gamedb1-2', IsClusterWriter: false },
            { DBInstanceIdentifier: 'gamedb1-9', IsClusterWriter: true },
          ],
        },
      ],
    });
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'billing' }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const r = await fleetMembers('ap-northeast-2', [target(), target({ name: 'billing', cluster: 'billing', instances: ['billing-1'] })]);
    expect(r.members.map((m) => [m.instance, m.role])).toEqual([
      ['gamedb1-9', 'writer'],
      ['gamedb1-2', 'reader'],
      ['billing-1', 'unknown'],
    ]);
    expect(r.notes).toEqual([
      expect.stringMatching(/^billing: could not describe the cluster \(AccessDenied: not authorized\); using the configured instances$/),
    ]);
  });
});

describe('cluster members and parameters', () => {
  it('describes every member of the cluster (filter on the cluster, Marker followed), writer first', async () => {
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'gamedb1',
          DBClusterMembers: [
            { DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: false },
            { DBInstanceIdentifier: 'gamedb1-2', IsClusterWriter: true },
          ],
        },
      ],
    });
    const db = (id: string, cls: string, pg: string) => ({
      DBInstanceIdentifier: id,
      DBClusterIdentifier: 'gamedb1',
      DBInstanceClass: cls,
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
      AvailabilityZone: 'ap-northeast-2a',
      DBParameterGroups: [{ DBParameterGroupName: pg }],
    });
    rds.on(DescribeDBInstancesCommand, { Marker: undefined }).resolves({ DBInstances: [db('gamedb1-1', 'db.r6g.large', 'old')], Marker: 'm2' });
    rds.on(DescribeDBInstancesCommand, { Marker: 'm2' }).resolves({ DBInstances: [db('gamedb1-2', 'db.r6g.2xlarge', 'new')] });
    const metas = await describeClusterMembers({ region: 'ap-northeast-2', cluster: 'gamedb1' });
    expect(metas.map((m) => [m.instance, m.role, m.instanceClass, m.parameterGroup, m.vcpu])).toEqual([
      ['gamedb1-2', 'writer', 'db.r6g.2xlarge', 'new', 8],
      ['gamedb1-1', 'reader', 'db.r6g.large', 'old', 2],
    ]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'db-cluster-id', Values: ['gamedb1'] }]);
  });

  it('reads only the user-set parameters of a group, every page', async () => {
    rds
      .on(DescribeDBParametersCommand, { Marker: undefined })
      .resolves({ Parameters: [{ ParameterName: 'long_query_time', ParameterValue: '10' }], Marker: 'p2' });
    rds.on(DescribeDBParametersCommand, { Marker: 'p2' }).resolves({ Parameters: [{ ParameterName: 'max_connections', ParameterValue: '1000' }] });
    expect(await userParameters({ region: 'ap-northeast-2', group: 'old' })).toEqual({ long_query_time: '10', max_connections: '1000' });
    expect(rds.commandCalls(DescribeDBParametersCommand).every((c) => c.args[0].input.Source === 'user')).toBe(true);
  });
});
