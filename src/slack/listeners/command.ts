/** `/dbassist …`: parse, decide, then answer ephemerally or start a job in a new thread. */
import type { App } from '@slack/bolt';
import { parseCommand } from '../../core/grammar';
import { tooLargeReply } from '../../core/limits';
import type { ListenerDeps } from '../deps';
import { decide } from '../decide';
import { openSubscribeModal } from './home';
import { commandJob, startJob } from '../start-job';
import { decodeSlackText, escapeSlack } from '../text';
import { errorReply, usageReply } from '../views/common';

export function registerCommandListener(app: App, deps: ListenerDeps): void {
  app.command(/^\/dbassist/, async ({ command, ack, client }) => {
    const ephemeral = (r: { text: string; blocks: unknown[] }) => ack({ response_type: 'ephemeral', text: r.text, blocks: r.blocks as never });
    const text = decodeSlackText(command.text ?? '');
    const tooLarge = tooLargeReply(text);
    if (tooLarge) return ephemeral(errorReply(tooLarge));
    if (/^\s*subscribe\s*$/i.test(text)) {
      // No pattern: the form with selects instead of flags (views.open must happen within 3 s of the trigger).
      const enterprise = (command as { enterprise_id?: string }).enterprise_id;
      const who = { team: command.team_id, ...(enterprise ? { enterprise } : {}), user: command.user_id };
      const error = await openSubscribeModal(client, deps, command.trigger_id, 'command', who);
      return error ? ephemeral(errorReply(error)) : ack();
    }
    const parsed = parseCommand(text);
    if (!parsed.ok) return ephemeral(usageReply(parsed.error, command.command));
    const enterprise = (command as { enterprise_id?: string }).enterprise_id;
    const ctx = {
      team: command.team_id,
      ...(enterprise ? { enterprise } : {}),
      channel: command.channel_id,
      user: command.user_id,
      commandName: command.command,
    };
    const decision = decide(parsed.command, ctx, deps.config);
    if (decision.kind === 'reply') return ephemeral(decision.reply);

    const origin = {
      team: ctx.team,
      channel: ctx.channel,
      user: ctx.user,
      responseUrl: command.response_url,
      reply: decision.reply,
      ...(decision.reply === 'ephemeral' ? { replaceOriginal: true } : {}),
    };
    const job = commandJob(deps, origin, decision.command);
    const started = await startJob(client, deps, job, decision.reply === 'thread' ? decision.what : undefined);
    if (!started.ok) return ephemeral(errorReply(started.message));
    deps.log.info('job handed off', { jobId: job.id, verb: job.command.verb, channel: ctx.channel, user: ctx.user });
    if (decision.reply === 'ephemeral') return ephemeral({ text: escapeSlack(`Working on ${decision.what}…`), blocks: [] });
    return ack();
  });
}
