/** Mocked AWS transports for a whole report of gamedb1-1, with performance_schema on the harness MariaDB. */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { resetClients } from '../../src/aws/clients';
import { resetCredentialsCache } from '../../src/collectors/secrets';
import { clusterReply, instanceReply, metricReply, slowEvent } from '../collectors/fixtures';

export function awsFakes() {
  const rds = mockClient(RDSClient);
  const cw = mockClient(CloudWatchClient);
  const logs = mockClient(CloudWatchLogsClient);
  const sm = mockClient(SecretsManagerClient);
  const s3 = mockClient(S3Client);

  /** Resets every mock and installs the happy path; `mysqlUrl` is the harness server. */
  function install(mysqlUrl: string, windowEnd: Date): void {
    for (const m of [rds, cw, logs, sm, s3]) m.reset();
    resetClients();
    resetCredentialsCache();
    const url = new URL(mysqlUrl);
    const port = Number(url.port);
    rds.on(DescribeDBInstancesCommand).resolves(instanceReply('127.0.0.1', port));
    rds.on(DescribeDBClustersCommand).resolves(clusterReply);
    rds.on(DescribeEventsCommand).resolves({ Events: [] });
    cw.on(GetMetricDataCommand).callsFake(metricReply(new Set(['SwapUsage'])));
    const t = (minAgo: number) => new Date(windowEnd.getTime() - minAgo * 60_000);
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/slowquery' }).resolves({
      events: [
        slowEvent(t(40), 'SELECT * FROM items WHERE owner_id = 7 ORDER BY created_at;', 2.2, 400_000),
        slowEvent(t(30), 'SELECT * FROM items WHERE owner_id = 9 ORDER BY created_at;', 1.8, 380_000),
      ],
    });
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/rds/cluster/gamedb1/error' }).resolves({
      events: [{ timestamp: t(20).getTime(), message: '2026-11-21T07:40:00Z 0 [ERROR] InnoDB: Deadlock found when trying to get lock' }],
    });
    sm.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ username: decodeURIComponent(url.username), password: '', host: '127.0.0.1', port }),
    });
    s3.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  }

  return { rds, cw, logs, sm, s3, install };
}
