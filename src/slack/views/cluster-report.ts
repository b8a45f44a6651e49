/**
 * Block Kit for a cluster report: the cluster's verdict (its worst member's) in the header, what the
 * comparison found (load balance, replica lag, configuration and parameter differences), then one
 * row per member — role, class, zone, verdict, its share of the queries, CPU and lag — with a link to
 * that member's own report (or, without a link, a button that runs it). Pure.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { MemberRow } from '../../analysis/cluster-compare';
import { formatPercent, formatValue } from '../../core/format';
import type { ClusterReportResult } from '../../jobs/cluster-report';
import type { SlackReply } from '../reply';
import { clip, escapeSlack } from '../text';
import { rowActionId } from './health';

const LEVEL_EMOJI = { healthy: ':large_green_circle:', degraded: ':large_orange_circle:', critical: ':red_circle:' } as const;
const MAX_NOTES = 6;

/** The action id of a member's "Open report" link button (ids differ within a message). */
export const openActionId = (i: number): string => `report_open_${i}`;

function figures(r: MemberRow): string {
  return [
    r.queriesPerS !== undefined
      ? `${formatValue(r.queriesPerS, 'Count/Second')} queries${r.queryShare !== undefined ? ` (${formatPercent(r.queryShare * 100, 1)})` : ''}`
      : '',
    r.cpuP95 !== undefined ? `CPU p95 ${formatValue(r.cpuP95, 'Percent')}` : '',
    r.dbLoadP95 !== undefined ? `load p95 ${formatValue(r.dbLoadP95, 'Count')}` : '',
    r.lagMaxMs !== undefined ? `lag max ${formatValue(r.lagMaxMs, 'Milliseconds')}` : '',
  ]
    .filter((x) => x !== '')
    .join(' · ');
}

export function clusterReportReply(result: ClusterReportResult): SlackReply {
  const c = result.comparison;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        emoji: true,
        text: clip(
          `${LEVEL_EMOJI[c.verdict]} ${c.verdict.toUpperCase()} · cluster ${result.cluster} · ${c.members.length} members · last ${result.windowLabel}`,
          150,
        ),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          c.notes.length > 0
            ? c.notes
                .slice(0, MAX_NOTES)
                .map((n) => `• ${escapeSlack(n)}`)
                .join('\n')
            : 'The members look alike: load shared as expected, no replica lag worth a note, the same configuration and parameters.',
          2900,
        ),
      },
    },
  ];
  const urls = new Map(result.members.map((m) => [m.meta.instance, m.report?.published?.url]));
  c.members.forEach((r, i) => {
    const url = urls.get(r.instance);
    const accessory: Button =
      url && /^https?:\/\//i.test(url) && url.length <= 3000
        ? { type: 'button', action_id: openActionId(i), text: { type: 'plain_text', text: 'Open report' }, url }
        : { type: 'button', action_id: rowActionId(i), text: { type: 'plain_text', text: 'Report 1h' }, value: JSON.stringify({ target: r.instance }) };
    const where = [r.role, r.instanceClass, r.availabilityZone].filter((x) => x !== undefined && x !== '').join(' · ');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `${LEVEL_EMOJI[r.verdict]} *${escapeSlack(r.instance)}* ${escapeSlack(where)}\n${escapeSlack(clip(r.reason, 300))}\n${escapeSlack(figures(r))}`,
          2900,
        ),
      },
      accessory,
    });
  });
  if (result.gaps.length > 0) {
    const gaps = result.gaps.map((g) => `${g.what} (${g.reason})`).join('; ');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(`:warning: Missing: ${escapeSlack(gaps)}`, 2900) }] });
  }
  const text = `${c.verdict.toUpperCase()}: cluster ${result.cluster} (last ${result.windowLabel}) — ${c.members.length} members${c.notes[0] ? `; ${c.notes[0]}` : ''}`;
  return { text: escapeSlack(clip(text, 2900)), blocks };
}
