/** Findings from anomaly windows, RDS events and collection gaps; ordering of all findings. */
import { severityRank, type Severity } from '../core/severity';
import type { CollectedData, RdsEventRecord } from '../model/collected-data';
import type { AnomalyWindow, Finding, MetricStats } from './types';
import { formatDuration, formatTime, formatValue } from '../core/format';

export type { Evidence, Finding } from './types';

/** Metrics whose anomalies matter most to a DBA on call. */
const KEY_METRICS = new Set([
  'CPUUtilization',
  'DBLoad',
  'DBLoadCPU',
  'DBLoadNonCPU',
  'DatabaseConnections',
  'SelectLatency',
  'DMLLatency',
  'CommitLatency',
  'ReadLatency',
  'WriteLatency',
  'BufferCacheHitRatio',
  'AuroraReplicaLag',
  'Deadlocks',
  'FreeableMemory',
]);

/** Metrics where a drop, not a rise, is the problem. */
const LOW_IS_BAD = new Set(['BufferCacheHitRatio', 'FreeableMemory', 'FreeLocalStorage']);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One finding per anomaly window, in words (its reason), never a raw score. Severity: high for a key metric moving the harmful way by ≥ 50 % with a
 * score ≥ 10; medium for a key metric with score ≥ 6 and ≥ 25 %, or any metric with score ≥ 10 and ≥ 50 %;
 * low otherwise
 * (including moves the harmless way, such as latency dropping).
 */
export function anomalyFindings(anomalies: readonly AnomalyWindow[], stats: readonly MetricStats[]): Finding[] {
  const units = new Map(stats.map((s) => [s.metric, s.unit]));
  const count = new Map<string, number>();
  return anomalies.map((a) => {
    const n = (count.get(a.metric) ?? 0) + 1;
    count.set(a.metric, n);
    const unit = units.get(a.metric) ?? 'None';
    const name = a.metric.replace(/^cluster\./, '');
    const key = KEY_METRICS.has(name);
    const bad = (LOW_IS_BAD.has(name) ? 'low' : 'high') === a.direction;
    const relative = Math.abs(a.peakValue - a.expected) / Math.max(Math.abs(a.expected), 1e-9);
    let severity: Severity = 'low';
    if (bad && key && a.score >= 10 && relative >= 0.5) severity = 'high';
    else if (bad && key && a.score >= 6 && relative >= 0.25) severity = 'medium';
    else if (bad && a.score >= 10 && relative >= 0.5) severity = 'medium';
    const durationMs = Date.parse(a.end) - Date.parse(a.start);
    return {
      id: `anomaly.${a.metric}.${n}`,
      kind: 'anomaly',
      severity,
      title: `${a.metric} unusually ${a.direction} ${formatTime(a.start)}–${formatTime(a.end)}: ${formatValue(a.peakValue, unit)} (expected ≈ ${formatValue(a.expected, unit)})`,
      detail: `${capitalise(a.reason)}; ${a.pattern === 'level-shift' ? 'the new level holds after the window' : `${formatDuration(Math.max(durationMs, 0))} long`}, peak at ${formatTime(a.peak)}.${a.related?.length ? ` Also unusual then: ${a.related.join(', ')}.` : ''}`,
      evidence: { metric: a.metric, value: a.peakValue, unit, at: a.peak, window: { start: a.start, end: a.end } },
    };
  });
}

const EVENT_SEVERITY: { pattern: RegExp; severity: Severity }[] = [
  { pattern: /failover|failure|crash|recovery/i, severity: 'high' },
  { pattern: /restart|reboot|shutdown|stopped|low storage|storage.*(full|low)/i, severity: 'medium' },
  { pattern: /parameter|configuration|modif|maintenance|upgrade|patch/i, severity: 'low' },
];

export function eventSeverity(e: RdsEventRecord): Severity {
  const text = `${e.categories.join(' ')} ${e.message}`;
  for (const r of EVENT_SEVERITY) if (r.pattern.test(text)) return r.severity;
  return 'info';
}

/** Events worth a finding (above info), each citing its time. */
export function eventFindings(events: readonly RdsEventRecord[]): Finding[] {
  return events
    .map((e, i) => ({ e, i, severity: eventSeverity(e) }))
    .filter((x) => x.severity !== 'info')
    .map(({ e, i, severity }) => ({
      id: `event.${i + 1}`,
      kind: 'event' as const,
      severity,
      title: `RDS event at ${formatTime(e.time)} on ${e.sourceId}: ${e.message.length > 100 ? `${e.message.slice(0, 99)}…` : e.message}`,
      detail: `${e.sourceType} event (${e.categories.join(', ') || 'no category'}) at ${formatTime(e.time)}.`,
      evidence: { at: e.time },
    }));
}

export function gapFindings(data: CollectedData): Finding[] {
  const out: Finding[] = data.gaps.map((g, i) => ({
    id: `gap.${g.source}.${i + 1}`,
    kind: 'collection' as const,
    severity: 'info' as const,
    title: `Not collected: ${g.what}`,
    detail: g.reason,
    evidence: {},
  }));
  if (data.missingMetrics.length > 0) {
    out.push({
      id: 'gap.metrics',
      kind: 'collection',
      severity: 'info',
      title: `${data.missingMetrics.length} metric(s) returned no data`,
      detail: data.missingMetrics.join(', '),
      evidence: {},
    });
  }
  return out;
}

const KIND_ORDER: Record<Finding['kind'], number> = { threshold: 0, event: 1, query: 2, anomaly: 3, collection: 4 };

/** Threshold findings a DBA reads first when severities tie. */
const THRESHOLD_ORDER = [
  'cpu',
  'dbload',
  'dbload-cpu',
  'memory',
  'connections',
  'select-latency',
  'dml-latency',
  'commit-latency',
  'read-latency',
  'write-latency',
  'buffer-cache',
  'replica-lag',
  'replica-lag-max',
  'deadlocks',
  'swap',
];

function thresholdRank(f: Finding): number {
  const i = f.kind === 'threshold' ? THRESHOLD_ORDER.indexOf(f.id.slice('threshold.'.length)) : -1;
  return i < 0 ? THRESHOLD_ORDER.length : i;
}

/** Most severe first; then thresholds (CPU and load first), events, queries, anomalies, gaps; then by time. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      thresholdRank(a) - thresholdRank(b) ||
      (a.evidence.at ?? '').localeCompare(b.evidence.at ?? ''),
  );
}
