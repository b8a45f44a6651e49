/**
 * The built-in simulated instance: a db.r6g.2xlarge Aurora MySQL 3 writer in a two-member cluster with a
 * daily load curve and one planted scenario (simulated-scenarios.ts; default `cpu-query-regression`,
 * `healthy` has none). One incident curve drives everything: CloudWatch metrics, Performance Insights
 * load by wait/SQL/user/host, the slow log (with per-class timelines), performance_schema, RDS events
 * and the instance's lock/session state at the end. DBLoad equals the sum of the PI waits, so the sources
 * agree as they do on a real instance. Deterministic for a given seed and window.
 */
import { systemClock } from '../../core/clock';
import { loadPeaks } from '../pi';
import { windowOf } from '../../core/window';
import type { DigestResult } from '../../digest/types';
import type { InstanceState } from '../../model/instance-state-model';
import type { PiKeySeries, PiLoad, PiTopSql } from '../../model/load-model';
import type { CollectedData, MetricSeries, PerfSchemaSnapshot, RdsEventRecord } from '../../model/collected-data';
import { createRng, type Rng } from './random';
import { simulatedInstanceState } from './instance-state';
import { digestStyle, simulatedPerfSchema, simulatedSlowLog, type StatementLoad } from './queries';
import { BACKGROUND_WAITS, DEFAULT_SCENARIO, SCENARIO_SPECS, STATEMENTS, type MetricEffect, type ScenarioName, type ScenarioSpec } from './scenarios';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const MAX_POINTS = 1440;

export type SimulationWindow = { start: Date; end: Date } | { ms: number; label?: string };

