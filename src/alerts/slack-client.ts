/**
 * The WebClient the alerts code uses: no retries of its own and 429s rejected at once, because the
 * PacedSender decides when to retry (Retry-After, per-channel pacing, a total budget).
 */
import { WebClient, WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config/env';

export function alertsClientOptions(apiUrl?: string): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  };
}

export function alertsWebClient(slack: Pick<SlackConfig, 'botToken' | 'apiUrl'>): WebClient {
  return new WebClient(slack.botToken, alertsClientOptions(slack.apiUrl));
}
