/**
 * Incidents in Slack: one record per (channel, alarm key) in `incidents/<sha1(channel\nkey)>.json`,
 * holding the timeline of notifications (src/alerts/incident-timeline.ts) and one thread per incident.
 *
 * A delivery first records its notification (a conditional write; a MessageId already there is a
 * duplicate), then reconciles: it does whatever the timeline asks for and the threads have not done —
 * post a parent, post the resolution / "firing again" / "insufficient data" reply, edit the parent
 * until it shows the record. Each of these is claimed in the record with a short lease before it is
 * done, so concurrent deliveries never do it twice, and any later delivery (a duplicate, a retry)
 * finishes what a crashed one left undone. Nothing depends on the order notifications arrive in.
 *
 * Mutes suppress new parents and thread notes for this key in this channel; an existing parent is still
 * edited and the resolution is still posted in its thread.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../core/log';
import type { StateStore, Stored } from '../state/store';
import { alertInsufficientReply, alertParentView, alertReopenedReply, alertResolvedReply } from '../slack/views/alert';
import type { PacedSender } from './delivery';
import { INCIDENT_KEY_PATTERN, type Incident, type NormalizedAlert } from '../model/alert';
import {
  emptyRecord,
  incidentView,
  type IncidentRecord,
  type Lease,
  recordAlert,
  type ReplyKind,
  type Segment,
  type Thread,
  threadSegments,
  upgradeRecord,
  viewFingerprint,
} from './incident-timeline';
import type { AlertOptions } from './types';
import { DEFAULT_ALERT_OPTIONS } from './types';

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

const CONFLICT_ATTEMPTS = 20;
const RECONCILE_ROUNDS = 40;

export function incidentId(channel: string, alarmKey: string): string {
  return createHash('sha1').update(`${channel}\n${alarmKey}`).digest('hex');
}

export const incidentStoreKey = (id: string): string => {
  if (!INCIDENT_KEY_PATTERN.test(id)) throw new Error('invalid incident key');
  return `incidents/${id}.json`;
};

export async function getRecord(store: StateStore, id: string): Promise<Stored<IncidentRecord> | undefined> {
  const cur = await store.get<unknown>(incidentStoreKey(id));
  return cur ? { value: upgradeRecord(cur.value), version: cur.version } : undefined;
}

/** Every incident (thread) of this key in this channel, oldest first, as the views see them. */
export async function getIncidents(
  store: StateStore,
  id: string,
  o: Pick<AlertOptions, 'repeatWindowMs' | 'reopenWindowMs'> = DEFAULT_ALERT_OPTIONS,
): Promise<Incident[]> {
  const rec = (await getRecord(store, id))?.value;
  if (!rec) return [];
  const { of } = threadSegments(rec, o);
  return [...rec.threads].sort((a, b) => a.generation - b.generation).map((t) => incidentView(rec, t, of(t)));
}

/** The latest incident of this key in this channel. */
export async function getIncident(store: StateStore, id: string, o?: Pick<AlertOptions, 'repeatWindowMs' | 'reopenWindowMs'>): Promise<Incident | undefined> {
  return (await getIncidents(store, id, o)).at(-1);
}

/** The alarm's own time; arrival time only when the notification carries none. */
export function alertTime(a: NormalizedAlert, now: number): number {
  const t = Date.parse(a.at);
  return Number.isFinite(t) && t > 0 ? t : now;
}

