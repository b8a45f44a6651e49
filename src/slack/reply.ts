/** The one shape of a Slack message the bot sends: every view returns it, the worker and the alerts sender post it. */
import type { KnownBlock } from '@slack/types';

/** A Slack message, rendered by a view from a result. */
export interface SlackReply {
  /** Plain-text fallback (notifications, screen readers); escaped like any other text. */
  text: string;
  blocks: KnownBlock[];
  /**
   * A colour bar beside the message (`#rrggbb`), e.g. an alert's severity. Slack draws one only
   * around an attachment, so such a message goes out as one attachment holding the blocks
   * (`messageArgs`).
   */
  color?: string;
}

export interface ColorAttachment {
  color: string;
  blocks: KnownBlock[];
  fallback: string;
}

/** The message as chat.postMessage / chat.update / response_url take it. */
export type MessageArgs = { text: string; blocks: KnownBlock[] } | { text: string; blocks?: []; attachments: ColorAttachment[] };

/**
 * The wire form of a reply. An edit of a coloured message also sends `blocks: []`, which removes any
 * blocks an earlier version had outside the attachment (chat.update keeps blocks it is not given).
 */
export function messageArgs(reply: SlackReply, o: { edit?: boolean } = {}): MessageArgs {
  if (!reply.color) return { text: reply.text, blocks: reply.blocks };
  const attachments = [{ color: reply.color, blocks: reply.blocks, fallback: reply.text }];
  return o.edit ? { text: reply.text, blocks: [], attachments } : { text: reply.text, attachments };
}
