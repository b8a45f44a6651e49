/**
 * Builds the AI module's ReportSummaryInput from collected data and its analysis: structured figures
 * only, never raw dumps, hostnames or sample statements (the AI module masks and scrubs again).
 */
import type { ReportSummaryInput } from '../ai/inputs';
import type { ReportAnalysis } from '../analysis/types';
import type { CollectedData, CollectionGap } from '../model/collected-data';

const MAX_FINDINGS = 12;
const MAX_QUERIES = 5;
const MAX_EVENTS = 20;

/** Times as HH:MM, or with the date when the window spans a day or more. */
const when = (iso: string, withDate: boolean): string => (withDate ? iso.slice(0, 16).replace('T', ' ') : iso.slice(11, 16));

export function gapLine(g: CollectionGap): string {
  return `${g.what}: ${g.reason}`;
}

function windowQueries(data: CollectedData): ReportSummaryInput['topQueries'] {
  return data.slowLog?.classes.length
    ? data.slowLog.classes
        .slice(0, MAX_QUERIES)
        .map((c) => ({ fingerprint: c.fingerprint, calls: c.calls, totalTime: c.totalTime, avgTime: c.avgTime, rowsExamined: c.rowsExamined }))
    : (data.perfSchema?.byTotalTime ?? []).slice(0, MAX_QUERIES).map((s) => ({
        fingerprint: s.digestText,
        calls: s.calls,
        totalTime: s.totalTimeS,
        avgTime: s.avgTimeMs / 1000,
        rowsExamined: s.rowsExamined,
      }));
}

/**
 * With an incident, only the classes that ran inside it (never the window's top classes, which may have
 * run outside it); without one, the window's top classes.
 */
function queriesFor(data: CollectedData, analysis: ReportAnalysis): { topQueries: ReportSummaryInput['topQueries']; scope: 'incident' | 'window' } {
  const main = analysis.incidents.find((i) => i.id === analysis.causes[0]?.incidentId) ?? analysis.incidents[0];
  if (!main) return { topQueries: windowQueries(data), scope: 'window' };
  const topQueries = main.sql
    .filter((q) => q.source === 'slowlog')
    .map((q) => ({
      fingerprint: q.text,
      calls: q.calls ?? 0,
      totalTime: q.load,
      avgTime: q.calls ? q.load / q.calls : 0,
      rowsExamined: Math.round((q.rowsExaminedPerCall ?? 0) * (q.calls ?? 0)),
    }));
  return { topQueries, scope: 'incident' };
}

export function summaryInput(data: CollectedData, analysis: ReportAnalysis, gaps: CollectionGap[] = data.gaps): ReportSummaryInput {
  const { topQueries, scope } = queriesFor(data, analysis);
  const gapLines = gaps.map(gapLine);
  if (data.missingMetrics.length > 0) gapLines.push(`metrics without data: ${data.missingMetrics.join(', ')}`);
  return {
    verdict: { level: analysis.verdict.level, reason: analysis.verdict.reason },
    instance: {
      instanceClass: data.instance.instanceClass,
      engine: data.instance.engine,
      engineVersion: data.instance.engineVersion,
      role: data.instance.role,
    },
    window: (() => {
      const withDate = Date.parse(data.window.end) - Date.parse(data.window.start) >= 86_400_000;
      return `last ${data.window.label} (${when(data.window.start, withDate)}–${when(data.window.end, withDate)} UTC)`;
    })(),
    findings: analysis.findings.slice(0, MAX_FINDINGS).map((f) => ({ id: f.id, severity: f.severity, title: f.title, evidence: f.detail })),
    statistics: analysis.stats.map((s) => ({
      metric: s.metric,
      unit: s.unit,
      p95: s.p95,
      max: s.max,
      ...(s.changePct === null ? {} : { trendPct: s.changePct }),
    })),
    anomalies: analysis.anomalies.map((a) => ({
      metric: a.metric,
      start: a.start,
      end: a.end,
      peak: a.peakValue,
      direction: a.direction === 'high' ? 'up' : 'down',
      score: a.score,
      reason: a.reason,
    })),
    topQueries,
    topQueriesScope: scope,
    ...(analysis.causes.length > 0
      ? {
          causes: analysis.causes
            .slice(0, 3)
            .map((c) => ({ kind: c.kind, confidence: c.confidence, summary: c.summary, evidence: c.evidence.map((e) => e.text), actions: c.actions })),
        }
      : {}),
    events: data.events.slice(-MAX_EVENTS).map((e) => ({ time: e.time, message: e.message })),
    gaps: gapLines,
  };
}
