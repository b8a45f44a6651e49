/**
 * Symptoms: threshold runs and anomaly windows folded into one finding per symptom (CPU, database load,
 * connections, each latency, reads, memory, replica lag, …), calibrated to the instance class and to the
 * series' own usual level (usual.ts, the one meaning of "usual"), and worded the way a DBA says it ("CPU 95 %
 * at Nov 20 14:05 — 3.1× its usual 31 % for 14:00"). Never a statistical score. The windows also seed the incidents (incidents.ts).
 */
import { severityRank, worstSeverity, type Severity } from '../core/severity';
import type { ClassSpec } from './instance-classes';
import type { MetricSeries } from '../model/collected-data';
import { finitePoints, metricKey } from './stats';
import type { AnomalyWindow, Finding, MetricStats } from './types';
import { formatBytes, formatCount, formatDuration, formatLevel, formatTime, formatValue } from '../core/format';
import { KNOWN_UNITS } from './metric-units';
import { type EarlierSeries, usualLevel } from './usual';

export interface SymptomGroup {
  id: string;
  label: string;
  /** Metric keys (cluster metrics as `cluster.X`) and the direction that hurts. */
  metrics: Record<string, 'high' | 'low'>;
}

export const SYMPTOM_GROUPS: readonly SymptomGroup[] = [
  { id: 'cpu', label: 'CPU', metrics: { CPUUtilization: 'high' } },
  { id: 'load', label: 'database load', metrics: { DBLoad: 'high', DBLoadCPU: 'high', DBLoadNonCPU: 'high' } },
  { id: 'connections', label: 'connections', metrics: { DatabaseConnections: 'high', ConnectionAttempts: 'high' } },
  { id: 'select-latency', label: 'SELECT latency', metrics: { SelectLatency: 'high' } },
  { id: 'dml-latency', label: 'DML latency', metrics: { DMLLatency: 'high', InsertLatency: 'high', UpdateLatency: 'high', DeleteLatency: 'high' } },
  { id: 'commit-latency', label: 'commit latency', metrics: { CommitLatency: 'high' } },
  { id: 'ddl-latency', label: 'DDL latency', metrics: { DDLLatency: 'high' } },
  { id: 'read-latency', label: 'storage read latency', metrics: { ReadLatency: 'high' } },
  { id: 'write-latency', label: 'storage write latency', metrics: { WriteLatency: 'high' } },
  {
    id: 'reads',
    label: 'reads from storage',
    metrics: { ReadIOPS: 'high', ReadThroughput: 'high', 'cluster.VolumeReadIOPs': 'high', StorageNetworkReceiveThroughput: 'high' },
  },
  {
    id: 'writes',
    label: 'writes to storage',
    metrics: { WriteIOPS: 'high', WriteThroughput: 'high', 'cluster.VolumeWriteIOPs': 'high', StorageNetworkTransmitThroughput: 'high' },
  },
  { id: 'buffer-cache', label: 'buffer cache hit ratio', metrics: { BufferCacheHitRatio: 'low' } },
  { id: 'memory', label: 'freeable memory', metrics: { FreeableMemory: 'low' } },
  { id: 'swap', label: 'swap', metrics: { SwapUsage: 'high' } },
  {
    id: 'replica-lag',
    label: 'replica lag',
    metrics: { AuroraReplicaLag: 'high', 'cluster.AuroraReplicaLagMaximum': 'high', AuroraReplicaLagMaximum: 'high', AuroraBinlogReplicaLag: 'high' },
  },
  { id: 'lock-waits', label: 'blocked transactions', metrics: { BlockedTransactions: 'high', RowLockTime: 'high' } },
  { id: 'deadlocks', label: 'deadlocks', metrics: { Deadlocks: 'high' } },
  { id: 'history-list', label: 'InnoDB history list', metrics: { RollbackSegmentHistoryListLength: 'high' } },
  {
    id: 'throughput',
    label: 'query throughput',
    metrics: { Queries: 'high', SelectThroughput: 'high', DMLThroughput: 'high', CommitThroughput: 'high', ActiveTransactions: 'high' },
  },
  { id: 'network', label: 'network traffic', metrics: { NetworkReceiveThroughput: 'high', NetworkTransmitThroughput: 'high' } },
  { id: 'local-storage', label: 'free local storage', metrics: { FreeLocalStorage: 'low' } },
  { id: 'aborted', label: 'aborted connections', metrics: { AbortedClients: 'high', LoginFailures: 'high' } },
  { id: 'uptime', label: 'engine uptime', metrics: { EngineUptime: 'low' } },
];

