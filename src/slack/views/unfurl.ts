/**
 * Link previews (chat.unfurl attachments) of report links: the report's headline — instance, window,
 * verdict, the top cause with a line or two of evidence, when it was made and until when the link
 * works — with an "Open report" button; a bare preview without any content (the sharer may not see that
 * instance, or the channel is not one the bot is in); and a notice for an expired or invalid link. Every
 * interpolated text is escaped. Pure.
 */
import type { KnownBlock } from '@slack/types';
import { formatTime } from '../../core/format';
import type { ReportHeadline } from '../../report/headline';
import { SAFE_URL } from '../text';
import { fit } from './report';

/** One chat.unfurl attachment: blocks, and a colour bar by verdict. */
export interface UnfurlAttachment {
  blocks: KnownBlock[];
  color?: string;
}

const LEVEL_EMOJI = { healthy: ':large_green_circle:', degraded: ':large_orange_circle:', critical: ':red_circle:' } as const;
const LEVEL_COLOR = { healthy: '#12b76a', degraded: '#f79009', critical: '#d92d20' } as const;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function openButton(url: string): KnownBlock[] {
  if (!SAFE_URL.test(url) || url.length > 3_000) return [];
  return [{ type: 'actions', elements: [{ type: 'button', action_id: 'report_open', text: { type: 'plain_text', text: 'Open report' }, url }] }];
}

const until = (expiresAt: Date) => `link valid until ${formatTime(expiresAt.toISOString())} UTC`;

/** The report's headline, for a sharer allowed to see the instance, in a channel the bot is in. */
export function reportUnfurl(h: ReportHeadline, url: string, expiresAt: Date): UnfurlAttachment {
  const level = h.verdict.level;
  const head = `${LEVEL_EMOJI[level]} *${fit(`${level.toUpperCase()} · ${h.instance}`, 150)}* · last ${fit(h.windowLabel, 20)} (${formatTime(h.start)}–${formatTime(h.end)} UTC)${h.simulated ? ' · simulated' : ''}`;
  const blocks: KnownBlock[] = [section(head)];
  if (h.cause) {
    const evidence = h.cause.evidence.map((e) => (e.at && !e.text.includes(formatTime(e.at)) ? `${formatTime(e.at)} ${e.text}` : e.text)).join('; ');
    blocks.push(section(`*Likely cause* (${h.cause.confidence} confidence): ${fit(h.cause.summary, 500)}${evidence ? `\n${fit(evidence, 600)}` : ''}`));
  } else {
    blocks.push(section(fit(h.verdict.reason, 500)));
  }
  blocks.push(context(`dbassist report made ${formatTime(h.generatedAt)} UTC · ${until(expiresAt)}`), ...openButton(url));
  return { blocks, color: LEVEL_COLOR[level] };
}

/** No content: who shared it may not see this instance here, or the bot cannot tell who is in the channel. */
export function bareUnfurl(url: string, expiresAt: Date): UnfurlAttachment {
  return { blocks: [section('*dbassist report* — open it to view.'), context(until(expiresAt)), ...openButton(url)] };
}

/** An expired or tampered link: say so before anyone clicks it. */
export function invalidLinkUnfurl(reason: 'expired' | 'invalid'): UnfurlAttachment {
  return {
    blocks: [
      section(
        reason === 'expired'
          ? 'This dbassist report link has expired. Run the report again in Slack to get a new one.'
          : 'This dbassist report link is not valid. Copy the whole link from Slack, or run the report again.',
      ),
    ],
  };
}
