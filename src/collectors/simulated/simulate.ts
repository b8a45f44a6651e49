/**
 * The built-in simulated instance: a db.r6g.2xlarge Aurora MySQL 3 writer in a two-member cluster with
 * realistic diurnal metrics, an injected ~20-minute incident about two thirds through the window (CPU and
 * DBLoad spike, latencies up, connections up, buffer cache hit ratio dips), matching RDS events, a
 * slow-log digest and a performance_schema snapshot. Deterministic for a given seed and window.
 */
import type { DigestResult } from '../../digest/types';
import { windowOf } from '../../core/window';
import type { CollectedData, MetricSeries, PerfSchemaSnapshot, RdsEventRecord } from '../../model/collected-data';
import { createRng, type Rng } from './random';
import { simulatedPerfSchema, simulatedSlowLog } from './queries';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const MAX_POINTS = 1440;

export type SimulationWindow = { start: Date; end: Date } | { ms: number; label?: string };

export interface SimulateOptions {
  seed?: number;
  perfSchema?: PerfSchemaSnapshot;
  slowLog?: DigestResult;
  /** End of a window given as a length (default: now, rounded down to the minute). */
  end?: Date;
  /** Force a period (seconds, multiple of 60); by default the smallest that keeps ≤ 1,440 points. */
  periodS?: number;
  /** Inject the incident (default true); false gives a quiet, healthy window. */
  incident?: boolean;
}

/** The smallest whole-minute period that keeps the window within 1,440 points. */
export function simulationPeriodS(windowMs: number): number {
  return Math.max(60, Math.ceil(windowMs / MAX_POINTS / 60_000) * 60);
}

function resolveWindow(window: SimulationWindow, options: SimulateOptions): { start: number; end: number; label: string } {
  if ('start' in window) {
    const ms = window.end.getTime() - window.start.getTime();
    return { start: window.start.getTime(), end: window.end.getTime(), label: windowOf(Math.max(60_000, Math.round(ms / 60_000) * 60_000)).label };
  }
  const end = options.end ? options.end.getTime() : Math.floor(Date.now() / 60_000) * 60_000;
  return { start: end - window.ms, end, label: window.label ?? windowOf(window.ms).label };
}

/** Daily load shape in 0…1: quiet at 04:00 UTC, busy in the afternoon, a bump in the evening; weekends busier. */
function diurnal(t: number): number {
  const h = (((t % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000;
  const base = 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 4)) / 24);
  const evening = 0.25 * Math.exp(-(((h - 20) / 1.8) ** 2));
  const day = new Date(t).getUTCDay();
  const weekend = day === 0 || day === 6 ? 1.1 : 1;
  return Math.min(1, (0.8 * base + evening) * weekend);
}

/** Slowly varying noise (AR(1)), scaled to sd. */
function ar1(rng: Rng, n: number, sd: number, phi = 0.7): Float64Array {
  const out = new Float64Array(n);
  let x = 0;
  const innov = sd * Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    x = phi * x + rng.normal(0, innov);
    out[i] = x;
  }
  return out;
}

function names(instance: string): { cluster: string; reader: string } {
  const m = /^(.*[A-Za-z0-9])-(\d+)$/.exec(instance);
  if (m) return { cluster: m[1]!, reader: `${m[1]}-${Number(m[2]) + 1}` };
  return { cluster: `${instance}-cluster`, reader: `${instance}-2` };
}

