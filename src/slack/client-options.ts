/**
 * WebClient options with bounded retries. The default policy retries for up to ~30 minutes, which a
 * 3-second ingress or a worker with a deadline cannot afford.
 */
import type { WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config/env';

export function ingressClientOptions(slack: SlackConfig): WebClientOptions {
  return {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 300, maxRetryTime: 1000 },
    rejectRateLimitedCalls: true,
    timeout: 1500,
  };
}

export function workerClientOptions(slack: SlackConfig): WebClientOptions {
  return {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4000, maxRetryTime: 20_000 },
    timeout: 10_000,
  };
}
