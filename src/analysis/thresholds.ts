/**
 * Threshold findings with units from the instance class: CPU, DBLoad vs vCPU, FreeableMemory vs class
 * memory, swap, connections vs the class's default max_connections, replica lag (ms), deadlocks, the InnoDB history list,
 * buffer cache hit ratio and latencies (ReadLatency/WriteLatency in Seconds; Aurora DML/Select/Commit
 * latency in Milliseconds).
 */
import type { Severity } from '../core/severity';
import type { MetricSeries } from '../model/collected-data';
import type { ClassSpec } from './instance-classes';
import { type Run, runsWhere, worstRun } from './runs';
import { finitePoints, metricKey } from './stats';
import type { Finding } from './types';
import { formatBytes, formatDuration, formatTime, formatValue } from '../core/format';
import { KNOWN_UNITS } from './metric-units';

const GiB = 1024 ** 3;

interface Rule {
  metric: string;
  id: string;
  /** Levels from most to least severe; the first one sustained wins. */
  levels: { severity: Severity; limit: number }[];
  direction: 'above' | 'below';
  what: string;
  advice: string;
  /** Converts a limit to the series' unit (e.g. seconds → ms) given the unit. */
  limitIn?: (limit: number, unit: string) => number;
}

/** Latency limits are written in milliseconds and converted to the series' own unit. */
function msLimit(limit: number, unit: string): number {
  if (unit === 'Seconds') return limit / 1000;
  if (unit === 'Microseconds') return limit * 1000;
  return limit;
}

function staticRules(spec: ClassSpec | undefined): Rule[] {
  const rules: Rule[] = [
    {
      metric: 'CPUUtilization',
      id: 'cpu',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 90 },
        { severity: 'medium', limit: 80 },
      ],
      what: 'CPU utilisation',
      advice: 'find the query classes running in that window',
    },
    {
      metric: 'BufferCacheHitRatio',
      id: 'buffer-cache',
      direction: 'below',
      levels: [
        { severity: 'high', limit: 90 },
        { severity: 'medium', limit: 95 },
      ],
      what: 'buffer cache hit ratio',
      advice: 'the working set did not fit the buffer pool: look for large scans in that window',
    },
    {
      metric: 'AuroraReplicaLag',
      id: 'replica-lag',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 10_000 },
        { severity: 'medium', limit: 1_000 },
      ],
      what: 'replica lag',
      advice: 'readers served stale data; check write bursts and long transactions',
      limitIn: msLimit,
    },
    {
      metric: 'AuroraReplicaLagMaximum',
      id: 'replica-lag-max',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 10_000 },
        { severity: 'medium', limit: 1_000 },
      ],
      what: 'maximum replica lag in the cluster',
      advice: 'readers served stale data; check write bursts and long transactions',
      limitIn: msLimit,
    },
    {
      metric: 'ReadLatency',
      id: 'read-latency',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 100 },
        { severity: 'medium', limit: 20 },
      ],
      what: 'read I/O latency',
      advice: 'storage reads were slow; check read IOPS and buffer cache misses',
      limitIn: msLimit,
    },
    {
      metric: 'WriteLatency',
      id: 'write-latency',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 100 },
        { severity: 'medium', limit: 20 },
      ],
      what: 'write I/O latency',
      advice: 'storage writes were slow; check write bursts and commit latency',
      limitIn: msLimit,
    },
    {
      metric: 'SelectLatency',
      id: 'select-latency',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 200 },
        { severity: 'medium', limit: 50 },
      ],
      what: 'SELECT latency',
      advice: 'look at the slowest SELECT classes in that window',
      limitIn: msLimit,
    },
    {
      metric: 'DMLLatency',
      id: 'dml-latency',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 200 },
        { severity: 'medium', limit: 50 },
      ],
      what: 'DML latency',
      advice: 'look for lock waits and hot rows in that window',
      limitIn: msLimit,
    },
    {
      metric: 'CommitLatency',
      id: 'commit-latency',
      direction: 'above',
      levels: [
        { severity: 'high', limit: 50 },
        { severity: 'medium', limit: 10 },
      ],
      what: 'commit latency',
      advice: 'commits waited on storage; check write throughput and transaction size',
      limitIn: msLimit,
    },
  ];
  if (spec?.vcpu) {
    const vcpu = spec.vcpu;
    rules.push(
      {
        metric: 'DBLoad',
        id: 'dbload',
        direction: 'above',
        levels: [
          { severity: 'high', limit: vcpu * 1.5 },
          { severity: 'medium', limit: vcpu },
        ],
        what: `database load (average active sessions; ${vcpu} vCPU)`,
        advice: 'sessions queued for CPU or waits: check wait events and top SQL',
      },
      {
        metric: 'DBLoadCPU',
        id: 'dbload-cpu',
        direction: 'above',
        levels: [{ severity: 'high', limit: vcpu }],
        what: `CPU-bound load (${vcpu} vCPU)`,
        advice: 'more sessions wanted CPU than the class has',
      },
    );
  }
  if (spec?.defaultMaxConnections) {
    const max = spec.defaultMaxConnections;
    rules.push({
      metric: 'DatabaseConnections',
      id: 'connections',
      direction: 'above',
      levels: [
        { severity: 'high', limit: max * 0.9 },
        { severity: 'medium', limit: max * 0.75 },
      ],
      what: `connections (default max_connections ${max} for ${spec.instanceClass}; the parameter group may differ)`,
      advice: 'check connection pools and idle connections',
    });
  }
  if (spec?.memoryGiB) {
    const mem = spec.memoryGiB * GiB;
    rules.push({
      metric: 'FreeableMemory',
      id: 'memory',
      direction: 'below',
      levels: [
        { severity: 'high', limit: mem * 0.05 },
        { severity: 'medium', limit: mem * 0.1 },
      ],
      what: `freeable memory (of ${spec.memoryGiB} GiB)`,
      advice: 'memory pressure: check per-connection buffers and the connection count',
    });
  }
  rules.push({
    metric: 'RollbackSegmentHistoryListLength',
    id: 'history-list',
    direction: 'above',
    levels: [
      { severity: 'high', limit: 1_000_000 },
      { severity: 'medium', limit: 100_000 },
    ],
    what: 'InnoDB history list length',
    advice: 'a long-open transaction holds back purge: find the oldest transaction in information_schema.INNODB_TRX',
  });
  rules.push({
    metric: 'SwapUsage',
    id: 'swap',
    direction: 'above',
    levels: [
      { severity: 'medium', limit: 512 * 1024 ** 2 },
      { severity: 'low', limit: 64 * 1024 ** 2 },
    ],
    what: 'swap usage',
    advice: 'the instance swapped: memory is short for this workload',
  });
  return rules;
}

