/**
 * Follow-up questions on a posted report (`@dbassist why is CPU high?` in its thread): the compact
 * report context stored when the report was posted, the model's input built from it, and the
 * deterministic answer used when Bedrock is off or fails — the causes, findings, anomalies, metrics,
 * incidents, events and queries that match the question's words or time, with their figures and
 * times; or, when nothing matches, a plain "the report cannot answer that" with what it does cover.
 * Pure.
 */
import { redact } from '../core/redact';
import type { BudgetSection } from './budget';
import type { FallbackOptions } from './fallback';
import type { AiSummary } from './types';

/** What is kept of a report to answer questions in its thread (a few KB of JSON). */
export interface ReportContext {
  v: 1;
  instance: string;
  windowLabel: string;
  /** ISO start and end of the window. */
  start: string;
  end: string;
  reportUrl?: string;
  verdict: { level: string; reason: string };
  causes: Array<{ summary: string; confidence: string; evidence: Array<{ text: string; at?: string }>; actions: string[] }>;
  findings: Array<{ severity: string; title: string; detail: string; metric?: string; at?: string; start?: string; end?: string }>;
  stats: Array<{ metric: string; unit: string; p50: number; p95: number; max: number; maxAt: string; min: number; minAt: string }>;
  anomalies: Array<{ metric: string; start: string; end: string; peak: string; peakValue: number; expected: number; reason: string }>;
  incidents: Array<{
    id: string;
    start: string;
    end: string;
    peak: string;
    symptoms: Array<{ metric: string; unit: string; peak: number; peakAt: string }>;
    sql: Array<{ text: string; share: number; source: string }>;
  }>;
  events: Array<{ time: string; message: string }>;
  queries: Array<{ fingerprint: string; calls: number; totalTime: number; avgTime: number; share: number }>;
  gaps: string[];
}

export interface FollowUpInput {
  question: string;
  report: ReportContext;
}

/** Words of a question mapped to the metric names and topics they mean. */
const TOPICS: Array<{ words: RegExp; metrics: RegExp; topic: string }> = [
  { words: /\b(cpu|processor|compute)\b/i, metrics: /CPU/i, topic: 'cpu' },
  { words: /\b(load|aas|active sessions?|busy)\b/i, metrics: /DBLoad/i, topic: 'load' },
  { words: /\b(connections?|sessions?|threads?)\b/i, metrics: /Connections|Threads/i, topic: 'connections' },
  { words: /\b(memory|ram|swap|freeable)\b/i, metrics: /Memory|Swap/i, topic: 'memory' },
  { words: /\b(io|iops|disk|storage|read|write|latency)\b/i, metrics: /IOPS|Latency|Throughput|Storage|Volume/i, topic: 'io' },
  { words: /\b(lag|replica|replication|reader)\b/i, metrics: /Lag/i, topic: 'lag' },
  { words: /\b(locks?|blocked|blocking|deadlocks?|waits?|waiting|row lock)\b/i, metrics: /Deadlock|Lock/i, topic: 'locks' },
  { words: /\b(queries|query|sql|statements?|ran|running|slow|select|update|insert|delete)\b/i, metrics: /Queries|Latency/i, topic: 'queries' },
  { words: /\b(restart|reboot|failover|event|maintenance|parameter|config)\b/i, metrics: /^$/, topic: 'events' },
];

const clockRe = /\b([01]?\d|2[0-3]):([0-5]\d)\b/;

/** Minutes between an ISO time and a clock time HH:MM asked about (UTC), across midnight. */
function minutesFrom(iso: string | undefined, hh: number, mm: number): number {
  if (!iso) return Infinity;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return Infinity;
  const a = d.getUTCHours() * 60 + d.getUTCMinutes();
  const diff = Math.abs(a - (hh * 60 + mm));
  return Math.min(diff, 1440 - diff);
}

/** CloudWatch units as words after a figure; `None` and `Count` say nothing. */
const unitOf = (unit: string): string => (unit === 'None' || unit === 'Count' || unit === '' ? '' : unit === 'Percent' ? ' %' : ` ${unit.toLowerCase()}`);
const hhmm = (iso: string | undefined): string => (iso ? `${iso.slice(11, 16)}` : '');
const fmt = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 100) / 100));
const inSpan = (iso: string, start: string, end: string, hh: number, mm: number): boolean => {
  const t = minutesFrom(iso, hh, mm);
  const s = new Date(start).getTime();
  const e = new Date(end).getTime();
  const day = new Date(iso);
  const asked = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh, mm);
  return t === 0 || (asked >= s && asked <= e) || (asked + 86_400_000 >= s && asked + 86_400_000 <= e) || (asked - 86_400_000 >= s && asked - 86_400_000 <= e);
};

