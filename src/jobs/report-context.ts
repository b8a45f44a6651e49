/**
 * The compact context of a posted report, stored in the StateStore under the channel and thread the
 * report was posted in, so a follow-up question in that thread (`@dbassist why is CPU high?`) is
 * answered from the same data: verdict, causes, findings, anomalies, statistics, incidents with their
 * SQL, events and the top query classes, each list capped, text cut. It is read only for questions
 * asked in that same thread of that same channel, so it shows nobody anything the channel has not seen.
 */
import type { ReportContext } from '../ai/followup';
import type { StateStore } from '../state/store';
import type { ReportResult } from './report';

const cut = (s: string, max = 400) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function followUpKey(channel: string, threadTs: string): string {
  return `followups/${channel.replace(/[^A-Za-z0-9]/g, '_')}/${threadTs.replace(/[^0-9.]/g, '_')}.json`;
}

export function reportContext(r: Pick<ReportResult, 'instance' | 'windowLabel' | 'data' | 'analysis' | 'published'>): ReportContext {
  const a = r.analysis;
  const total = r.data.slowLog?.totals.totalTime ?? 0;
  return {
    v: 1,
    instance: r.instance,
    windowLabel: r.windowLabel,
    start: r.data.window.start,
    end: r.data.window.end,
    ...(r.published?.url ? { reportUrl: r.published.url } : {}),
    verdict: { level: a.verdict.level, reason: cut(a.verdict.reason) },
    causes: a.causes.slice(0, 5).map((c) => ({
      summary: cut(c.summary),
      confidence: c.confidence,
      evidence: c.evidence.slice(0, 5).map((e) => ({ text: cut(e.text, 300), ...(e.at ? { at: e.at } : {}) })),
      actions: c.actions.slice(0, 3).map((x) => cut(x, 300)),
    })),
    findings: a.findings.slice(0, 30).map((f) => ({
      severity: f.severity,
      title: cut(f.title, 200),
      detail: cut(f.detail, 300),
      ...(f.evidence.metric ? { metric: f.evidence.metric } : {}),
      ...(f.evidence.at ? { at: f.evidence.at } : {}),
      ...(f.evidence.window ? { start: f.evidence.window.start, end: f.evidence.window.end } : {}),
    })),
    stats: a.stats
      .slice(0, 40)
      .map((s) => ({ metric: s.metric, unit: s.unit, p50: s.p50, p95: s.p95, max: s.max, maxAt: s.maxAt, min: s.min, minAt: s.minAt })),
    anomalies: a.anomalies
      .slice(0, 20)
      .map((x) => ({ metric: x.metric, start: x.start, end: x.end, peak: x.peak, peakValue: x.peakValue, expected: x.expected, reason: cut(x.reason, 200) })),
    incidents: a.incidents.slice(0, 5).map((i) => ({
      id: i.id,
      start: i.start,
      end: i.end,
      peak: i.peak,
      symptoms: i.symptoms.slice(0, 6).map((s) => ({ metric: s.metric, unit: s.unit, peak: s.peak, peakAt: s.peakAt })),
      sql: i.sql.slice(0, 5).map((s) => ({ text: cut(s.text, 300), share: s.share, source: s.source })),
    })),
    events: r.data.events.slice(-20).map((e) => ({ time: e.time, message: cut(e.message, 300) })),
    queries: (r.data.slowLog?.classes ?? []).slice(0, 10).map((c) => ({
      fingerprint: cut(c.fingerprint, 300),
      calls: c.calls,
      totalTime: c.totalTime,
      avgTime: c.avgTime,
      share: total > 0 ? c.totalTime / total : c.share,
    })),
    gaps: r.data.gaps.slice(0, 10).map((g) => cut(`${g.what}: ${g.reason}`, 200)),
  };
}

/** Stores the context for the thread; a failure is the caller's to log (the report is out either way). */
export async function storeReportContext(store: StateStore, channel: string, threadTs: string, context: ReportContext): Promise<void> {
  const key = followUpKey(channel, threadTs);
  if (!(await store.create(key, context))) {
    const current = await store.get<ReportContext>(key);
    if (current) await store.replace(key, context, current.version);
  }
}

export async function loadReportContext(store: StateStore, channel: string, threadTs: string): Promise<ReportContext | undefined> {
  return (await store.get<ReportContext>(followUpKey(channel, threadTs)))?.value;
}