const GROUP_OF = new Map<string, SymptomGroup>(SYMPTOM_GROUPS.flatMap((g) => Object.keys(g.metrics).map((m) => [m, g] as const)));

export function symptomGroupOf(metric: string): SymptomGroup | undefined {
  return GROUP_OF.get(metric);
}

/** One stretch where a symptom's metric went the harmful way. */
export interface SymptomWindow {
  group: string;
  metric: string;
  unit: string;
  start: string;
  end: string;
  peakAt: string;
  peak: number;
  /** The usual level there (usual.ts), and what it is the usual of (`for 14:00`, `in the hour before`). */
  usual?: number;
  usualWords?: string;
  /** How far the harmful way, as a multiple of the usual level (≥ 1). */
  ratio?: number;
  severity: Severity;
  source: 'threshold' | 'anomaly';
  /** The threshold finding it came from. */
  finding?: Finding;
  /** The anomaly detector's own words for the window, when it gives them. */
  reason?: string;
}

const GiB = 1024 ** 3;

/** Floors under "usual" so a ratio against ~0 does not explode (in the metric's unit). */
function usualFloor(metric: string, unit: string): number {
  if (/Latency$/.test(metric)) return unit === 'Seconds' ? 0.0005 : 0.5;
  if (/ReplicaLag/.test(metric)) return unit === 'Seconds' ? 0.05 : 50;
  if (metric === 'BlockedTransactions' || metric === 'Deadlocks' || metric === 'AbortedClients' || metric === 'LoginFailures') return 0.1;
  if (metric === 'RowLockTime') return 1;
  if (metric.startsWith('DBLoad')) return 0.1;
  if (metric === 'RollbackSegmentHistoryListLength') return 1000;
  if (metric === 'DatabaseConnections') return 5;
  return 1e-9;
}

export function ratioOf(metric: string, unit: string, peak: number, usual: number | undefined, harmful: 'high' | 'low'): number | undefined {
  if (usual === undefined || !Number.isFinite(usual)) return undefined;
  if (harmful === 'high') return Math.max(peak, 0) / Math.max(usual, usualFloor(metric, unit));
  if (peak <= 0) return undefined;
  return Math.max(usual, 0) / peak;
}

/**
 * Severity of an anomaly alone (no threshold crossed), calibrated to absolute levels that matter: an
 * unusual 185 ms replica lag is a note, not an alarm; CPU 3× its usual but at 40 % is worth a look only.
 */
