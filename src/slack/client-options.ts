/**
 * Every Slack WebClient the bot creates, and its retry policy. The library's default retries for up
 * to ~30 minutes, which a 3-second ingress or a worker with a deadline cannot afford:
 * - `ingress`: one quick retry, 429s rejected at once (Slack's 3 s);
 * - `worker`: a few retries within 20 s (the job has a deadline);
 * - `paced`: no retries of its own and 429s rejected, because the alerts PacedSender decides when to
 *   retry (Retry-After, per-channel pacing, a total budget).
 */
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config/env';

export type SlackClientUse = 'ingress' | 'worker' | 'paced';

const POLICIES: Record<SlackClientUse, WebClientOptions> = {
  ingress: { retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 300, maxRetryTime: 1000 }, rejectRateLimitedCalls: true, timeout: 1500 },
  worker: { retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4000, maxRetryTime: 20_000 }, timeout: 10_000 },
  paced: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 5_000 },
};

export function slackClientOptions(use: SlackClientUse, slack: Pick<SlackConfig, 'apiUrl'>): WebClientOptions {
  return { ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}), ...POLICIES[use] };
}

export function slackClient(use: SlackClientUse, slack: Pick<SlackConfig, 'botToken' | 'apiUrl'>): WebClient {
  return new WebClient(slack.botToken, slackClientOptions(use, slack));
}
