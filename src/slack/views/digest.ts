/**
 * Block Kit for a slow-query digest: a header, a one-line summary, then one compact section per class
 * (rank, share, calls, total/avg/p95 time, rows examined, databases; numbers by src/core/format.ts) with
 * the fingerprint in a code block cut to fit Slack's 3,000 characters per section. Never more than 50 blocks. Pure function.
 * Fingerprints hold no literals (pt-style `?`), so they are safe to post; samples are never posted.
 */
import type { KnownBlock } from '@slack/types';
import { formatCount, formatNumber, formatPercent, formatSeconds } from '../../core/format';
import { distill } from '../../digest/format';
import type { DigestClass, DigestResult } from '../../digest/types';
import { blockTextLength, SLACK_LIMITS } from '../message-limits';
import type { SlackReply } from '../reply';
import { clip, cutEscaped, escapeSlack, link, SAFE_URL } from '../text';

const MAX_BLOCKS = 50;
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

export interface DigestViewOptions {
  /** What was digested, e.g. `prod-main-1, last 6h`. */
  title: string;
  /** Classes to show (default 10); fewer when 50 blocks or Slack's ~12,000 characters would not hold them. */
  top?: number;
  /** Link to the whole digest as a page, shown when classes were left out. */
  fullResultUrl?: string;
}

/** A digest answer; `omitted` when classes that were asked for were left out (publish the whole digest). */
export type DigestReply = SlackReply & { omitted: boolean };

/** Characters kept for the "more classes" line with its link. */
const FOOTER_RESERVE = 400;

function classSection(c: DigestClass, rank: number): KnownBlock {
  const dbs = c.databases.length
    ? ` · db ${c.databases
        .slice(0, 3)
        .map((d) => `\`${escapeSlack(d)}\``)
        .join(', ')}${c.databases.length > 3 ? ` +${c.databases.length - 3}` : ''}`
    : '';
  const head =
    `*${rank}. ${escapeSlack(distill(c.fingerprint))}* · ${formatPercent(c.share * 100, 1)} · ${formatCount(c.calls)} calls` +
    ` · total ${formatSeconds(c.totalTime)} · avg ${formatSeconds(c.avgTime)} · p95 ${formatSeconds(c.p95Time)}` +
    ` · rows examined ${formatCount(c.rowsExamined)} (${formatNumber(c.examinedPerSent)}/sent)${dbs} · \`0x${c.id}\``;
  const fence = '```';
  // Room left for the fingerprint once the head and the fences are counted; escaping can grow the text,
  // so escape first and cut after, never inside an entity.
  const room = SECTION_LIMIT - head.length - 1 - fence.length * 2;
  const fp = cutEscaped(escapeSlack(c.fingerprint), Math.max(0, room));
  return { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${fence}${fp}${fence}` } };
}

export function digestReply(result: DigestResult, options: DigestViewOptions): DigestReply {
  const t = result.totals;
  const header: KnownBlock = {
    type: 'header',
    text: { type: 'plain_text', text: cutEscaped(escapeSlack(`Slow-query digest — ${options.title}`), HEADER_LIMIT) },
  };
  const span = t.firstSeen && t.lastSeen ? ` · ${t.firstSeen.slice(0, 16).replace('T', ' ')} → ${t.lastSeen.slice(0, 16).replace('T', ' ')} UTC` : '';
  const summary = `${formatCount(t.events)} queries in ${formatCount(t.classes)} classes · total ${formatSeconds(t.totalTime)} · rows examined ${formatCount(t.rowsExamined)}${t.malformed ? ` · ${t.malformed} malformed entries skipped` : ''}${span}`;
  const blocks: KnownBlock[] = [header, { type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeSlack(summary), SECTION_LIMIT) }] }];
  if (result.classes.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No slow queries in this window.' } });
    return { text: escapeSlack(`Slow-query digest — ${options.title}: no slow queries`), blocks, omitted: false };
  }
  const wanted = Math.min(options.top ?? 10, result.classes.length);
  // One block is kept for the "more classes" note.
  const room = Math.min(wanted, MAX_BLOCKS - blocks.length - 1);
  // Slack's total: stop before the classes would take the message over its text budget.
  let used = blockTextLength(blocks) + FOOTER_RESERVE;
  let fit = 0;
  for (const c of result.classes.slice(0, room)) {
    const s = classSection(c, fit + 1);
    const n = blockTextLength([s]);
    if (used + n > SLACK_LIMITS.totalText) break;
    used += n;
    blocks.push(s);
    fit++;
  }
  const hidden = t.classes - fit;
  const full = options.fullResultUrl && SAFE_URL.test(options.fullResultUrl) ? ` ${link(options.fullResultUrl, 'Whole digest')}` : '';
  if (hidden > 0)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${formatCount(hidden)} more classes not shown.${full || ' `dbassist digest --top N` lists more.'}`,
        },
      ],
    });
  const top = result.classes[0]!;
  return {
    text: cutEscaped(
      escapeSlack(
        `Slow-query digest — ${options.title}: ${t.events} queries, top class ${distill(top.fingerprint)} (${formatPercent(top.share * 100, 1)} of time)`,
      ),
      3000,
    ),
    blocks,
    omitted: fit < wanted,
  };
}
