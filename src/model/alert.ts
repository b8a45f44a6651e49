/**
 * The alert model: a normalized notification, channel subscriptions and incidents. The alerts code
 * (src/alerts) produces and stores them; the Slack views (src/slack/views/alert.ts) render them.
 */
import type { AlertLevel } from '../core/grammar';

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

/** An incident key: sha1(channel + alarm key) in hex. Button values carry it, so it is checked before use. */
export const INCIDENT_KEY_PATTERN = /^[0-9a-f]{40}$/;

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
