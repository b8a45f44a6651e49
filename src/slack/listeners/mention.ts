/**
 * `@dbassist …` in a channel or thread. Pasted SQL (plain or in a ```sql block) is a review; a
 * leading verb (`report gamedb1-1 6h`) runs that command; a question in a thread (`why is CPU high?`,
 * `what ran at 03:05?`) is a follow-up, answered from the report posted in that thread. Answers go in
 * the mention's thread.
 * Slack retries deliveries it thinks were slow: an event_id seen here is answered once, and the
 * worker claims it durably for retries that reach another container.
 */
import type { App } from '@slack/bolt';
import { OTHER_TEAM_REASON, teamServed } from '../../config/access';
import { isoNow } from '../../core/clock';
import { parseCommand, VERBS } from '../../core/grammar';
import { tooLargeReply } from '../../core/limits';
import type { FollowUpJob } from '../../jobs/payload';
import type { ListenerDeps } from '../deps';
import { decide } from '../decide';
import { commandJob, startJob } from '../start-job';
import { decodeSlackText, stripBotMention } from '../text';
import { errorReply, refusalReply, usageReply } from '../views/common';
import type { SlackReply } from '../reply';

export function mentionCommandText(text: string): string {
  const first = /^\s*(\S+)/.exec(text)?.[1]?.toLowerCase();
  if (first && (VERBS as readonly string[]).includes(first)) return text;
  if (text.trim() === '') return 'help';
  return `review ${text}`;
}

/** SQL starts with a keyword (or a comment, or a ```sql fence); a question does not, and usually says so. */
const SQL_START =
  /^\s*(?:```|--|\/\*|#|\(|(?:select|insert|update|delete|replace|with|alter|create|drop|truncate|rename|explain|set|show|call|grant|revoke|lock|unlock|begin|start|commit|rollback|load|handler|do|analyze|optimize)\b)/i;
/** Pasted SQL after a question (`is this ok? SELECT … FROM …`) is still a review. */
const HAS_SQL = /```|\b(?:select\b[\s\S]*\bfrom|update\b[\s\S]*\bset|delete\s+from|insert\s+into|alter\s+table|create\s+(?:table|index))\b/i;
const QUESTION = /\?\s*$|^\s*(?:why|what|when|which|who|where|how|is|was|were|are|did|does|do|can|could|should|explain|tell|show me|any)\b/i;

/** Whether a mention's text in a thread is a question about the report there rather than SQL or a command. */
export function isFollowUpQuestion(text: string): boolean {
  const first = /^\s*(\S+)/.exec(text)?.[1]?.toLowerCase();
  if (!first || (VERBS as readonly string[]).includes(first)) return false;
  return !SQL_START.test(text) && !HAS_SQL.test(text) && QUESTION.test(text);
}

export function registerMentionListener(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const eventId = (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`;
    if ((event as { bot_id?: string }).bot_id) return;
    if (!deps.recentEvents.add(eventId)) {
      deps.log.info('duplicate event ignored', { eventId, retryNum: context.retryNum });
      return;
    }
    const user = event.user ?? 'unknown';
    const threadTs = event.thread_ts ?? event.ts;
    // In a Slack Connect channel the user may belong to another workspace: user_team says which.
    const team = (event as { user_team?: string }).user_team ?? (body as { team_id?: string }).team_id ?? '';
    const enterprise = (body as { enterprise_id?: string }).enterprise_id;
    const say = (r: SlackReply) => client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: r.text, blocks: r.blocks });
    const whisper = (r: SlackReply) => client.chat.postEphemeral({ channel: event.channel, user, thread_ts: threadTs, text: r.text, blocks: r.blocks });

    const text = decodeSlackText(stripBotMention(event.text ?? '', deps.config.slack.botUserId));
    const tooLarge = tooLargeReply(text);
    if (tooLarge) {
      await say(errorReply(tooLarge));
      return;
    }
    if (event.thread_ts && isFollowUpQuestion(text)) {
      if (!teamServed(deps.config.access, team, enterprise)) {
        await whisper(refusalReply(OTHER_TEAM_REASON));
        return;
      }
      // Answered only from the report stored for this channel and thread: nothing the channel has not seen.
      const job: FollowUpJob = {
        kind: 'followup',
        id: deps.newId(),
        requestedAt: isoNow(deps.clock),
        origin: { team, channel: event.channel, user, threadTs, eventId, reply: 'thread' },
        question: text.slice(0, 2_000),
      };
      const started = await startJob(client, deps, job);
      if (!started.ok) await say(errorReply(started.message));
      else deps.log.info('follow-up handed off', { jobId: job.id, channel: event.channel, eventId });
      return;
    }
    const parsed = parseCommand(mentionCommandText(text));
    if (!parsed.ok) {
      await say(usageReply(parsed.error, '@dbassist'));
      return;
    }
    const decision = decide(
      parsed.command,
      { team, ...(enterprise ? { enterprise } : {}), channel: event.channel, user, commandName: '@dbassist' },
      deps.config,
    );
    if (decision.kind === 'reply') {
      // Help and target lists are useful to everyone in the thread; refusals are for the asker only.
      await (parsed.command.verb === 'help' || parsed.command.verb === 'instances' ? say(decision.reply) : whisper(decision.reply));
      return;
    }
    const origin = { team, channel: event.channel, user, threadTs, eventId, reply: decision.reply };
    const job = commandJob(deps, origin, decision.command);
    // No placeholder here: the thread exists already, and a placeholder posted before the durable
    // event claim could be duplicated by a retry in another container. The worker posts it.
    const started = await startJob(client, deps, job);
    if (!started.ok) await say(errorReply(started.message));
    else deps.log.info('job handed off', { jobId: job.id, verb: job.command.verb, channel: event.channel, eventId });
  });
}
