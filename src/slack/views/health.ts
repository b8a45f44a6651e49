/**
 * Block Kit for the fleet view: a header with the counts per level, one row per instance (worst first)
 * with a "Report" button that runs `/dbassist report <instance> 1h` through the same action path as a
 * report's re-run button, and "and M more" past MAX_ROWS — inside Slack's 50 blocks and well under its
 * ~12,000 characters of text per message. Pure.
 */
import type { KnownBlock } from '@slack/types';
import { type HealthLevel, type HealthRow, levelCounts } from '../../analysis/fleet-health';
import type { HealthResult } from '../../jobs/health';
import type { SlackReply } from '../reply';
import { clip, escapeSlack } from '../text';

/** Rows shown; with the header, summary, "more" and notes blocks that stays ≤ 50 blocks. */
export const MAX_ROWS = 40;

const EMOJI: Record<HealthLevel, string> = {
  critical: ':red_circle:',
  degraded: ':large_orange_circle:',
  'no-data': ':white_circle:',
  healthy: ':large_green_circle:',
};

/** The action id of a row's button: a re-run button's id with the row number (ids must differ within a message). */
export const rowActionId = (i: number): string => `report_rerun_1h_${i}`;

function rowText(r: HealthRow): string {
  const m = r.member;
  const what =
    r.level === 'no-data'
      ? 'no metrics in the last 15 minutes (stopped, renamed, or not readable)'
      : r.problems.length > 0
        ? r.problems.slice(0, 3).join(' · ')
        : r.figures.join(' · ') || 'all metrics within limits';
  return clip(`${EMOJI[r.level]} *${escapeSlack(m.instance)}* ${escapeSlack(`(${m.cluster}, ${m.role})`)} — ${escapeSlack(what)}`, 600);
}

export function healthReply(result: HealthResult): SlackReply {
  const counts = levelCounts(result.rows);
  const scope = result.pattern ? ` matching ${result.pattern}` : '';
  const summary = (['critical', 'degraded', 'no-data', 'healthy'] as const)
    .filter((l) => counts[l] > 0)
    .map((l) => `${counts[l]} ${l === 'no-data' ? 'without data' : l}`)
    .join(', ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', emoji: true, text: clip(`Fleet health · ${result.rows.length} instances${scope}`, 150) } },
  ];
  if (result.rows.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `No instances${escapeSlack(scope)}.` } });
    return { text: escapeSlack(`Fleet health: no instances${scope}`), blocks };
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${escapeSlack(summary)} · last 5 minutes of CloudWatch, worst first · ${result.calls} GetMetricData call(s)` }],
  });
  result.rows.slice(0, MAX_ROWS).forEach((r, i) => {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: rowText(r) },
      accessory: {
        type: 'button',
        action_id: rowActionId(i),
        text: { type: 'plain_text', text: 'Report 1h' },
        value: JSON.stringify({ target: r.member.instance }),
        ...(r.level === 'critical' ? { style: 'danger' as const } : {}),
      },
    });
  });
  const rest = result.rows.slice(MAX_ROWS);
  if (rest.length > 0) {
    const restCounts = levelCounts(rest);
    const parts = (['critical', 'degraded', 'no-data', 'healthy'] as const).filter((l) => restCounts[l] > 0).map((l) => `${restCounts[l]} ${l}`);
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${rest.length} more (${parts.join(', ')}). Narrow it with \`/dbassist health <pattern>\`.` }],
    });
  }
  if (result.notes.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(`:warning: ${escapeSlack(result.notes.join('; '))}`, 2000) }] });
  }
  const worst = result.rows[0]!;
  const text = clip(`Fleet health${scope}: ${summary}. Worst: ${worst.member.instance} (${worst.level})`, 3000);
  return { text: escapeSlack(text), blocks };
}
