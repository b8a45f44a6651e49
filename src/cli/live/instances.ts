/**
 * `dbassist instances --live`: the Aurora MySQL clusters and their instances that the credentials can
 * see in the region, from RDS (DescribeDBClusters and DescribeDBInstances, every page), writer first.
 */
import { type DBCluster, type DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { client } from '../../aws/clients';
import type { AwsOptions } from '../args';
import type { Progress } from '../progress';
import { awsCall } from '../aws/errors';
import { type AwsSession, callContext, openSession } from '../aws/session';

const AURORA_MYSQL = ['aurora-mysql', 'aurora'];
/** Pages read at most (100 records each): 10,000 clusters is beyond any fleet this is for. */
const MAX_PAGES = 100;

export interface LiveClusterInstance {
  name: string;
  role: 'writer' | 'reader';
  class: string | null;
  status: string | null;
  availabilityZone: string | null;
}

export interface LiveCluster {
  name: string;
  engine: string;
  version: string | null;
  status: string | null;
  instances: LiveClusterInstance[];
}

async function allPages<T>(read: (marker: string | undefined) => Promise<{ items: T[]; marker?: string }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await read(marker);
    out.push(...page.items);
    marker = page.marker;
  } while (marker && ++pages < MAX_PAGES);
  return out;
}

export async function listLive(o: {
  aws: AwsOptions;
  env: Record<string, string | undefined>;
  progress: Progress;
}): Promise<{ session: AwsSession; clusters: LiveCluster[] }> {
  const session = await openSession(o.aws, o.env, RDSClient);
  const rds = client(RDSClient, session.region);
  const filters = [{ Name: 'engine', Values: AURORA_MYSQL }];
  o.progress.step(`listing Aurora MySQL clusters in ${session.region}`);
  const clusters = await awsCall(callContext(session, 'rds:DescribeDBClusters'), () =>
    allPages<DBCluster>(async (Marker) => {
      const r = await rds.send(new DescribeDBClustersCommand({ Filters: filters, Marker }));
      return { items: r.DBClusters ?? [], ...(r.Marker ? { marker: r.Marker } : {}) };
    }),
  );
  const instances = await awsCall(callContext(session, 'rds:DescribeDBInstances'), () =>
    allPages<DBInstance>(async (Marker) => {
      const r = await rds.send(new DescribeDBInstancesCommand({ Filters: filters, Marker }));
      return { items: r.DBInstances ?? [], ...(r.Marker ? { marker: r.Marker } : {}) };
    }),
  );
  const byName = new Map(instances.map((i) => [i.DBInstanceIdentifier ?? '', i]));
  const list = clusters
    // The engine filter is applied by RDS; checked again so a page of something else never shows.
    .filter((c) => AURORA_MYSQL.includes(c.Engine ?? ''))
    .map(
      (c): LiveCluster => ({
        name: c.DBClusterIdentifier ?? '?',
        engine: c.Engine ?? '?',
        version: c.EngineVersion ?? null,
        status: c.Status ?? null,
        instances: (c.DBClusterMembers ?? [])
          .map((m): LiveClusterInstance => {
            const i = byName.get(m.DBInstanceIdentifier ?? '');
            return {
              name: m.DBInstanceIdentifier ?? '?',
              role: m.IsClusterWriter ? 'writer' : 'reader',
              class: i?.DBInstanceClass ?? null,
              status: i?.DBInstanceStatus ?? null,
              availabilityZone: i?.AvailabilityZone ?? null,
            };
          })
          .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'writer' ? -1 : 1)),
      }),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return { session, clusters: list };
}
