/**
 * The "Review SQL" message shortcut: on any message with SQL, the message's text is reviewed like
 * `@dbassist <SQL>` (the channel's default target for schema and EXPLAIN checks), authorized like a
 * typed command, and answered in the message's thread. Slack wants the ack within 3 s: parse,
 * decide, hand off, ack.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { parseCommand } from '../../core/grammar';
import { MAX_REVIEW_BYTES } from '../../core/limits';
import type { ListenerDeps } from '../deps';
import { decide } from '../decide';
import type { SlackReply } from '../reply';
import { commandJob, startJob } from '../start-job';
import { decodeSlackText } from '../text';
import { errorReply, usageReply } from '../views/common';

export const REVIEW_SHORTCUT = 'review_sql';

export function registerShortcutListener(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: REVIEW_SHORTCUT, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    const channel = shortcut.channel.id;
    const user = shortcut.user.id;
    const b = shortcut as MessageShortcut & {
      user: { team_id?: string };
      team: { id: string; enterprise_id?: string } | null;
      enterprise?: { id?: string } | null;
    };
    const team = b.user.team_id ?? b.team?.id ?? '';
    const enterprise = b.enterprise?.id ?? b.team?.enterprise_id;
    const whisper = (r: SlackReply) => client.chat.postEphemeral({ channel, user, text: r.text, blocks: r.blocks }).then(() => undefined);
    const text = decodeSlackText(shortcut.message.text ?? '').trim();
    if (text === '') return whisper(errorReply('That message has no text to review.'));
    if (Buffer.byteLength(text) > MAX_REVIEW_BYTES)
      return whisper(errorReply(`That message is ${Math.round(Buffer.byteLength(text) / 1024)} KB; I review at most ${MAX_REVIEW_BYTES / 1024} KB of SQL.`));
    const parsed = parseCommand(`review ${text}`);
    if (!parsed.ok) return whisper(usageReply(parsed.error, 'Review SQL'));
    const decision = decide(parsed.command, { team, ...(enterprise ? { enterprise } : {}), channel, user, commandName: '/dbassist' }, deps.config);
    if (decision.kind === 'reply') return whisper(decision.reply);
    const message = shortcut.message as { ts: string; thread_ts?: string };
    const origin = { team, channel, user, reply: 'thread' as const, threadTs: message.thread_ts ?? message.ts, responseUrl: shortcut.response_url };
    const started = await startJob(client, deps, commandJob(deps, origin, decision.command), decision.what);
    if (!started.ok) await whisper(errorReply(started.message));
  });
}