export interface SimulateOptions {
  seed?: number;
  perfSchema?: PerfSchemaSnapshot;
  slowLog?: DigestResult;
  /** The instance's state read from a local server (replaces the simulated one). */
  instanceState?: InstanceState;
  /** End of a window given as a length (default: now, rounded down to the minute). */
  end?: Date;
  /** Force a period (seconds, multiple of 60); by default the smallest that keeps ≤ 1,440 points. */
  periodS?: number;
  /** The planted scenario (default `cpu-query-regression`). */
  scenario?: ScenarioName;
  /** false: the `healthy` scenario (kept for older callers). */
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
  const end = options.end ? options.end.getTime() : Math.floor(systemClock.now() / 60_000) * 60_000;
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

/** The incident's intensity over time (0…1) for one shape. */
export interface IncidentCurve {
  start: number;
  end: number;
  at(t: number, shape?: MetricEffect['shape']): number;
}

function incidentCurve(spec: ScenarioSpec, w: { start: number; end: number }, periodMs: number): IncidentCurve | undefined {
  if (spec.placement === 'none') return undefined;
  const span = w.end - w.start;
  const minutes = Math.min(spec.minutes(span / 60_000), (span / 60_000) * (spec.placement === 'to-end' ? 0.6 : 0.3));
  const len = Math.max(2 * periodMs, minutes * 60_000);
  const start = spec.placement === 'to-end' ? w.end - len : w.start + Math.floor((span * 2) / 3 / periodMs) * periodMs;
  const end = Math.min(w.end, start + len);
  const ramp = Math.min(2 * periodMs, len / 3);
  const step = (t: number) =>
    t < start || t > end + periodMs ? 0 : Math.min(1, (t - start + periodMs) / ramp, spec.placement === 'to-end' ? 1 : (end + periodMs - t) / periodMs);
  const grow = (t: number) => (t < start ? 0 : Math.min(1, (t - start + periodMs) / Math.max(end - start, periodMs)));
  return {
    start,
    end,
    at(t, shape) {
      const s = shape ?? spec.shape ?? 'step';
      if (s === 'grow') return grow(t);
      if (s === 'late') return spec.shape === 'grow' ? Math.max(0, 2 * grow(t) - 1) : t >= (start + end) / 2 ? step(t) : 0;
      return step(t);
    },
  };
}

function applyEffect(base: number, e: MetricEffect | undefined, k: number): number {
  if (!e || k <= 0) return base;
  if (e.to !== undefined) return base + (e.to - base) * k;
  return base * (1 + ((e.mul ?? 1) - 1) * k) + (e.add ?? 0) * k;
}

interface Grid {
  timestamps: number[];
  periodMs: number;
}

function grid(w: { start: number; end: number }, periodS: number): Grid {
  const periodMs = periodS * 1000;
  const first = Math.ceil(w.start / periodMs) * periodMs;
  const n = Math.max(2, Math.floor((w.end - first) / periodMs));
  return { timestamps: Array.from({ length: n }, (_, i) => first + i * periodMs), periodMs };
}

/** Per-statement and per-wait load on a grid, from the daily curve, the scenario and smooth noise. */
function workload(g: Grid, spec: ScenarioSpec, curve: IncidentCurve | undefined, rng: Rng) {
  const n = g.timestamps.length;
  const L = g.timestamps.map(diurnal);
  const I = g.timestamps.map((t) => curve?.at(t) ?? 0);
  const statements: StatementLoad[] = [];
  const waits = new Map<string, number[]>();
  const addWait = (name: string, i: number, v: number) => {
    let a = waits.get(name);
    if (!a) waits.set(name, (a = new Array<number>(n).fill(0)));
    a[i]! += v;
  };
  for (const s of STATEMENTS) {
    const noise = ar1(rng, n, 0.08);
    const extra = spec.sql?.[s.key] ?? 0;
    const incidentMix = spec.incidentWaits?.[s.key];
    const values = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const usual = (s.base[0] + (s.base[1] - s.base[0]) * L[i]!) * Math.max(0, 1 + noise[i]!) * (1 + ((spec.sqlScale ?? 1) - 1) * I[i]!);
      const added = extra * I[i]! * Math.max(0.6, 1 + noise[i]! * 1.5);
      values[i] = usual + added;
      for (const [w, f] of Object.entries(s.waits)) addWait(w, i, usual * f);
      for (const [w, f] of Object.entries(incidentMix ?? s.waits)) addWait(w, i, added * f);
    }
    if (values.some((v) => v > 0)) {
      const users = s.key === 'item-logs-report' ? ['report_user'] : ['game_app'];
      statements.push({ statement: s, values, users, hosts: s.key === 'item-logs-report' ? ['10.0.20.5'] : ['10.0.12.41', '10.0.13.7'] });
    }
  }
  for (const [w, [a, b]] of Object.entries(BACKGROUND_WAITS)) {
    const noise = ar1(rng, n, 0.1);
    for (let i = 0; i < n; i++) addWait(w, i, (a + (b - a) * L[i]!) * Math.max(0, 1 + noise[i]!));
  }
  for (const [w, v] of Object.entries(spec.waits ?? {})) for (let i = 0; i < n; i++) addWait(w, i, v * (curve?.at(g.timestamps[i]!) ?? 0));
  return { L, I, statements, waits };
}

function topSqlOver(statements: readonly StatementLoad[], g: Grid, from: number, to: number, spec: ScenarioSpec, curve: IncidentCurve | undefined): PiTopSql[] {
  const out: PiTopSql[] = [];
  for (const l of statements) {
    let sum = 0;
    let n = 0;
    let incidentShare = 0;
    g.timestamps.forEach((t, i) => {
      if (t < from || t >= to) return;
      sum += l.values[i]!;
      n++;
      incidentShare += curve?.at(t) ?? 0;
    });
    const load = n > 0 ? sum / n : 0;
    if (load < 0.01) continue;
    const mix = spec.incidentWaits?.[l.statement.key] && n > 0 && incidentShare / n > 0.5 ? spec.incidentWaits[l.statement.key]! : l.statement.waits;
    out.push({
      id: `sim-${l.statement.key}`,
      statement: digestStyle(l.statement.fingerprint),
      load,
      byWait: Object.fromEntries(Object.entries(mix).map(([w, f]) => [w, load * f])),
    });
  }
  return out.sort((a, b) => b.load - a.load).slice(0, 10);
}

