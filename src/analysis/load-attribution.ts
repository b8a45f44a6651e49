/**
 * What one incident window was made of: database load by wait class against the hour before it
 * (Performance Insights waits, else CloudWatch DBLoadCPU/DBLoadNonCPU), the statements that carried load
 * inside the window (PI by SQL, else slow-log classes by their timelines — never a class that did not run
 * in it), the RDS events in or just before it, and, for an incident still going, the blocking chains and
 * long transactions read from the instance at collection time. Pure.
 */
import type { DigestClass } from '../digest/types';
import type { CollectedData, MetricSeries, RdsEventRecord } from '../model/collected-data';
import type { Incident, IncidentEvent, IncidentSql, LoadBreakdown, LoadByClass } from './cause-types';
import { metricKey } from './stats';
import { isMetadataLockWait, WAIT_CLASSES, waitClassOf, type WaitClass } from './wait-classes';

type Span = Pick<Incident, 'start' | 'end' | 'ongoing'>;

/** Events this long before an incident still count as "just before" it. */
export const EVENT_LOOKBACK_MS = 30 * 60_000;
const MAX_SQL = 5;

interface Ranges {
  inc: [number, number];
  base: [number, number][];
}

/**
 * The incident range and its baseline: the hour (or three incident lengths) before it; when the window
 * has too little before the incident, everything outside it (with a margin).
 */
export function ranges(span: Span, data: Pick<CollectedData, 'window'>, periodMs: number): Ranges {
  const s = Date.parse(span.start);
  const e = Date.parse(span.end);
  const ws = Date.parse(data.window.start);
  const we = Date.parse(data.window.end);
  const lookback = Math.max(3_600_000, 3 * (e - s));
  const before: [number, number] = [Math.max(ws, s - lookback), s - periodMs];
  if (before[1] - before[0] >= 3 * periodMs) return { inc: [s, e], base: [before] };
  const outside: [number, number][] = [
    [ws, s - 2 * periodMs],
    [e + 2 * periodMs, we],
  ];
  return { inc: [s, e], base: outside.filter(([a, b]) => b - a >= periodMs) };
}

/** Mean of the values whose time falls in any of the ranges (inclusive); NaN when none. */
export function meanIn(t: readonly number[], v: readonly number[], rs: readonly [number, number][]): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    for (const [a, b] of rs) {
      if (x >= a && x <= b) {
        const y = v[i]!;
        if (Number.isFinite(y)) {
          sum += y;
          n++;
        }
        break;
      }
    }
  }
  return n > 0 ? sum / n : NaN;
}

function maxIn(t: readonly number[], v: readonly number[], [a, b]: [number, number]): number {
  let m = NaN;
  for (let i = 0; i < t.length; i++) if (t[i]! >= a && t[i]! <= b && !(v[i]! <= m)) m = v[i]!;
  return m;
}

const z = (x: number) => (Number.isFinite(x) ? x : 0);

function series(data: CollectedData, name: string): MetricSeries | undefined {
  return data.metrics.find((m) => metricKey(m) === name && m.values.length > 0);
}

/** Load by wait class in the incident against its baseline. */
export function loadBreakdown(data: CollectedData, span: Span, vcpu: number | undefined): LoadBreakdown | undefined {
  const pi = data.pi;
  if (pi && pi.timestamps.length > 0 && pi.byWait.length > 0) {
    const r = ranges(span, data, pi.periodS * 1000);
    const byClass = new Map<WaitClass, LoadByClass>(WAIT_CLASSES.map((c) => [c, { cls: c, aas: 0, baseline: 0 }]));
    const topWaits: LoadBreakdown['topWaits'] = [];
    let mdl = 0;
    let namedInc = 0;
    let namedBase = 0;
    for (const w of pi.byWait) {
      const cls = waitClassOf(w.id);
      const aas = z(meanIn(pi.timestamps, w.values, [r.inc]));
      const baseline = z(meanIn(pi.timestamps, w.values, r.base));
      const c = byClass.get(cls)!;
      c.aas += aas;
      c.baseline += baseline;
      namedInc += aas;
      namedBase += baseline;
      if (isMetadataLockWait(w.id)) mdl += aas;
      topWaits.push({ name: w.id, cls, aas, baseline });
    }
    const aas = z(meanIn(pi.timestamps, pi.total, [r.inc]));
    const baseline = z(meanIn(pi.timestamps, pi.total, r.base));
    // Wait events beyond PI's top keys: the rest of the total.
    const other = byClass.get('other')!;
    other.aas += Math.max(0, aas - namedInc);
    other.baseline += Math.max(0, baseline - namedBase);
    const out: LoadBreakdown = {
      source: 'pi',
      byClass: [...byClass.values()].filter((c) => c.aas > 0.005 || c.baseline > 0.005),
      aas,
      baseline,
      peak: z(maxIn(pi.timestamps, pi.total, r.inc)),
      topWaits: topWaits.sort((a, b) => b.aas - b.baseline - (a.aas - a.baseline)).slice(0, 6),
    };
    if (vcpu) out.vcpu = vcpu;
    if (mdl > 0.005) out.metadataLockAas = mdl;
    return out;
  }
  const cpu = series(data, 'DBLoadCPU');
  const nonCpu = series(data, 'DBLoadNonCPU');
  if (!cpu && !nonCpu) return undefined;
  const ref = (cpu ?? nonCpu)!;
  const r = ranges(span, data, data.window.periodS * 1000);
  const byClass: LoadByClass[] = [];
  if (cpu) byClass.push({ cls: 'cpu', aas: z(meanIn(cpu.timestamps, cpu.values, [r.inc])), baseline: z(meanIn(cpu.timestamps, cpu.values, r.base)) });
  if (nonCpu)
    byClass.push({ cls: 'other', aas: z(meanIn(nonCpu.timestamps, nonCpu.values, [r.inc])), baseline: z(meanIn(nonCpu.timestamps, nonCpu.values, r.base)) });
  const total = series(data, 'DBLoad');
  const out: LoadBreakdown = {
    source: 'cloudwatch',
    byClass,
    aas: byClass.reduce((a, c) => a + c.aas, 0),
    baseline: byClass.reduce((a, c) => a + c.baseline, 0),
    peak: total ? z(maxIn(total.timestamps, total.values, r.inc)) : z(maxIn(ref.timestamps, ref.values, r.inc)),
    topWaits: [],
  };
  if (vcpu) out.vcpu = vcpu;
  return out;
}

