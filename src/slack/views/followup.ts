/**
 * Block Kit for an answer to a follow-up question in a report's thread: the direct answer, the figures
 * with their times, next steps when asked, and where it came from (the report, Claude or the matching
 * findings, a link to the report). Model and report text is untrusted: escaped, cut. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { ReportContext } from '../../ai/followup';
import type { AiSummary } from '../../ai/types';
import type { SlackReply } from '../reply';
import { escapeClip, link, SAFE_URL } from '../text';

export function followUpReply(ai: AiSummary, report: ReportContext): SlackReply {
  const lines = [`*${escapeClip(ai.verdict, 300)}*`, ...ai.bullets.slice(0, 6).map((b) => `• ${escapeClip(b, 450)}`)];
  if (ai.actions.length) lines.push('*Next steps*', ...ai.actions.slice(0, 3).map((a) => `• ${escapeClip(a, 300)}`));
  const how = ai.source === 'model' ? 'Answer by Claude from the report' : 'Matched from the report';
  const foot = [
    `${how} on ${escapeClip(report.instance, 80)} (last ${escapeClip(report.windowLabel, 20)})`,
    ai.note ? escapeClip(ai.note, 200) : '',
    report.reportUrl && SAFE_URL.test(report.reportUrl) ? link(report.reportUrl, 'Open report') : '',
  ].filter((x) => x !== '');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2_900) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: foot.join(' · ') }] },
  ];
  return { text: escapeClip(ai.verdict, 500), blocks };
}

/** The answer when the thread has no report to answer from. */
export function noReportReply(): SlackReply {
  const text =
    'There is no report in this thread to answer from (or it is older than I keep). Ask in the thread of a report answer, or run `/dbassist report INSTANCE WINDOW` first.';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:grey_question: ${text}` } }] };
}
