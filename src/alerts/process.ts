/**
 * One SNS notification, end to end: parse → claim its MessageId (a lease) → find subscribed channels →
 * apply to each channel's incidents. Safe to run again for the same MessageId (SNS, SQS and Lambda all
 * redeliver): a finished one is a duplicate, one another delivery is working on is left for a retry
 * (its lease lapses if that delivery died), and incidents ignore MessageIds they already recorded.
 */
import type { TargetMap } from '../config/targets';
import { systemClock } from '../core/clock';
import type { Logger } from '../core/log';
import { METRIC, type Metrics, noMetrics } from '../core/metrics';
import { claimLease, completeLease, keepLease, releaseLease } from '../state/lease';
import { alertTriageReply } from '../slack/views/alert';
import { type PacedSender, PermanentDeliveryError } from './delivery';
import { applyAlert, getIncident, incidentId, type IncidentDeps, type Outcome } from './incidents';
import type { LevelRule } from '../config/alert-levels';
import type { NormalizedAlert } from '../model/alert';
import { parseSnsMessage, type SnsInput } from './parse';
import { readIndex, routeAlert } from './subscriptions';
import { once, type Triage, wantsTriage } from './triage';
import { type AlertDeps, type AlertOptions, DEFAULT_ALERT_OPTIONS } from './types';

export interface RecordResult {
  messageId: string;
  alert?: NormalizedAlert;
  /** Outcome per channel; 'failed' for a channel Slack refused for good. */
  channels: Record<string, Outcome | 'failed'>;
  /** Already handled elsewhere. */
  duplicate: boolean;
  /** Something transient failed, or another delivery holds the message: the caller should retry it. */
  retry: boolean;
}

export const claimKey = (messageId: string): string => `alerts/sns/${messageId.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 100)}.json`;

export function knownNames(targets: TargetMap): string[] {
  return [...targets.values()].flatMap((t) => [t.name, t.cluster, ...t.instances]);
}

export function options(deps: Pick<AlertDeps, 'options'>): AlertOptions {
  return { ...DEFAULT_ALERT_OPTIONS, ...deps.options };
}

/** Adds the AI triage under a new parent; any failure only costs the triage. */
async function postTriage(deps: IncidentDeps, triage: Triage, channel: string, alert: NormalizedAlert, metrics?: Metrics): Promise<void> {
  try {
    const summary = await triage(alert);
    if (summary?.source === 'fallback') metrics?.count(METRIC.aiFallbacks, 1, { use: 'triage' });
    const ts = (await getIncident(deps.store, incidentId(channel, alert.key), deps.options))?.ts;
    if (summary && ts) await deps.sender.post(channel, { ...alertTriageReply(summary), threadTs: ts });
  } catch (e) {
    deps.log.warn('alert triage skipped', { channel, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Processes one notification; `owner` names this delivery in the MessageId lease. */
export async function processRecord(
  deps: AlertDeps,
  sender: PacedSender,
  sns: SnsInput,
  levelRules: LevelRule[] = [],
  owner = `${sns.MessageId}:${Math.random().toString(36).slice(2)}`,
): Promise<RecordResult> {
  const o = options(deps);
  const clock = deps.clock ?? { ...systemClock, now: deps.now };
  const result: RecordResult = { messageId: sns.MessageId, channels: {}, duplicate: false, retry: false };
  const alert = parseSnsMessage(sns, { knownNames: knownNames(deps.targets), levelRules });
  result.alert = alert;
  const log = deps.log.child({ messageId: sns.MessageId, alertKey: alert.key, source: alert.source, target: alert.target });
  if (alert.source === 'unknown') log.warn('unrecognized SNS notification, delivered as a generic message', { subject: sns.Subject ?? '' });

  const key = claimKey(sns.MessageId);
  const lease = { owner, ttlMs: o.claimLeaseMs, clock: { now: deps.now }, note: alert.key };
  const claim = await claimLease(deps.store, key, lease);
  if (!claim.claimed) {
    if (claim.reason === 'done') {
      log.info('SNS message already handled');
      result.duplicate = true;
    } else {
      log.info('SNS message is being handled by another delivery; retry later', { heldUntil: claim.heldUntil });
      result.retry = true;
    }
    return result;
  }
  if (claim.takeover) log.warn('took over an SNS message from a delivery that stopped renewing its lease', { attempts: claim.attempts });

  const keeper = keepLease(deps.store, key, { ...lease, clock });
  let finished = false;
  try {
    await deliverClaimed(deps, sender, alert, result, log);
    finished = !result.retry;
  } finally {
    await keeper.stop();
    // Done: later deliveries are duplicates. Not done (a transient failure, S3 down, a bug): free the
    // lease so the retry is not mistaken for a duplicate.
    await (finished ? completeLease(deps.store, key, { owner, note: alert.key }) : releaseLease(deps.store, key, owner)).catch(() => undefined);
  }
  return result;
}

async function deliverClaimed(deps: AlertDeps, sender: PacedSender, alert: NormalizedAlert, result: RecordResult, log: Logger): Promise<void> {
  const o = options(deps);
  const metrics = deps.metrics ?? noMetrics;
  const routes = routeAlert(await readIndex(deps.store), alert, deps.targets);
  if (routes.length === 0) {
    log.warn('no channel subscribes to this alert', { level: alert.level, state: alert.state });
    metrics.count(METRIC.alerts, 1, { outcome: 'unrouted' });
    if (alert.state === 'alarm' || alert.state === 'event') metrics.count(METRIC.alertsDropped, 1);
  }

  const incidentDeps: IncidentDeps = { store: deps.store, sender, log, now: deps.now, options: o };
  const triage = deps.triage && wantsTriage(alert) ? once(deps.triage) : undefined;
  await Promise.all(
    routes.map(async (route) => {
      try {
        const outcome = await applyAlert(incidentDeps, route, alert);
        result.channels[route.channel] = outcome;
        metrics.count(METRIC.alerts, 1, { outcome });
        if (outcome === 'posted' && triage) await postTriage(incidentDeps, triage, route.channel, alert, metrics);
      } catch (e) {
        if (e instanceof PermanentDeliveryError) {
          log.warn('Slack refused the alert for this channel', { channel: route.channel, error: e.slackError });
          result.channels[route.channel] = 'failed';
          metrics.count(METRIC.alerts, 1, { outcome: 'failed' });
          metrics.count(METRIC.alertsDropped, 1);
        } else {
          log.error('alert delivery failed, will be retried', { channel: route.channel, error: e });
          result.retry = true;
        }
      }
    }),
  );
  log.info('alert processed', { channels: result.channels });
}
