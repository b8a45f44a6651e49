/**
 * A cluster's members side by side, from each member's own report: how the load is shared between
 * the writer and the readers (Queries/s, CPU, DBLoad), the readers' replica lag (AuroraReplicaLag),
 * configuration that differs between members (class, engine version, parameter group, Performance
 * Insights, all members in one Availability Zone), parameters whose values differ (user-set values of
 * each member's parameter group; a parameter set in one group only differs from the others' default),
 * and each member's verdict. The cluster's verdict is its worst member's. Pure.
 */
import { formatPercent, formatValue } from '../core/format';
import type { InstanceMeta } from '../model/collected-data';
import type { MetricStats, ReportAnalysis, VerdictLevel } from './types';

export interface ClusterMemberInput {
  meta: InstanceMeta;
  analysis: ReportAnalysis;
  /** User-set parameters of the member's parameter group (absent: not read). */
  parameters?: Record<string, string>;
}

export interface MemberRow {
  instance: string;
  role: InstanceMeta['role'];
  instanceClass: string;
  availabilityZone?: string;
  verdict: VerdictLevel;
  reason: string;
  /** Mean Queries/s over the window, and the member's share of the cluster's queries (0…1). */
  queriesPerS?: number;
  queryShare?: number;
  cpuMean?: number;
  cpuP95?: number;
  dbLoadP95?: number;
  /** Readers: AuroraReplicaLag p95 and max (ms). */
  lagP95Ms?: number;
  lagMaxMs?: number;
}

export interface ParameterDifference {
  name: string;
  /** instance → value (`default` when its group does not set it). */
  values: Record<string, string>;
}

export interface ClusterComparison {
  cluster: string;
  verdict: VerdictLevel;
  members: MemberRow[];
  /** Share of the cluster's queries the readers carry (0…1), when readers and Queries are known. */
  readerShare?: number;
  /** One sentence each, most important first: balance, lag, configuration and parameters. */
  notes: string[];
  configDifferences: Array<{ field: string; values: Record<string, string> }>;
  parameterDifferences: ParameterDifference[];
}

const RANK: Record<VerdictLevel, number> = { healthy: 0, degraded: 1, critical: 2 };
/** Readers carrying less than this share of queries are "not offloading". */
export const LOW_READER_SHARE = 0.1;
/** One reader carrying this many times another's queries is an imbalance. */
export const READER_IMBALANCE = 2;
/** Replica lag (ms) worth a sentence: the report's own medium limit. */
export const LAG_NOTE_MS = 1_000;

const stat = (a: ReportAnalysis, metric: string): MetricStats | undefined => a.stats.find((s) => s.metric === metric && s.scope === 'instance');

function row(m: ClusterMemberInput): MemberRow {
  const { meta, analysis } = m;
  const r: MemberRow = {
    instance: meta.instance,
    role: meta.role,
    instanceClass: meta.instanceClass,
    verdict: analysis.verdict.level,
    reason: analysis.verdict.reason,
  };
  if (meta.availabilityZone) r.availabilityZone = meta.availabilityZone;
  const q = stat(analysis, 'Queries');
  if (q) r.queriesPerS = q.mean;
  const cpu = stat(analysis, 'CPUUtilization');
  if (cpu) {
    r.cpuMean = cpu.mean;
    r.cpuP95 = cpu.p95;
  }
  const load = stat(analysis, 'DBLoad');
  if (load) r.dbLoadP95 = load.p95;
  const lag = stat(analysis, 'AuroraReplicaLag');
  if (lag && meta.role !== 'writer') {
    r.lagP95Ms = lag.p95;
    r.lagMaxMs = lag.max;
  }
  return r;
}

/** Fields whose value is not the same on every member. */
function configDifferences(members: readonly ClusterMemberInput[]): ClusterComparison['configDifferences'] {
  const fields: Array<[string, (m: InstanceMeta) => string | undefined]> = [
    ['instance class', (m) => m.instanceClass],
    ['engine version', (m) => m.engineVersion],
    ['parameter group', (m) => m.parameterGroup],
    ['Performance Insights', (m) => (m.performanceInsights ? 'on' : 'off')],
  ];
  const out: ClusterComparison['configDifferences'] = [];
  for (const [field, get] of fields) {
    const values = Object.fromEntries(members.map((m) => [m.meta.instance, get(m.meta) ?? 'unknown']));
    if (new Set(Object.values(values)).size > 1) out.push({ field, values });
  }
  return out;
}

