/**
 * The Bolt app behind the `slack` ingress: signature verification by AwsLambdaReceiver, then the
 * listeners. Everything a listener awaits counts against Slack's 3 s, so listeners only parse,
 * authorize, post a placeholder and hand off.
 */
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { systemClock } from '../core/clock';
import { slackClientOptions } from './client-options';
import type { IngressDeps } from './deps';
import { registerActionListeners } from './listeners/actions';
import { registerCommandListener } from './listeners/command';
import { registerLinkSharedListener } from './listeners/link-shared';
import { registerHomeListeners } from './listeners/home';
import { registerMentionListener } from './listeners/mention';
import { registerShortcutListener } from './listeners/shortcut';
import { RecentIds } from './recent-ids';

export interface Ingress {
  app: App;
  receiver: AwsLambdaReceiver;
}

export function createIngress(deps: IngressDeps): Ingress {
  const { config, log } = deps;
  const receiver = new AwsLambdaReceiver({
    signingSecret: config.slack.signingSecret,
    logLevel: LogLevel.ERROR,
    invalidRequestSignatureHandler: ({ signature, ts }) => {
      // Never log the signature itself: it is derived from the secret.
      log.warn('rejected a request with an invalid or stale signature', { signaturePresent: !!signature, ts });
    },
  });
  const app = new App({
    receiver,
    token: config.slack.botToken,
    botId: config.slack.botId,
    botUserId: config.slack.botUserId,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: slackClientOptions('ingress', config.slack),
  });
  registerListeners(app, deps);
  return { app, receiver };
}

/** The listeners, on any Bolt app: the Lambda ingress above, or Socket Mode in `npm run dev`. */
export function registerListeners(app: App, deps: IngressDeps): void {
  const clock = deps.clock ?? systemClock;
  const shared = {
    ...deps,
    clock,
    recentEvents: deps.recentEvents ?? new RecentIds(2000, 15 * 60_000, clock.now),
    newId: deps.newId ?? (() => crypto.randomUUID()),
  };
  registerCommandListener(app, shared);
  registerMentionListener(app, shared);
  registerActionListeners(app, shared);
  registerShortcutListener(app, shared);
  registerLinkSharedListener(app, shared);
  registerHomeListeners(app, shared);
  app.error(async (error) => {
    deps.log.error('listener failed', { error });
  });
}