/**
 * In-incident rate over the rate before; Infinity ("new") only when the statement was next to absent
 * before: under `floor` in absolute terms and under 1 % of its incident rate.
 */
function growthOf(incRate: number, baseRate: number, floor: number): number {
  if (!(incRate > 0)) return 0;
  if (!(baseRate > 0) || (baseRate < floor && baseRate < incRate * 0.01)) return Infinity;
  return incRate / baseRate;
}

/** PI: each statement's load in the incident (from the by-SQL series) and before it. */
function piSql(data: CollectedData, span: Span): IncidentSql[] {
  const pi = data.pi!;
  const r = ranges(span, data, pi.periodS * 1000);
  const total = z(meanIn(pi.timestamps, pi.total, [r.inc]));
  const waitsOf = new Map<string, Record<string, number>>();
  const s = Date.parse(span.start);
  const e = Date.parse(span.end);
  for (const p of pi.peaks)
    if (Date.parse(p.start) <= e && Date.parse(p.end) >= s) for (const q of p.topSql) if (q.byWait && !waitsOf.has(q.id)) waitsOf.set(q.id, q.byWait);
  for (const q of pi.topSql) if (q.byWait && !waitsOf.has(q.id)) waitsOf.set(q.id, q.byWait);
  const out: IncidentSql[] = [];
  for (const q of pi.bySql) {
    const load = z(meanIn(pi.timestamps, q.values, [r.inc]));
    if (load < 0.02) continue;
    const base = z(meanIn(pi.timestamps, q.values, r.base));
    const sql: IncidentSql = {
      source: 'pi',
      id: q.id,
      text: q.label,
      load,
      share: total > 0 ? Math.min(1, load / total) : 0,
      growth: growthOf(load, base, 0.005),
    };
    const waits = waitsOf.get(q.id);
    if (waits) {
      const sum = Object.values(waits).reduce((a, b) => a + b, 0);
      if (sum > 0) {
        sql.byClass = {};
        for (const [name, v] of Object.entries(waits)) {
          const c = waitClassOf(name);
          sql.byClass[c] = (sql.byClass[c] ?? 0) + (v / sum) * load;
        }
      }
    }
    out.push(sql);
  }
  return out.sort((a, b) => b.load - a.load).slice(0, MAX_SQL);
}

function classWindowTime(c: DigestClass, s: number, e: number): { inc: number; incCalls: number; outside: number } | undefined {
  if (!c.timeline) return undefined;
  const b = c.timeline.bucketMs;
  let inc = 0;
  let incCalls = 0;
  let outside = 0;
  for (const [t, n, time] of c.timeline.points) {
    if (t + b > s && t <= e) {
      inc += time;
      incCalls += n;
    } else outside += time;
  }
  return { inc, incCalls, outside };
}