export function simulateInstance(name: string, window: SimulationWindow, options: SimulateOptions = {}): CollectedData {
  const rng = createRng(options.seed ?? 42);
  const w = resolveWindow(window, options);
  const periodS = options.periodS ?? simulationPeriodS(w.end - w.start);
  const periodMs = periodS * 1000;
  const first = Math.ceil(w.start / periodMs) * periodMs;
  const n = Math.max(2, Math.floor((w.end - first) / periodMs));
  const timestamps = Array.from({ length: n }, (_, i) => first + i * periodMs);

  // Incident: ~20 minutes (a quarter of the window when shorter) starting two thirds through.
  const incidentPoints = Math.max(2, Math.min(Math.round(1_200_000 / periodMs), Math.floor(n / 4)));
  const i0 = Math.floor((n * 2) / 3);
  const i1 = Math.min(n - 1, i0 + incidentPoints - 1);
  const incident = new Float64Array(n);
  for (let i = i0; options.incident !== false && i <= i1; i++) {
    const ramp = Math.min(1, (i - i0 + 1) / 2, (i1 - i + 1) / 2 + 0.5);
    incident[i] = ramp;
  }

  const load = timestamps.map(diurnal);
  const series: MetricSeries[] = [];
  const add = (metric: string, unit: string, f: (i: number) => number, scope: 'instance' | 'cluster' = 'instance') => {
    series.push({ name: metric, scope, unit, timestamps, values: timestamps.map((_, i) => f(i)) });
  };
  const nz = (sd: number, phi?: number) => ar1(rng, n, sd, phi);
  const L = (i: number) => load[i]!;
  const I = (i: number) => incident[i]!;
  const pos = (x: number) => Math.max(0, x);

  const cpuN = nz(2.2);
  add('CPUUtilization', 'Percent', (i) => Math.min(99.5, pos(14 + 42 * L(i) + cpuN[i]! + I(i) * (95 - (14 + 42 * L(i))))));
  const dbl = nz(0.25);
  const dbLoadCpu = timestamps.map((_, i) => pos(0.5 + 2.8 * L(i) + dbl[i]! * (0.4 + L(i)) + I(i) * 9.5));
  const nonCpuN = nz(0.12);
  const dbLoadNonCpu = timestamps.map((_, i) => pos(0.25 + 0.9 * L(i) + nonCpuN[i]! * (0.4 + L(i)) + I(i) * 3.8));
  add('DBLoad', 'None', (i) => dbLoadCpu[i]! + dbLoadNonCpu[i]!);
  add('DBLoadCPU', 'None', (i) => dbLoadCpu[i]!);
  add('DBLoadNonCPU', 'None', (i) => dbLoadNonCpu[i]!);
  const connN = nz(7);
  add('DatabaseConnections', 'Count', (i) => Math.round(pos(110 + 260 * L(i) + connN[i]!) * (1 + 1.4 * I(i))));
  const memN = nz(0.15 * GiB, 0.95);
  add('FreeableMemory', 'Bytes', (i) => 19 * GiB - 2.5 * GiB * L(i) + memN[i]! - I(i) * 1.6 * GiB);
  add('SwapUsage', 'Bytes', () => 2.4 * MiB);
  const rIops = nz(40);
  const readIops = timestamps.map((_, i) => pos(250 + 1100 * L(i) + rIops[i]!) * (1 + 3.2 * I(i)));
  const wIops = nz(35);
  const writeIops = timestamps.map((_, i) => pos(380 + 850 * L(i) + wIops[i]!) * (1 + 0.3 * I(i)));
  add('ReadIOPS', 'Count/Second', (i) => readIops[i]!);
  add('WriteIOPS', 'Count/Second', (i) => writeIops[i]!);
  const rl = nz(0.00008);
  add('ReadLatency', 'Seconds', (i) => pos(0.0007 + 0.0004 * L(i) + rl[i]!) + I(i) * 0.0045);
  const wl = nz(0.0001);
  add('WriteLatency', 'Seconds', (i) => pos(0.0011 + 0.0005 * L(i) + wl[i]!) + I(i) * 0.0022);
  add('ReadThroughput', 'Bytes/Second', (i) => readIops[i]! * 16_384 * (0.9 + 0.2 * rng.next()));
  add('WriteThroughput', 'Bytes/Second', (i) => writeIops[i]! * 12_000 * (0.9 + 0.2 * rng.next()));
  const netN = nz(0.3 * MiB);
  add('NetworkReceiveThroughput', 'Bytes/Second', (i) => pos(1.2 * MiB + 6 * MiB * L(i) + netN[i]!) * (1 + 0.3 * I(i)));
  add('NetworkTransmitThroughput', 'Bytes/Second', (i) => pos(3 * MiB + 18 * MiB * L(i) + netN[i]! * 2) * (1 + 0.6 * I(i)));
  const bch = nz(0.06);
  add('BufferCacheHitRatio', 'Percent', (i) => Math.min(100, 99.75 - 0.2 * L(i) + bch[i]! - I(i) * 6.8));
  const dml = nz(0.15);
  add('DMLLatency', 'Milliseconds', (i) => pos(1.4 + 1.1 * L(i) + dml[i]!) + I(i) * 11);
  const sel = nz(0.08);
  add('SelectLatency', 'Milliseconds', (i) => pos(0.7 + 0.6 * L(i) + sel[i]!) + I(i) * 62);
  const com = nz(0.2);
  add('CommitLatency', 'Milliseconds', (i) => pos(2.1 + 1.2 * L(i) + com[i]!) + I(i) * 7.5);
  add('Deadlocks', 'Count/Second', (i) => (I(i) > 0 ? rng.poisson(6) / 60 : rng.next() < 0.005 ? 1 / periodS : 0));
  const lagN = nz(3);
  add('AuroraReplicaLag', 'Milliseconds', (i) => pos(16 + 8 * L(i) + lagN[i]!) + I(i) * 160);
  const qN = nz(120);
  add('Queries', 'Count/Second', (i) => pos(3800 + 9200 * L(i) + qN[i]!) * (1 + 0.15 * I(i)));
  add('FreeLocalStorage', 'Bytes', (i) => 118 * GiB - (i / n) * 0.6 * GiB - I(i) * 9 * GiB);
  add('VolumeBytesUsed', 'Bytes', (i) => 862 * GiB + (i / n) * 3.5 * GiB, 'cluster');
  add('VolumeReadIOPs', 'Count', (i) => Math.round(readIops[i]! * periodS * 0.35), 'cluster');
  add('VolumeWriteIOPs', 'Count', (i) => Math.round(writeIops[i]! * periodS * 0.5), 'cluster');
  add('AuroraReplicaLagMaximum', 'Milliseconds', (i) => pos(20 + 10 * L(i) + lagN[i]! * 1.3) + I(i) * 210, 'cluster');

  const { cluster, reader } = names(name);
  const iso = (t: number) => new Date(t).toISOString();
  const incidentStart = iso(timestamps[i0]!);
  const incidentEnd = iso(timestamps[i1]!);
  const events: RdsEventRecord[] = [];
  // Daily automated backups at 03:10 UTC inside the window.
  for (let day = Math.floor(w.start / 86_400_000); day * 86_400_000 < w.end; day++) {
    const t = day * 86_400_000 + 3 * 3_600_000 + 10 * 60_000;
    if (t >= w.start && t + 8 * 60_000 < w.end) {
      events.push({ time: iso(t), sourceId: cluster, sourceType: 'db-cluster', message: 'Backing up DB cluster', categories: ['backup'] });
      events.push({
        time: iso(t + 8 * 60_000),
        sourceId: cluster,
        sourceType: 'db-cluster',
        message: 'Finished backing up DB cluster',
        categories: ['backup'],
      });
    }
  }
  const mid = timestamps[Math.floor((i0 + i1) / 2)]!;
  if (options.incident !== false)
    events.push({
      time: iso(timestamps[i0]! + 60_000),
      sourceId: name,
      sourceType: 'db-instance',
      message: 'The DB instance has high CPU utilization and a rising number of connections',
      categories: ['notification'],
    });
  if (options.incident !== false)
    events.push({ time: iso(mid), sourceId: reader, sourceType: 'db-instance', message: 'DB instance restarted', categories: ['availability'] });
  events.sort((a, b) => a.time.localeCompare(b.time));

  const slowLog =
    options.slowLog ??
    simulatedSlowLog(
      {
        windowStart: iso(w.start),
        windowEnd: iso(w.end),
        incidentStart,
        incidentEnd,
        hours: (w.end - w.start) / 3_600_000,
        incident: options.incident !== false,
      },
      rng,
    );
  const perfSchema = options.perfSchema ?? simulatedPerfSchema(slowLog, Math.round((w.end - w.start) / 1000));

  return {
    instance: {
      instance: name,
      cluster,
      instanceClass: 'db.r6g.2xlarge',
      engine: 'aurora-mysql',
      engineVersion: '8.0.mysql_aurora.3.05.2',
      role: 'writer',
      members: [
        { instance: name, writer: true },
        { instance: reader, writer: false },
      ],
      parameterGroup: `${cluster}-params`,
      performanceInsights: true,
      vcpu: 8,
      memoryGiB: 64,
      availabilityZone: 'ap-northeast-2a',
      status: 'available',
    },
    window: { start: iso(w.start), end: iso(w.end), periodS, label: w.label },
    metrics: series,
    missingMetrics: [],
    events,
    slowLog,
    errorLog: [
      {
        time: iso(timestamps[i0]! + 120_000),
        message: '[Warning] [MY-010055] [Server] IP address 10.0.12.41 could not be resolved: Name or service not known',
      },
      {
        time: iso(timestamps[Math.min(i1, i0 + 2)]!),
        message:
          '[Note] [MY-010914] [Server] Aborted connection 918273 to db: game user: game_app host: 10.0.13.7 (Got timeout reading communication packets).',
      },
    ],
    perfSchema,
    gaps: [],
    simulated: true,
  };
}
