/**
 * What the ingress does with a parsed command: answer at once (help, usage, refusals, the target
 * list) or hand a job to the worker. Pure: no Slack or AWS calls, so it is tested directly.
 */
import type { Config } from '../config/env';
import { authorize, type GuardedAction, OTHER_TEAM_REASON, teamServed } from '../config/access';
import { resolveTarget } from '../config/targets';
import { COMPARISON_WORDS } from '../core/comparison';
import type { Command } from '../core/grammar';
import { suggest } from '../core/suggest';
import type { CommandJob, JobVerb } from '../jobs/payload';
import type { SlackReply } from './reply';
import { helpReply, instancesReply, refusalReply } from './views/common';

export interface RequestContext {
  /** The requesting user's team (their home workspace in a Slack Connect channel). */
  team: string;
  /** Their Enterprise Grid organisation, when there is one. */
  enterprise?: string;
  channel: string;
  user: string;
  /** The slash command's name, for help text. */
  commandName: string;
}

export type Decision = { kind: 'reply'; reply: SlackReply } | { kind: 'job'; command: CommandJob['command']; what: string; reply: 'thread' | 'ephemeral' };

/** "report for gamedb1-1, last 6 hours" — used in placeholders and failure messages. */
export function describeCommand(c: Command): string {
  switch (c.verb) {
    case 'report':
      return `report for ${c.target}, last ${c.window.human}${c.vs ? ` against ${COMPARISON_WORDS[c.vs]}` : ''}`;
    case 'digest':
      return `slow-query digest for ${c.target}, last ${c.window.human}`;
    case 'review':
      return c.target ? `SQL review on ${c.target}` : 'SQL review (static checks)';
    case 'subscribe':
      return `subscription to \`${c.pattern}\``;
    case 'unsubscribe':
      return `unsubscribe from \`${c.pattern}\``;
    default:
      return c.verb;
  }
}

function unknownTarget(config: Config, name: string): SlackReply {
  const names = [...config.targets.values()].flatMap((t) => [t.name, ...t.instances]);
  const hint = suggest(name, names);
  return refusalReply(
    `I don't know \`${name}\`.${hint ? ` Did you mean \`${hint}\`?` : ''} ${names.length ? `Known: ${names.slice(0, 20).join(', ')}.` : 'No targets are configured.'}`,
  );
}

function guard(config: Config, ctx: RequestContext, action: GuardedAction, name: string): SlackReply | undefined {
  const resolved = resolveTarget(config.targets, name);
  if (!resolved) return unknownTarget(config, name);
  const d = authorize(config.access, {
    ...who(ctx),
    channel: ctx.channel,
    user: ctx.user,
    action,
    target: resolved.target.name,
    ...(resolved.instance ? { instance: resolved.instance } : {}),
  });
  return d.allowed ? undefined : refusalReply(d.reason);
}

const who = (ctx: RequestContext) => ({ team: ctx.team, ...(ctx.enterprise ? { enterprise: ctx.enterprise } : {}) });

export function decide(command: Command, ctx: RequestContext, config: Config): Decision {
  if (!teamServed(config.access, ctx.team, ctx.enterprise)) return { kind: 'reply', reply: refusalReply(OTHER_TEAM_REASON) };
  const job = (c: Extract<Command, { verb: JobVerb }>, reply: 'thread' | 'ephemeral' = 'thread'): Decision => ({
    kind: 'job',
    command: c,
    what: describeCommand(c),
    reply,
  });
  switch (command.verb) {
    case 'help':
      return { kind: 'reply', reply: helpReply(ctx.commandName, command.topic) };
    case 'instances':
      return { kind: 'reply', reply: instancesReply([...config.targets.values()].map((t) => ({ name: t.name, instances: t.instances }))) };
    case 'subscriptions':
      return job(command, 'ephemeral');
    case 'report':
    case 'digest': {
      const refusal = guard(config, ctx, command.verb, command.target);
      return refusal ? { kind: 'reply', reply: refusal } : job(command);
    }
    case 'review': {
      const target = command.target ?? config.access.channelDefaults[ctx.channel];
      if (target === undefined) return job(command);
      const refusal = guard(config, ctx, 'review', target);
      if (refusal) return { kind: 'reply', reply: refusal };
      return job({ ...command, target });
    }
    case 'subscribe':
    case 'unsubscribe': {
      const d = authorize(config.access, { ...who(ctx), channel: ctx.channel, user: ctx.user, action: command.verb, target: command.pattern });
      return d.allowed ? job(command, 'ephemeral') : { kind: 'reply', reply: refusalReply(d.reason) };
    }
  }
}
