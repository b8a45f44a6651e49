/**
 * Which metrics move together on an Aurora MySQL instance, so that one metric's anomaly can corroborate
 * another's: load (CPU, DB load, queries, connections) goes with everything; otherwise metrics agree
 * within their family (latencies, I/O, network, memory and cache, replication). Twins (two views of one
 * measurement) are related but do not corroborate each other.
 */

const FAMILIES: Record<string, readonly string[]> = {
  load: [
    'CPUUtilization',
    'DBLoad',
    'DBLoadCPU',
    'DBLoadNonCPU',
    'Queries',
    'DatabaseConnections',
    'ActiveTransactions',
    'ConnectionAttempts',
    'ThreadsRunning',
  ],
  latency: [
    'SelectLatency',
    'DMLLatency',
    'CommitLatency',
    'DDLLatency',
    'InsertLatency',
    'UpdateLatency',
    'DeleteLatency',
    'ReadLatency',
    'WriteLatency',
    'Deadlocks',
    'BlockedTransactions',
    'RowLockTime',
  ],
  io: ['ReadIOPS', 'WriteIOPS', 'ReadThroughput', 'WriteThroughput', 'VolumeReadIOPs', 'VolumeWriteIOPs', 'DiskQueueDepth', 'ReadLatency', 'WriteLatency'],
  network: ['NetworkReceiveThroughput', 'NetworkTransmitThroughput', 'NetworkThroughput'],
  memory: ['FreeableMemory', 'SwapUsage', 'BufferCacheHitRatio', 'FreeLocalStorage'],
  replication: ['AuroraReplicaLag', 'AuroraReplicaLagMaximum', 'AuroraReplicaLagMinimum', 'AuroraBinlogReplicaLag'],
};

const FAMILY_OF = new Map<string, string[]>();
for (const [family, names] of Object.entries(FAMILIES)) for (const n of names) FAMILY_OF.set(n, [...(FAMILY_OF.get(n) ?? []), family]);

const bare = (metric: string) => metric.replace(/^cluster\./, '');

/** The families of a metric key (`cluster.` prefix ignored); empty when unknown. */
export function familiesOf(metric: string): readonly string[] {
  return FAMILY_OF.get(bare(metric)) ?? [];
}

/**
 * Whether two metrics are views of one measurement (a metric and its cluster twin, a lag and its
 * maximum, DB load and its CPU / non-CPU parts): related, but not independent evidence for each other.
 */
export function areTwins(a: string, b: string): boolean {
  const base = (m: string) =>
    bare(m)
      .replace(/(Maximum|Minimum|Average)$/, '')
      .replace(/^DBLoad(CPU|NonCPU)$/, 'DBLoad');
  return a !== b && base(a) === base(b);
}

/** Whether an anomaly on `a` makes one on `b` more credible (and vice versa). */
export function areRelated(a: string, b: string): boolean {
  if (bare(a) === bare(b)) return a !== b;
  const fa = familiesOf(a);
  const fb = familiesOf(b);
  if (fa.length === 0 || fb.length === 0) return false;
  return fa.includes('load') || fb.includes('load') || fa.some((f) => fb.includes(f));
}