function simulatedPi(
  g: Grid,
  periodS: number,
  w: { start: number; end: number },
  spec: ScenarioSpec,
  curve: IncidentCurve | undefined,
  wl: ReturnType<typeof workload>,
): PiLoad {
  const n = g.timestamps.length;
  const total = new Array<number>(n).fill(0);
  for (const a of wl.waits.values()) for (let i = 0; i < n; i++) total[i]! += a[i]!;
  const byWait: PiKeySeries[] = [...wl.waits.entries()]
    .map(([id, values]) => ({ id, label: id, waitType: id === 'cpu' ? 'CPU' : id.split('/')[0]!, values }))
    .sort((a, b) => b.values.reduce((x, y) => x + y, 0) - a.values.reduce((x, y) => x + y, 0))
    .slice(0, 10);
  const bySql: PiKeySeries[] = wl.statements.map((l) => ({ id: `sim-${l.statement.key}`, label: digestStyle(l.statement.fingerprint), values: l.values }));
  const storm = spec.name === 'connection-storm';
  const byUser: PiKeySeries[] = [
    { id: 'game_app', label: 'game_app', values: total.map((v, i) => v - (wl.statements.find((l) => l.statement.key === 'item-logs-report')?.values[i] ?? 0)) },
    ...(wl.statements.some((l) => l.statement.key === 'item-logs-report')
      ? [{ id: 'report_user', label: 'report_user', values: wl.statements.find((l) => l.statement.key === 'item-logs-report')!.values }]
      : []),
  ];
  const stormShare = (i: number) => (storm ? 0.7 * wl.I[i]! : 0);
  const byHost: PiKeySeries[] = [
    { id: '10.0.12.41', label: '10.0.12.41', values: total.map((v, i) => v * 0.55 * (1 - stormShare(i))) },
    { id: '10.0.13.7', label: '10.0.13.7', values: total.map((v, i) => v * 0.45 * (1 - stormShare(i))) },
    ...(storm ? [{ id: '10.0.15.3', label: '10.0.15.3', values: total.map((v, i) => v * stormShare(i)) }] : []),
  ];
  const peaks = loadPeaks(g.timestamps, total, periodS).map((p) => ({
    start: p.start.toISOString(),
    end: p.end.toISOString(),
    topSql: topSqlOver(wl.statements, g, p.start.getTime(), p.end.getTime(), spec, curve),
  }));
  return {
    periodS,
    timestamps: g.timestamps,
    total,
    byWait,
    bySql,
    byUser,
    byHost,
    topSql: topSqlOver(wl.statements, g, w.start, w.end + 1, spec, curve),
    peaks,
  };
}

