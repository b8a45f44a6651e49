/** What the analysis produces from CollectedData: the report, the Slack view and the CLI read this. */
import type { Severity } from '../core/severity';
import type { Cause, Incident } from './cause-types';
import type { Changes } from './changes';

/** Where a finding's figure comes from: which metric, which value, which time. */
export interface Evidence {
  metric?: string;
  value?: number;
  /** CloudWatch unit of `value` (Percent, Bytes, Seconds, Milliseconds, Count/Second, …). */
  unit?: string;
  /** ISO-8601 time of the value. */
  at?: string;
  /** ISO-8601 interval the finding covers. */
  window?: { start: string; end: string };
}

export interface Finding {
  /** Stable id, e.g. `threshold.cpu.sustained` or `anomaly.CPUUtilization.3`. */
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  evidence: Evidence;
  /** threshold | anomaly | query | event | collection */
  kind: 'threshold' | 'anomaly' | 'query' | 'event' | 'collection';
  /** Query findings: the normalised statement (fingerprint or digest text, never literals). */
  sql?: string;
}

export interface MetricStats {
  metric: string;
  scope: 'instance' | 'cluster';
  unit: string;
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  minAt: string;
  maxAt: string;
  /** Least-squares slope in unit per hour. */
  slopePerHour: number;
  /** Fitted change over the window relative to the fitted start, in percent (null when the start is ~0). */
  changePct: number | null;
}

export interface AnomalyWindow {
  metric: string;
  /** ISO-8601. */
  start: string;
  end: string;
  peak: string;
  /** How many noise σ the peak sits from its usual value (robust σ on the metric kind's scale). */
  score: number;
  direction: 'high' | 'low';
  /** Value at the peak, and the usual value there (usual.ts: the same "usual" as the symptoms). */
  peakValue: number;
  expected: number;
  /** What `expected` is the usual of: `for 14:00`, `at this time a week earlier`, `in the hour before`. */
  usualWords?: string;
  /** Points of the window beyond the entry threshold. */
  points: number;
  /** Short words for a human: "3.1× the usual for Tuesdays 14:00", "level shift +40 % since 02:56Z". */
  reason: string;
  /** spike (1–2 points), sustained (then back), level-shift (a lasting new level starts here). */
  pattern: 'spike' | 'sustained' | 'level-shift';
  /** Related metrics with an overlapping anomaly window (cross-metric agreement). */
  related?: string[];
}

export interface Correlation {
  a: string;
  b: string;
  pearson: number;
  spearman: number;
  /** Periods b lags a at the best |spearman| (positive: b follows a). */
  lag: number;
  lagS: number;
  n: number;
}

export interface Recommendation {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  /** The evidence it rests on (figures and times) and the findings it follows from. */
  evidence: Evidence[];
  findingIds: string[];
}

export type VerdictLevel = 'healthy' | 'degraded' | 'critical';

export interface Verdict {
  level: VerdictLevel;
  /** One line, e.g. "degraded: CPUUtilization 97.1 % at 14:05 (sustained 20 min)". */
  reason: string;
}

export interface ReportAnalysis {
  verdict: Verdict;
  /** One per symptom (deduplicated), most severe first. */
  findings: Finding[];
  /** Stretches where symptoms clustered, most important first. */
  incidents: Incident[];
  /** Probable causes, ranked: the main incident's first, best first within an incident. Empty when healthy. */
  causes: Cause[];
  stats: MetricStats[];
  anomalies: AnomalyWindow[];
  correlations: Correlation[];
  recommendations: Recommendation[];
  /** What changed against the same window a day or a week earlier (changes.ts), when the report compared. */
  changes?: Changes;
  /** Instance-class figures used for thresholds, when the class is known. */
  capacity?: { vcpu?: number; memoryGiB?: number; defaultMaxConnections?: number };
}
