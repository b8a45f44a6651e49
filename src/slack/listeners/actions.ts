/**
 * Buttons. Bolt has verified the request's signature; the button's value is still user-controlled
 * input (anyone can craft a payload for a message they can see), so it is parsed strictly and the
 * clicking user is authorized exactly like a typed command.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import * as v from 'valibot';
import { isoNow } from '../../core/clock';
import { authorize } from '../../config/access';
import { NAME_PATTERN } from '../../core/grammar';
import type { AlertActionJob } from '../../jobs/payload';
import { windowOf } from '../../core/window';
import type { ListenerDeps } from '../deps';
import { decide } from '../decide';
import { commandJob, startJob } from '../start-job';
import { buttonJson, parseAlertAction } from '../alert-buttons';
import { errorReply } from '../views/common';
import type { SlackReply } from '../reply';

/** Re-run buttons of a report, and the fleet view's row buttons (`report_rerun_1h_<row>`: ids differ within a message). */
const RERUN = /^report_rerun_(1h|24h)(?:_\d{1,3})?$/;
const ALERT = /^alert_(report|ack|mute_1h|mute_24h)$/;

/** The value of a re-run button: {"target": "gamedb1-1"}. */
export const RerunButtonValueSchema = v.object({ target: v.pipe(v.string(), v.regex(NAME_PATTERN)) });

/** The target of a re-run button; undefined when the value is malformed. */
export function parseTargetValue(value: string | undefined): string | undefined {
  const parsed = v.safeParse(RerunButtonValueSchema, buttonJson(value));
  return parsed.success ? parsed.output.target : undefined;
}

/** The clicking user's own team (another workspace in a Slack Connect channel) and enterprise. */
export function clickerTeam(body: BlockAction): { team: string; enterprise?: string } {
  const b = body as BlockAction & { enterprise?: { id?: string } | null; team?: { id?: string; enterprise_id?: string } | null };
  const team = b.user.team_id ?? b.team?.id ?? '';
  const enterprise = b.enterprise?.id ?? b.team?.enterprise_id;
  return { team, ...(enterprise ? { enterprise } : {}) };
}

export function registerActionListeners(app: App, deps: ListenerDeps): void {
  // A URL button still sends an action; nothing to do but acknowledge it.
  app.action(/^report_open(?:_\d{1,3})?$/, async ({ ack }) => {
    await ack();
  });

  app.action<BlockAction<ButtonAction>>(RERUN, async ({ ack, body, action, client }) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const user = body.user.id;
    const { team, enterprise } = clickerTeam(body);
    const whisper = (r: SlackReply) =>
      channel ? client.chat.postEphemeral({ channel, user, text: r.text, blocks: r.blocks }).then(() => undefined) : Promise.resolve();
    const target = parseTargetValue(action.value);
    if (!channel || !target) {
      await whisper(errorReply('That button is malformed or expired; run `/dbassist report INSTANCE WINDOW` instead.'));
      return ack();
    }
    const window = windowOf(RERUN.exec(action.action_id)![1] === '1h' ? 3_600_000 : 86_400_000);
    const decision = decide(
      { verb: 'report', target, window },
      { team, ...(enterprise ? { enterprise } : {}), channel, user, commandName: '/dbassist' },
      deps.config,
    );
    if (decision.kind === 'reply') {
      await whisper(decision.reply);
      return ack();
    }
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const threadTs = message?.thread_ts ?? message?.ts;
    const origin = {
      team,
      channel,
      user,
      reply: 'thread' as const,
      ...(threadTs ? { threadTs } : {}),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    const started = await startJob(client, deps, commandJob(deps, origin, decision.command), decision.what);
    if (!started.ok) await whisper(errorReply(started.message));
    await ack();
  });

  app.action<BlockAction<ButtonAction>>(ALERT, async ({ ack, body, action, client }) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const user = body.user.id;
    const { team, enterprise } = clickerTeam(body);
    const whisper = (r: SlackReply) =>
      channel ? client.chat.postEphemeral({ channel, user, text: r.text, blocks: r.blocks }).then(() => undefined) : Promise.resolve();
    const parsed = parseAlertAction(action.action_id, action.value ?? '');
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    if (!channel || !message?.ts || 'error' in parsed) {
      await whisper(errorReply(`That alert button could not be used: ${'error' in parsed ? parsed.error : 'no message'}.`));
      return ack();
    }
    if (parsed.kind === 'report') {
      const decision = decide(
        { verb: 'report', target: parsed.target, window: windowOf(3_600_000) },
        { team, ...(enterprise ? { enterprise } : {}), channel, user, commandName: '/dbassist' },
        deps.config,
      );
      if (decision.kind === 'reply') {
        await whisper(decision.reply);
        return ack();
      }
      const origin = { team, channel, user, reply: 'thread' as const, threadTs: message.thread_ts ?? message.ts };
      const started = await startJob(client, deps, commandJob(deps, origin, decision.command), decision.what);
      if (!started.ok) await whisper(errorReply(started.message));
      return ack();
    }
    const decision = authorize(deps.config.access, {
      team,
      ...(enterprise ? { enterprise } : {}),
      channel,
      user,
      action: 'alert-action',
      target: parsed.target || '*',
    });
    if (!decision.allowed) {
      await whisper(errorReply(decision.reason));
      return ack();
    }
    const job: AlertActionJob = {
      kind: 'alert-action',
      id: deps.newId(),
      requestedAt: isoNow(deps.clock),
      origin: { team, channel, user, reply: 'ephemeral', ...(body.response_url ? { responseUrl: body.response_url } : {}) },
      action: {
        type: parsed.kind,
        incidentKey: parsed.incidentKey,
        messageTs: message.ts,
        ...(parsed.kind === 'mute' ? { muteMinutes: parsed.muteMinutes } : {}),
      },
    };
    const started = await startJob(client, deps, job);
    if (!started.ok) await whisper(errorReply(started.message));
    await ack();
  });
}