/** The facts of the report that bear on the question, best first, each with its figures and time. */
export function matchReport(input: FollowUpInput): { facts: string[]; topics: string[]; at?: string } {
  const q = input.question;
  const r = input.report;
  const topics = TOPICS.filter((t) => t.words.test(q));
  const m = clockRe.exec(q);
  const at = m ? { hh: Number(m[1]), mm: Number(m[2]) } : undefined;
  const wantsWhy = /\b(why|cause|caused|reason|root)\b/i.test(q);
  const scored: Array<{ score: number; text: string }> = [];
  const add = (score: number, text: string) => {
    if (score > 0) scored.push({ score, text });
  };
  const topicScore = (s: string) => topics.reduce((n, t) => n + (t.metrics.test(s) || t.words.test(s) ? 1 : 0), 0);
  const near = (iso: string | undefined, span?: { start: string; end: string }) => {
    if (!at) return 0;
    if (span && inSpan(iso ?? span.start, span.start, span.end, at.hh, at.mm)) return 2;
    const d = minutesFrom(iso, at.hh, at.mm);
    return d <= 5 ? 2 : d <= 15 ? 1 : 0;
  };

  r.causes.forEach((c, i) => {
    const text = `${c.summary} ${c.evidence.map((e) => e.text).join(' ')}`;
    const score = topicScore(text) * 2 + (wantsWhy ? 3 - Math.min(i, 2) : 0) + Math.max(0, ...c.evidence.map((e) => near(e.at)));
    const ev = c.evidence
      .slice(0, 2)
      .map((e) => (e.at && !e.text.includes(hhmm(e.at)) ? `${hhmm(e.at)} ${e.text}` : e.text))
      .join('; ');
    add(score, `Likely cause (${c.confidence} confidence): ${c.summary}${ev ? ` — ${ev}` : ''}${c.actions[0] ? `. First step: ${c.actions[0]}` : ''}`);
  });
  for (const inc of r.incidents) {
    const score = near(inc.peak, { start: inc.start, end: inc.end }) * 2 + topicScore(inc.symptoms.map((s) => s.metric).join(' '));
    const symptoms = inc.symptoms
      .slice(0, 3)
      .map((s) => `${s.metric} peaked at ${fmt(s.peak)}${unitOf(s.unit)} at ${hhmm(s.peakAt)}`)
      .join('; ');
    const sql = inc.sql
      .slice(0, 2)
      .map((s) => `${s.text.slice(0, 120)} (${Math.round(s.share * 100)} % of ${s.source === 'pi' ? 'load' : 'query time'})`)
      .join('; ');
    add(score, `Incident ${inc.id} ${hhmm(inc.start)}–${hhmm(inc.end)} UTC: ${symptoms}${sql ? `. Top SQL in it: ${sql}` : ''}`);
  }
  for (const f of r.findings) {
    const score = topicScore(`${f.metric ?? ''} ${f.title} ${f.detail}`) * 2 + near(f.at, f.start && f.end ? { start: f.start, end: f.end } : undefined);
    const when = f.at ? ` at ${hhmm(f.at)}` : f.start ? ` ${hhmm(f.start)}–${hhmm(f.end)}` : '';
    add(score, `${f.severity} finding${when}: ${f.title} — ${f.detail}`);
  }
  for (const a of r.anomalies) {
    const score = topicScore(a.metric) * 2 + near(a.peak, { start: a.start, end: a.end });
    add(
      score,
      `${a.metric} was unusual ${hhmm(a.start)}–${hhmm(a.end)}, peak ${fmt(a.peakValue)} at ${hhmm(a.peak)} against a usual ${fmt(a.expected)} (${a.reason})`,
    );
  }
  for (const s of r.stats) {
    const score = topicScore(s.metric) * 2 + near(s.maxAt);
    add(score, `${s.metric}: median ${fmt(s.p50)}${unitOf(s.unit)}, p95 ${fmt(s.p95)}, max ${fmt(s.max)} at ${hhmm(s.maxAt)} UTC`);
  }
  for (const e of r.events)
    add(topicScore(e.message) * 2 + (topics.some((t) => t.topic === 'events') ? 1 : 0) + near(e.time) * 2, `RDS event at ${hhmm(e.time)}: ${e.message}`);
  const wantsQueries = topics.some((t) => t.topic === 'queries') || (at !== undefined && /\bran|running|run\b/i.test(q));
  if (wantsQueries && !r.incidents.some((i) => i.sql.length > 0 && at && inSpan(i.peak, i.start, i.end, at.hh, at.mm)))
    r.queries
      .slice(0, 3)
      .forEach((c, i) =>
        add(
          3 - i,
          `Top query class ${i + 1} over the window: ${c.fingerprint.slice(0, 160)} — ${c.calls.toLocaleString('en-US')} calls, ${fmt(c.totalTime)} s in all (${Math.round(c.share * 100)} %), avg ${fmt(c.avgTime)} s`,
        ),
      );
  scored.sort((a, b) => b.score - a.score);
  const facts = [...new Set(scored.map((s) => s.text))].slice(0, 5);
  return { facts, topics: topics.map((t) => t.topic), ...(m ? { at: m[0] } : {}) };
}