export function anomalySeverity(metric: string, unit: string, peak: number, usual: number | undefined, spec: ClassSpec | undefined): Severity {
  const group = symptomGroupOf(metric);
  if (!group) return 'low';
  const harmful = group.metrics[metric]!;
  const r = ratioOf(metric, unit, peak, usual, harmful) ?? 1;
  const ms = unit === 'Seconds' ? peak * 1000 : unit === 'Microseconds' ? peak / 1000 : peak;
  switch (group.id) {
    case 'cpu':
      return peak >= 70 && r >= 1.5 ? 'medium' : 'low';
    case 'load': {
      const vcpu = spec?.vcpu;
      if (vcpu) return peak >= vcpu && r >= 1.5 ? 'medium' : 'low';
      return peak >= 2 && r >= 3 ? 'medium' : 'low';
    }
    case 'connections':
      if (metric === 'ConnectionAttempts') return r >= 3 && peak >= 10 ? 'medium' : 'low';
      return r >= 2 && peak - (usual ?? 0) >= 50 ? 'medium' : 'low';
    case 'select-latency':
    case 'dml-latency':
      return r >= 3 && ms >= 20 ? 'medium' : 'low';
    case 'commit-latency':
    case 'read-latency':
    case 'write-latency':
      return r >= 3 && ms >= 5 ? 'medium' : 'low';
    case 'buffer-cache':
      return peak < 97 && (usual ?? 100) - peak >= 2 ? 'medium' : 'low';
    case 'memory':
      if (spec?.memoryGiB) return peak < spec.memoryGiB * GiB * 0.15 ? 'medium' : 'low';
      return r >= 2 ? 'medium' : 'low';
    case 'swap':
      return peak >= 256 * 1024 ** 2 && r >= 2 ? 'medium' : 'low';
    case 'replica-lag':
      return ms >= 1000 ? 'medium' : 'low';
    case 'lock-waits':
      return r >= 3 && (metric !== 'BlockedTransactions' || peak >= 1) ? 'medium' : 'low';
    case 'history-list':
      return peak >= 1_000_000 ? 'high' : peak >= 100_000 && r >= 3 ? 'medium' : 'low';
    case 'uptime':
      return 'medium';
    case 'aborted':
      // A handful of aborted clients is normal churn; dozens in a period is a storm's signature.
      return r >= 5 && peak >= 20 ? 'medium' : 'low';
    default:
      return 'low';
  }
}

function unitOf(stats: ReadonlyMap<string, MetricStats>, metric: string): string {
  const u = stats.get(metric)?.unit;
  const name = metric.replace(/^cluster\./, '');
  return u && u !== 'None' ? u : (KNOWN_UNITS[name] ?? 'None');
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }, slackMs = 0) =>
  Date.parse(a.start) - slackMs <= Date.parse(b.end) && Date.parse(b.start) - slackMs <= Date.parse(a.end);

export interface SymptomInput {
  metrics: readonly MetricSeries[];
  anomalies: readonly AnomalyWindow[];
  thresholds: readonly Finding[];
  stats: readonly MetricStats[];
  spec: ClassSpec | undefined;
  /** Each metric over the report's comparison window, by metric key (usual.ts reads "usual" there too). */
  earlierOf?: (metric: string) => EarlierSeries | undefined;
}

/**
 * The usual level at a threshold run (usual.ts): an anomaly window of the same metric around it already
 * has one, and the two must say the same; else usual.ts on the run itself; else the window's median.
 */
function thresholdUsual(
  input: SymptomInput,
  series: MetricSeries | undefined,
  span: { start: string; end: string },
  at: string,
  near: AnomalyWindow | undefined,
  p50: number | undefined,
): { value: number; words: string } | undefined {
  if (near) return { value: near.expected, words: near.usualWords ?? '' };
  if (series) {
    const { t, v } = finitePoints(series);
    const u = usualLevel(t, v, { start: Date.parse(span.start), end: Date.parse(span.end), at: Date.parse(at) }, input.earlierOf?.(metricKey(series)));
    if (u) return u;
  }
  return p50 === undefined ? undefined : { value: p50, words: 'over the window' };
}

