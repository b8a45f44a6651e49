import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { collectEvents, describeInstanceAndCluster, findWriter, InstanceNotFoundError } from '../../src/collectors/rds';

const rds = mockClient(RDSClient);
beforeEach(() => {
  rds.reset();
  resetClients();
});

const instanceReply = {
  DBInstances: [
    {
      DBInstanceIdentifier: 'gamedb1-2',
      DBClusterIdentifier: 'gamedb1',
      DBInstanceClass: 'db.r6g.2xlarge',
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
      DBParameterGroups: [{ DBParameterGroupName: 'gamedb-params' }],
      PerformanceInsightsEnabled: true,
      AvailabilityZone: 'ap-northeast-2a',
      DBInstanceStatus: 'available',
      AllocatedStorage: 1,
      Endpoint: { Address: 'gamedb1-2.abc.ap-northeast-2.rds.amazonaws.com', Port: 3306 },
    },
  ],
};
const clusterReply = {
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

describe('describeInstanceAndCluster', () => {
  test('reads class, engine, role, members, parameter group, PI and the instance endpoint', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(instanceReply).on(DescribeDBClustersCommand).resolves(clusterReply);
    const d = await describeInstanceAndCluster({ region: 'ap-northeast-2', instance: 'gamedb1-2' });
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input).toEqual({ DBInstanceIdentifier: 'gamedb1-2' });
    expect(rds.commandCalls(DescribeDBClustersCommand)[0]!.args[0].input).toEqual({ DBClusterIdentifier: 'gamedb1' });
    expect(d.meta).toEqual({
      instance: 'gamedb1-2',
      cluster: 'gamedb1',
      instanceClass: 'db.r6g.2xlarge',
      engine: 'aurora-mysql',
      engineVersion: '8.0.mysql_aurora.3.05.2',
      role: 'reader',
      members: [
        { instance: 'gamedb1-1', writer: true },
        { instance: 'gamedb1-2', writer: false },
      ],
      parameterGroup: 'gamedb-params',
      performanceInsights: true,
      vcpu: 8,
      memoryGiB: 64,
      availabilityZone: 'ap-northeast-2a',
      status: 'available',
    });
    expect(d.endpoint).toEqual({ host: 'gamedb1-2.abc.ap-northeast-2.rds.amazonaws.com', port: 3306 });
  });

  test('an unknown instance is an InstanceNotFoundError', async () => {
    const fault = Object.assign(new Error('DBInstance nope not found.'), { name: 'DBInstanceNotFoundFault' });
    rds.on(DescribeDBInstancesCommand).rejects(fault);
    await expect(describeInstanceAndCluster({ region: 'ap-northeast-2', instance: 'nope' })).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  test('findWriter picks the cluster writer', async () => {
    rds.on(DescribeDBClustersCommand).resolves(clusterReply);
    expect(await findWriter({ region: 'ap-northeast-2', cluster: 'gamedb1' })).toBe('gamedb1-1');
  });
});

describe('collectEvents', () => {
  test('pages by Marker for the instance and the cluster, within the window, oldest first', async () => {
    const start = new Date('2026-11-21T07:00:00Z');
    const end = new Date('2026-11-21T08:00:00Z');
    rds
      .on(DescribeEventsCommand, { SourceType: 'db-instance' })
      .resolvesOnce({
        Events: [
          {
            Date: new Date('2026-11-21T07:30:00Z'),
            SourceIdentifier: 'gamedb1-1',
            SourceType: 'db-instance',
            Message: 'DB instance restarted',
            EventCategories: ['availability'],
          },
        ],
        Marker: 'next',
      })
      .resolvesOnce({
        Events: [
          {
            Date: new Date('2026-11-21T07:10:00Z'),
            SourceIdentifier: 'gamedb1-1',
            SourceType: 'db-instance',
            Message: 'Backing up DB instance',
            EventCategories: ['backup'],
          },
        ],
      })
      .on(DescribeEventsCommand, { SourceType: 'db-cluster' })
      .resolves({
        Events: [
          {
            Date: new Date('2026-11-21T07:20:00Z'),
            SourceIdentifier: 'gamedb1',
            SourceType: 'db-cluster',
            Message: 'Started cross AZ failover',
            EventCategories: ['failover'],
          },
        ],
      });
    const r = await collectEvents({ region: 'ap-northeast-2', instance: 'gamedb1-1', cluster: 'gamedb1', start, end });
    const calls = rds.commandCalls(DescribeEventsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { SourceIdentifier: 'gamedb1-1', SourceType: 'db-instance', StartTime: start, EndTime: end, MaxRecords: 100, Marker: undefined },
      { SourceIdentifier: 'gamedb1-1', SourceType: 'db-instance', StartTime: start, EndTime: end, MaxRecords: 100, Marker: 'next' },
      { SourceIdentifier: 'gamedb1', SourceType: 'db-cluster', StartTime: start, EndTime: end, MaxRecords: 100, Marker: undefined },
    ]);
    expect(r.truncated).toBe(false);
    expect(r.events.map((e) => e.message)).toEqual(['Backing up DB instance', 'Started cross AZ failover', 'DB instance restarted']);
    expect(r.events[1]).toEqual({
      time: '2026-11-21T07:20:00.000Z',
      sourceId: 'gamedb1',
      sourceType: 'db-cluster',
      message: 'Started cross AZ failover',
      categories: ['failover'],
    });
  });
});
