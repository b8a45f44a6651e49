/**
 * The slow-query digest's result: the JSON shape of `dbassist digest --format json`, also used by the
 * report's slow-query section and the Slack digest answer.
 */
import type { DigestTimeBase } from './time-base';

export interface DigestTotals {
  events: number;
  classes: number;
  /** Sum of Query_time, seconds. */
  totalTime: number;
  lockTime: number;
  rowsSent: number;
  rowsExamined: number;
  /** Entries that could not be parsed: counted, never fatal. */
  malformed: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Events outside --since/--until. */
  filtered?: number;
  /** How event times were read (see docs/digest-time-base.md); absent for results not read from a log. */
  timeBase?: DigestTimeBase;
}

export interface DigestClass {
  /** Stable id: a hash of the fingerprint (16 hex chars, like pt-query-digest's checksum style). */
  id: string;
  fingerprint: string;
  calls: number;
  /** Seconds. */
  totalTime: number;
  avgTime: number;
  minTime: number;
  medianTime: number;
  p95Time: number;
  maxTime: number;
  stddevTime: number;
  lockTime: number;
  avgLockTime: number;
  maxLockTime: number;
  p95LockTime: number;
  rowsSent: number;
  rowsExamined: number;
  avgRowsSent: number;
  avgRowsExamined: number;
  p95RowsExamined: number;
  /** rowsExamined / max(rowsSent, 1). */
  examinedPerSent: number;
  firstSeen: string | null;
  lastSeen: string | null;
  databases: string[];
  users: string[];
  hosts: string[];
  /** The slowest query of the class, as logged. */
  sample: string;
  /** Share of total time across the log, 0…1. */
  share: number;
  /** Query_time histogram: counts per bucket (1µs,10µs,100µs,1ms,10ms,100ms,1s,10s+). */
  histogram: number[];
  /** Sums of the optional per-statement counters, when the log has them (MariaDB, Percona, MySQL 8 log_slow_extra). */
  extra?: DigestClassExtra;
  /** When asked for (AggregateOptions.timelineBucketMs): calls and query time per time bucket, so a report can tell which classes ran in a given window. */
  timeline?: DigestTimeline;
}

export interface DigestTimeline {
  bucketMs: number;
  /** [bucket start (epoch ms), calls, total query time (s)], ascending; empty buckets left out. */
  points: [number, number, number][];
}

export interface DigestClassExtra {
  rowsAffected: number;
  bytesSent: number;
  tmpTables: number;
  tmpDiskTables: number;
  /** Statements that did a full table scan (Full_scan: Yes, or Select_scan > 0). */
  fullScans: number;
  /** Statements that sorted with a filesort (Filesort: Yes). */
  filesorts: number;
}

export interface DigestResult {
  totals: DigestTotals;
  classes: DigestClass[];
}

export type DigestOrder = 'total' | 'calls' | 'rows-examined';
