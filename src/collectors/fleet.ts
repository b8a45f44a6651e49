/**
 * The fleet view's reads: the members of each target's cluster with their roles (DescribeDBClusters,
 * one call per cluster; the configured instance list when RDS cannot be read), and the last minutes of
 * the fleet metrics for every member in ONE batched GetMetricData per region (≤ 500 queries a call,
 * paginated beyond — cloudwatch.ts fetchMetricData).
 */
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { FLEET_LOOKBACK_MS, FLEET_PERIOD_S, type FleetMember, metricsFor } from '../analysis/fleet-health';
import { client, describeAwsError } from '../aws/clients';
import type { Target } from '../config/targets';
import { fetchMetricData } from './cloudwatch';
import { mapLimit } from './concurrency';

export interface MembersResult {
  members: FleetMember[];
  /** Targets whose members came from the configuration because RDS could not be read, with the reason. */
  notes: string[];
}

/** The members of one target's cluster, writer first. */
export async function clusterMembers(region: string, target: Target, signal?: AbortSignal): Promise<FleetMember[]> {
  const out = await client(RDSClient, region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: target.cluster }), { abortSignal: signal });
  const members = (out.DBClusters?.[0]?.DBClusterMembers ?? []).filter((m) => m.DBInstanceIdentifier);
  return members
    .map(
      (m): FleetMember => ({ instance: m.DBInstanceIdentifier!, cluster: target.cluster, target: target.name, role: m.IsClusterWriter ? 'writer' : 'reader' }),
    )
    .sort((a, b) => (a.role === b.role ? a.instance.localeCompare(b.instance) : a.role === 'writer' ? -1 : 1));
}

/** Every member of the given targets (four clusters described at once). */
export async function fleetMembers(defaultRegion: string, targets: readonly Target[], signal?: AbortSignal): Promise<MembersResult> {
  const notes: string[] = [];
  const settled = await mapLimit(targets, 4, (t) => clusterMembers(t.region ?? defaultRegion, t, signal));
  const members: FleetMember[] = [];
  settled.forEach((r, i) => {
    const t = targets[i]!;
    if (r.status === 'fulfilled' && r.value.length > 0) {
      members.push(...r.value);
      return;
    }
    notes.push(
      `${t.name}: ${r.status === 'rejected' ? `could not describe the cluster (${describeAwsError(r.reason)})` : 'RDS lists no members'}; ${t.instances.length ? 'using the configured instances' : 'no instances configured'}`,
    );
    members.push(...t.instances.map((instance): FleetMember => ({ instance, cluster: t.cluster, target: t.name, role: 'unknown' })));
  });
  return { members, notes };
}

export interface FleetSeries {
  /** instance → metric → values (oldest first). */
  series: Map<string, Map<string, number[]>>;
  /** GetMetricData calls made, and queries asked. */
  calls: number;
  queries: number;
}

/** The fleet metrics of every member over the last FLEET_LOOKBACK_MS before `end`, one batch per region. */
export async function collectFleetSeries(input: {
  members: ReadonlyArray<FleetMember & { region: string }>;
  end: Date;
  signal?: AbortSignal;
}): Promise<FleetSeries> {
  const byRegion = new Map<string, Array<FleetMember & { region: string }>>();
  for (const m of input.members) byRegion.set(m.region, [...(byRegion.get(m.region) ?? []), m]);
  const series = new Map<string, Map<string, number[]>>();
  let calls = 0;
  let queryCount = 0;
  const start = new Date(input.end.getTime() - FLEET_LOOKBACK_MS);
  for (const [region, members] of byRegion) {
    const queries: MetricDataQuery[] = [];
    const keys: Array<{ instance: string; metric: string }> = [];
    for (const m of members) {
      for (const metric of metricsFor(m.role)) {
        keys.push({ instance: m.instance, metric: metric.name });
        queries.push({
          Id: `q${queries.length}`,
          MetricStat: {
            Metric: { Namespace: 'AWS/RDS', MetricName: metric.name, Dimensions: [{ Name: 'DBInstanceIdentifier', Value: m.instance }] },
            Period: FLEET_PERIOD_S,
            Stat: metric.stat,
          },
          ReturnData: true,
        });
      }
    }
    const data = await fetchMetricData({ region, queries, start, end: input.end, ...(input.signal ? { signal: input.signal } : {}) });
    calls += data.calls;
    queryCount += queries.length;
    keys.forEach((k, i) => {
      const byTime = data.points.get(`q${i}`);
      if (!byTime || byTime.size === 0) return;
      const values = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
      let perInstance = series.get(k.instance);
      if (!perInstance) series.set(k.instance, (perInstance = new Map()));
      perInstance.set(k.metric, values);
    });
  }
  return { series, calls, queries: queryCount };
}
