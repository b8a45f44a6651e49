/** What the alerts code is given (store, Slack client, clock, targets, triage) and its tunable options. */
import type { WebClient } from '@slack/web-api';
import type { AiSummary } from '../ai/types';
import type { TargetMap } from '../config/targets';
import type { Logger } from '../core/log';
import type { NormalizedAlert } from '../model/alert';
import type { StateStore } from '../state/store';

export interface AlertOptions {
  /** Repeats of a firing alert within this window fold into its parent (default 6 h). */
  repeatWindowMs: number;
  /** An alarm that fires again this soon after resolving reopens the same thread (default 30 min). */
  reopenWindowMs: number;
  /** A claim on an SNS message or a parent post older than this may be taken over (default 60 s). */
  claimLeaseMs: number;
  /** Minimum gap between two Slack writes to one channel (default 1,000 ms). */
  channelIntervalMs: number;
  /** Attempts per Slack call, 429s included (default 5). */
  maxAttempts: number;
  /** Total time the sender may spend per invocation (default 25 s). */
  budgetMs: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  repeatWindowMs: 6 * 3_600_000,
  reopenWindowMs: 30 * 60_000,
  claimLeaseMs: 60_000,
  channelIntervalMs: 1_000,
  maxAttempts: 5,
  budgetMs: 25_000,
};

export interface AlertDeps {
  store: StateStore;
  slack: WebClient;
  log: Logger;
  /** Epoch ms. */
  now: () => number;
  targets: TargetMap;
  options?: Partial<AlertOptions>;
  /** AI triage for new incidents (optional; see triage.ts). */
  triage?: (alert: NormalizedAlert) => Promise<AiSummary | undefined>;
}
