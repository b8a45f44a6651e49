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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The one time format of reports and answers: `Nov 20 14:05` (UTC, said once where the window is shown).
 * `_withDate` is ignored: every time carries its day, so a reader never has to guess it.
 */
export function formatTime(iso: string, _withDate = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hh}:${mm}`;
}

/** Axis labels in the same style: `14:00` for a time of day, `Nov 20` for a day. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}
