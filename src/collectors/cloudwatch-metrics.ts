/**
 * The Aurora MySQL metrics a DBA reads, with their CloudWatch units (GetMetricData does not return
 * units). Instance metrics use the DBInstanceIdentifier dimension, cluster metrics DBClusterIdentifier.
 */
export interface MetricSpec {
  name: string;
  unit: string;
  /** Statistic to ask for; Average unless a sum or maximum reads better. */
  stat?: 'Average' | 'Maximum' | 'Sum';
  /** Only published in some setups: asked for only when the setup is known to have it (or unknown). */
  requires?: 'reader' | 'performance-insights' | 'replicas';
  /** Depends on a feature that may be off (binlog, backtrack): no data is normal, not "missing". */
  optional?: boolean;
}

export const INSTANCE_METRICS: readonly MetricSpec[] = [
  { name: 'CPUUtilization', unit: 'Percent' },
  { name: 'DBLoad', unit: 'Count', requires: 'performance-insights' },
  { name: 'DBLoadCPU', unit: 'Count', requires: 'performance-insights' },
  { name: 'DBLoadNonCPU', unit: 'Count', requires: 'performance-insights' },
  { name: 'DatabaseConnections', unit: 'Count' },
  { name: 'ConnectionAttempts', unit: 'Count/Second' },
  { name: 'AbortedClients', unit: 'Count' },
  { name: 'LoginFailures', unit: 'Count/Second' },
  { name: 'ActiveTransactions', unit: 'Count/Second' },
  { name: 'BlockedTransactions', unit: 'Count/Second' },
  { name: 'Deadlocks', unit: 'Count/Second' },
  { name: 'RowLockTime', unit: 'Milliseconds' },
  { name: 'Queries', unit: 'Count/Second' },
  { name: 'SelectThroughput', unit: 'Count/Second' },
  { name: 'SelectLatency', unit: 'Milliseconds' },
  { name: 'DMLThroughput', unit: 'Count/Second' },
  { name: 'DMLLatency', unit: 'Milliseconds' },
  { name: 'InsertLatency', unit: 'Milliseconds' },
  { name: 'UpdateLatency', unit: 'Milliseconds' },
  { name: 'DeleteLatency', unit: 'Milliseconds' },
  { name: 'CommitThroughput', unit: 'Count/Second' },
  { name: 'CommitLatency', unit: 'Milliseconds' },
  { name: 'DDLLatency', unit: 'Milliseconds' },
  { name: 'BufferCacheHitRatio', unit: 'Percent' },
  { name: 'FreeableMemory', unit: 'Bytes' },
  { name: 'SwapUsage', unit: 'Bytes' },
  { name: 'FreeLocalStorage', unit: 'Bytes' },
  { name: 'ReadIOPS', unit: 'Count/Second' },
  { name: 'WriteIOPS', unit: 'Count/Second' },
  { name: 'ReadLatency', unit: 'Seconds' },
  { name: 'WriteLatency', unit: 'Seconds' },
  { name: 'ReadThroughput', unit: 'Bytes/Second' },
  { name: 'WriteThroughput', unit: 'Bytes/Second' },
  { name: 'NetworkReceiveThroughput', unit: 'Bytes/Second' },
  { name: 'NetworkTransmitThroughput', unit: 'Bytes/Second' },
  { name: 'StorageNetworkReceiveThroughput', unit: 'Bytes/Second' },
  { name: 'StorageNetworkTransmitThroughput', unit: 'Bytes/Second' },
  { name: 'AuroraReplicaLag', unit: 'Milliseconds', requires: 'reader' },
  { name: 'AuroraBinlogReplicaLag', unit: 'Seconds', optional: true },
  { name: 'RollbackSegmentHistoryListLength', unit: 'Count' },
  { name: 'SumBinaryLogSize', unit: 'Bytes', optional: true },
  { name: 'NumBinaryLogFiles', unit: 'Count', optional: true },
  { name: 'EngineUptime', unit: 'Seconds' },
];

export const CLUSTER_METRICS: readonly MetricSpec[] = [
  { name: 'VolumeBytesUsed', unit: 'Bytes' },
  { name: 'VolumeReadIOPs', unit: 'Count' },
  { name: 'VolumeWriteIOPs', unit: 'Count' },
  { name: 'AuroraReplicaLagMaximum', unit: 'Milliseconds', requires: 'replicas' },
  { name: 'AuroraReplicaLagMinimum', unit: 'Milliseconds', requires: 'replicas' },
  { name: 'AuroraVolumeBytesLeftTotal', unit: 'Bytes' },
  { name: 'BacktrackWindowActual', unit: 'Minutes', optional: true },
];