/** Applies one alert to its incidents in one channel, then does what is left to do in Slack. */
export async function applyAlert(deps: IncidentDeps, route: RouteInfo, alert: NormalizedAlert): Promise<Outcome> {
  const id = incidentId(route.channel, alert.key);
  const key = incidentStoreKey(id);
  const firing = alert.state === 'alarm' || alert.state === 'event';
  if (firing && !route.wanted) return 'ignored';

  // The delivery that records a notification also takes the post or edit lease in the same write
  // when nobody holds it, so in a burst one delivery edits (and catches up with the others' counts)
  // while the rest only record and leave.
  const me = randomUUID();
  let outcome: Outcome | undefined;
  for (let attempt = 0; attempt < CONFLICT_ATTEMPTS && outcome === undefined; attempt++) {
    const now = deps.now();
    const cur = await getRecord(deps.store, id);
    const rec = cur?.value ?? emptyRecord(id, route.channel, alert.key);
    const r = recordAlert(rec, { alert, at: alertTime(alert, now), mentionHere: route.mentionHere, now }, deps.options);
    if (r.outcome === 'duplicate') {
      outcome = 'duplicate';
      break;
    }
    takeLeases(r.next, alert.messageId, now, me, deps.options);
    if (await (cur ? deps.store.replace(key, r.next, cur.version) : deps.store.create(key, r.next))) outcome = r.outcome;
  }
  if (outcome === undefined) throw new Error(`incident ${id}: too many concurrent changes`);
  if (outcome === 'muted') deps.log.info('alert muted in channel', { channel: route.channel, key: alert.key });
  await reconcile(deps, id, me);
  return outcome;
}

/** Takes the free post or edit lease of the thread the notification landed in (mutates `rec`). */
function takeLeases(rec: IncidentRecord, messageId: string, now: number, me: string, o: AlertOptions): void {
  const { of, threadOf } = threadSegments(rec, o);
  const seg = threadSegments(rec, o).segs.find((x) => x.ids.includes(messageId));
  const t = seg && threadOf(seg);
  if (!t || !seg) return;
  const lease = { by: me, until: now + o.claimLeaseMs };
  if (!t.ts) {
    if (!t.suppressed && !(t.leases?.post && t.leases.post.until > now)) t.leases = { ...t.leases, post: lease };
  } else if (!(t.leases?.edit && t.leases.edit.until > now) && viewFingerprint(incidentView(rec, t, of(t)), now) !== t.shown) {
    t.leases = { ...t.leases, edit: lease };
  }
}

type Task =
  | { kind: 'post'; thread: Thread }
  | { kind: 'reply'; thread: Thread; reply: ReplyKind; for: number; silent: boolean }
  | { kind: 'edit'; thread: Thread };

const leaseHeld = (l: Lease | undefined, now: number, me: string) => !!l && l.until > now && l.by !== me;
const isMuted = (rec: IncidentRecord, now: number) => rec.mutedUntil !== undefined && rec.mutedUntil > now;
const firingState = (s: Segment['state']) => s === 'alarm' || s === 'event';

type Leases = NonNullable<Thread['leases']>;

/** The next thing the record asks for that nobody is doing, or undefined when Slack shows the record. */
function nextTask(rec: IncidentRecord, now: number, me: string, o: AlertOptions): Task | undefined {
  const { of, threadOf } = threadSegments(rec, o);
  const muted = isMuted(rec, now);
  const threads = [...rec.threads].sort((a, b) => a.generation - b.generation);
  for (const t of threads) {
    const seg = of(t);
    if (!seg || t.ts || leaseHeld(t.leases?.post, now, me)) continue;
    // A thread suppressed by a mute is posted once the mute is over, if its incident is still firing.
    if (t.suppressed && (muted || !firingState(seg.state))) continue;
    if (threadOf(seg) === t) return { kind: 'post', thread: t };
  }
  for (const t of threads) {
    const seg = of(t);
    if (!seg || !t.ts || threadOf(seg) !== t || leaseHeld(t.leases?.reply, now, me)) continue;
    // Resolved: the resolution reply, again if something else was said in the thread since.
    if (seg.state === 'ok' && (t.resolvedReplyFor !== seg.stateAt || t.lastReply !== 'resolved'))
      return { kind: 'reply', thread: t, reply: 'resolved', for: seg.stateAt, silent: false };
    // Firing after the channel was told it resolved (flapping, or a late ALARM after a late OK).
    if (seg.state === 'alarm' && t.lastReply === 'resolved') return { kind: 'reply', thread: t, reply: 'reopened', for: seg.lastFiringAt, silent: muted };
    if (seg.state === 'insufficient' && t.insufficientReplyFor !== seg.stateAt)
      return { kind: 'reply', thread: t, reply: 'insufficient', for: seg.stateAt, silent: muted };
  }
  for (const t of threads) {
    if (!t.ts || leaseHeld(t.leases?.edit, now, me)) continue;
    if (viewFingerprint(incidentView(rec, t, of(t)), now) !== t.shown) return { kind: 'edit', thread: t };
  }
  return undefined;
}

