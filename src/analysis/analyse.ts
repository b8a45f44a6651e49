/** `analyse(data)`: statistics, anomalies, correlations, thresholds, query and event findings, verdict. */
import type { CollectedData } from '../model/collected-data';
import { detectAllAnomalies, type AnomalyOptions } from './anomalies';
import { correlate } from './correlate';
import { anomalyFindings, eventFindings, gapFindings, sortFindings } from './findings';
import { classSpec } from './instance-classes';
import { perfSchemaFindings, slowLogFindings } from './query-findings';
import { recommend } from './recommend';
import { summarize } from './stats';
import { thresholdFindings } from './thresholds';
import type { MetricStats, ReportAnalysis } from './types';
import { verdictOf } from './verdict';

export interface AnalyseOptions {
  anomalies?: AnomalyOptions;
  /** Correlated pairs to keep (default 10). */
  correlations?: number;
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
  const anomalies = detectAllAnomalies(metrics, options.anomalies);
  const correlations = correlate(metrics, { top: options.correlations ?? 10 });
  const findings = sortFindings([
    ...thresholdFindings(metrics, effective, data.window.periodS),
    ...anomalyFindings(anomalies, stats),
    ...eventFindings(data.events),
    ...slowLogFindings(data.slowLog),
    ...perfSchemaFindings(data.perfSchema),
    ...gapFindings(data),
  ]);
  const recommendations = recommend(data, findings, vcpu);
  return {
    verdict: verdictOf(findings),
    findings,
    stats,
    anomalies,
    correlations,
    recommendations,
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
