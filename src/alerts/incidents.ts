/**
 * The incident lifecycle of one alarm key in one channel, kept in `incidents/<sha1(channel+key)>.json`.
 *
 * - The first ALARM claims the record with a conditional write (create, or replace of a stale one):
 *   only the claimant posts the parent, so two concurrent deliveries cannot both post it.
 * - Repeats inside the repeat window bump the counter and edit the parent (edits are coalesced and
 *   rendered from the record at send time, then re-checked, so the parent ends on the latest count).
 * - OK posts the resolution in the thread and edits the parent (resolved, duration).
 * - SNS MessageIds already counted are ignored, so a redelivery changes nothing.
 * - Mutes suppress new posts for this key in this channel; edits of an existing parent still happen.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../core/log';
import type { StateStore, Stored } from '../state/store';
import { alertInsufficientReply, alertParentView, alertReopenedReply, alertResolvedReply } from '../slack/views/alert';
import type { PacedSender } from './delivery';
import { INCIDENT_KEY_PATTERN, type Incident, type NormalizedAlert } from '../model/alert';
import type { AlertOptions } from './types';

export type Outcome = 'posted' | 'folded' | 'reopened' | 'resolved' | 'noted' | 'duplicate' | 'muted' | 'ignored';

export interface IncidentDeps {
  store: StateStore;
  sender: PacedSender;
  log: Logger;
  now: () => number;
  options: AlertOptions;
}

export interface RouteInfo {
  channel: string;
  /** The channel's subscriptions let this alert through (level, categories). */
  wanted: boolean;
  mentionHere: boolean;
}

const SEEN_KEPT = 50;
const CONFLICT_ATTEMPTS = 12;

export function incidentId(channel: string, alarmKey: string): string {
  return createHash('sha1').update(`${channel}\n${alarmKey}`).digest('hex');
}

export const incidentStoreKey = (id: string): string => {
  if (!INCIDENT_KEY_PATTERN.test(id)) throw new Error('invalid incident key');
  return `incidents/${id}.json`;
};

export async function getIncident(store: StateStore, id: string): Promise<Incident | undefined> {
  return (await store.get<Incident>(incidentStoreKey(id)))?.value;
}

const isOpen = (i: Incident) => i.state === 'alarm' || i.state === 'event' || i.state === 'insufficient';
const isMuted = (i: Incident | undefined, now: number) => !!i && i.mutedUntil !== undefined && i.mutedUntil > now;
const withSeen = (seen: string[], id: string) => [...seen.filter((s) => s !== id), id].slice(-SEEN_KEPT);
const alertTime = (a: NormalizedAlert, now: number) => {
  const t = Date.parse(a.at);
  return Number.isFinite(t) && t > 0 ? t : now;
};

/** Writes `next` over `current` (or creates it); false when someone changed it first. */
function write(store: StateStore, key: string, current: Stored<Incident> | undefined, next: Incident): Promise<boolean> {
  return current ? store.replace(key, next, current.version) : store.create(key, next);
}

function fresh(id: string, route: RouteInfo, alert: NormalizedAlert, now: number, prev: Incident | undefined): Incident {
  const at = alertTime(alert, now);
  const inc: Incident = {
    id,
    channel: route.channel,
    alarmKey: alert.key,
    target: alert.target,
    generation: (prev?.generation ?? 0) + 1,
    claimedAt: now,
    state: alert.state === 'event' ? 'event' : 'alarm',
    level: alert.level,
    count: 1,
    firstAt: at,
    lastAt: at,
    mentionHere: route.mentionHere,
    alert,
    seen: withSeen(prev?.seen ?? [], alert.messageId),
  };
  if (prev?.mutedUntil !== undefined && prev.mutedUntil > now) {
    inc.mutedUntil = prev.mutedUntil;
    if (prev.mutedBy) inc.mutedBy = prev.mutedBy;
  }
  return inc;
}