/** Every harmful stretch, from threshold findings and anomaly windows alike. */
export function symptomWindows(input: SymptomInput): SymptomWindow[] {
  const stats = new Map(input.stats.map((s) => [s.metric, s]));
  const byKey = new Map(input.metrics.map((m) => [metricKey(m), m]));
  const out: SymptomWindow[] = [];
  for (const f of input.thresholds) {
    const metric = f.evidence.metric;
    const group = metric ? symptomGroupOf(metric) : undefined;
    if (!metric || !group || f.evidence.value === undefined || !f.evidence.window || !f.evidence.at) continue;
    const unit = f.evidence.unit ?? unitOf(stats, metric);
    // Deadlocks' window runs from the first to the last deadlock: place the symptom at its peak instead.
    const at = Date.parse(f.evidence.at);
    const span = metric === 'Deadlocks' ? { start: new Date(at - 5 * 60_000).toISOString(), end: new Date(at + 5 * 60_000).toISOString() } : f.evidence.window;
    const near = input.anomalies.find((a) => a.metric === metric && overlaps(a, span, 10 * 60_000));
    const usual = thresholdUsual(input, byKey.get(metric), span, f.evidence.at, near, stats.get(metric)?.p50);
    const w: SymptomWindow = {
      group: group.id,
      metric,
      unit,
      start: span.start,
      end: span.end,
      peakAt: f.evidence.at,
      peak: f.evidence.value,
      severity: f.severity,
      source: 'threshold',
      finding: f,
    };
    if (usual !== undefined && metric !== 'Deadlocks') {
      w.usual = usual.value;
      if (usual.words) w.usualWords = usual.words;
      const r = ratioOf(metric, unit, w.peak, usual.value, group.metrics[metric]!);
      if (r !== undefined) w.ratio = r;
    }
    out.push(w);
  }
  for (const a of input.anomalies) {
    const group = symptomGroupOf(a.metric);
    if (!group) continue;
    const harmful = group.metrics[a.metric]!;
    if (a.direction !== harmful) continue;
    const unit = unitOf(stats, a.metric);
    // The anomaly's own usual (usual.ts), so its reason and this symptom's title give the same figure.
    const usual = a.expected;
    const w: SymptomWindow = {
      group: group.id,
      metric: a.metric,
      unit,
      start: a.start,
      end: a.end,
      peakAt: a.peak,
      peak: a.peakValue,
      usual,
      ...(a.usualWords ? { usualWords: a.usualWords } : {}),
      severity: anomalySeverity(a.metric, unit, a.peakValue, usual, input.spec),
      source: 'anomaly',
    };
    const reason = (a as { reason?: unknown }).reason;
    if (typeof reason === 'string' && reason !== '') w.reason = reason;
    const r = ratioOf(a.metric, unit, a.peakValue, usual, harmful);
    if (r !== undefined) w.ratio = r;
    out.push(w);
  }
  return out;
}

function valueText(metric: string, unit: string, v: number, spec: ClassSpec | undefined): string {
  if (metric.startsWith('DBLoad')) return `${formatValue(v, 'None')} active sessions${spec?.vcpu ? ` on ${spec.vcpu} vCPUs` : ''}`;
  if (metric === 'FreeableMemory' && spec?.memoryGiB) return `${formatBytes(v)} (${Math.round((v / (spec.memoryGiB * GiB)) * 100)} % of ${spec.memoryGiB} GiB)`;
  if (metric === 'RollbackSegmentHistoryListLength') return `${formatCount(v)} undo records`;
  return formatValue(v, unit);
}

function usualText(w: SymptomWindow, harmful: 'high' | 'low'): string {
  if (w.usual === undefined || w.ratio === undefined) return '';
  const usual = formatValue(w.usual, w.unit);
  const of = w.usualWords ? ` ${w.usualWords}` : '';
  if (harmful === 'low') return w.ratio >= 1.05 ? ` (usually ${usual}${of})` : '';
  if (w.ratio < 1.3) return '';
  const x = formatLevel(w.ratio);
  return ` — ${x}× its usual ${usual}${of}`;
}

