/** Shapes shared by the alerts modules: a normalized alert, subscriptions, incidents and the deps object. */
import type { WebClient } from '@slack/web-api';
import type { AiSummary } from '../ai/types';
import type { TargetMap } from '../config/targets';
import type { AlertLevel } from '../core/grammar';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { Metrics } from '../core/metrics';
import type { ChannelPacing } from './pacing';
import type { StateStore } from '../state/store';

export type AlertSource = 'cloudwatch' | 'rds' | 'eventbridge' | 'custom' | 'unknown';
export type AlertState = 'alarm' | 'ok' | 'insufficient' | 'event';

/** One notification, whatever its source, in the form the router and the views use. */
export interface NormalizedAlert {
  /** Identity of the thing that fires and resolves: alarm ARN, or source + event. */
  key: string;
  source: AlertSource;
  /** Instance or cluster identifier; '' when the notification names none we could find. */
  target: string;
  state: AlertState;
  level: AlertLevel;
  title: string;
  detail: string;
  metric?: string;
  threshold?: number;
  comparison?: string;
  value?: number;
  /** ISO time the state changed or the event happened. */
  at: string;
  /** Lower-case slugs: `alarm`, `failover`, `failure`, `reboot`, `low-storage`, `configuration-change`, … */
  eventCategories: string[];
  /** CloudWatch alarm name, RDS event id, … shown in the context line. */
  sourceRef?: string;
  /** SNS MessageId, for de-duplication of redeliveries. */
  messageId: string;
}

export interface Subscription {
  /** Cluster, instance or glob pattern (`gamedb*`); matched case-insensitively. */
  pattern: string;
  /** Lowest level posted. */
  level: AlertLevel;
  /** Category filter; empty means every category. */
  events: string[];
  /** Mention @here on critical alerts. */
  mentionHere: boolean;
  by: string;
  at: string;
}

/** `subscriptions/<channel>.json`: the channel's list, the source of truth for the channel. */
export interface ChannelSubscriptions {
  channel: string;
  /** Bumped on every change; the index keeps the highest revision it has seen per channel. */
  rev: number;
  subscriptions: Subscription[];
}

/** `subscriptions/index.json`: every channel's list, so the alerts Lambda reads one document. */
export interface SubscriptionIndex {
  channels: Record<string, { rev: number; subscriptions: Subscription[] }>;
}

export type IncidentState = 'alarm' | 'ok' | 'insufficient' | 'event';

/** `incidents/<sha1(channel + alarmKey)>.json`: where the incident's parent message lives and its state. */
export interface Incident {
  id: string;
  channel: string;
  alarmKey: string;
  target: string;
  /** Parent message ts; absent while the claimant is posting it. */
  ts?: string;
  /** Bumped each time a new parent is claimed for this key. */
  generation: number;
  claimedAt: number;
  state: IncidentState;
  level: AlertLevel;
  count: number;
  firstAt: number;
  lastAt: number;
  resolvedAt?: number;
  /** A delivery is editing the parent's counter until then (one editor at a time). */
  editLeaseUntil?: number;
  /** The OK notification, for the resolution reply. */
  resolution?: NormalizedAlert;
  /** The resolution reply is still to be posted (the parent was not posted yet, or a crash). */
  resolutionPending?: boolean;
  ackBy?: string;
  ackAt?: number;
  mutedUntil?: number;
  mutedBy?: string;
  /** The subscription asked for @here on critical alerts (the parent keeps the mention when edited). */
  mentionHere: boolean;
  /** The latest alert, as the parent shows it. */
  alert: NormalizedAlert;
  /** Recent SNS MessageIds counted here (redeliveries are not counted twice). */
  seen: string[];
}

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
