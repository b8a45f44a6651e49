/**
 * Deterministic summaries built from the same structured findings the model would see. Used when AI
 * is off (source `off`) and when the model is unavailable (source `fallback`, with a one-line note).
 * Pure and stable: the same input gives the same text (golden tests in test/ai/golden/).
 */
import { redact } from '../core/redact';
import { severityRank, type Severity } from '../core/severity';
import { eventAdvice, metricAdvice, ruleAdvice } from './advice';
import { formatCount, formatPercent, formatSeconds, formatValue, trimNumber } from '../core/format';
import { clipText } from './clip-text';
import type { AlertTriageInput, FindingInput, ReportSummaryInput, ReviewExplainInput, ReviewFindingInput } from './inputs';
import { maskSql } from './mask';
import { LIMITS } from './schema';
import type { AiSummary } from './types';

export interface FallbackOptions {
  source?: 'fallback' | 'off';
  note?: string;
}

const REPORT_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'Degraded',
  medium: 'Needs attention',
  low: 'Healthy with notes',
  info: 'Healthy',
};
const REVIEW_LABEL: Record<Severity, string> = {
  critical: 'Do not run as is',
  high: 'Needs changes',
  medium: 'Worth fixing',
  low: 'Fine with notes',
  info: 'Fine',
};

function bySeverity<T extends { severity: Severity }>(items: T[]): T[] {
  // Stable: equal severities keep their input order.
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => severityRank(b.item.severity) - severityRank(a.item.severity) || a.i - b.i)
    .map((x) => x.item);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function uniquePush(list: string[], item: string | undefined, max: number): void {
  if (item && list.length < max && !list.includes(item)) list.push(item);
}

/** The summary goes to Slack and the report as is: every line passes the one redactor (hosts in RDS event messages, …). */
function finish(verdict: string, bullets: string[], actions: string[], options: FallbackOptions): AiSummary {
  const line = (text: string, max: number) => clipText(redact(text), max);
  const summary: AiSummary = {
    verdict: line(verdict, LIMITS.verdict),
    bullets: bullets.slice(0, LIMITS.bullets).map((b) => line(b, LIMITS.item)),
    actions: actions.slice(0, LIMITS.actions).map((a) => line(a, LIMITS.item)),
    citations: [],
    source: options.source ?? 'fallback',
  };
  if (options.note) summary.note = options.note;
  return summary;
}

function findingLine(f: FindingInput): string {
  return `${capitalize(f.severity)}: ${f.title}${f.evidence ? ` (${f.evidence})` : ''}`;
}