/**
 * Brings Slack in line with the record: posts what is missing, edits what is out of date. Safe to run
 * any number of times from any number of deliveries at once.
 */
export async function reconcile(deps: IncidentDeps, id: string, me: string = randomUUID()): Promise<void> {
  for (let round = 0; round < RECONCILE_ROUNDS; round++) {
    const cur = await getRecord(deps.store, id);
    if (!cur) return;
    const now = deps.now();
    const task = nextTask(cur.value, now, me, deps.options);
    if (!task) return;
    await runTask(deps, id, cur, task, me);
  }
  deps.log.warn('incident still changing after many rounds; a later delivery finishes it', { id });
}

/** Changes one thread of the record with a conditional write; false when it lost a race or the thread is gone. */
async function changeThread(deps: IncidentDeps, id: string, generation: number, change: (t: Thread, rec: IncidentRecord) => void): Promise<boolean> {
  for (let i = 0; i < CONFLICT_ATTEMPTS; i++) {
    const cur = await getRecord(deps.store, id);
    const rec = cur ? structuredClone(cur.value) : undefined;
    const t = rec?.threads.find((x) => x.generation === generation);
    if (!cur || !rec || !t) return false;
    change(t, rec);
    if (await deps.store.replace(incidentStoreKey(id), rec, cur.version)) return true;
  }
  return false;
}

/** Takes a lease on a thread; false when someone else holds it (or the record moved on: the caller re-reads). */
async function claim(deps: IncidentDeps, id: string, cur: Stored<IncidentRecord>, generation: number, lease: keyof Leases, me: string): Promise<boolean> {
  const rec = structuredClone(cur.value);
  const t = rec.threads.find((x) => x.generation === generation)!;
  const now = deps.now();
  if (leaseHeld(t.leases?.[lease], now, me)) return false;
  t.leases = { ...t.leases, [lease]: { by: me, until: now + deps.options.claimLeaseMs } };
  return deps.store.replace(incidentStoreKey(id), rec, cur.version);
}

const release = (t: Thread, lease: keyof Leases, me: string) => {
  if (t.leases?.[lease]?.by === me) delete t.leases[lease];
  if (t.leases && Object.keys(t.leases).length === 0) delete t.leases;
};

async function runTask(deps: IncidentDeps, id: string, cur: Stored<IncidentRecord>, task: Task, me: string): Promise<void> {
  const g = task.thread.generation;
  const lease: keyof Leases = task.kind === 'post' ? 'post' : task.kind === 'reply' ? 'reply' : 'edit';
  if (task.kind === 'reply' && task.silent) {
    // A note the mute swallows: mark it handled so it is not posted after the mute.
    await changeThread(deps, id, g, (t) => {
      if (task.reply === 'insufficient') t.insufficientReplyFor = task.for;
      t.lastReply = task.reply;
    });
    return;
  }
  if (!(await claim(deps, id, cur, g, lease, me))) return;
  try {
    if (task.kind === 'post') await postParent(deps, id, g, me);
    else if (task.kind === 'reply') await postReply(deps, id, g, task.reply, task.for, me);
    else await editParent(deps, id, g, me);
  } catch (e) {
    // Free the lease so the retry of this delivery (or any other) does it at once.
    await changeThread(deps, id, g, (t) => release(t, lease, me)).catch(() => undefined);
    throw e;
  }
}

function render(rec: IncidentRecord, t: Thread, now: number, o: AlertOptions): { incident: Incident; fingerprint: string } {
  const { of } = threadSegments(rec, o);
  const incident = incidentView(rec, t, of(t));
  return { incident, fingerprint: viewFingerprint(incident, now) };
}

async function postParent(deps: IncidentDeps, id: string, g: number, me: string): Promise<void> {
  const rec = (await getRecord(deps.store, id))!.value;
  const t = rec.threads.find((x) => x.generation === g)!;
  const now = deps.now();
  const { incident, fingerprint } = render(rec, t, now, deps.options);
  const ts = await deps.sender.post(rec.channel, alertParentView(incident, { mentionHere: incident.mentionHere, now }));
  await changeThread(deps, id, g, (th) => {
    if (!th.ts) th.ts = ts;
    th.shown = fingerprint;
    delete th.suppressed;
    release(th, 'post', me);
  });
}

