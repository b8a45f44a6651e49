/**
 * One SNS notification, end to end: parse → claim its MessageId → find subscribed channels → apply to
 * each channel's incident. Safe to run again for the same MessageId (SNS and Lambda both redeliver):
 * the claim short-cuts a finished one, and incidents ignore MessageIds they already counted.
 */
import type { TargetMap } from '../config/targets';
import type { Logger } from '../core/log';
import { type PacedSender, PermanentDeliveryError } from './delivery';
import { alertTriageReply } from '../slack/views/alert';
import { applyAlert, getIncident, incidentId, type IncidentDeps, type Outcome } from './incidents';
import { once, type Triage, wantsTriage } from './triage';
import type { LevelRule } from '../config/alert-levels';
import { parseSnsMessage, type SnsInput } from './parse';
import { readIndex, routeAlert } from './subscriptions';
import type { NormalizedAlert } from '../model/alert';
import { type AlertDeps, type AlertOptions, DEFAULT_ALERT_OPTIONS } from './types';

export interface ClaimRecord {
  status: 'processing' | 'done';
  claimedAt: number;
  key?: string;
}

export interface RecordResult {
  messageId: string;
  alert?: NormalizedAlert;
  /** Outcome per channel; 'failed' for a channel Slack refused for good. */
  channels: Record<string, Outcome | 'failed'>;
  /** Already handled (or being handled) elsewhere. */
  duplicate: boolean;
  /** Something transient failed: the caller should let Lambda retry the record. */
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
async function postTriage(deps: IncidentDeps, triage: Triage, channel: string, alert: NormalizedAlert): Promise<void> {
  try {
    const summary = await triage(alert);
    const ts = (await getIncident(deps.store, incidentId(channel, alert.key)))?.ts;
    if (summary && ts) await deps.sender.post(channel, { ...alertTriageReply(summary), threadTs: ts });
  } catch (e) {
    deps.log.warn('alert triage skipped', { channel, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Claims a MessageId; false when another delivery finished it or is working on it now. */
async function claim(deps: AlertDeps, messageId: string, leaseMs: number): Promise<boolean> {
  const key = claimKey(messageId);
  const mine: ClaimRecord = { status: 'processing', claimedAt: deps.now() };
  if (await deps.store.create(key, mine)) return true;
  const cur = await deps.store.get<ClaimRecord>(key);
  if (!cur) return deps.store.create(key, mine);
  if (cur.value.status === 'done' || deps.now() - cur.value.claimedAt <= leaseMs) return false;
  return deps.store.replace(key, mine, cur.version); // the earlier attempt died: take over
}

export async function processRecord(deps: AlertDeps, sender: PacedSender, sns: SnsInput, levelRules: LevelRule[] = []): Promise<RecordResult> {
  const o = options(deps);
  const result: RecordResult = { messageId: sns.MessageId, channels: {}, duplicate: false, retry: false };
  const alert = parseSnsMessage(sns, { knownNames: knownNames(deps.targets), levelRules });
  result.alert = alert;
  const log = deps.log.child({ messageId: sns.MessageId, alertKey: alert.key, source: alert.source, target: alert.target });
  if (alert.source === 'unknown') log.warn('unrecognized SNS notification, delivered as a generic message', { subject: sns.Subject ?? '' });

  if (!(await claim(deps, sns.MessageId, o.claimLeaseMs))) {
    log.info('SNS message already handled');
    result.duplicate = true;
    return result;
  }

  try {
    return await deliverClaimed(deps, sender, alert, result, log);
  } catch (e) {
    // Unexpected (S3 down, a bug): free the claim so Lambda's retry is not taken for a duplicate.
    await deps.store.delete(claimKey(sns.MessageId)).catch(() => undefined);
    throw e;
  }
}

async function deliverClaimed(deps: AlertDeps, sender: PacedSender, alert: NormalizedAlert, result: RecordResult, log: Logger): Promise<RecordResult> {
  const o = options(deps);
  const routes = routeAlert(await readIndex(deps.store), alert, deps.targets);
  if (routes.length === 0) log.warn('no channel subscribes to this alert', { level: alert.level, state: alert.state });

  const incidentDeps = { store: deps.store, sender, log, now: deps.now, options: o };
  const triage = deps.triage && wantsTriage(alert) ? once(deps.triage) : undefined;
  await Promise.all(
    routes.map(async (route) => {
      try {
        const outcome = await applyAlert(incidentDeps, route, alert);
        result.channels[route.channel] = outcome;
        if (outcome === 'posted' && triage) await postTriage(incidentDeps, triage, route.channel, alert);
      } catch (e) {
        if (e instanceof PermanentDeliveryError) {
          log.warn('Slack refused the alert for this channel', { channel: route.channel, error: e.slackError });
          result.channels[route.channel] = 'failed';
        } else {
          log.error('alert delivery failed, will be retried', { channel: route.channel, error: e });
          result.retry = true;
        }
      }
    }),
  );

  const key = claimKey(alert.messageId);
  if (result.retry) {
    await deps.store.delete(key).catch(() => undefined); // let the retry in at once
  } else {
    const cur = await deps.store.get<ClaimRecord>(key);
    if (cur) await deps.store.replace<ClaimRecord>(key, { status: 'done', claimedAt: cur.value.claimedAt, key: alert.key }, cur.version);
  }
  log.info('alert processed', { channels: result.channels });
  return result;
}
