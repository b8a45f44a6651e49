/**
 * `/dbassist subscribe|unsubscribe|subscriptions` for the channel the command came from. The ingress
 * has parsed and authorized the command; the reply is shown ephemerally (origin.reply = 'ephemeral').
 */
import { S3Client } from '@aws-sdk/client-s3';
import { listSubscriptions, globMatch, subscribe, unsubscribe } from '../../alerts/subscriptions';
import type { Subscription } from '../../model/alert';
import { client } from '../../aws/clients';
import { systemClock } from '../../core/clock';
import type { TargetMap } from '../../config/targets';
import type { CommandJob } from '../../jobs/payload';
import { S3StateStore } from '../../state/s3-store';
import type { StateStore } from '../../state/store';
import { subscribedReply, subscriptionListReply, unsubscribedReply } from '../../slack/views/alert';
import type { SlackReply } from '../../slack/reply';
import type { JobRunner, WorkerContext } from '../types';
import { errorReply } from '../../slack/views/common';

export interface SubscriptionDeps {
  store: StateStore;
  targets: TargetMap;
  now: () => number;
}

/** A warning when the pattern matches none of the configured targets, clusters or instances. */
export function patternWarning(pattern: string, targets: TargetMap): string | undefined {
  if (targets.size === 0) return undefined;
  const names = [...targets.values()].flatMap((t) => [t.name, t.cluster, ...t.instances]);
  if (names.some((n) => globMatch(pattern, n))) return undefined;
  const known = [...targets.keys()].slice(0, 10).join(', ');
  return `\`${pattern}\` matches none of the configured targets (${known}). It is saved anyway and applies to any alarm or event naming it.`;
}

export async function runSubscriptionCommand(payload: CommandJob, deps: SubscriptionDeps): Promise<SlackReply> {
  const { channel, user } = payload.origin;
  const c = payload.command;
  switch (c.verb) {
    case 'subscribe': {
      const sub: Subscription = {
        pattern: c.pattern,
        level: c.level,
        events: c.events,
        mentionHere: c.mentionHere,
        by: user,
        at: new Date(deps.now()).toISOString(),
      };
      const r = await subscribe(deps.store, channel, sub);
      return subscribedReply(sub, r.status, patternWarning(c.pattern, deps.targets));
    }
    case 'unsubscribe': {
      const r = await unsubscribe(deps.store, channel, c.pattern);
      return unsubscribedReply(c.pattern, r.removed, r.subscriptions);
    }
    case 'subscriptions':
      return subscriptionListReply(await listSubscriptions(deps.store, channel));
    default:
      return errorReply(`The subscriptions job cannot run \`${c.verb}\`.`);
  }
}

/** The worker's store when it provides one, else the S3 store the architecture prescribes. */
export function stateStoreOf(ctx: WorkerContext): StateStore {
  return (ctx as { store?: StateStore }).store ?? new S3StateStore(client(S3Client, ctx.config.region), ctx.config.reportsBucket);
}

export const run: JobRunner<CommandJob> = async (payload, ctx) =>
  runSubscriptionCommand(payload, {
    store: stateStoreOf(ctx),
    targets: ctx.config.targets,
    now: (ctx.clock ?? systemClock).now,
  });
