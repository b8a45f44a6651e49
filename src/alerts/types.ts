/** What the alerts code is given (store, Slack client, clock, targets, triage) and its tunable options. */
import type { WebClient } from '@slack/web-api';
import type { AiSummary } from '../ai/types';
import type { TargetMap } from '../config/targets';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { Metrics } from '../core/metrics';
import type { NormalizedAlert } from '../model/alert';
import type { ChannelPacing } from './pacing';
import type { StateStore } from '../state/store';

export interface AlertOptions {
  /** Repeats of a firing alert within this window fold into its parent (default 6 h). */
  repeatWindowMs: number;
  /** An alarm that fires again this soon after resolving reopens the same thread (default 30 min). */
  reopenWindowMs: number;
  /** Lease on an SNS message or a parent post/reply/edit: renewed while working, taken over once lapsed (default 60 s). */
  claimLeaseMs: number;
  /**
   * Minimum gap between two Slack writes to one channel, across every invocation (default 1,250 ms:
   * Slack allows about 1/s; the rest absorbs network jitter, clock skew and a stalled event loop, so
   * Slack never sees two writes to a channel within one second).
   */
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
  channelIntervalMs: 1_250,
  maxAttempts: 5,
  budgetMs: 25_000,
};

export interface AlertDeps {
  store: StateStore;
  slack: WebClient;
  log: Logger;
  /** Epoch ms. */
  now: () => number;
  /** For waits (pacing); default the system clock. */
  clock?: Clock;
  /** Where alert outcomes and 429s are counted. */
  metrics?: Metrics;
  /** Per-channel slots shared by every invocation (default: the state store). */
  pacing?: ChannelPacing;
  targets: TargetMap;
  options?: Partial<AlertOptions>;
  /** AI triage for new incidents (optional; see triage.ts). */
  triage?: (alert: NormalizedAlert) => Promise<AiSummary | undefined>;
}
