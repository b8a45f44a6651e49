/**
 * The CLI's live verbs at the CLI level: `main([...])` in-process with the real SDK clients mocked by
 * aws-sdk-client-mock — report (the worker's collectors), digest from CloudWatch Logs, instances --live —
 * and AWS's refusals (expired session, access denied, throttling, a missing log group, no credentials),
 * each one line on stderr with exit 3 and what to do.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DBInstanceNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSServiceException } from '@aws-sdk/client-rds';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { main } from '../../src/cli/main';
import { systemClock } from '../../src/core/clock';
import { awsFakes } from '../support/aws-fakes';
import { testIo } from '../support/cli-io';
import { slowEvent } from '../collectors/fixtures';

const aws = awsFakes();
const dir = mkdtempSync(join(tmpdir(), 'dbassist-live-cli-'));
const ENV = { AWS_REGION: 'ap-northeast-2' };

beforeEach(() => aws.install(inject('mysqlUrl'), new Date(systemClock.now())));
afterAll(() => {
  for (const m of [aws.rds, aws.cw, aws.logs, aws.sm, aws.s3]) m.restore();
  resetClients();
});

/** An error as the SDK raises it for an AWS error code it has no class for (query protocol: ExpiredToken, AccessDenied, Throttling). */
function rdsError(name: string, message: string): RDSServiceException {
  return new RDSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** stderr is exactly one line. */
function oneLine(err: string): string {
  const lines = err.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  return lines[0]!;
}

describe('dbassist report, live', () => {
  it('collects with the worker collectors and writes <out>/<instance>/<stamp>/ with the slow log digested', async () => {
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '1h', '--out', 'live', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json).toMatchObject({ simulated: false, instance: 'gamedb1-1', region: 'ap-northeast-2', cluster: 'gamedb1' });
    expect(json.scenario).toBeUndefined();
    expect(json.reportPath).toMatch(/\/live\/gamedb1-1\/\d{8}T\d{6}Z\/report\.html$/);
    const out = dirname(json.reportPath);
    for (const f of ['report.html', 'metrics.csv', 'top-sql.sql', 'digest.json']) expect(existsSync(join(out, f))).toBe(true);
    // The slow log from CloudWatch Logs is in the digest; the metrics from CloudWatch are in the CSV.
    expect(readFileSync(join(out, 'digest.json'), 'utf8')).toContain('select * from items where owner_id = ? order by created_at');
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n')[0]).toContain('CPUUtilization');
    expect(aws.cw.commandCalls(GetMetricDataCommand).length).toBeGreaterThan(0);
    const slow = aws.logs.commandCalls(FilterLogEventsCommand).find((c) => c.args[0].input.logGroupName === '/aws/rds/cluster/gamedb1/slowquery');
    expect(slow?.args[0].input.logStreamNamePrefix).toBe('gamedb1-1');
    // Without --db, performance_schema is a gap that says how to read it.
    expect(json.gaps.find((g: { source: string }) => g.source === 'perfschema')?.reason).toContain('give --db URL');
  });

  it("a cluster's name reports on its writer", async () => {
    aws.rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'gamedb1' })
      .rejects(new DBInstanceNotFoundFault({ message: 'DBInstance gamedb1 not found.', $metadata: {} }));
    aws.rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'gamedb1' }).resolves({
      DBClusters: [
        { DBClusterIdentifier: 'gamedb1', Engine: 'aurora-mysql', DBClusterMembers: [{ DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: true }] },
      ],
    });
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1', '1h', '--out', 'live', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.instance).toBe('gamedb1-1');
    expect(json.reportPath).toContain('/live/gamedb1-1/');
    const text = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1', '1h', '--out', 'live'], text)).toBe(0);
    expect(text.out()).toContain('\n(gamedb1 is a cluster: this is its writer, gamedb1-1)\n');
    expect(text.out()).toContain('gamedb1-1 (db.r6g.large, cluster gamedb1, ap-northeast-2), window 1h');
  });

  it('an unknown name says so and how to list what the credentials see (exit 3)', async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: 'DBInstance nosuch not found.', $metadata: {} }));
    aws.rds.on(DescribeDBClustersCommand).rejects(rdsError('DBClusterNotFoundFault', 'DBCluster nosuch not found.'));
    const io = testIo(dir, ENV);
    expect(await main(['report', 'nosuch', '1h', '--out', 'live'], io)).toBe(3);
    expect(oneLine(io.err())).toBe(
      'dbassist report: RDS has no instance or cluster named nosuch in ap-northeast-2: `dbassist instances --live` lists the ones these credentials can see',
    );
  });

  it('expired credentials: one line that says to sign in again with the profile (exit 3)', async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(rdsError('ExpiredToken', 'The security token included in the request is expired'));
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '1h', '--profile', 'prod'], io)).toBe(3);
    expect(oneLine(io.err())).toBe(
      "dbassist report: the AWS credentials of profile prod have expired (ExpiredToken): run `aws sso login --profile prod` (or refresh the profile's keys)",
    );
  });

  it('access denied: names the permission, never the account or the ARN (exit 3)', async () => {
    aws.rds
      .on(DescribeDBInstancesCommand)
      .rejects(
        rdsError(
          'AccessDenied',
          'User: arn:aws:sts::123456789012:assumed-role/dba/alice is not authorized to perform: rds:DescribeDBInstances on resource: arn:aws:rds:ap-northeast-2:123456789012:db:gamedb1-1 because no identity-based policy allows the rds:DescribeDBInstances action',
        ),
      );
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '1h'], io)).toBe(3);
    const line = oneLine(io.err());
    expect(line).toBe('dbassist report: access denied (AccessDenied): the role needs rds:DescribeDBInstances (ask whoever manages its IAM policy to allow it)');
    expect(line).not.toContain('123456789012');
  });

  it('throttling that outlasts the retries: wait and run again (exit 3)', async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(rdsError('Throttling', 'Rate exceeded'));
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '1h'], io)).toBe(3);
    expect(oneLine(io.err())).toBe(
      'dbassist report: AWS is throttling rds:DescribeDBInstances in ap-northeast-2 (Throttling), still after retries: wait a minute and run it again, or ask for a shorter window',
    );
  });

  it('no credentials anywhere: says how to get some (exit 3)', async () => {
    const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    aws.rds.on(DescribeDBInstancesCommand).rejects(e);
    const io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '1h'], io)).toBe(3);
    expect(oneLine(io.err())).toContain('no AWS credentials found: run `aws sso login --profile NAME` and pass --profile NAME');
  });

  it('checks --profile and --region before calling AWS (exit 2)', async () => {
    let io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '--region', 'Seoul'], io)).toBe(2);
    expect(io.err()).toContain('--region must be an AWS region name such as ap-northeast-2, not Seoul');
    io = testIo(dir, ENV);
    expect(await main(['report', 'gamedb1-1', '--profile', 'a b'], io)).toBe(2);
    expect(io.err()).toContain('--profile must be a profile name');
    expect(aws.rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
  });

  it('with no region anywhere, asks for one (exit 2)', async () => {
    const saved = { ...process.env };
    const config = join(dir, 'empty-aws-config');
    writeFileSync(config, '');
    Object.assign(process.env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: config });
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    try {
      const io = testIo(dir, {});
      expect(await main(['report', 'gamedb1-1'], io)).toBe(2);
      expect(io.err()).toContain('no AWS region: give --region (e.g. --region ap-northeast-2), set AWS_REGION');
    } finally {
      process.env = saved;
    }
  });
});