function parameterDifferences(members: readonly ClusterMemberInput[]): ParameterDifference[] {
  const read = members.filter((m) => m.parameters !== undefined);
  if (read.length < 2) return [];
  const names = [...new Set(read.flatMap((m) => Object.keys(m.parameters!)))].sort();
  const out: ParameterDifference[] = [];
  for (const name of names) {
    const values = Object.fromEntries(read.map((m) => [m.meta.instance, m.parameters![name] ?? 'default']));
    if (new Set(Object.values(values)).size > 1) out.push({ name, values });
  }
  return out;
}

const list = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function compareCluster(cluster: string, members: readonly ClusterMemberInput[]): ClusterComparison {
  const rows = members.map(row).sort((a, b) => (a.role === 'writer' ? -1 : b.role === 'writer' ? 1 : a.instance.localeCompare(b.instance)));
  const totalQueries = rows.reduce((a, r) => a + (r.queriesPerS ?? 0), 0);
  if (totalQueries > 0) for (const r of rows) if (r.queriesPerS !== undefined) r.queryShare = r.queriesPerS / totalQueries;
  const readers = rows.filter((r) => r.role === 'reader');
  const notes: string[] = [];
  let readerShare: number | undefined;
  if (readers.length > 0 && totalQueries > 0 && readers.every((r) => r.queryShare !== undefined)) {
    readerShare = readers.reduce((a, r) => a + r.queryShare!, 0);
    if (readerShare < LOW_READER_SHARE) {
      notes.push(
        `Readers carry ${formatPercent(readerShare * 100)} of the cluster's queries: reads are not offloaded (point read-only traffic at the reader endpoint).`,
      );
    }
    const busiest = [...readers].sort((a, b) => b.queriesPerS! - a.queriesPerS!);
    const top = busiest[0]!;
    const low = busiest.at(-1)!;
    if (readers.length > 1 && low.queriesPerS! > 0 && top.queriesPerS! / low.queriesPerS! >= READER_IMBALANCE) {
      notes.push(
        `Readers are unbalanced: ${top.instance} serves ${formatValue(top.queriesPerS!, 'Count/Second')}, ${low.instance} ${formatValue(low.queriesPerS!, 'Count/Second')} (custom endpoints or connection pinning?).`,
      );
    }
  }
  for (const r of readers) {
    if (r.lagMaxMs !== undefined && r.lagMaxMs >= LAG_NOTE_MS) {
      notes.push(`${r.instance} lagged up to ${formatValue(r.lagMaxMs, 'Milliseconds')} behind the writer (p95 ${formatValue(r.lagP95Ms!, 'Milliseconds')}).`);
    }
  }
  const config = configDifferences(members);
  for (const d of config) {
    if (d.field === 'instance class')
      notes.push(`Instance classes differ (${list(d.values)}): a failover to the smaller one gives the writer's load less CPU and memory.`);
    else notes.push(`The ${d.field} differs between members: ${list(d.values)}.`);
  }
  const zones = new Set(rows.map((r) => r.availabilityZone).filter((z) => z !== undefined));
  if (rows.length > 1 && zones.size === 1 && rows.every((r) => r.availabilityZone))
    notes.push(`Every member is in ${[...zones][0]}: a zone outage takes the whole cluster down.`);
  const params = parameterDifferences(members);
  if (params.length > 0)
    notes.push(
      `${params.length} parameter${params.length === 1 ? '' : 's'} differ${params.length === 1 ? 's' : ''} between members: ${params
        .slice(0, 3)
        .map((p) => `${p.name} (${list(p.values)})`)
        .join('; ')}${params.length > 3 ? '; …' : ''}.`,
    );
  const verdict = rows.reduce<VerdictLevel>((w, r) => (RANK[r.verdict] > RANK[w] ? r.verdict : w), 'healthy');
  return {
    cluster,
    verdict,
    members: rows,
    ...(readerShare !== undefined ? { readerShare } : {}),
    notes,
    configDifferences: config,
    parameterDifferences: params,
  };
}
