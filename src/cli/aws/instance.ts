/**
 * The instance a live verb works on, found in RDS alone (the CLI needs no DBASSIST_TARGETS):
 * DescribeDBInstances by name; a cluster's name gives its writer. Aurora MySQL only.
 */
import { type DBCluster, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { client } from '../../aws/clients';
import { CliRuntimeError } from '../io';
import { awsCall } from './errors';
import { type AwsSession, callContext } from './session';

export interface LiveInstance {
  instance: string;
  cluster: string;
  engine: string;
}

/** Aurora MySQL 2 and 3 are `aurora-mysql`; `aurora` is Aurora MySQL 1 (5.6). */
const AURORA_MYSQL = new Set(['aurora-mysql', 'aurora']);
const isNotFound = (e: unknown, fault: string): boolean => {
  const name = (e as { name?: string; Code?: string })?.name;
  return name === `${fault}Fault` || name === fault;
};

function checkEngine(name: string, engine: string | undefined): string {
  if (!engine || !AURORA_MYSQL.has(engine))
    throw new CliRuntimeError(`${name} runs ${engine ?? 'an unknown engine'}, not Aurora MySQL: dbassist reads Aurora MySQL clusters`);
  return engine;
}

export async function resolveInstance(session: AwsSession, name: string): Promise<LiveInstance> {
  const rds = client(RDSClient, session.region);
  const db = await awsCall(callContext(session, 'rds:DescribeDBInstances'), async () => {
    try {
      return (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name }))).DBInstances?.[0];
    } catch (e) {
      if (isNotFound(e, 'DBInstanceNotFound')) return undefined;
      throw e;
    }
  });
  if (db) {
    const engine = checkEngine(name, db.Engine);
    if (!db.DBClusterIdentifier) throw new CliRuntimeError(`${name} is not in an Aurora cluster`);
    return { instance: db.DBInstanceIdentifier ?? name, cluster: db.DBClusterIdentifier, engine };
  }
  const cluster: DBCluster | undefined = await awsCall(callContext(session, 'rds:DescribeDBClusters'), async () => {
    try {
      return (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: name }))).DBClusters?.[0];
    } catch (e) {
      if (isNotFound(e, 'DBClusterNotFound')) return undefined;
      throw e;
    }
  });
  if (!cluster)
    throw new CliRuntimeError(
      `RDS has no instance or cluster named ${name} in ${session.region}${session.profile ? ` for profile ${session.profile}` : ''}: \`dbassist instances --live\` lists the ones these credentials can see`,
    );
  const engine = checkEngine(name, cluster.Engine);
  const members = cluster.DBClusterMembers ?? [];
  const writer = (members.find((m) => m.IsClusterWriter) ?? members[0])?.DBInstanceIdentifier;
  if (!writer) throw new CliRuntimeError(`the cluster ${name} has no instances`);
  return { instance: writer, cluster: cluster.DBClusterIdentifier ?? name, engine };
}