async function postReply(deps: IncidentDeps, id: string, g: number, kind: ReplyKind, at: number, me: string): Promise<void> {
  const rec = (await getRecord(deps.store, id))!.value;
  const t = rec.threads.find((x) => x.generation === g)!;
  const { incident } = render(rec, t, deps.now(), deps.options);
  const latest = t.alert;
  const reply =
    kind === 'resolved'
      ? alertResolvedReply(incident, t.okAlert ?? { ...latest, state: 'ok', at: new Date(at).toISOString(), detail: '' })
      : kind === 'reopened'
        ? alertReopenedReply(latest)
        : alertInsufficientReply(latest);
  await deps.sender.post(rec.channel, { ...reply, threadTs: t.ts! });
  await changeThread(deps, id, g, (th) => {
    if (kind === 'resolved') th.resolvedReplyFor = at;
    else if (kind === 'insufficient') th.insufficientReplyFor = at;
    th.lastReply = kind;
    release(th, 'reply', me);
  });
}

/**
 * Edits the parent with what the record says at send time (edits queued for the same message are
 * coalesced by the sender), then records what it showed and frees the lease. A change recorded
 * meanwhile leaves the fingerprint out of date, so the next round edits again.
 */
async function editParent(deps: IncidentDeps, id: string, g: number, me: string): Promise<void> {
  const first = (await getRecord(deps.store, id))!.value;
  const ts = first.threads.find((x) => x.generation === g)?.ts;
  if (!ts) return;
  let shown: string | undefined;
  await deps.sender.edit(first.channel, ts, async () => {
    const rec = (await getRecord(deps.store, id))?.value;
    const t = rec?.threads.find((x) => x.generation === g);
    if (!rec || !t) return undefined;
    const now = deps.now();
    const { incident, fingerprint } = render(rec, t, now, deps.options);
    shown = fingerprint;
    return alertParentView(incident, { mentionHere: incident.mentionHere, now });
  });
  await changeThread(deps, id, g, (th) => {
    if (shown !== undefined) th.shown = shown;
    release(th, 'edit', me);
  });
}

/** Records an acknowledgement on the thread whose parent is `messageTs` (or the latest) and edits it. */
export async function acknowledge(deps: IncidentDeps, id: string, messageTs: string | undefined, user: string): Promise<Incident | undefined> {
  let g: number | undefined;
  for (let i = 0; i < CONFLICT_ATTEMPTS; i++) {
    const cur = await getRecord(deps.store, id);
    if (!cur) return undefined;
    const rec = structuredClone(cur.value);
    const t = rec.threads.find((x) => messageTs !== undefined && x.ts === messageTs) ?? [...rec.threads].sort((a, b) => b.generation - a.generation)[0];
    if (!t) return undefined;
    t.ackBy = user;
    t.ackAt = deps.now();
    g = t.generation;
    if (await deps.store.replace(incidentStoreKey(id), rec, cur.version)) break;
    g = undefined;
  }
  if (g === undefined) throw new Error(`incident ${id}: too many concurrent changes`);
  await reconcile(deps, id);
  return (await getIncidents(deps.store, id, deps.options)).find((i) => i.generation === g);
}

/** Mutes this key in this channel until `until` and edits the parents to say so. */
export async function mute(deps: IncidentDeps, id: string, messageTs: string | undefined, user: string, until: number): Promise<Incident | undefined> {
  for (let i = 0; i < CONFLICT_ATTEMPTS; i++) {
    const cur = await getRecord(deps.store, id);
    if (!cur) return undefined;
    const rec = { ...cur.value, mutedUntil: until, mutedBy: user };
    if (await deps.store.replace(incidentStoreKey(id), rec, cur.version)) {
      await reconcile(deps, id);
      const all = await getIncidents(deps.store, id, deps.options);
      return all.find((x) => messageTs !== undefined && x.ts === messageTs) ?? all.at(-1);
    }
  }
  throw new Error(`incident ${id}: too many concurrent changes`);
}
