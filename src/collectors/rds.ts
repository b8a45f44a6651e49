/**
 * RDS: the instance and its cluster (class, engine, role, members, parameter group, Performance
 * Insights, endpoint), the members of a cluster, the user-set parameters of a parameter group, and the
 * RDS events of the window. Every list read follows Marker.
 */
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeEventsCommand,
  RDSClient,
  type DBCluster,
  type DBInstance,
  type SourceType,
} from '@aws-sdk/client-rds';
import { client } from '../aws/clients';
import type { InstanceMeta, RdsEventRecord } from '../model/collected-data';
import { checkAborted } from './concurrency';
import { classSpec } from '../analysis/instance-classes';

const MAX_PAGES = 20;
export const MAX_EVENTS = 500;

export interface InstanceDescription {
  meta: InstanceMeta;
  /** The instance's own endpoint (performance_schema must reach this one, not the cluster's). */
  endpoint?: { host: string; port: number };
}

export class InstanceNotFoundError extends Error {
  override name = 'InstanceNotFoundError';
}

async function describeInstance(rds: RDSClient, instance: string, signal?: AbortSignal): Promise<DBInstance | undefined> {
  const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }), { abortSignal: signal });
  return out.DBInstances?.[0];
}

async function describeCluster(rds: RDSClient, cluster: string, signal?: AbortSignal): Promise<DBCluster | undefined> {
  const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: cluster }), { abortSignal: signal });
  return out.DBClusters?.[0];
}

/**
 * Describes the instance and its cluster. With `cluster`, an instance that RDS places in another
 * cluster (or in none) is refused as not found: access and credentials are granted per target, and a
 * name matching `<cluster>-<suffix>` may belong to a different cluster.
 */
export async function describeInstanceAndCluster(input: {
  region: string;
  instance: string;
  cluster?: string;
  signal?: AbortSignal;
}): Promise<InstanceDescription> {
  const rds = client(RDSClient, input.region);
  let db: DBInstance | undefined;
  try {
    db = await describeInstance(rds, input.instance, input.signal);
  } catch (e) {
    if ((e as { name?: string }).name === 'DBInstanceNotFoundFault')
      throw new InstanceNotFoundError(`RDS has no instance named ${input.instance} in ${input.region}.`);
    throw e;
  }
  if (!db) throw new InstanceNotFoundError(`RDS has no instance named ${input.instance} in ${input.region}.`);
  // Only what RDS says: a standalone instance has no cluster, whatever the target names.
  const clusterId = db.DBClusterIdentifier;
  if (input.cluster !== undefined && clusterId?.toLowerCase() !== input.cluster.toLowerCase()) {
    throw new InstanceNotFoundError(`${input.instance} is not an instance of the cluster ${input.cluster}.`);
  }
  const cluster = clusterId ? await describeCluster(rds, clusterId, input.signal) : undefined;
  const meta = instanceMeta(db, cluster, input.instance);
  const result: InstanceDescription = { meta };
  if (db.Endpoint?.Address && db.Endpoint.Port) result.endpoint = { host: db.Endpoint.Address, port: db.Endpoint.Port };
  return result;
}

/** What the report reads of an instance (and its place in the cluster, when RDS gave the cluster). */
export function instanceMeta(db: DBInstance, cluster: DBCluster | undefined, fallbackName: string): InstanceMeta {
  const clusterId = db.DBClusterIdentifier;
  const members = (cluster?.DBClusterMembers ?? [])
    .filter((m) => m.DBInstanceIdentifier)
    .map((m) => ({ instance: m.DBInstanceIdentifier!, writer: m.IsClusterWriter === true }));
  const self = members.find((m) => m.instance === db.DBInstanceIdentifier);
  const instanceClass = db.DBInstanceClass ?? 'unknown';
  const meta: InstanceMeta = {
    instance: db.DBInstanceIdentifier ?? fallbackName,
    instanceClass,
    engine: db.Engine ?? 'unknown',
    engineVersion: db.EngineVersion ?? 'unknown',
    role: self ? (self.writer ? 'writer' : 'reader') : 'unknown',
    members,
    performanceInsights: db.PerformanceInsightsEnabled === true,
  };
  if (clusterId) meta.cluster = clusterId;
  if (db.DbiResourceId) meta.resourceId = db.DbiResourceId;
  const pg = db.DBParameterGroups?.[0]?.DBParameterGroupName;
  if (pg) meta.parameterGroup = pg;
  if (db.AllocatedStorage && !db.Engine?.startsWith('aurora')) meta.storageGiB = db.AllocatedStorage;
  const shape = classSpec(instanceClass);
  if (shape?.vcpu !== undefined) meta.vcpu = shape.vcpu;
  if (shape?.memoryGiB !== undefined) meta.memoryGiB = shape.memoryGiB;
  if (db.AvailabilityZone) meta.availabilityZone = db.AvailabilityZone;
  if (db.DBInstanceStatus) meta.status = db.DBInstanceStatus;
  return meta;
}