/** Slow log: query time of each class inside the incident window, by its timeline. */
function slowLogSql(data: CollectedData, span: Span): { sql: IncidentSql[]; placed: boolean } {
  const classes = data.slowLog?.classes ?? [];
  const s = Date.parse(span.start);
  const e = Date.parse(span.end);
  const ws = Date.parse(data.window.start);
  const we = Date.parse(data.window.end);
  const incMs = Math.max(e - s, data.window.periodS * 1000);
  const outMs = Math.max(we - ws - incMs, data.window.periodS * 1000);
  const slackMs = data.window.periodS * 1000;
  const rows: IncidentSql[] = [];
  let placed = false;
  for (const c of classes) {
    const w = classWindowTime(c, s, e);
    let inc: number;
    let calls: number;
    let outside: number;
    if (w) {
      placed = true;
      ({ inc, incCalls: calls, outside } = w);
    } else {
      // No timeline: only a class seen entirely inside the incident can be placed in it.
      if (!c.firstSeen || !c.lastSeen || Date.parse(c.firstSeen) < s - slackMs || Date.parse(c.lastSeen) > e + slackMs) continue;
      placed = true;
      inc = c.totalTime;
      calls = c.calls;
      outside = 0;
    }
    if (!(inc > 0)) continue;
    const sql: IncidentSql = {
      source: 'slowlog',
      id: c.id,
      text: c.fingerprint,
      load: inc,
      share: 0,
      growth: growthOf(inc / incMs, outside / outMs, 1e-6),
      calls,
      rowsExaminedPerCall: c.avgRowsExamined,
      lockTimeS: c.avgLockTime * calls,
    };
    if (c.extra?.fullScans) sql.fullScans = c.extra.fullScans;
    rows.push(sql);
  }
  const total = rows.reduce((a, r) => a + r.load, 0);
  for (const r of rows) r.share = total > 0 ? r.load / total : 0;
  return { sql: rows.sort((a, b) => b.load - a.load).slice(0, MAX_SQL), placed };
}

/** The statements of the incident and where they come from (or why there are none). */
export function incidentSql(data: CollectedData, span: Span): { sql: IncidentSql[]; note: string } {
  if (data.pi && data.pi.bySql.length > 0) {
    return { sql: piSql(data, span), note: 'Performance Insights: average active sessions per statement in the incident' };
  }
  const slow = slowLogSql(data, span);
  if (slow.sql.length > 0) return { sql: slow.sql, note: 'slow log: query time per class inside the incident (classes that ran only outside it are left out)' };
  const ps = data.perfSchema;
  if (span.ongoing && ps && ps.mode === 'delta' && ps.byTotalTime.length > 0) {
    const total = ps.byTotalTime.reduce((a, x) => a + x.totalTimeS, 0);
    const sql = ps.byTotalTime.slice(0, MAX_SQL).map(
      (x): IncidentSql => ({
        source: 'perfschema-now',
        id: x.digest,
        text: x.digestText,
        load: x.totalTimeS,
        share: total > 0 ? x.totalTimeS / total : 0,
        growth: NaN,
        calls: x.calls,
        rowsExaminedPerCall: x.calls > 0 ? x.rowsExamined / x.calls : 0,
      }),
    );
    return { sql, note: `performance_schema over ${ps.intervalS ?? '?'} s at the end of the window (the incident was still going)` };
  }
  if (!data.pi && !data.slowLog) return { sql: [], note: 'no statement data: Performance Insights is not available and the slow log was not read' };
  if (data.slowLog && !slow.placed) return { sql: [], note: 'the slow log has no times per class, and no class ran only inside the incident' };
  return { sql: [], note: 'no statement ran long enough inside the incident to be logged' };
}

const EVENT_KINDS: [RegExp, IncidentEvent['kind']][] = [
  [/fail ?over/i, 'failover'],
  [/restart|reboot|shut ?down|recovery|crash|started|stopped/i, 'restart'],
  [/instance class|scal(ed|ing)|capacity/i, 'scaling'],
  [/parameter|configuration|reboot to apply|modified|modif/i, 'config'],
  [/maintenance|upgrade|patch/i, 'maintenance'],
  [/storage/i, 'storage'],
  [/backup|snapshot/i, 'backup'],
  [/notification|high cpu|utilization/i, 'notification'],
];

export function eventKind(e: Pick<RdsEventRecord, 'message' | 'categories'>): IncidentEvent['kind'] {
  const text = `${e.message} ${e.categories.join(' ')}`;
  // RDS's own "high CPU" notifications describe the symptom, not a change: classify them first.
  if (/notification/i.test(e.categories.join(' ')) && !/fail ?over|restart|reboot/i.test(e.message)) return 'notification';
  for (const [re, kind] of EVENT_KINDS) if (re.test(text)) return kind;
  return 'other';
}

/** Events in the incident or up to EVENT_LOOKBACK_MS before it, oldest first. */
export function incidentEvents(data: CollectedData, span: Span): IncidentEvent[] {
  const s = Date.parse(span.start);
  const e = Date.parse(span.end);
  return data.events
    .filter((ev) => {
      const t = Date.parse(ev.time);
      return t >= s - EVENT_LOOKBACK_MS && t <= e;
    })
    .map((ev) => ({
      time: ev.time,
      sourceId: ev.sourceId,
      message: ev.message,
      kind: eventKind(ev),
      self: ev.sourceId === data.instance.instance,
      minutesBefore: Math.round((s - Date.parse(ev.time)) / 60_000),
    }));
}

/** The instance's chains and long transactions, when the incident lasts to the reading. */
export function currentState(data: CollectedData, span: Span): Pick<Incident, 'chains' | 'longTransactions'> {
  const st = data.instanceState;
  if (!st || !span.ongoing) return { chains: [], longTransactions: [] };
  // A reading taken long after the window says nothing about it.
  if (Math.abs(Date.parse(st.at) - Date.parse(data.window.end)) > 15 * 60_000) return { chains: [], longTransactions: [] };
  return { chains: st.chains, longTransactions: st.longTransactions };
}
