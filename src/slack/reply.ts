/** The one shape of a Slack message the bot sends: every view returns it, the worker and the alerts sender post it. */
import type { KnownBlock } from '@slack/types';

/** A Slack message, rendered by a view from a result. */
export interface SlackReply {
  /** Plain-text fallback (notifications, screen readers). */
  text: string;
  blocks: KnownBlock[];
}
