/**
 * Formatting values in their CloudWatch units. RDS ReadLatency/WriteLatency are Seconds; Aurora
 * DMLLatency/SelectLatency/CommitLatency and AuroraReplicaLag are Milliseconds.
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

function num(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs > 0 && abs < 1) return v.toLocaleString('en-US', { maximumSignificantDigits: Math.max(digits, 2) + 1 });
  const d = abs >= 100 ? 0 : abs >= 10 ? Math.min(1, digits) : digits;
  return v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(v: number, suffix = ''): string {
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < BYTE_UNITS.length - 1) {
    x /= 1024;
    i++;
  }
  return `${num(x, 2)} ${BYTE_UNITS[i]}${suffix}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${num(ms * 1000, 1)} µs`;
  if (ms < 1000) return `${num(ms, 2)} ms`;
  if (ms < 120_000) return `${num(ms / 1000, 2)} s`;
  if (ms < 7_200_000) return `${num(ms / 60_000, 1)} min`;
  return `${num(ms / 3_600_000, 1)} h`;
}

/** A value with its unit, e.g. `97.2 %`, `12.5 ms`, `3.1 GiB`, `1,204 /s`. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'Percent':
      return `${num(value, 2)} %`;
    case 'Bytes':
      return formatBytes(value);
    case 'Bytes/Second':
      return formatBytes(value, '/s');
    case 'Seconds':
      return formatDuration(value * 1000);
    case 'Milliseconds':
      return formatDuration(value);
    case 'Microseconds':
      return formatDuration(value / 1000);
    case 'Count/Second':
      return `${num(value, 2)} /s`;
    case 'Count':
      return num(value, 2);
    default:
      return num(value, 2);
  }
}

/** Compact `HH:MM` UTC (with the date when the window spans days). */
export function formatTime(iso: string, withDate = false): string {
  const d = iso.slice(0, 10);
  const t = iso.slice(11, 16);
  return withDate ? `${d} ${t}Z` : `${t}Z`;
}
