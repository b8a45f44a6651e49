/**
 * Block Kit for a performance report: header with the verdict, the reason, 3–5 key findings with their
 * numbers, the AI summary bullets when present, a "missing" line for what could not be collected, and
 * actions (Open report, Re-run for 1h / 24h). Every interpolated text is escaped (&, <, >). Pure.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { AiSummary } from '../../ai/types';
import type { ReportAnalysis } from '../../analysis/types';
import type { CollectionGap } from '../../model/collected-data';
import type { SlackReply } from '../reply';
import { clip, escapeSlack } from '../text';

export interface ReportReplyInput {
  target: string;
  /** e.g. `6h`. */
  windowLabel: string;
  analysis: ReportAnalysis;
  ai?: AiSummary;
  reportUrl?: string;
  gaps: CollectionGap[];
}

const LEVEL_EMOJI = { healthy: ':large_green_circle:', degraded: ':large_orange_circle:', critical: ':red_circle:' } as const;
const SEVERITY_EMOJI: Record<string, string> = {
  critical: ':red_circle:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};
const MAX_FINDINGS = 5;
const MIN_FINDINGS = 3;

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

/** Key findings: the non-collection ones, most severe first; at least 3 when there are, at most 5. */
function keyFindings(analysis: ReportAnalysis) {
  const real = analysis.findings.filter((f) => f.kind !== 'collection');
  const notable = real.filter((f) => f.severity !== 'info' && f.severity !== 'low');
  return (notable.length >= MIN_FINDINGS ? notable : real).slice(0, MAX_FINDINGS);
}

export function renderReportReply(input: ReportReplyInput): SlackReply {
  const { analysis, ai } = input;
  const level = analysis.verdict.level;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', emoji: true, text: fit(`${LEVEL_EMOJI[level]} ${level.toUpperCase()} · ${input.target} · last ${input.windowLabel}`, 150) },
    },
    section(fit(analysis.verdict.reason, 3000)),
  ];
  const findings = keyFindings(analysis);
  if (findings.length > 0) {
    const lines = findings.map((f) => `${SEVERITY_EMOJI[f.severity] ?? ''} *${f.severity}* ${fit(f.title, 400)}`);
    blocks.push(section(`*Key findings*\n${lines.join('\n')}`));
  } else {
    blocks.push(section('No findings in this window.'));
  }
  if (ai && ai.bullets.length > 0) {
    const bullets = ai.bullets.slice(0, 5).map((b) => `• ${fit(b, 500)}`);
    blocks.push(section(`*Summary*${ai.verdict ? ` — ${fit(ai.verdict, 300)}` : ''}\n${bullets.join('\n')}`));
    if (ai.source !== 'model' || ai.note)
      blocks.push(
        context(fit(ai.note ?? (ai.source === 'fallback' ? 'Deterministic summary (the model did not answer).' : 'AI is off; deterministic summary.'), 1000)),
      );
  }
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
  const text = fit(`${level.toUpperCase()}: ${input.target} (last ${input.windowLabel}) — ${analysis.verdict.reason}`, 3000);
  return { text, blocks };
}
