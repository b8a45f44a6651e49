/**
 * The CloudWatch unit of the RDS and Aurora metrics the report reads, for when the collector did not
 * say (or said None). RDS ReadLatency/WriteLatency are Seconds; Aurora DMLLatency/SelectLatency/
 * CommitLatency and AuroraReplicaLag are Milliseconds.
 */

/** The CloudWatch unit of a metric when the collector did not say (or said None). */
export const KNOWN_UNITS: Record<string, string> = {
  CPUUtilization: 'Percent',
  DatabaseConnections: 'Count',
  FreeableMemory: 'Bytes',
  SwapUsage: 'Bytes',
  FreeLocalStorage: 'Bytes',
  ReadIOPS: 'Count/Second',
  WriteIOPS: 'Count/Second',
  ReadLatency: 'Seconds',
  WriteLatency: 'Seconds',
  ReadThroughput: 'Bytes/Second',
  WriteThroughput: 'Bytes/Second',
  NetworkReceiveThroughput: 'Bytes/Second',
  NetworkTransmitThroughput: 'Bytes/Second',
  BufferCacheHitRatio: 'Percent',
  DMLLatency: 'Milliseconds',
  SelectLatency: 'Milliseconds',
  CommitLatency: 'Milliseconds',
  DDLLatency: 'Milliseconds',
  InsertLatency: 'Milliseconds',
  UpdateLatency: 'Milliseconds',
  DeleteLatency: 'Milliseconds',
  Deadlocks: 'Count/Second',
  AuroraReplicaLag: 'Milliseconds',
  AuroraReplicaLagMaximum: 'Milliseconds',
  AuroraReplicaLagMinimum: 'Milliseconds',
  DBLoad: 'None',
  DBLoadCPU: 'None',
  DBLoadNonCPU: 'None',
  Queries: 'Count/Second',
  VolumeBytesUsed: 'Bytes',
  VolumeReadIOPs: 'Count',
  VolumeWriteIOPs: 'Count',
};

/**
 * The CloudWatch unit of a metric: the one given unless it is absent or `None`, else the known unit of its
 * name (with or without the `cluster.` prefix of a cluster metric), else `None`.
 */
export function unitOf(name: string | undefined, unit?: string): string {
  if (unit && unit !== 'None') return unit;
  return (name && KNOWN_UNITS[name.replace(/^cluster\./, '')]) || 'None';
}