/** Deterministic report summary: verdict from the worst finding, bullets with the figures, next steps. */
export function reportFallback(input: ReportSummaryInput, options: FallbackOptions = {}): AiSummary {
  const findings = bySeverity(input.findings);
  const worst = findings[0];
  const serious = findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
  const units = new Map(input.statistics.map((s) => [s.metric, s.unit]));
  const anomalies = [...input.anomalies].sort((a, b) => b.score - a.score);
  const queries = [...input.topQueries].sort((a, b) => b.totalTime - a.totalTime);

  const cause = input.causes?.[0];
  let verdict: string;
  if (cause && input.verdict) {
    // The analysis found a likely cause: the summary leads with it, as the report and Slack do.
    verdict = `${capitalize(input.verdict.level)}: ${cause.summary}`;
  } else if (input.verdict) {
    // The analysis decided the level (it weighs more than the worst single finding); say the same.
    const more = serious.length > 1 ? ` (+${serious.length - 1} more finding${serious.length > 2 ? 's' : ''})` : '';
    verdict = `${capitalize(input.verdict.level)}: ${worst ? `${worst.title}${more}` : input.verdict.reason} — ${input.window}`;
  } else if (!worst) {
    verdict =
      anomalies.length > 0
        ? `Healthy: no findings in ${input.window}; ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'} worth a look`
        : `Healthy: no findings in ${input.window}`;
  } else {
    const more = serious.length > 1 ? ` (+${serious.length - 1} more finding${serious.length > 2 ? 's' : ''})` : '';
    verdict = `${REPORT_LABEL[worst.severity]}: ${worst.title}${more} — ${input.window}`;
  }

  const bullets: string[] = [];
  if (cause) for (const e of cause.evidence.slice(0, 3)) bullets.push(e);
  for (const f of findings.slice(0, cause ? 2 : 3)) bullets.push(findingLine(f));
  const anomaly = anomalies[0];
  if (anomaly) {
    const verb = anomaly.direction === 'up' ? 'rose to' : 'fell to';
    // No statistical score for the reader: the figure and the times say it.
    bullets.push(
      `${anomaly.metric} ${verb} ${formatValue(anomaly.peak, units.get(anomaly.metric))} between ${anomaly.start} and ${anomaly.end}${anomaly.reason ? ` (${anomaly.reason})` : `, unusually ${anomaly.direction === 'up' ? 'high' : 'low'} for it`}`,
    );
  }
  const top = queries[0];
  if (top) {
    bullets.push(
      `${input.topQueriesScope === 'incident' ? 'Top query class in the incident' : 'Top query class by total time'} (${formatCount(top.calls)} calls, ${formatSeconds(top.totalTime)} total, ${formatSeconds(top.avgTime)} average, ${formatCount(top.rowsExamined)} rows examined): ${clipText(maskSql(top.fingerprint), 120)}`,
    );
  }
  const lastEvent = input.events[input.events.length - 1];
  if (lastEvent)
    bullets.push(`${input.events.length} RDS event${input.events.length === 1 ? '' : 's'} in the window; latest ${lastEvent.time}: ${lastEvent.message}`);
  if (input.gaps.length > 0) bullets.push(`Not collected: ${input.gaps.join('; ')}`);
  const trending = [...input.statistics]
    .filter((s) => s.trendPct !== undefined && Math.abs(s.trendPct) >= 25)
    .sort((a, b) => Math.abs(b.trendPct ?? 0) - Math.abs(a.trendPct ?? 0))[0];
  if (trending && trending.trendPct !== undefined) {
    bullets.push(
      `${trending.metric} p95 ${formatValue(trending.p95, trending.unit)} (max ${formatValue(trending.max, trending.unit)}), ${trending.trendPct > 0 ? 'up' : 'down'} ${formatPercent(Math.abs(trending.trendPct), 0)} on the previous window`,
    );
  }
  if (bullets.length < 2 && input.statistics.length > 0) {
    bullets.push(
      `Key figures: ${input.statistics
        .slice(0, 3)
        .map((s) => `${s.metric} p95 ${formatValue(s.p95, s.unit)} (max ${formatValue(s.max, s.unit)})`)
        .join(', ')}`,
    );
  }

  const actions: string[] = [];
  if (cause) for (const a of cause.actions) uniquePush(actions, a, LIMITS.actions);
  for (const f of serious.slice(0, 3)) uniquePush(actions, metricAdvice(`${f.id} ${f.title}`) ?? `Follow up on "${f.title}" (${f.id}).`, LIMITS.actions);
  if (anomaly)
    uniquePush(
      actions,
      `Check what changed between ${anomaly.start} and ${anomaly.end} (deploys, batch jobs, RDS events) when ${anomaly.metric} peaked.`,
      LIMITS.actions,
    );
  if (top && serious.length > 0) {
    const perCall = top.rowsExamined / Math.max(top.calls, 1);
    uniquePush(
      actions,
      `EXPLAIN the top query class by total time (${formatCount(perCall)} rows examined per call) and check that its filters and joins use an index.`,
      LIMITS.actions,
    );
  }
  if (input.gaps.length > 0) uniquePush(actions, `Restore the missing data so the next report is complete: ${input.gaps[0]}.`, LIMITS.actions);
  if (actions.length === 0) actions.push('No action needed for this window.');

  return finish(verdict, bullets, actions, options);
}

interface LocatedFinding extends ReviewFindingInput {
  statement: number;
  type: string;
}