const METRIC_WORDS: Record<string, string> = {
  DBLoad: 'database load',
  DBLoadCPU: 'database load on CPU',
  DBLoadNonCPU: 'database load waiting (not on CPU)',
  ConnectionAttempts: 'new connections',
  InsertLatency: 'INSERT latency',
  UpdateLatency: 'UPDATE latency',
  DeleteLatency: 'DELETE latency',
  RowLockTime: 'row-lock wait time',
  'cluster.AuroraReplicaLagMaximum': 'maximum replica lag in the cluster',
  AbortedClients: 'aborted connections',
  LoginFailures: 'login failures',
  Queries: 'queries',
  SelectThroughput: 'SELECT throughput',
  DMLThroughput: 'DML throughput',
  CommitThroughput: 'commits',
  ActiveTransactions: 'active transactions',
  ReadThroughput: 'read throughput',
  WriteThroughput: 'write throughput',
  NetworkTransmitThroughput: 'network sent',
  NetworkReceiveThroughput: 'network received',
};

/** What a DBA calls a metric: "CPU", "database load on CPU", "new connections", "SELECT throughput". */
export function metricLabel(metric: string): string {
  return METRIC_WORDS[metric] ?? symptomGroupOf(metric)?.label ?? metric;
}

/** "CPU reached 95 % at Nov 20 14:05 — 3.1× its usual 31 %" */
export function symptomTitle(w: SymptomWindow, spec: ClassSpec | undefined): string {
  const group = symptomGroupOf(w.metric)!;
  const harmful = group.metrics[w.metric]!;
  const what = METRIC_WORDS[w.metric] ?? group.label;
  if (w.group === 'uptime') return `the database engine restarted at ${formatTime(w.peakAt)}`;
  const verb = harmful === 'low' ? 'fell to' : 'reached';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${verb} ${valueText(w.metric, w.unit, w.peak, spec)} at ${formatTime(w.peakAt)}${usualText(w, harmful)}`;
}

/**
 * One finding per symptom group: the worst window leads (threshold before anomaly at equal severity), the
 * others are mentioned by time. A threshold finding keeps its id (`threshold.cpu`); an anomaly-only
 * symptom is `symptom.<group>`. Deadlock counts keep their own title.
 */
export function symptomFindings(windows: readonly SymptomWindow[], spec: ClassSpec | undefined): Finding[] {
  const byGroup = new Map<string, SymptomWindow[]>();
  for (const w of windows) byGroup.set(w.group, [...(byGroup.get(w.group) ?? []), w]);
  const out: Finding[] = [];
  for (const [group, ws] of byGroup) {
    const ranked = [...ws].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (a.source === b.source ? 0 : a.source === 'threshold' ? -1 : 1) ||
        (b.ratio ?? 0) - (a.ratio ?? 0),
    );
    const lead = ranked[0]!;
    const severity = worstSeverity(ws.map((w) => w.severity))!;
    const threshold = ranked.find((w) => w.source === 'threshold');
    const others = ranked.filter((w) => w !== lead && !overlaps(w, lead, 10 * 60_000));
    const otherTimes = [...new Set(others.map((w) => `${formatTime(w.start)}–${formatTime(w.end).slice(-5)}`))].slice(0, 4);
    const durationMs = Date.parse(lead.end) - Date.parse(lead.start);
    const detailParts: string[] = [];
    if (threshold?.finding) detailParts.push(threshold.finding.detail);
    else
      detailParts.push(lead.reason ?? `Unusual from ${formatTime(lead.start)} to ${formatTime(lead.end)} (${formatDuration(Math.max(durationMs, 60_000))}).`);
    if (otherTimes.length > 0) detailParts.push(`Also unusual ${otherTimes.join(', ')}.`);
    const title = group === 'deadlocks' && threshold?.finding ? threshold.finding.title : symptomTitle(lead, spec);
    out.push({
      id: threshold?.finding?.id ?? `symptom.${group}`,
      kind: threshold ? 'threshold' : 'anomaly',
      severity,
      title,
      detail: detailParts.join(' '),
      evidence: { metric: lead.metric, value: lead.peak, unit: lead.unit, at: lead.peakAt, window: { start: lead.start, end: lead.end } },
    });
  }
  return out;
}
