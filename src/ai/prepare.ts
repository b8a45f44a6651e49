/**
 * Turns each use's input into what the model may see: SQL masked, every string scrubbed of hosts,
 * IPs, account ids, ARNs and secrets, long texts capped, lists sorted most important first, and
 * sections ranked for the token budget. Also builds the short Knowledge Base query.
 */
import { severityRank } from '../core/severity';
import { capText, type BudgetSection } from './budget';
import type { AlertTriageInput, ReportSummaryInput, ReviewExplainInput } from './inputs';
import { redact, redactValue } from '../core/redact';
import { maskSql } from './mask';

const SQL_CHARS = 2_000;
const TEXT_CHARS = 400;

function text(s: string): string {
  return capText(redact(s), TEXT_CHARS);
}

export function reportSections(input: ReportSummaryInput): BudgetSection[] {
  const findings = input.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .map(({ f }) => ({ id: f.id, severity: f.severity, title: text(f.title), evidence: text(f.evidence) }));
  return [
    ...(input.verdict ? [{ key: 'verdict', value: { level: input.verdict.level, reason: text(input.verdict.reason) }, priority: 0, required: true }] : []),
    { key: 'instance', value: redactValue(input.instance), priority: 0, required: true },
    { key: 'window', value: text(input.window), priority: 0, required: true },
    ...(input.causes && input.causes.length > 0
      ? [
          {
            key: 'causes',
            value: input.causes.map((c) => ({
              kind: c.kind,
              confidence: c.confidence,
              summary: text(c.summary),
              evidence: c.evidence.map(text),
              actions: c.actions.map(text),
            })),
            priority: 0,
            required: true,
          },
        ]
      : []),
    ...(input.topQueriesScope ? [{ key: 'topQueriesScope', value: input.topQueriesScope, priority: 3 }] : []),
    { key: 'findings', value: findings, priority: 1, required: true },
    { key: 'gaps', value: input.gaps.map(text), priority: 1 },
    { key: 'anomalies', value: redactValue([...input.anomalies].sort((a, b) => b.score - a.score)), priority: 2 },
    { key: 'statistics', value: redactValue(input.statistics), priority: 3 },
    {
      key: 'topQueries',
      value: [...input.topQueries].sort((a, b) => b.totalTime - a.totalTime).map((q) => ({ ...q, fingerprint: capText(maskSql(q.fingerprint), SQL_CHARS) })),
      priority: 3,
    },
    { key: 'events', value: [...input.events].reverse().map((e) => ({ time: text(e.time), message: text(e.message) })), priority: 4 },
  ];
}

export function reviewSections(input: ReviewExplainInput): BudgetSection[] {
  const worst = (s: ReviewExplainInput['statements'][number]) => Math.max(-1, ...s.findings.map((f) => severityRank(f.severity)));
  const statements = input.statements
    .map((s, i) => ({ s, i }))
    .sort((a, b) => worst(b.s) - worst(a.s) || a.i - b.i)
    .map(({ s }) => ({
      index: s.index,
      type: text(s.type),
      sql: capText(maskSql(s.sql), SQL_CHARS),
      findings: s.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: text(f.message) })),
      planHighlights: s.planHighlights.map(text),
    }));
  return [
    { key: 'summary', value: text(input.summary), priority: 0, required: true },
    { key: 'statements', value: statements, priority: 1, required: true },
  ];
}

export function alertSections(input: AlertTriageInput): BudgetSection[] {
  const alert: Record<string, unknown> = { source: text(input.source), name: text(input.name), state: text(input.state), target: text(input.target) };
  if (input.metric !== undefined) alert.metric = text(input.metric);
  if (input.threshold !== undefined) alert.threshold = input.threshold;
  if (input.value !== undefined) alert.value = input.value;
  if (input.reason !== undefined) alert.reason = text(input.reason);
  const sections: BudgetSection[] = Object.entries(alert).map(([key, value]) => ({ key, value, priority: 0, required: true }));
  if (input.recentEvents)
    sections.push({ key: 'recentEvents', value: input.recentEvents.map((e) => ({ time: text(e.time), message: text(e.message) })), priority: 2 });
  return sections;
}

/** Short Knowledge Base queries: what the guidance should be about, never the raw data. */
export function reportQuery(input: ReportSummaryInput): string {
  const topics = [...input.findings]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, 3)
    .map((f) => f.title);
  const anomaly = [...input.anomalies].sort((a, b) => b.score - a.score)[0];
  if (anomaly) topics.push(`${anomaly.metric} ${anomaly.direction === 'up' ? 'spike' : 'drop'}`);
  return `Aurora MySQL ${input.instance.role} performance: ${topics.length > 0 ? topics.join('; ') : 'health check'}`;
}

export function reviewQuery(input: ReviewExplainInput): string {
  const rules = [...new Set(input.statements.flatMap((s) => s.findings.map((f) => f.message)))].slice(0, 3);
  const types = [...new Set(input.statements.map((s) => s.type))].slice(0, 3);
  return `Aurora MySQL SQL review (${types.join(', ')}): ${rules.length > 0 ? rules.join('; ') : 'best practices'}`;
}

export function alertQuery(input: AlertTriageInput): string {
  return `Aurora MySQL alert triage: ${[input.metric, input.name, input.state, input.reason].filter(Boolean).join(' ')}`;
}