function ruleFindings(rule: Rule, series: MetricSeries, minPoints: number): Finding | undefined {
  const { t, v } = finitePoints(series);
  if (v.length === 0) return undefined;
  const unit = series.unit && series.unit !== 'None' ? series.unit : (KNOWN_UNITS[series.name] ?? 'None');
  const above = rule.direction === 'above';
  const worse = above ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  for (const level of rule.levels) {
    const limit = rule.limitIn ? rule.limitIn(level.limit, unit) : level.limit;
    const runs = runsWhere(v, (x) => (above ? x > limit : x < limit), minPoints, worse);
    const run = worstRun(v, runs, worse);
    if (!run) continue;
    return findingFor(rule, series, unit, level.severity, limit, run, runs, t, v);
  }
  return undefined;
}

function findingFor(
  rule: Rule,
  series: MetricSeries,
  unit: string,
  severity: Severity,
  limit: number,
  run: Run,
  runs: Run[],
  t: number[],
  v: number[],
): Finding {
  const key = metricKey(series);
  const peak = v[run.peak]!;
  const start = new Date(t[run.first]!).toISOString();
  const end = new Date(t[run.last]!).toISOString();
  const at = new Date(t[run.peak]!).toISOString();
  const durationMs = t[run.last]! - t[run.first]! + (t.length > 1 ? (t[t.length - 1]! - t[0]!) / (t.length - 1) : 0);
  const limitText = unit === 'Bytes' ? formatBytes(limit) : formatValue(limit, unit);
  const more = runs.length > 1 ? ` (${runs.length} such periods in the window)` : '';
  return {
    id: `threshold.${rule.id}`,
    kind: 'threshold',
    severity,
    title: `${rule.what} ${rule.direction === 'above' ? 'reached' : 'fell to'} ${formatValue(peak, unit)} at ${formatTime(at)}`,
    detail: `${key} stayed ${rule.direction} ${limitText} from ${formatTime(start)} to ${formatTime(end)} (${formatDuration(durationMs)})${more}; ${rule.advice}.`,
    evidence: { metric: key, value: peak, unit, at, window: { start, end } },
  };
}

/** Deadlocks (Count/Second in CloudWatch): total deadlocks = Σ rate × period. */
function deadlockFinding(series: MetricSeries, periodS: number): Finding | undefined {
  const { t, v } = finitePoints(series);
  let total = 0;
  let peakI = -1;
  let first = -1;
  let last = -1;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x <= 0) continue;
    total += x * periodS;
    if (first < 0) first = i;
    last = i;
    if (peakI < 0 || x > v[peakI]!) peakI = i;
  }
  if (peakI < 0 || total < 0.5) return undefined;
  const unit = series.unit && series.unit !== 'None' ? series.unit : 'Count/Second';
  const at = new Date(t[peakI]!).toISOString();
  const severity: Severity = total >= 100 ? 'high' : total >= 10 ? 'medium' : 'low';
  return {
    id: 'threshold.deadlocks',
    kind: 'threshold',
    severity,
    title: `${Math.round(total).toLocaleString('en-US')} deadlocks in the window, peak ${formatValue(v[peakI]!, unit)} at ${formatTime(at)}`,
    detail: `Deadlocks occurred between ${formatTime(new Date(t[first]!).toISOString())} and ${formatTime(new Date(t[last]!).toISOString())}; SHOW ENGINE INNODB STATUS (LATEST DETECTED DEADLOCK) names the statements; access rows in one order and keep transactions short.`,
    evidence: {
      metric: metricKey(series),
      value: v[peakI]!,
      unit,
      at,
      window: { start: new Date(t[first]!).toISOString(), end: new Date(t[last]!).toISOString() },
    },
  };
}

/**
 * Threshold findings for all series. A level counts when it holds for `minPoints` consecutive points
 * (default: 5 minutes' worth, at least 2), so one noisy sample does not raise a finding.
 */
export function thresholdFindings(series: readonly MetricSeries[], spec: ClassSpec | undefined, periodS: number, minPoints?: number): Finding[] {
  const need = minPoints ?? Math.min(5, Math.max(2, Math.ceil(300 / Math.max(periodS, 1))));
  const byName = new Map<string, MetricSeries>();
  for (const s of series) if (!byName.has(s.name)) byName.set(s.name, s);
  const out: Finding[] = [];
  for (const rule of staticRules(spec)) {
    const s = byName.get(rule.metric);
    if (!s) continue;
    const f = ruleFindings(rule, s, need);
    if (f) out.push(f);
  }
  const dl = byName.get('Deadlocks');
  if (dl) {
    const f = deadlockFinding(dl, periodS);
    if (f) out.push(f);
  }
  return out;
}