/** Applies one alert to its incident in one channel, posting or editing as needed. */
export async function applyAlert(deps: IncidentDeps, route: RouteInfo, alert: NormalizedAlert): Promise<Outcome> {
  const id = incidentId(route.channel, alert.key);
  const key = incidentStoreKey(id);
  const firing = alert.state === 'alarm' || alert.state === 'event';
  if (firing && !route.wanted) return 'ignored';

  for (let attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
    const now = deps.now();
    const current = await deps.store.get<Incident>(key);
    const doc = current?.value;
    const stalePost = !!doc && doc.ts === undefined && now - doc.claimedAt > deps.options.claimLeaseMs;

    if (doc && doc.seen.includes(alert.messageId) && !stalePost) {
      // A redelivery: finish a resolution reply that a crash may have left undone, otherwise nothing.
      if (doc.resolutionPending && doc.ts && doc.state === 'ok') await postResolution(deps, id, alert);
      return 'duplicate';
    }

    if (!firing) {
      if (!doc || !isOpen(doc)) return 'ignored';
      const next: Incident = { ...doc, seen: withSeen(doc.seen, alert.messageId) }; // the parent keeps showing the alarm
      if (alert.state === 'ok') {
        next.state = 'ok';
        next.resolvedAt = Math.max(alertTime(alert, now), doc.firstAt);
        next.resolutionPending = true;
        next.resolution = alert;
      } else {
        next.state = 'insufficient';
      }
      if (!(await write(deps.store, key, current, next))) continue;
      if (!next.ts) return alert.state === 'ok' ? 'resolved' : 'noted'; // the poster finishes it
      if (alert.state === 'ok') await postResolution(deps, id, alert);
      else if (!isMuted(doc, now)) await deps.sender.post(route.channel, { ...alertInsufficientReply(alert), threadTs: next.ts });
      await syncParent(deps, id);
      return alert.state === 'ok' ? 'resolved' : 'noted';
    }

    // Windows are measured on the alarm's own state-change time, never on arrival: an SNS delivery
    // delayed by Lambda retries or throttling still folds into the incident it belongs to.
    const at = alertTime(alert, now);
    const withinRepeat = !!doc && isOpen(doc) && at - doc.lastAt <= deps.options.repeatWindowMs;
    const resolvedAt = doc?.state === 'ok' ? doc.resolvedAt : undefined;
    // A repeat older than the resolution belongs to the resolved incident: counted, never reopening it.
    const lateRepeat = !!doc && !!doc.ts && resolvedAt !== undefined && at <= resolvedAt;
    const reopen =
      !!doc && !!doc.ts && alert.state === 'alarm' && resolvedAt !== undefined && at > resolvedAt && at - resolvedAt <= deps.options.reopenWindowMs;

    if (doc && lateRepeat && !stalePost) {
      const next: Incident = { ...doc, count: doc.count + 1, seen: withSeen(doc.seen, alert.messageId) };
      if (!(await write(deps.store, key, current, next))) continue;
      await syncParent(deps, id);
      return 'folded';
    }

    if (doc && (withinRepeat || reopen) && !stalePost) {
      const next: Incident = {
        ...doc,
        count: doc.count + 1,
        lastAt: Math.max(doc.lastAt, alertTime(alert, now)),
        seen: withSeen(doc.seen, alert.messageId),
        alert,
        target: alert.target || doc.target,
      };
      if (alert.level === 'critical') next.level = 'critical';
      if (reopen) {
        next.state = 'alarm';
        delete next.resolvedAt;
        delete next.resolution;
        delete next.resolutionPending;
      }
      // One delivery at a time edits the counter; the others only count (see runEditor).
      const editor = !!next.ts && !(doc.editLeaseUntil !== undefined && doc.editLeaseUntil > now);
      if (editor) next.editLeaseUntil = now + deps.options.claimLeaseMs;
      if (!(await write(deps.store, key, current, next))) continue;
      if (reopen && next.ts && !isMuted(next, now)) await deps.sender.post(route.channel, { ...alertReopenedReply(alert), threadTs: next.ts });
      if (editor) await runEditor(deps, id);
      return reopen ? 'reopened' : 'folded';
    }

    // A new parent: nothing here yet, the last one is too old or resolved, or its poster died.
    if (isMuted(doc, now) && !stalePost) {
      deps.log.info('alert muted in channel', { channel: route.channel, key: alert.key });
      return 'muted';
    }
    const next =
      stalePost && doc
        ? { ...doc, claimedAt: now, seen: withSeen(doc.seen, alert.messageId), count: doc.seen.includes(alert.messageId) ? doc.count : doc.count + 1 }
        : fresh(id, route, alert, now, doc);
    if (!(await write(deps.store, key, current, next))) continue;
    await postParent(deps, id, next);
    return 'posted';
  }
  throw new Error(`incident ${id}: too many concurrent changes`);
}