describe('dbassist digest <instance> <window>', () => {
  it("digests the instance's stream of the slowquery log group, every page", async () => {
    const now = systemClock.now();
    const at = (minAgo: number) => new Date(now - minAgo * 60_000);
    aws.logs.on(FilterLogEventsCommand).rejects(new Error('unexpected request'));
    aws.logs
      .on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/slowquery', nextToken: undefined })
      .resolves({ events: [slowEvent(at(50), 'SELECT * FROM guilds WHERE id = 1;', 0.5, 10)], nextToken: 'page-2' })
      .on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/slowquery', nextToken: 'page-2' })
      .resolves({
        events: [slowEvent(at(20), 'SELECT * FROM guilds WHERE id = 2;', 1.5, 10), slowEvent(at(10), 'DELETE FROM mail WHERE sent < NOW();', 3, 900)],
      });
    const io = testIo(dir, ENV);
    expect(await main(['digest', 'gamedb1-1', '2h', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.source).toMatchObject({
      instance: 'gamedb1-1',
      cluster: 'gamedb1',
      region: 'ap-northeast-2',
      logGroup: '/aws/rds/cluster/gamedb1/slowquery',
      events: 3,
    });
    expect(json.totals.events).toBe(3);
    expect(json.classes.map((c: { fingerprint: string; calls: number }) => [c.fingerprint, c.calls])).toEqual([
      ['delete from mail where sent < now()', 1],
      ['select * from guilds where id = ?', 2],
    ]);
    const calls = aws.logs.commandCalls(FilterLogEventsCommand);
    expect(calls).toHaveLength(2);
    const first = calls[0]!.args[0].input;
    expect(first.logStreamNamePrefix).toBe('gamedb1-1');
    expect(first.endTime! - first.startTime!).toBe(2 * 3_600_000);

    const text = testIo(dir, ENV);
    expect(await main(['digest', 'gamedb1-1', '2h'], text)).toBe(0);
    expect(text.out()).toMatch(/^gamedb1-1 \(cluster gamedb1, ap-northeast-2\), \/aws\/rds\/cluster\/gamedb1\/slowquery, last 2h: 3 events\n/);
  });

  it('a missing log group says how to export the slow log (exit 3)', async () => {
    aws.logs
      .on(FilterLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: { httpStatusCode: 400 } }));
    const io = testIo(dir, ENV);
    expect(await main(['digest', 'gamedb1-1', '1h'], io)).toBe(3);
    const line = oneLine(io.err());
    expect(line).toContain('dbassist digest: no slow log in CloudWatch Logs for gamedb1: /aws/rds/cluster/gamedb1/slowquery does not exist in ap-northeast-2.');
    expect(line).toContain('--cloudwatch-logs-export-configuration');
  });

  it('access denied on the log group names logs:FilterLogEvents (exit 3)', async () => {
    aws.logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    const io = testIo(dir, ENV);
    expect(await main(['digest', 'gamedb1-1', '1h'], io)).toBe(3);
    expect(oneLine(io.err())).toBe(
      'dbassist digest: access denied (AccessDeniedException): the role needs logs:FilterLogEvents (ask whoever manages its IAM policy to allow it)',
    );
  });
});

