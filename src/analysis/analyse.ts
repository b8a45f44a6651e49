/**
 * `analyse(data)`: statistics, anomalies, correlations; symptoms (threshold runs and anomaly windows, one
 * finding each), query and event findings; incidents and their ranked causes; the verdict.
 */
import type { CollectedData, ComparisonData } from '../model/collected-data';
import { detectAllAnomalies, type AnomalyOptions } from './anomalies';
import { causesOf } from './causes';
import { type Changes, compareWindows } from './changes';
import { correlate } from './correlate';
import { eventFindings, gapFindings, sortFindings } from './findings';
import { findIncidents } from './incidents';
import { classSpec } from './instance-classes';
import { perfSchemaFindings, slowLogFindings } from './query-findings';
import { recommend } from './recommend';
import { finitePoints, metricKey, summarize } from './stats';
import { symptomFindings, symptomWindows } from './symptoms';
import { thresholdFindings } from './thresholds';
import type { MetricStats, ReportAnalysis } from './types';
import type { EarlierSeries } from './usual';
import { verdictOf } from './verdict';
import { COMPARISON_MS, COMPARISON_WORDS } from '../core/comparison';

export interface AnalyseOptions {
  anomalies?: AnomalyOptions;
  /** Correlated pairs to keep (default 10). */
  correlations?: number;
}

/** Each metric over the comparison window, by metric key, for usual.ts. */
function earlierSeries(data: CollectedData): ((metric: string) => EarlierSeries | undefined) | undefined {
  const c = data.comparison;
  if (!c) return undefined;
  const byKey = new Map(c.metrics.map((m) => [metricKey(m), m]));
  const cache = new Map<string, EarlierSeries | undefined>();
  return (metric) => {
    if (!cache.has(metric)) {
      const m = byKey.get(metric);
      cache.set(metric, m ? { ...finitePoints(m), shiftMs: COMPARISON_MS[c.vs], words: COMPARISON_WORDS[c.vs] } : undefined);
    }
    return cache.get(metric);
  };
}

/** What changed against the comparison window (changes.ts); RDS events from its start to the window's end. */
function changesOf(data: CollectedData, c: ComparisonData): Changes {
  return compareWindows({
    vs: c.vs,
    window: data.window,
    against: { start: c.start, end: c.end },
    metrics: data.metrics,
    earlierMetrics: c.metrics,
    ...(data.slowLog ? { slowLog: data.slowLog } : {}),
    ...(c.slowLog ? { earlierSlowLog: c.slowLog } : {}),
    events: [...c.events, ...data.events],
  });
}

export function analyse(data: CollectedData, options: AnalyseOptions = {}): ReportAnalysis {
  const metrics = data.metrics.filter((m) => m.values.length > 0);
  const stats = metrics.map(summarize).filter((s): s is MetricStats => s !== undefined);
  const spec = classSpec(data.instance.instanceClass);
  const vcpu = data.instance.vcpu ?? spec?.vcpu;
  const memoryGiB = data.instance.memoryGiB ?? spec?.memoryGiB;
  const effective = spec
    ? { ...spec, ...(vcpu ? { vcpu } : {}), ...(memoryGiB ? { memoryGiB } : {}) }
    : vcpu || memoryGiB
      ? { instanceClass: data.instance.instanceClass, vcpu, memoryGiB, serverless: false, burstable: false }
      : undefined;
  // "Usual" (usual.ts) reads the comparison window too, when the report has one.
  const earlierOf = earlierSeries(data);
  const anomalies = detectAllAnomalies(metrics, { ...options.anomalies, ...(earlierOf ? { earlierOf } : {}) });
  const correlations = correlate(metrics, { top: options.correlations ?? 10 });
  const thresholds = thresholdFindings(metrics, effective, data.window.periodS);
  const windows = symptomWindows({ metrics, anomalies, thresholds, stats, spec: effective, ...(earlierOf ? { earlierOf } : {}) });
  const findings = sortFindings([
    ...symptomFindings(windows, effective),
    ...eventFindings(data.events),
    ...slowLogFindings(data.slowLog),
    ...perfSchemaFindings(data.perfSchema),
    ...gapFindings(data),
  ]);
  const incidents = findIncidents(data, windows, vcpu);
  const causes = incidents.flatMap((inc) => causesOf(data, inc, windows, { ...(vcpu ? { vcpu } : {}), ...(memoryGiB ? { memoryGiB } : {}) }));
  const recommendations = recommend(data, findings);
  const verdict = verdictOf(findings);
  // The verdict names the likely cause when there is one: the same line the report and Slack lead with.
  if (verdict.level !== 'healthy' && causes[0]) verdict.reason = causes[0].summary;
  return {
    verdict,
    findings,
    incidents,
    causes,
    stats,
    anomalies,
    correlations,
    recommendations,
    ...(data.comparison ? { changes: changesOf(data, data.comparison) } : {}),
    ...(effective
      ? {
          capacity: {
            ...(vcpu ? { vcpu } : {}),
            ...(memoryGiB ? { memoryGiB } : {}),
            ...(spec?.defaultMaxConnections ? { defaultMaxConnections: spec.defaultMaxConnections } : {}),
          },
        }
      : {}),
  };
}