/** What the report covers, for an answer that cannot be given. */
function coverage(r: ReportContext): string {
  const parts = [
    `${r.stats.length} metrics`,
    r.causes.length ? `${r.causes.length} likely cause(s)` : '',
    r.incidents.length ? `${r.incidents.length} incident(s)` : '',
    `${r.findings.length} findings`,
    r.queries.length ? `${r.queries.length} query classes` : '',
    r.events.length ? `${r.events.length} RDS events` : '',
  ].filter((x) => x !== '');
  return parts.join(', ');
}

/** The deterministic answer: the matching facts, or a plain statement that the report cannot answer. */
export function followUpFallback(input: FollowUpInput, options: FallbackOptions = {}): AiSummary {
  const r = input.report;
  const { facts, at } = matchReport(input);
  const base: Pick<AiSummary, 'citations' | 'source' | 'note'> = {
    citations: [],
    source: options.source ?? 'fallback',
    ...(options.note ? { note: options.note } : {}),
  };
  if (facts.length === 0) {
    const outside = at ? ` ${at} may be outside the window (${hhmm(r.start)}–${hhmm(r.end)} UTC).` : '';
    return {
      ...base,
      verdict: `The report on ${r.instance} (last ${r.windowLabel}) cannot answer that.${outside}`,
      bullets: [
        `It covers ${coverage(r)}; ${r.verdict.level}: ${r.verdict.reason}`,
        ...(r.gaps.length ? [`Not collected: ${r.gaps.slice(0, 3).join('; ')}`] : []),
      ],
      actions: [`Ask about one of those, or run \`/dbassist report ${r.instance} <window>\` for another window.`],
    };
  }
  return {
    ...base,
    verdict: `From the report on ${r.instance} (last ${r.windowLabel}, ${r.verdict.level}):`,
    bullets: facts,
    actions: [],
  };
}

const text = (s: string, max = 600) => {
  const t = redact(s);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** The model's input: the question and the stored report, the question and the verdict never cut. */
export function followUpSections(input: FollowUpInput): BudgetSection[] {
  const r = input.report;
  return [
    { key: 'question', value: text(input.question, 500), priority: 0, required: true },
    {
      key: 'report',
      value: { instance: r.instance, window: `last ${r.windowLabel} (${r.start} – ${r.end})`, verdict: r.verdict },
      priority: 0,
      required: true,
    },
    { key: 'causes', value: r.causes, priority: 1, required: true, keep: 1 },
    { key: 'incidents', value: r.incidents, priority: 2 },
    { key: 'findings', value: r.findings, priority: 2 },
    { key: 'anomalies', value: r.anomalies, priority: 3 },
    { key: 'statistics', value: r.stats, priority: 3 },
    { key: 'topQueries', value: r.queries, priority: 3 },
    { key: 'events', value: r.events, priority: 4 },
    { key: 'gaps', value: r.gaps, priority: 4 },
  ];
}
