/**
 * The simulated fleet as clusters, for the cluster report and the fleet view in the demo, `npm run
 * dev` and tests: each target's members (the first is the writer), what RDS would say about them, their
 * parameter groups' user-set parameters, and a member's collected data — the simulated instance, turned
 * into a reader where it is one (a share of the reads, few writes, AuroraReplicaLag from the cluster's
 * lag). Planted on purpose, so the comparison has something to find: the last reader of a cluster of
 * three or more is a smaller class on a drifted parameter group.
 */
import type { FleetMember } from '../../analysis/fleet-health';
import type { CollectedData, InstanceMeta, MetricSeries } from '../../model/collected-data';
import type { ScenarioName } from './scenario-names';
import { simulateInstance } from './simulate';

export interface SimulatedTarget {
  name: string;
  cluster: string;
  instances: readonly string[];
}

const ZONES = ['ap-northeast-2a', 'ap-northeast-2c', 'ap-northeast-2b'];
/** Share of the writer's reads each reader serves, by reader position. */
const READER_SHARES = [0.55, 0.12, 0.3];

/** A stable seed per instance name. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

function memberNames(t: SimulatedTarget): string[] {
  return t.instances.length > 0 ? [...t.instances] : [`${t.cluster}-1`, `${t.cluster}-2`];
}

/** What RDS would describe: writer first. */
export function simulatedClusterMembers(t: SimulatedTarget): InstanceMeta[] {
  const names = memberNames(t);
  const members = names.map((instance, i) => ({ instance, writer: i === 0 }));
  return names.map((instance, i) => {
    const drifted = names.length >= 3 && i === names.length - 1;
    return {
      instance,
      cluster: t.cluster,
      instanceClass: drifted ? 'db.r6g.large' : 'db.r6g.2xlarge',
      engine: 'aurora-mysql',
      engineVersion: '8.0.mysql_aurora.3.05.2',
      role: i === 0 ? 'writer' : 'reader',
      members,
      parameterGroup: drifted ? `${t.cluster}-params-2024` : `${t.cluster}-params`,
      performanceInsights: true,
      vcpu: drifted ? 2 : 8,
      memoryGiB: drifted ? 16 : 64,
      availabilityZone: ZONES[i % ZONES.length]!,
      status: 'available',
    };
  });
}

/** User-set parameters of a simulated parameter group (the `-2024` groups drifted). */
export function simulatedParameters(group: string): Record<string, string> {
  const base = { long_query_time: '1', slow_query_log: '1', innodb_lock_wait_timeout: '50', max_connections: '2000', performance_schema: '1' };
  return group.endsWith('-2024') ? { ...base, long_query_time: '10', max_connections: '1000' } : base;
}

/** The members of every target, for the fleet view. */
export function simulatedFleetMembers(targets: readonly SimulatedTarget[]): FleetMember[] {
  return targets.flatMap((t) =>
    simulatedClusterMembers(t).map((m): FleetMember => ({ instance: m.instance, cluster: t.cluster, target: t.name, role: m.role })),
  );
}

const scale = (s: MetricSeries, f: number): MetricSeries => ({ ...s, values: s.values.map((v) => v * f) });

/** The simulated instance's data as the given member: its description, and a reader's load and lag. */
export function asMember(data: CollectedData, meta: InstanceMeta): CollectedData {
  if (meta.role !== 'reader') return { ...data, instance: { ...data.instance, ...meta } };
  const position = Math.max(0, meta.members.findIndex((m) => m.instance === meta.instance) - 1);
  const share = READER_SHARES[position % READER_SHARES.length]!;
  const reads = new Set(['Queries', 'SelectThroughput', 'ReadIOPS', 'ReadThroughput', 'NetworkTransmitThroughput', 'DatabaseConnections']);
  const writes = new Set(['WriteIOPS', 'WriteThroughput']);
  // CPU and database load follow the reads a reader serves (it still applies the writer's changes).
  const busy = new Set(['CPUUtilization', 'DBLoad', 'DBLoadCPU', 'DBLoadNonCPU']);
  const metrics = data.metrics.map((s) =>
    s.scope !== 'instance' ? s : reads.has(s.name) ? scale(s, share) : writes.has(s.name) ? scale(s, 0.05) : busy.has(s.name) ? scale(s, 0.35 + share) : s,
  );
  const clusterLag = data.metrics.find((s) => s.name === 'AuroraReplicaLagMaximum');
  if (clusterLag) {
    // The most loaded reader lags the most; the others a fraction of the cluster's maximum.
    metrics.push({
      name: 'AuroraReplicaLag',
      scope: 'instance',
      unit: 'Milliseconds',
      timestamps: clusterLag.timestamps,
      values: clusterLag.values.map((v) => v * (0.4 + share)),
    });
  }
  return { ...data, instance: { ...data.instance, ...meta }, metrics };
}

/** One member's simulated data over a window (writer: `scenario`; readers: quiet). */
export function simulateMember(
  meta: InstanceMeta,
  window: { start: Date; end: Date },
  options: { scenario?: ScenarioName; seed?: number } = {},
): CollectedData {
  const scenario = meta.role === 'writer' ? options.scenario : 'healthy';
  const data = simulateInstance(meta.instance, window, { seed: options.seed ?? seedOf(meta.instance), ...(scenario ? { scenario } : {}) });
  return asMember(data, meta);
}

/** The fleet view's series for simulated members (instance → metric → values), e.g. the last 15 minutes. */
export function simulatedFleetSeries(
  targets: readonly SimulatedTarget[],
  members: readonly FleetMember[],
  window: { start: Date; end: Date },
  scenarioOf: (instance: string) => ScenarioName | undefined = () => undefined,
): Map<string, Map<string, number[]>> {
  const metas = new Map(targets.flatMap((t) => simulatedClusterMembers(t)).map((m) => [m.instance, m]));
  const out = new Map<string, Map<string, number[]>>();
  for (const m of members) {
    const meta = metas.get(m.instance);
    if (!meta) continue;
    // Quiet unless a scenario is planted on the instance.
    const data = asMember(simulateInstance(m.instance, window, { seed: seedOf(m.instance), scenario: scenarioOf(m.instance) ?? 'healthy' }), meta);
    out.set(m.instance, new Map(data.metrics.filter((s) => s.scope === 'instance').map((s) => [s.name, s.values])));
  }
  return out;
}
