/**
 * What the integrators hand to the AI module: structured findings, never raw dumps. Structural and
 * minimal so report, review and alert code can build them from their own types. No hostnames,
 * credentials or account ids belong here; the module scrubs and masks again anyway.
 */
import type { Severity } from '../core/severity';

export interface FindingInput {
  /** Rule or check id, e.g. `cpu-saturation`. */
  id: string;
  severity: Severity;
  title: string;
  /** Numbers and times that support the finding, e.g. "CPU p95 94% 14:05–14:40". */
  evidence: string;
}

export interface MetricStatInput {
  metric: string;
  unit: string;
  p95: number;
  max: number;
  /** Change against the previous window, percent; undefined when unknown. */
  trendPct?: number;
}

export interface AnomalyInput {
  metric: string;
  /** ISO-8601 or HH:MM as shown in the report. */
  start: string;
  end: string;
  peak: number;
  direction: 'up' | 'down';
  score: number;
  /** The detector's words for it, e.g. "3.1× the usual for Tuesdays 14:00". */
  reason?: string;
}

export interface QueryClassInput {
  /** Normalised statement (masked again before sending). */
  fingerprint: string;
  calls: number;
  /** Seconds. */
  totalTime: number;
  /** Seconds. */
  avgTime: number;
  rowsExamined: number;
}

/** A probable cause found by the analysis (ranked, best first). */
export interface CauseInput {
  /** e.g. `cpu-query-regression` (docs/causes.md). */
  kind: string;
  confidence: 'high' | 'medium' | 'low';
  /** One line with the figures. */
  summary: string;
  /** Figures with their times. */
  evidence: string[];
  actions: string[];
}

export interface ReportSummaryInput {
  /** The analysis's own verdict, when there is one: the summary must agree with it. */
  verdict?: { level: 'healthy' | 'degraded' | 'critical'; reason: string };
  instance: { instanceClass: string; engine: string; engineVersion?: string; role: 'writer' | 'reader' | 'unknown' };
  /** E.g. "last 6h (09:00–15:00 UTC)". */
  window: string;
  findings: FindingInput[];
  statistics: MetricStatInput[];
  anomalies: AnomalyInput[];
  topQueries: QueryClassInput[];
  /** `incident`: the classes that ran in the main incident; `window`: the whole window (no incident). */
  topQueriesScope?: 'incident' | 'window';
  /** The analysis's ranked probable causes; the summary must lead with the first when present. */
  causes?: CauseInput[];
  /** RDS events in the window, oldest first. */
  events: { time: string; message: string }[];
  /** What could not be collected, e.g. "Performance Insights is off". */
  gaps: string[];
}

export interface ReviewFindingInput {
  rule: string;
  severity: Severity;
  message: string;
}

export interface ReviewStatementInput {
  /** 1-based position in the submitted text. */
  index: number;
  /** Statement type, e.g. SELECT, UPDATE, ALTER TABLE. */
  type: string;
  /** As submitted; literals are masked before anything is sent. */
  sql: string;
  findings: ReviewFindingInput[];
  /** EXPLAIN highlights, e.g. "full scan on items (1.2M rows)". */
  planHighlights: string[];
}

export interface ReviewExplainInput {
  statements: ReviewStatementInput[];
  /** One-line summary from the review, e.g. "3 statements, 2 findings". */
  summary: string;
}

export interface AlertTriageInput {
  /** E.g. `cloudwatch-alarm`, `rds-event`. */
  source: string;
  /** Alarm name or event id. */
  name: string;
  /** E.g. ALARM, OK, INSUFFICIENT_DATA, or the RDS event category. */
  state: string;
  metric?: string;
  threshold?: number;
  value?: number;
  /** The alarm's state reason or the event message. */
  reason?: string;
  /** Instance or cluster name. */
  target: string;
  /** Most recent first. */
  recentEvents?: { time: string; message: string }[];
}
