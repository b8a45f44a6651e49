/**
 * What the ingress does with a parsed command: answer at once (help, usage, refusals, the target
 * list) or hand a job to the worker. Pure: no Slack or AWS calls, so it is tested directly.
 */
import type { Config } from '../config/env';
import { authorize, globMatch, type GuardedAction, OTHER_TEAM_REASON, teamServed } from '../config/access';
import { resolveTarget } from '../config/targets';
import { COMPARISON_WORDS } from '../core/comparison';
import type { Command, HealthCommand, ScheduledCommand } from '../core/grammar';
import { describeWhen } from '../core/schedule';
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
    case 'health':
      return c.pattern ? `fleet health of ${c.pattern}` : 'fleet health';
    case 'schedule':
      return `schedule of ${describeCommand(c.job)} ${describeWhen(c.when)}`;
    case 'unschedule':
      return `unschedule ${c.id}`;
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

/**
 * `health`: the targets the pattern touches (by target, cluster or instance name) that the asker may
 * report on. The worker ranks only those, so the fleet view shows nothing the asker could not report on.
 */
function decideHealth(command: HealthCommand, ctx: RequestContext, config: Config): { command: HealthCommand } | { refusal: SlackReply } {
  const pattern = command.pattern ?? '*';
  // A plain name resolves as a report's would (including `<cluster>-<n>` of a target without a listed instance set).
  const named = pattern.includes('*') ? undefined : resolveTarget(config.targets, pattern)?.target;
  const touched = [...config.targets.values()].filter((t) => t === named || [t.name, t.cluster, ...t.instances].some((n) => globMatch(pattern, n)));
  if (touched.length === 0) {
    return { refusal: refusalReply(`\`${pattern}\` matches none of the targets this bot knows. See \`${ctx.commandName} instances\`.`) };
  }
  const allowed = touched.filter(
    (t) => authorize(config.access, { ...who(ctx), channel: ctx.channel, user: ctx.user, action: 'report', target: t.name }).allowed,
  );
  if (allowed.length === 0) return { refusal: refusalReply(`You are not allowed to report on any target matching \`${pattern}\` from this channel.`) };
  return { command: { ...command, targets: allowed.map((t) => t.name) } };
}

/** The scheduled command as authorized now; the schedule runs with this permission. */
function decideScheduled(job: ScheduledCommand, ctx: RequestContext, config: Config): { command: ScheduledCommand } | { refusal: SlackReply } {
  if (job.verb === 'health') return decideHealth(job, ctx, config);
  const refusal = guard(config, ctx, job.verb, job.target);
  return refusal ? { refusal } : { command: job };
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
    case 'health': {
      const d = decideHealth(command, ctx, config);
      return 'refusal' in d ? { kind: 'reply', reply: d.refusal } : job(d.command);
    }
    case 'schedule': {
      const d = decideScheduled(command.job, ctx, config);
      return 'refusal' in d ? { kind: 'reply', reply: d.refusal } : job({ ...command, job: d.command }, 'ephemeral');
    }
    case 'schedules':
    case 'unschedule':
      return job(command, 'ephemeral');
  }
}
