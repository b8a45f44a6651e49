/**
 * Block Kit for a performance report: the verdict in the header, the likely cause in one line, three
 * bullets (evidence with its time, the first thing to do, what else there is), a "missing" line for what
 * could not be collected, and the buttons (Open report, Re-run for 1h / 24h). Every count comes from the
 * same helpers as the report's first screen (analysis/report-lines.ts), so the two agree. Every
 * interpolated text is escaped (&, <, >). Pure.
 */
import type { Button, KnownBlock } from '@slack/types';
import { findingCounts, otherCauses, topActions } from '../../analysis/report-lines';
import type { ReportAnalysis } from '../../analysis/types';
import { formatTime, formatValue } from '../../core/format';
import type { CollectionGap } from '../../model/collected-data';
import type { SlackReply } from '../reply';
import { clip, escapeSlack } from '../text';

export interface ReportReplyInput {
  target: string;
  /** e.g. `6h`. */
  windowLabel: string;
  analysis: ReportAnalysis;
  reportUrl?: string;
  gaps: CollectionGap[];
  /**
   * What changed against the same window a day or a week earlier (analysis/changes.ts changeLines: a
   * headline, then a few changes), shown under the bullets. Follow-ups and progress replies go in the
   * thread, not here.
   */
  changes?: string[];
}

const LEVEL_EMOJI = { healthy: ':large_green_circle:', degraded: ':large_orange_circle:', critical: ':red_circle:' } as const;

/** Escaped text of at most `max` characters, never cut inside an entity. */
export function fit(raw: string, max: number): string {
  let t = clip(raw, max);
  let e = escapeSlack(t);
  while (e.length > max && t.length > 1) {
    t = clip(raw, Math.max(1, t.length - (e.length - max) - 1));
    e = escapeSlack(t);
  }
  return e;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** The cause line and its three bullets (evidence, action, what else). */
function causeBlocks(a: ReportAnalysis, windowLabel: string): { line: string; bullets: string[] } {
  const top = a.causes[0];
  const also = [otherCauses(a), `${findingCounts(a)} in the report`].filter((x) => x !== '').join('; ');
  if (top) {
    const evidence = top.evidence
      .slice(0, 2)
      .map((x) => (x.at && !x.text.includes(formatTime(x.at)) ? `${formatTime(x.at)} ${x.text}` : x.text))
      .join('; ');
    return {
      line: `*Likely cause* (${top.confidence} confidence): ${fit(top.summary, 600)}`,
      bullets: [`*Evidence:* ${fit(evidence, 700)}`, `*Do:* ${fit(topActions(a)[0] ?? 'see the report', 500)}`, `*Also:* ${fit(also, 400)}`],
    };
  }
  const inc = a.incidents[0];
  const action = topActions(a)[0];
  if (inc) {
    return {
      line: `*Incident ${inc.id}* ${formatTime(inc.start)}–${formatTime(inc.end).slice(-5)}: ${fit(a.verdict.reason, 500)}; nothing collected explains it with confidence.`,
      bullets: [
        `*Evidence:* ${fit(
          inc.symptoms
            .slice(0, 3)
            .map((s) => `${s.metric} at ${formatTime(s.peakAt)}`)
            .join('; '),
          600,
        )}`,
        `*Do:* ${fit(action ?? 'open the report and compare with the application side (deploys, jobs)', 500)}`,
        `*Also:* ${fit(also, 400)}`,
      ],
    };
  }
  const stat = (m: string) => a.stats.find((s) => s.metric === m);
  const cpu = stat('CPUUtilization');
  const load = stat('DBLoad');
  // The same formatting as the report's statistics table, so the figures match it.
  const figures = [cpu ? `CPU p95 ${formatValue(cpu.p95, cpu.unit)}` : '', load ? `database load p95 ${formatValue(load.p95, load.unit)} active sessions` : '']
    .filter((x) => x !== '')
    .join(', ');
  return {
    line: `*No incident* in the last ${fit(windowLabel, 20)}.`,
    bullets: [
      `*Evidence:* ${fit(figures || a.verdict.reason, 500)}`,
      `*Do:* ${fit(action ?? 'nothing needed for this window', 500)}`,
      `*Also:* ${fit(also, 400)}`,
    ],
  };
}

export function renderReportReply(input: ReportReplyInput): SlackReply {
  const { analysis } = input;
  const level = analysis.verdict.level;
  const { line, bullets } = causeBlocks(analysis, input.windowLabel);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', emoji: true, text: fit(`${LEVEL_EMOJI[level]} ${level.toUpperCase()} · ${input.target} · last ${input.windowLabel}`, 150) },
    },
    section(line),
    section(bullets.map((b) => `• ${b}`).join('\n')),
  ];
  if (input.changes && input.changes.length > 0) blocks.push(context(input.changes.map((l) => fit(l, 400)).join('\n')));
  if (input.gaps.length > 0) {
    const gaps = input.gaps.map((g) => `${g.what} (${g.reason})`).join('; ');
    blocks.push(context(`:warning: Missing: ${fit(gaps, 2900)}`));
  }
  const value = JSON.stringify({ target: input.target });
  const elements: Button[] = [];
  if (input.reportUrl && /^https?:\/\//i.test(input.reportUrl) && input.reportUrl.length <= 3000) {
    elements.push({ type: 'button', action_id: 'report_open', text: { type: 'plain_text', text: 'Open report' }, url: input.reportUrl, style: 'primary' });
  }
  elements.push(
    { type: 'button', action_id: 'report_rerun_1h', text: { type: 'plain_text', text: 'Re-run for 1h' }, value },
    { type: 'button', action_id: 'report_rerun_24h', text: { type: 'plain_text', text: 'Re-run for 24h' }, value },
  );
  blocks.push({ type: 'actions', elements });
  const top = analysis.causes[0];
  const text = fit(`${level.toUpperCase()}: ${input.target} (last ${input.windowLabel}) — ${top ? top.summary : analysis.verdict.reason}`, 3000);
  return { text, blocks };
}
