/**
 * Incidents: symptom windows of medium or worse severity that overlap or follow closely, across
 * metrics, merged into one stretch; weaker symptoms in that stretch join it as supporting evidence. Each
 * incident then gets its load breakdown, its own SQL, the events in or just before it and, when it is
 * still going at the end of the window, the instance's current blocking chains and long transactions.
 */
import { severityRank, worstSeverity, type Severity } from '../core/severity';
import type { CollectedData, RdsEventRecord } from '../model/collected-data';
import type { Incident, IncidentSymptom } from './cause-types';
import { currentState, incidentEvents, incidentSql, loadBreakdown } from './load-attribution';
import type { SymptomWindow } from './symptoms';

/** Incidents kept (most important first), so a noisy week still reads. */
export const MAX_INCIDENTS = 5;

const WEIGHT: Record<Severity, number> = { info: 0, low: 0.5, medium: 2, high: 3, critical: 4 };

interface Cluster {
  start: number;
  end: number;
  windows: SymptomWindow[];
}

function worstPerGroup(windows: readonly SymptomWindow[]): IncidentSymptom[] {
  const best = new Map<string, SymptomWindow>();
  for (const w of windows) {
    const b = best.get(w.group);
    if (!b || severityRank(w.severity) > severityRank(b.severity) || (w.severity === b.severity && (w.ratio ?? 1) > (b.ratio ?? 1))) best.set(w.group, w);
  }
  return [...best.values()]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (b.ratio ?? 1) - (a.ratio ?? 1))
    .map((w) => {
      const s: IncidentSymptom = {
        group: w.group,
        metric: w.metric,
        unit: w.unit,
        peak: w.peak,
        peakAt: w.peakAt,
        severity: w.severity,
        start: w.start,
        end: w.end,
      };
      if (w.usual !== undefined) s.usual = w.usual;
      if (w.ratio !== undefined) s.ratio = w.ratio;
      return s;
    });
}

/** How much an incident matters: symptom severities, how far they went, and how long it lasted. */
export function importance(inc: Pick<Incident, 'symptoms' | 'start' | 'end'>): number {
  const minutes = (Date.parse(inc.end) - Date.parse(inc.start)) / 60_000;
  return inc.symptoms.reduce((a, s) => a + WEIGHT[s.severity] * Math.min(2, Math.log2(1 + (s.ratio ?? 1))), 0) + 0.5 * Math.log2(1 + Math.max(minutes, 0));
}

/**
 * Symptoms that follow a restart or failover (of this instance or a cluster member) within half an hour:
 * together they are an incident even when no single one is severe on its own (a reader restarting at
 * night doubles the writer's connections without crossing any line).
 */
export function eventSeeds(events: readonly RdsEventRecord[], windows: readonly SymptomWindow[], periodS: number): SymptomWindow[] {
  const out: SymptomWindow[] = [];
  for (const ev of events) {
    if (!/restart|reboot|shut ?down|fail ?over|recovery/i.test(ev.message)) continue;
    const t = Date.parse(ev.time);
    const after = windows.filter((w) => Date.parse(w.start) >= t - periodS * 1000 && Date.parse(w.start) <= t + 30 * 60_000 && (w.ratio ?? 1) >= 1.3);
    out.push(...after);
  }
  return out;
}

/** Merges symptom windows into incident stretches (time order). */
export function clusterSymptoms(windows: readonly SymptomWindow[], periodS: number, extraSeeds: readonly SymptomWindow[] = []): Cluster[] {
  const gapMs = Math.max(2 * periodS * 1000, 10 * 60_000);
  const seeded = new Set<SymptomWindow>(extraSeeds);
  const seeds = [...new Set([...windows.filter((w) => severityRank(w.severity) >= severityRank('medium')), ...extraSeeds])].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start),
  );
  const clusters: Cluster[] = [];
  for (const w of seeds) {
    const s = Date.parse(w.start);
    const e = Date.parse(w.end);
    const last = clusters[clusters.length - 1];
    if (last && s <= last.end + gapMs) {
      last.end = Math.max(last.end, e);
      last.windows.push(w);
    } else clusters.push({ start: s, end: e, windows: [w] });
  }
  // Supporting symptoms: weaker windows that overlap a cluster (with half the gap of slack).
  for (const w of windows) {
    if (severityRank(w.severity) >= severityRank('medium') || seeded.has(w)) continue;
    const s = Date.parse(w.start);
    const e = Date.parse(w.end);
    const c = clusters.find((c) => s <= c.end + gapMs / 2 && e >= c.start - gapMs / 2);
    if (c) c.windows.push(w);
  }
  return clusters;
}

export function findIncidents(data: CollectedData, windows: readonly SymptomWindow[], vcpu: number | undefined): Incident[] {
  const periodS = data.window.periodS;
  const windowEnd = Date.parse(data.window.end);
  const clusters = clusterSymptoms(windows, periodS, eventSeeds(data.events, windows, periodS));
  const incidents: Incident[] = clusters.map((c, i) => {
    const symptoms = worstPerGroup(c.windows);
    const lead = symptoms[0]!;
    const base = {
      id: `I${i + 1}`,
      start: new Date(c.start).toISOString(),
      end: new Date(c.end).toISOString(),
      peak: lead.peakAt,
      ongoing: c.end >= windowEnd - 2 * periodS * 1000 - 60_000,
      severity: worstSeverity(symptoms.map((s) => s.severity)) ?? 'low',
      symptoms,
    };
    const sql = incidentSql(data, base);
    const load = loadBreakdown(data, base, vcpu);
    const state = currentState(data, base);
    const incident: Incident = {
      ...base,
      sql: sql.sql,
      sqlNote: sql.note,
      events: incidentEvents(data, base),
      chains: state.chains,
      longTransactions: state.longTransactions,
    };
    if (load) incident.load = load;
    return incident;
  });
  return incidents.sort((a, b) => importance(b) - importance(a)).slice(0, MAX_INCIDENTS);
}
