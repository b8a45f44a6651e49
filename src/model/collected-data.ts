/**
 * What the collectors gather for one instance and window, and what the analysis and the HTML report
 * read. The simulated fleet produces the same shape.
 */
import type { Comparison } from '../core/comparison';
import type { DigestResult } from '../digest/types';
import type { InstanceState } from './instance-state-model';
import type { PiLoad } from './load-model';

export interface MetricSeries {
  /** CloudWatch metric name, e.g. CPUUtilization. */
  name: string;
  scope: 'instance' | 'cluster';
  /** CloudWatch unit, e.g. Percent, Count, Bytes, Seconds, Count/Second, Bytes/Second. */
  unit: string;
  /** Epoch ms, ascending. */
  timestamps: number[];
  values: number[];
}

export interface RdsEventRecord {
  /** ISO-8601. */
  time: string;
  sourceId: string;
  sourceType: string;
  message: string;
  categories: string[];
}

export interface ClusterMember {
  instance: string;
  writer: boolean;
}

export interface InstanceMeta {
  instance: string;
  cluster?: string;
  instanceClass: string;
  engine: string;
  engineVersion: string;
  role: 'writer' | 'reader' | 'unknown';
  members: ClusterMember[];
  parameterGroup?: string;
  /** Allocated storage (GiB) where it applies; Aurora storage is in VolumeBytesUsed. */
  storageGiB?: number;
  performanceInsights: boolean;
  /** DbiResourceId (`db-…`): the Performance Insights identifier. */
  resourceId?: string;
  /** From the instance class. */
  vcpu?: number;
  memoryGiB?: number;
  availabilityZone?: string;
  status?: string;
}

export interface TopStatement {
  digest: string;
  schema: string | null;
  /** Normalised statement text (literals already replaced by the server). */
  digestText: string;
  calls: number;
  totalTimeS: number;
  avgTimeMs: number;
  maxTimeMs: number;
  lockTimeS: number;
  rowsExamined: number;
  rowsSent: number;
  rowsAffected: number;
  tmpTables: number;
  tmpDiskTables: number;
  sortMergePasses: number;
  noIndexUsed: number;
  noGoodIndexUsed: number;
  /** MySQL 8 only. */
  cpuTimeS?: number;
  /** MySQL 8 only; literals as executed, so never sent to the model. */
  sampleText?: string;
  firstSeen?: string;
  lastSeen?: string;
}

export interface PerfSchemaSnapshot {
  /** `delta`: two snapshots `intervalS` apart; `cumulative`: counters since server start or last reset. */
  mode: 'delta' | 'cumulative';
  intervalS?: number;
  /** Columns found in events_statements_summary_by_digest (probe result). */
  columns: string[];
  byTotalTime: TopStatement[];
  byRowsExamined: TopStatement[];
  byTmpDiskTables: TopStatement[];
  bySortMergePasses: TopStatement[];
  byNoIndexUsed: TopStatement[];
  serverVersion: string;
}

/** Something that could not be collected; the report says so instead of failing. */
export interface CollectionGap {
  source: 'rds' | 'cloudwatch' | 'logs' | 'perfschema' | 'secrets' | 'ai' | 'publish' | 'pi' | 'instance';
  what: string;
  reason: string;
}

/**
 * The report's comparison window — the same hours one day or one week earlier — collected with the
 * window for "what changed": the same metrics (the same GetMetricData queries), the slow-log digest where
 * the logs allow, and the RDS events from its start to the report window's start. What could not be
 * collected is in CollectedData.gaps.
 */
export interface ComparisonData {
  vs: Comparison;
  /** ISO-8601: the comparison window (the report window minus one day or one week). */
  start: string;
  end: string;
  metrics: MetricSeries[];
  slowLog?: DigestResult;
  /** RDS events from the comparison window's start to the report window's start, oldest first. */
  events: RdsEventRecord[];
}

export interface CollectedData {
  instance: InstanceMeta;
  window: { start: string; end: string; periodS: number; label: string };
  metrics: MetricSeries[];
  /** Metric names asked for and not returned (or returned empty). */
  missingMetrics: string[];
  events: RdsEventRecord[];
  slowLog?: DigestResult;
  errorLog: { time: string; message: string }[];
  perfSchema?: PerfSchemaSnapshot;
  /** Performance Insights load by wait, SQL, user and host (absent when PI is off or unreadable: see gaps). */
  pi?: PiLoad;
  /** Locks, sessions, waits and I/O read on the instance endpoint at collection time. */
  instanceState?: InstanceState;
  gaps: CollectionGap[];
  /** The same window a day or a week earlier, when the report compares (absent: no comparison asked or possible). */
  comparison?: ComparisonData;
  /** True for the built-in simulated instance. */
  simulated: boolean;
  /** Number of CloudWatch API calls the collection made (bench figure). */
  cloudwatchCalls?: number;
}