/** The simulated cluster's daily automated backups at 03:10 UTC within [start, end) (epoch ms). */
export function backupEvents(cluster: string, start: number, end: number): RdsEventRecord[] {
  const iso = (t: number) => new Date(t).toISOString();
  const events: RdsEventRecord[] = [];
  for (let day = Math.floor(start / 86_400_000); day * 86_400_000 < end; day++) {
    const t = day * 86_400_000 + 3 * 3_600_000 + 10 * 60_000;
    if (t >= start && t + 8 * 60_000 < end) {
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
  return events;
}

export function simulateInstance(name: string, window: SimulationWindow, options: SimulateOptions = {}): CollectedData {
  const rng = createRng(options.seed ?? 42);
  const w = resolveWindow(window, options);
  const periodS = options.periodS ?? simulationPeriodS(w.end - w.start);
  const g = grid(w, periodS);
  const { timestamps } = g;
  const n = timestamps.length;
  const scenario: ScenarioName = options.incident === false ? 'healthy' : (options.scenario ?? DEFAULT_SCENARIO);
  const spec = SCENARIO_SPECS[scenario];
  const curve = incidentCurve(spec, w, g.periodMs);
  const wl = workload(g, spec, curve, rng);
  const { L } = wl;
  const k = (metric: string, i: number) => curve?.at(timestamps[i]!, spec.metrics[metric]?.shape) ?? 0;
  const effect = (metric: string, i: number, base: number) => applyEffect(base, spec.metrics[metric], k(metric, i));

  const series: MetricSeries[] = [];
  const add = (metric: string, unit: string, f: (i: number) => number, scope: 'instance' | 'cluster' = 'instance') => {
    const key = scope === 'cluster' ? `cluster.${metric}` : metric;
    series.push({ name: metric, scope, unit, timestamps, values: timestamps.map((_, i) => applyEffect(f(i), spec.metrics[key], k(key, i))) });
  };
  const nz = (sd: number, phi?: number) => ar1(rng, n, sd, phi);
  const pos = (x: number) => Math.max(0, x);
  const sumWaits = (cpu: boolean) => timestamps.map((_, i) => [...wl.waits.entries()].reduce((a, [name, v]) => a + ((name === 'cpu') === cpu ? v[i]! : 0), 0));

  const cpuN = nz(2.2);
  add('CPUUtilization', 'Percent', (i) => Math.min(99.5, pos(14 + 42 * L[i]! + cpuN[i]!)));
  const dbLoadCpu = sumWaits(true);
  const dbLoadNonCpu = sumWaits(false);
  // DBLoad is what Performance Insights counts: the sum of its waits (no effect applied on top).
  series.push({ name: 'DBLoad', scope: 'instance', unit: 'None', timestamps, values: timestamps.map((_, i) => dbLoadCpu[i]! + dbLoadNonCpu[i]!) });
  series.push({ name: 'DBLoadCPU', scope: 'instance', unit: 'None', timestamps, values: dbLoadCpu });
  series.push({ name: 'DBLoadNonCPU', scope: 'instance', unit: 'None', timestamps, values: dbLoadNonCpu });
  const connN = nz(7);
  add('DatabaseConnections', 'Count', (i) => Math.round(pos(110 + 260 * L[i]! + connN[i]!)));
  const attN = nz(0.6);
  add('ConnectionAttempts', 'Count/Second', (i) => pos(2 + 6 * L[i]! + attN[i]!));
  add('AbortedClients', 'Count', () => rng.poisson(0.3));
  const memN = nz(0.15 * GiB, 0.95);
  add('FreeableMemory', 'Bytes', (i) => 19 * GiB - 2.5 * GiB * L[i]! + memN[i]!);
  add('SwapUsage', 'Bytes', () => 2.4 * MiB);
  const rIops = nz(40);
  const readIops = timestamps.map((_, i) => effect('ReadIOPS', i, pos(250 + 1100 * L[i]! + rIops[i]!)));
  const wIops = nz(35);
  const writeIops = timestamps.map((_, i) => effect('WriteIOPS', i, pos(380 + 850 * L[i]! + wIops[i]!)));
  series.push({ name: 'ReadIOPS', scope: 'instance', unit: 'Count/Second', timestamps, values: readIops });
  series.push({ name: 'WriteIOPS', scope: 'instance', unit: 'Count/Second', timestamps, values: writeIops });
  const rl = nz(0.00008);
  add('ReadLatency', 'Seconds', (i) => pos(0.0007 + 0.0004 * L[i]! + rl[i]!));
  const wl2 = nz(0.0001);
  add('WriteLatency', 'Seconds', (i) => pos(0.0011 + 0.0005 * L[i]! + wl2[i]!));
  const rt = timestamps.map((_, i) => readIops[i]! * 16_384 * (0.9 + 0.2 * rng.next()));
  series.push({
    name: 'ReadThroughput',
    scope: 'instance',
    unit: 'Bytes/Second',
    timestamps,
    values: rt.map((v, i) =>
      spec.metrics.ReadThroughput ? v * (1 + ((spec.metrics.ReadThroughput.mul ?? 1) / (spec.metrics.ReadIOPS?.mul ?? 1) - 1) * k('ReadThroughput', i)) : v,
    ),
  });
  add('WriteThroughput', 'Bytes/Second', (i) => writeIops[i]! * 12_000 * (0.9 + 0.2 * rng.next()));
  const netN = nz(0.3 * MiB);
  add('NetworkReceiveThroughput', 'Bytes/Second', (i) => pos(1.2 * MiB + 6 * MiB * L[i]! + netN[i]!));
  add('NetworkTransmitThroughput', 'Bytes/Second', (i) => pos(3 * MiB + 18 * MiB * L[i]! + netN[i]! * 2));
  const bch = nz(0.06);
  add('BufferCacheHitRatio', 'Percent', (i) => Math.min(100, 99.75 - 0.2 * L[i]! + bch[i]!));
  const dml = nz(0.15);
  add('DMLLatency', 'Milliseconds', (i) => pos(1.4 + 1.1 * L[i]! + dml[i]!));
  const upd = nz(0.2);
  add('UpdateLatency', 'Milliseconds', (i) => pos(1.9 + 1.4 * L[i]! + upd[i]!));
  const sel = nz(0.08);
  add('SelectLatency', 'Milliseconds', (i) => pos(0.7 + 0.6 * L[i]! + sel[i]!));
  const com = nz(0.2);
  add('CommitLatency', 'Milliseconds', (i) => pos(2.1 + 1.2 * L[i]! + com[i]!));
  add('Deadlocks', 'Count/Second', () => (rng.next() < 0.004 ? 1 / periodS : 0));
  const blkN = nz(0.01);
  add('BlockedTransactions', 'Count/Second', (i) => pos(0.02 + 0.04 * L[i]! + blkN[i]!));
  const rlt = nz(1.5);
  add('RowLockTime', 'Milliseconds', (i) => pos(3 + 9 * L[i]! + rlt[i]!));
  const hllN = nz(120, 0.9);
  add('RollbackSegmentHistoryListLength', 'Count', (i) => Math.round(pos(1500 + 2500 * L[i]! + hllN[i]!)));
  const qN = nz(120);
  const queries = timestamps.map((_, i) => pos(3800 + 9200 * L[i]! + qN[i]!));
  add('Queries', 'Count/Second', (i) => queries[i]!);
  add('SelectThroughput', 'Count/Second', (i) => queries[i]! * 0.72);
  add('FreeLocalStorage', 'Bytes', (i) => 118 * GiB - (i / n) * 0.6 * GiB);
  add('VolumeBytesUsed', 'Bytes', (i) => 862 * GiB + (i / n) * 3.5 * GiB, 'cluster');
  series.push({ name: 'VolumeReadIOPs', scope: 'cluster', unit: 'Count', timestamps, values: readIops.map((v) => Math.round(v * periodS * 0.35)) });
  add('VolumeWriteIOPs', 'Count', (i) => Math.round(writeIops[i]! * periodS * 0.5), 'cluster');
  const lagN = nz(3);
  add('AuroraReplicaLagMaximum', 'Milliseconds', (i) => pos(20 + 10 * L[i]! + lagN[i]! * 1.3), 'cluster');

  const { cluster, reader } = names(name);
  const iso = (t: number) => new Date(t).toISOString();
  const events = backupEvents(cluster, w.start, w.end);
  const ctx = curve ? { instance: name, reader, cluster, start: curve.start, end: curve.end, windowEnd: w.end } : undefined;
  if (ctx && spec.events) events.push(...spec.events(ctx).filter((e) => Date.parse(e.time) >= w.start && Date.parse(e.time) <= w.end));
  events.sort((a, b) => a.time.localeCompare(b.time));
  const errorLog = ctx && spec.errorLog ? spec.errorLog(ctx) : [];

  const slowLog = options.slowLog ?? simulatedSlowLog(wl.statements, timestamps, periodS, rng);
  const perfSchema = options.perfSchema ?? simulatedPerfSchema(wl.statements, 10);
  const pi = simulatedPi(g, periodS, w, spec, curve, wl);
  const hll = series.find((s) => s.name === 'RollbackSegmentHistoryListLength')!.values;
  const instanceState =
    options.instanceState ?? simulatedInstanceState(scenario, w.end, curve?.start ?? w.end, hll[n - 1] ?? 0, scenario === 'memory-pressure' ? 48_000 : 900);

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
      resourceId: `db-SIMULATED${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 29),
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
    errorLog,
    perfSchema,
    pi,
    instanceState,
    gaps: [],
    simulated: true,
  };
}
