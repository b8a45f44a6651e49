/**
 * What the collectors gather for one instance and window, and what the analysis and the HTML report
 * read. The simulated fleet produces the same shape.
 */
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
  /** True for the built-in simulated instance. */
  simulated: boolean;
  /** Number of CloudWatch API calls the collection made (bench figure). */
  cloudwatchCalls?: number;
}