/** The claimant posts the parent, records its ts, then catches up with what happened meanwhile. */
async function postParent(deps: IncidentDeps, id: string, claimed: Incident): Promise<void> {
  const ts = await deps.sender.post(claimed.channel, alertParentView(claimed, { mentionHere: claimed.mentionHere, now: deps.now() }));
  const key = incidentStoreKey(id);
  let after: Incident | undefined;
  for (let i = 0; i < CONFLICT_ATTEMPTS; i++) {
    const cur = await deps.store.get<Incident>(key);
    if (!cur || cur.value.generation !== claimed.generation) return; // superseded
    if (cur.value.ts) {
      after = cur.value;
      break;
    }
    after = { ...cur.value, ts };
    if (await deps.store.replace(key, after, cur.version)) break;
    after = undefined;
  }
  if (!after) return;
  if (after.count !== claimed.count || after.state !== claimed.state) await syncParent(deps, id);
  if (after.state === 'ok' && after.resolutionPending && after.resolution) await postResolution(deps, id, after.resolution);
}

/** Posts the resolution reply once the parent exists, and clears the pending flag. */
async function postResolution(deps: IncidentDeps, id: string, ok: NormalizedAlert): Promise<void> {
  const key = incidentStoreKey(id);
  const cur = await deps.store.get<Incident>(key);
  if (!cur?.value.ts || !cur.value.resolutionPending) return;
  await deps.sender.post(cur.value.channel, { ...alertResolvedReply(cur.value, ok), threadTs: cur.value.ts });
  for (let i = 0; i < CONFLICT_ATTEMPTS; i++) {
    const c = await deps.store.get<Incident>(key);
    if (!c || !c.value.resolutionPending) return;
    const next = { ...c.value };
    delete next.resolutionPending;
    if (await deps.store.replace(key, next, c.version)) return;
  }
}

/**
 * Brings the parent message in line with the record: the edit renders at send time, and if the
 * record moved on while it was in flight (another delivery counted a repeat), it edits again.
 */
export async function syncParent(deps: Pick<IncidentDeps, 'store' | 'sender' | 'now'>, id: string, rounds = 3): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    let shown: string | undefined;
    let channel = '';
    const first = await getIncident(deps.store, id);
    if (!first?.ts) return;
    channel = first.channel;
    await deps.sender.edit(channel, first.ts, async () => {
      const inc = await getIncident(deps.store, id);
      if (!inc?.ts) return undefined;
      shown = fingerprint(inc);
      return alertParentView(inc, { mentionHere: inc.mentionHere, now: deps.now() });
    });
    const after = await getIncident(deps.store, id);
    if (!after || shown === undefined || fingerprint(after) === shown) return;
  }
}

/**
 * The holder of the edit lease edits the parent until it shows the record, then releases the lease
 * with a conditional write, so a repeat counted meanwhile either makes the release fail (and the
 * editor goes round again) or finds the lease free and becomes the editor itself. A burst of repeats
 * costs a few edits, not one per repeat. A crashed editor's lease expires after `claimLeaseMs`.
 */
async function runEditor(deps: IncidentDeps, id: string, rounds = 20): Promise<void> {
  const key = incidentStoreKey(id);
  for (let r = 0; r < rounds; r++) {
    let shown: string | undefined;
    const first = await getIncident(deps.store, id);
    if (!first?.ts) return;
    await deps.sender.edit(first.channel, first.ts, async () => {
      const inc = await getIncident(deps.store, id);
      if (!inc?.ts) return undefined;
      shown = fingerprint(inc);
      return alertParentView(inc, { mentionHere: inc.mentionHere, now: deps.now() });
    });
    const cur = await deps.store.get<Incident>(key);
    if (!cur) return;
    // Not rendered by us (joined an edit already queued) or out of date: go round again.
    if (shown === undefined || fingerprint(cur.value) !== shown) continue;
    const released = { ...cur.value };
    delete released.editLeaseUntil;
    if (await deps.store.replace(key, released, cur.version)) return;
  }
}

function fingerprint(i: Incident): string {
  return JSON.stringify([i.count, i.state, i.ackBy, i.mutedUntil, i.generation, i.lastAt]);
}
