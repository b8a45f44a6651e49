/**
 * The fleet view's ranking: each instance's current health from the last minutes of a few CloudWatch
 * metrics, worst first. A metric is judged on the mean of its last points (one spike does not turn an
 * instance red); the limits are those of the report's threshold findings (analysis/thresholds.ts) for
 * the same metrics. An instance with no data at all (stopped, renamed, no permission) ranks right after
 * the degraded ones: it needs a look, not a page. Pure.
 */
import { formatValue } from '../core/format';

export type FleetRole = 'writer' | 'reader' | 'unknown';

export interface FleetMember {
  instance: string;
  cluster: string;
  /** The configured target it belongs to (what access was checked on). */
  target: string;
  role: FleetRole;
}

export interface FleetMetric {
  name: string;
  unit: string;
  stat: 'Average' | 'Maximum';
  direction: 'above' | 'below';
  /** [degraded, critical] in the metric's unit. */
  limits: [number, number];
  /** Short label in a row, e.g. `CPU`. */
  label: string;
  readersOnly?: boolean;
}

/** What the fleet view asks CloudWatch for, per instance. */
export const FLEET_METRICS: readonly FleetMetric[] = [
  { name: 'CPUUtilization', unit: 'Percent', stat: 'Average', direction: 'above', limits: [80, 90], label: 'CPU' },
  { name: 'AuroraReplicaLag', unit: 'Milliseconds', stat: 'Maximum', direction: 'above', limits: [1_000, 10_000], label: 'lag', readersOnly: true },
  { name: 'CommitLatency', unit: 'Milliseconds', stat: 'Average', direction: 'above', limits: [10, 50], label: 'commit' },
  { name: 'SelectLatency', unit: 'Milliseconds', stat: 'Average', direction: 'above', limits: [50, 200], label: 'select' },
  { name: 'DMLLatency', unit: 'Milliseconds', stat: 'Average', direction: 'above', limits: [50, 200], label: 'DML' },
  { name: 'BufferCacheHitRatio', unit: 'Percent', stat: 'Average', direction: 'below', limits: [95, 90], label: 'cache hit' },
  { name: 'RollbackSegmentHistoryListLength', unit: 'Count', stat: 'Average', direction: 'above', limits: [100_000, 1_000_000], label: 'history list' },
];

/** How many recent points a metric is judged on (1-minute points: the last five minutes). */
export const RECENT_POINTS = 5;
/** How far back the fleet view reads. */
export const FLEET_LOOKBACK_MS = 15 * 60_000;
export const FLEET_PERIOD_S = 60;

export type HealthLevel = 'critical' | 'degraded' | 'no-data' | 'healthy';
const LEVEL_RANK: Record<HealthLevel, number> = { critical: 3, degraded: 2, 'no-data': 1, healthy: 0 };

export interface HealthRow {
  member: FleetMember;
  level: HealthLevel;
  /** How far past its degraded limit the worst metric is (1 = at the limit); 0 without data. */
  score: number;
  /** The metrics past a limit, worst first, e.g. `CPU 94.2%`. */
  problems: string[];
  /** CPU and (readers) replica lag, for every row. */
  figures: string[];
}

/** The metrics asked for an instance of that role. */
export function metricsFor(role: FleetRole): FleetMetric[] {
  return FLEET_METRICS.filter((m) => !m.readersOnly || role !== 'writer');
}

function recentMean(values: readonly number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const last = finite.slice(-RECENT_POINTS);
  return last.reduce((a, b) => a + b, 0) / last.length;
}

/** How bad a value is against a metric's limits: its level and the ratio to the degraded limit. */
export function judge(m: FleetMetric, value: number): { level: 'critical' | 'degraded' | 'healthy'; ratio: number } {
  const [warn, crit] = m.limits;
  if (m.direction === 'above') {
    const ratio = warn > 0 ? value / warn : 0;
    return { level: value >= crit ? 'critical' : value >= warn ? 'degraded' : 'healthy', ratio };
  }
  const ratio = value > 0 ? warn / value : Number.POSITIVE_INFINITY;
  return { level: value <= crit ? 'critical' : value <= warn ? 'degraded' : 'healthy', ratio };
}

/** One instance's row from its series (metric name → values, oldest first). */
export function healthOf(member: FleetMember, series: ReadonlyMap<string, readonly number[]>): HealthRow {
  let level: HealthLevel = 'no-data';
  let score = 0;
  const problems: Array<{ text: string; ratio: number }> = [];
  const figures: string[] = [];
  for (const m of metricsFor(member.role)) {
    const v = recentMean(series.get(m.name) ?? []);
    if (v === undefined) continue;
    const j = judge(m, v);
    if (level === 'no-data') level = 'healthy';
    if (LEVEL_RANK[j.level] > LEVEL_RANK[level]) level = j.level;
    score = Math.max(score, j.ratio);
    const text = `${m.label} ${formatValue(v, m.unit)}`;
    if (j.level !== 'healthy') problems.push({ text, ratio: j.ratio });
    if (m.name === 'CPUUtilization' || m.name === 'AuroraReplicaLag') figures.push(text);
  }
  problems.sort((a, b) => b.ratio - a.ratio);
  return { member, level, score: Number.isFinite(score) ? score : 1e9, problems: problems.map((p) => p.text), figures };
}

/** Every member's row, worst first: by level, then how far past its limits, then name. */
export function rankFleet(members: readonly FleetMember[], series: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>): HealthRow[] {
  return members
    .map((m) => healthOf(m, series.get(m.instance) ?? new Map()))
    .sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.score - a.score || a.member.instance.localeCompare(b.member.instance));
}

/** Counts per level, for the header. */
export function levelCounts(rows: readonly HealthRow[]): Record<HealthLevel, number> {
  const out: Record<HealthLevel, number> = { critical: 0, degraded: 0, 'no-data': 0, healthy: 0 };
  for (const r of rows) out[r.level]++;
  return out;
}
