/**
 * `home` jobs: publish a user's App Home (views.publish). A job that carries a subscription change
 * (the Home's Unsubscribe button, the subscribe modal opened from the Home) first makes it through
 * the slash command's own code path (runSubscriptionCommand) and confirms it ephemerally in that
 * channel, then publishes the Home, so the Home never shows the state from before the change. The
 * ingress has authorized the change exactly as it authorizes `/dbassist subscribe|unsubscribe`.
 */
import { systemClock } from '../../core/clock';
import { userMessage } from '../../core/errors';
import type { HomeJob } from '../../jobs/payload';
import { homeErrorView, homeView } from '../../slack/views/home';
import { deliver } from '../deliver';
import { homeData } from '../home-data';
import type { JobRunner } from '../types';
import { runSubscriptionCommand, stateStoreOf } from './subscriptions';

export const run: JobRunner<HomeJob> = async (payload, ctx) => {
  const { origin } = payload;
  const store = stateStoreOf(ctx);
  const now = (ctx.clock ?? systemClock).now;
  if (payload.change) {
    const reply = await runSubscriptionCommand(
      { kind: 'command', id: payload.id, requestedAt: payload.requestedAt, origin, command: payload.change },
      { store, targets: ctx.config.targets, now },
    );
    // The change is made; a confirmation that cannot be shown (the user is not in that channel) is not a failure.
    await deliver({ slack: ctx.slack, log: ctx.log }, { ...origin, reply: 'ephemeral' }, reply).catch((e) =>
      ctx.log.warn('home: could not confirm the subscription change', { error: e }),
    );
  }
  let view: ReturnType<typeof homeView>;
  try {
    const viewer = { team: origin.team, user: origin.user, ...(payload.enterprise ? { enterprise: payload.enterprise } : {}) };
    view = homeView(await homeData({ store, config: ctx.config, slack: ctx.slack, log: ctx.log, now }, viewer));
  } catch (e) {
    ctx.log.error('home: could not read what the Home shows', { error: e });
    view = homeErrorView(`The Home tab could not be read: ${userMessage(e)}.`);
  }
  await ctx.slack.views.publish({ user_id: origin.user, view });
  return { text: 'Home tab published', blocks: [] };
};