/** Deterministic SQL review explanation: counts by severity, the worst findings first, a fix per rule. */
export function reviewFallback(input: ReviewExplainInput, options: FallbackOptions = {}): AiSummary {
  const located: LocatedFinding[] = input.statements.flatMap((s) => s.findings.map((f) => ({ ...f, statement: s.index, type: s.type })));
  const findings = bySeverity(located);
  const worst = findings[0];
  const n = input.statements.length;
  const statements = `${n} statement${n === 1 ? '' : 's'}`;

  let verdict: string;
  if (!worst) {
    verdict = `Fine: no findings in ${statements}`;
  } else {
    const counts = new Map<Severity, number>();
    for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    const tally = [...counts.entries()].map(([sev, c]) => `${c} ${sev}`).join(', ');
    verdict = `${REVIEW_LABEL[worst.severity]}: ${tally} across ${statements}; statement ${worst.statement}: ${worst.message}`;
  }

  const bullets: string[] = [];
  const shown = findings.length > LIMITS.bullets ? LIMITS.bullets - 1 : LIMITS.bullets;
  for (const f of findings.slice(0, shown)) bullets.push(`Statement ${f.statement} (${f.type}), ${f.severity}: ${f.message} [${f.rule}]`);
  if (findings.length > shown) bullets.push(`${findings.length - shown} more finding${findings.length - shown === 1 ? '' : 's'} in the full review.`);
  for (const s of input.statements) {
    const highlight = s.planHighlights[0];
    if (highlight && bullets.length < LIMITS.bullets) bullets.push(`Statement ${s.index} plan: ${highlight}`);
  }
  if (bullets.length === 0) bullets.push(input.summary);

  const actions: string[] = [];
  for (const f of findings) {
    const advice = ruleAdvice(f.rule, f.message);
    uniquePush(actions, advice ? `Statement ${f.statement}: ${advice}` : `Statement ${f.statement}: fix "${f.message}" (${f.rule}).`, LIMITS.actions);
  }
  if (actions.length === 0) actions.push('No changes needed from this review.');

  return finish(verdict, bullets, actions, options);
}

/** Deterministic alert triage: state and figures, the reason, recent events, first checks. */
export function alertFallback(input: AlertTriageInput, options: FallbackOptions = {}): AiSummary {
  const state = input.state.toUpperCase();
  const figures =
    input.metric && input.value !== undefined
      ? `${input.metric} ${trimNumber(input.value, 2)}${input.threshold !== undefined ? ` vs threshold ${trimNumber(input.threshold, 2)}` : ''}`
      : (input.metric ?? '');

  let verdict: string;
  if (state === 'OK') verdict = `Recovered: ${input.name} is OK on ${input.target}`;
  else if (state === 'ALARM') verdict = `Alarm: ${input.name} on ${input.target}${figures ? `: ${figures}` : ''}`;
  else if (state === 'INSUFFICIENT_DATA') verdict = `No data: ${input.name} on ${input.target} has insufficient data`;
  else verdict = `${capitalize(input.state)}: ${input.name} on ${input.target}${input.reason ? `: ${input.reason}` : ''}`;

  const bullets: string[] = [];
  if (input.value !== undefined && input.threshold !== undefined && input.threshold !== 0) {
    const pct = ((input.value - input.threshold) / Math.abs(input.threshold)) * 100;
    bullets.push(
      `${input.metric ?? 'Value'} ${trimNumber(input.value, 2)} is ${formatPercent(Math.abs(pct), 0)} ${pct >= 0 ? 'above' : 'below'} the threshold ${trimNumber(input.threshold, 2)}`,
    );
  }
  if (input.reason) bullets.push(`Reason: ${input.reason}`);
  const events = input.recentEvents ?? [];
  for (const e of events.slice(0, 3)) bullets.push(`${e.time}: ${e.message}`);
  if (events.length > 3) bullets.push(`${events.length - 3} earlier event${events.length - 3 === 1 ? '' : 's'} not shown.`);
  bullets.push(`Source: ${input.source}`);

  const actions: string[] = [];
  if (state === 'OK') {
    actions.push('Confirm it stays OK; no action needed now.');
  } else if (state === 'INSUFFICIENT_DATA') {
    actions.push(`Check that ${input.target} is running and still reports metrics (stopped, renamed or deleted instances stop reporting).`);
  } else {
    actions.push(`Run \`report ${input.target} 1h\` to see the metrics, anomalies and top queries around the alert.`);
    uniquePush(actions, eventAdvice(`${input.state} ${input.reason ?? ''}`), LIMITS.actions);
    if (input.metric) uniquePush(actions, metricAdvice(`${input.metric} ${input.name}`), LIMITS.actions);
    uniquePush(actions, `Check recent RDS events for ${input.target} (failover, reboot, maintenance).`, LIMITS.actions);
  }

  return finish(verdict, bullets, actions, options);
}