describe('dbassist instances --live', () => {
  it('lists the Aurora MySQL clusters of every page, writer first, and only those', async () => {
    aws.rds
      .on(DescribeDBClustersCommand, { Marker: undefined })
      .resolves({
        DBClusters: [
          {
            DBClusterIdentifier: 'shopdb',
            Engine: 'aurora-mysql',
            EngineVersion: '8.0.mysql_aurora.3.08.0',
            Status: 'available',
            DBClusterMembers: [
              { DBInstanceIdentifier: 'shopdb-2', IsClusterWriter: false },
              { DBInstanceIdentifier: 'shopdb-1', IsClusterWriter: true },
            ],
          },
        ],
        Marker: 'm2',
      })
      .on(DescribeDBClustersCommand, { Marker: 'm2' })
      .resolves({
        DBClusters: [
          { DBClusterIdentifier: 'pgdb', Engine: 'aurora-postgresql', DBClusterMembers: [] },
          {
            DBClusterIdentifier: 'gamedb1',
            Engine: 'aurora-mysql',
            EngineVersion: '8.0.mysql_aurora.3.05.2',
            Status: 'available',
            DBClusterMembers: [{ DBInstanceIdentifier: 'gamedb1-1', IsClusterWriter: true }],
          },
        ],
      });
    aws.rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'shopdb-1', DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available', AvailabilityZone: 'ap-northeast-2a' },
        { DBInstanceIdentifier: 'shopdb-2', DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available', AvailabilityZone: 'ap-northeast-2c' },
        { DBInstanceIdentifier: 'gamedb1-1', DBInstanceClass: 'db.r6g.large', DBInstanceStatus: 'modifying', AvailabilityZone: 'ap-northeast-2b' },
      ],
    });
    const io = testIo(dir, ENV);
    expect(await main(['instances', '--live', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.region).toBe('ap-northeast-2');
    expect(json.clusters.map((c: { name: string }) => c.name)).toEqual(['gamedb1', 'shopdb']);
    expect(json.clusters[1].instances.map((i: { name: string; role: string }) => `${i.name}:${i.role}`)).toEqual(['shopdb-1:writer', 'shopdb-2:reader']);
    expect(aws.rds.commandCalls(DescribeDBClustersCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'engine', Values: ['aurora-mysql', 'aurora'] }]);

    const text = testIo(dir, ENV);
    expect(await main(['instances', '--live'], text)).toBe(0);
    expect(text.out()).toBe(
      [
        'gamedb1\taurora-mysql 8.0.mysql_aurora.3.05.2\tavailable',
        '  gamedb1-1\twriter\tdb.r6g.large\tmodifying\tap-northeast-2b',
        'shopdb\taurora-mysql 8.0.mysql_aurora.3.08.0\tavailable',
        '  shopdb-1\twriter\tdb.r6g.xlarge\tavailable\tap-northeast-2a',
        '  shopdb-2\treader\tdb.r6g.xlarge\tavailable\tap-northeast-2c',
        '',
      ].join('\n'),
    );
  });

  it('expired credentials on the listing: one line (exit 3)', async () => {
    aws.rds.on(DescribeDBClustersCommand).rejects(rdsError('ExpiredToken', 'The security token included in the request is expired'));
    const io = testIo(dir, { ...ENV, AWS_PROFILE: 'prod' });
    expect(await main(['instances', '--live'], io)).toBe(3);
    expect(oneLine(io.err())).toBe(
      "dbassist instances: the AWS credentials of profile prod have expired (ExpiredToken): run `aws sso login --profile prod` (or refresh the profile's keys)",
    );
  });
});