/**
 * Every member of a cluster as the report describes an instance: one DescribeDBClusters, then
 * DescribeDBInstances filtered on the cluster (following Marker). Writer first.
 */
export async function describeClusterMembers(input: { region: string; cluster: string; signal?: AbortSignal }): Promise<InstanceMeta[]> {
  const rds = client(RDSClient, input.region);
  const cluster = await describeCluster(rds, input.cluster, input.signal);
  if (!cluster) return [];
  const dbs: DBInstance[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    checkAborted(input.signal);
    const out = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [cluster.DBClusterIdentifier ?? input.cluster] }], Marker: marker }),
      { abortSignal: input.signal },
    );
    dbs.push(...(out.DBInstances ?? []));
    marker = out.Marker;
  } while (marker && ++pages < MAX_PAGES);
  return dbs
    .map((db) => instanceMeta(db, cluster, db.DBInstanceIdentifier ?? 'unknown'))
    .sort((a, b) => (a.role === b.role ? a.instance.localeCompare(b.instance) : a.role === 'writer' ? -1 : 1));
}

/** The user-set parameters of a DB parameter group (DescribeDBParameters with Source=user, following Marker). */
export async function userParameters(input: { region: string; group: string; signal?: AbortSignal }): Promise<Record<string, string>> {
  const rds = client(RDSClient, input.region);
  const out: Record<string, string> = {};
  let marker: string | undefined;
  let pages = 0;
  do {
    checkAborted(input.signal);
    const page = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: input.group, Source: 'user', Marker: marker }), {
      abortSignal: input.signal,
    });
    for (const p of page.Parameters ?? []) if (p.ParameterName) out[p.ParameterName] = p.ParameterValue ?? '';
    marker = page.Marker;
  } while (marker && ++pages < MAX_PAGES);
  return out;
}

/** The writer of a cluster (for a report asked on a cluster name), or its first member. */
export async function findWriter(input: { region: string; cluster: string; signal?: AbortSignal }): Promise<string | undefined> {
  const cluster = await describeCluster(client(RDSClient, input.region), input.cluster, input.signal);
  const members = cluster?.DBClusterMembers ?? [];
  return (members.find((m) => m.IsClusterWriter) ?? members[0])?.DBInstanceIdentifier;
}

/** RDS events for the instance and for its cluster in the window, oldest first, capped at MAX_EVENTS. */
export async function collectEvents(input: {
  region: string;
  instance: string;
  cluster?: string;
  start: Date;
  end: Date;
  signal?: AbortSignal;
}): Promise<{ events: RdsEventRecord[]; truncated: boolean }> {
  const rds = client(RDSClient, input.region);
  const sources: { id: string; type: SourceType }[] = [{ id: input.instance, type: 'db-instance' }];
  if (input.cluster) sources.push({ id: input.cluster, type: 'db-cluster' });
  const events: RdsEventRecord[] = [];
  let truncated = false;
  for (const source of sources) {
    let marker: string | undefined;
    let pages = 0;
    do {
      checkAborted(input.signal);
      const out = await rds.send(
        new DescribeEventsCommand({
          SourceIdentifier: source.id,
          SourceType: source.type,
          StartTime: input.start,
          EndTime: input.end,
          MaxRecords: 100,
          Marker: marker,
        }),
        { abortSignal: input.signal },
      );
      for (const e of out.Events ?? []) {
        if (events.length >= MAX_EVENTS) {
          truncated = true;
          break;
        }
        events.push({
          time: (e.Date ?? input.start).toISOString(),
          sourceId: e.SourceIdentifier ?? source.id,
          sourceType: e.SourceType ?? source.type,
          message: e.Message ?? '',
          categories: e.EventCategories ?? [],
        });
      }
      marker = out.Marker;
    } while (marker && !truncated && ++pages < MAX_PAGES);
  }
  events.sort((a, b) => a.time.localeCompare(b.time));
  return { events, truncated };
}
