/**
 * Acknowledge / Mute buttons on an alert: records who and until when on the incident and edits the
 * alert message; the returned reply is shown ephemerally to the user who clicked.
 */
import type { WebClient } from '@slack/web-api';
import { applyAlertAction } from '../../alerts/actions';
import { PacedSender } from '../../alerts/delivery';
import { type ChannelPacing, StorePacing } from '../../alerts/pacing';
import { systemClock } from '../../core/clock';
import { DEFAULT_ALERT_OPTIONS } from '../../alerts/types';
import type { Logger } from '../../core/log';
import type { AlertActionJob } from '../../jobs/payload';
import { slackClient } from '../../slack/client-options';
import { alertActionAnswer } from '../../slack/views/alert';
import { errorReply } from '../../slack/views/common';
import type { StateStore } from '../../state/store';
import type { SlackReply } from '../../slack/reply';
import type { JobRunner } from '../types';
import { stateStoreOf } from './subscriptions';

export interface AlertActionDeps {
  store: StateStore;
  slack: WebClient;
  log: Logger;
  now: () => number;
  /** Epoch ms by which the edit must be done. */
  deadline: number;
  /** Per-channel pacing shared with the alerts Lambda (default: this process only). */
  pacing?: ChannelPacing;
}

export async function runAlertAction(payload: AlertActionJob, deps: AlertActionDeps): Promise<SlackReply> {
  const a = payload.action;
  const budgetMs = Math.max(1_000, Math.min(DEFAULT_ALERT_OPTIONS.budgetMs, deps.deadline - deps.now()));
  const sender = new PacedSender(deps.slack, { ...DEFAULT_ALERT_OPTIONS, budgetMs, ...(deps.pacing ? { pacing: deps.pacing } : {}) }, deps.log);
  const input = {
    type: a.type,
    incidentKey: a.incidentKey,
    channel: payload.origin.channel,
    user: payload.origin.user,
    messageTs: a.messageTs,
    ...(a.muteMinutes !== undefined ? { muteMinutes: a.muteMinutes } : {}),
  };
  const r = await applyAlertAction({ store: deps.store, sender, now: deps.now, log: deps.log }, input);
  if (!r.ok) return errorReply(r.reason);
  return alertActionAnswer(a.type, r.incident, { ...(a.muteMinutes !== undefined ? { muteMinutes: a.muteMinutes } : {}), now: deps.now() });
}

export const run: JobRunner<AlertActionJob> = async (payload, ctx) =>
  runAlertAction(payload, {
    store: stateStoreOf(ctx),
    slack: slackClient('paced', ctx.config.slack),
    log: ctx.log,
    now: (ctx.clock ?? systemClock).now,
    deadline: ctx.deadline,
    pacing: new StorePacing(stateStoreOf(ctx)),
  });
