/**
 * The incident timeline of one alarm key in one channel, as a pure function of the notifications seen,
 * ordered by the alarm's own state-change time — never by arrival. SNS, SQS and Lambda retries deliver
 * late, twice and out of order; the same set of notifications always gives the same incidents:
 *
 * - Notifications are kept (compactly) sorted by event time; a MessageId already kept is a duplicate.
 * - `segment()` cuts them into incidents: a firing notification (ALARM, RDS event) joins the current
 *   incident when it comes within `repeatWindowMs` of its last firing one, or within `reopenWindowMs`
 *   of its resolution (flapping); otherwise it starts a new one. OK and INSUFFICIENT_DATA belong to the
 *   incident they follow; one that precedes every firing notification waits (an OK delivered before
 *   its ALARM) and resolves the incident the late ALARM then opens.
 * - An incident's state is that of its latest notification by time: a late repeat older than the
 *   resolution is counted and changes nothing; an OK older than a repeat does not resolve.
 * - Each incident has a thread (its parent message), found through an anchor notification. A thread
 *   records what it has shown and which replies it has posted, so the side effects still to do are
 *   the difference between the timeline and the threads (src/alerts/incidents.ts does them).
 */
import type { AlertLevel } from '../core/grammar';
import type { Incident, IncidentState, NormalizedAlert } from '../model/alert';

/** One notification on the timeline: MessageId, event time, state (a)larm, (e)vent, (o)k, (i)nsufficient. */
export interface TimelineEvent {
  id: string;
  at: number;
  s: 'a' | 'e' | 'o' | 'i';
  /** Several firing notifications compacted into one (count, first time). */
  n?: number;
  f?: number;
}

/** The parent message of one incident and what has been done with it. */
export interface Thread {
  generation: number;
  /** A notification of this incident; the incident is the segment that holds it. */
  anchor: string;
  /** Parent message ts; absent until posted. */
  ts?: string;
  /** Who is posting the parent, posting a reply or editing the parent, and until when (short leases). */
  leases?: Partial<Record<'post' | 'reply' | 'edit', Lease>>;
  /** Never posted: the alarm was muted in this channel when the incident began. */
  suppressed?: boolean;
  mentionHere: boolean;
  level: AlertLevel;
  /** The latest firing notification by event time: what the parent shows. */
  alert: NormalizedAlert;
  /** The latest OK by event time: the resolution reply's text. */
  okAlert?: NormalizedAlert;
  /** Fingerprint of what the parent shows now. */
  shown?: string;
  /** Replies posted, each for the event time that caused it (so each is posted once). */
  resolvedReplyFor?: number;
  insufficientReplyFor?: number;
  /** The last reply the channel saw in the thread: a resolved incident's thread always ends with 'resolved'. */
  lastReply?: ReplyKind;
  ackBy?: string;
  ackAt?: number;
}

export type ReplyKind = 'resolved' | 'reopened' | 'insufficient';

export interface Lease {
  by: string;
  until: number;
}

/** `incidents/<sha1(channel\nalarmKey)>.json`. */
export interface IncidentRecord {
  v: 2;
  id: string;
  channel: string;
  alarmKey: string;
  events: TimelineEvent[];
  threads: Thread[];
  mutedUntil?: number;
  mutedBy?: string;
  /** The latest OK that arrived before any ALARM of its incident: its text, for the resolution reply. */
  orphanOk?: NormalizedAlert;
}

/** One incident as the timeline defines it. */
export interface Segment {
  ids: string[];
  /** First firing notification's id. */
  firstId: string;
  firstAt: number;
  lastFiringAt: number;
  /** Firing notifications counted. */
  count: number;
  state: IncidentState;
  /** Time of the latest notification (the one that gives the state). */
  stateAt: number;
  /** Latest OK that was followed by a firing notification inside the reopen window (flapping). */
  reopenedAfter?: number;
}

export interface TimelineOptions {
  repeatWindowMs: number;
  reopenWindowMs: number;
}

/** Notifications kept per record; older firing ones of the same incident are compacted. */
export const MAX_EVENTS = 300;
const ORDER: Record<TimelineEvent['s'], number> = { a: 0, e: 0, i: 1, o: 2 };
const firingState = (s: TimelineEvent['s']) => s === 'a' || s === 'e';

export function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return a.at - b.at || ORDER[a.s] - ORDER[b.s] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function eventOf(alert: NormalizedAlert, at: number): TimelineEvent {
  const s = alert.state === 'alarm' ? 'a' : alert.state === 'event' ? 'e' : alert.state === 'ok' ? 'o' : 'i';
  return { id: alert.messageId, at, s };
}

const STATE: Record<TimelineEvent['s'], IncidentState> = { a: 'alarm', e: 'event', o: 'ok', i: 'insufficient' };

/** Cuts the (sorted) notifications into incidents. Pure and independent of arrival order. */
export function segment(events: TimelineEvent[], o: TimelineOptions): Segment[] {
  const segs: Segment[] = [];
  let cur: Segment | undefined;
  for (const e of events) {
    if (firingState(e.s)) {
      const joins = cur && (cur.state === 'ok' ? e.at - cur.stateAt <= o.reopenWindowMs : e.at - cur.lastFiringAt <= o.repeatWindowMs);
      if (cur && joins) {
        if (cur.state === 'ok') cur.reopenedAfter = cur.stateAt;
        cur.ids.push(e.id);
        cur.count += e.n ?? 1;
        cur.lastFiringAt = e.at;
        cur.state = STATE[e.s];
        cur.stateAt = e.at;
      } else {
        cur = { ids: [e.id], firstId: e.id, firstAt: e.f ?? e.at, lastFiringAt: e.at, count: e.n ?? 1, state: STATE[e.s], stateAt: e.at };
        segs.push(cur);
      }
    } else if (cur) {
      cur.ids.push(e.id);
      cur.state = STATE[e.s];
      cur.stateAt = e.at;
    }
  }
  return segs;
}

/** The segment each thread belongs to (undefined when its anchor is gone). */
export function threadSegments(
  rec: IncidentRecord,
  o: TimelineOptions,
): { segs: Segment[]; of: (t: Thread) => Segment | undefined; threadOf: (s: Segment) => Thread | undefined } {
  const segs = segment(rec.events, o);
  const where = new Map<string, Segment>();
  for (const s of segs) for (const id of s.ids) where.set(id, s);
  const of = (t: Thread) => where.get(t.anchor);
  // Two threads in one segment (a late notification bridged two posted incidents): the older leads.
  const threadOf = (s: Segment) => rec.threads.filter((t) => of(t) === s).sort((a, b) => a.generation - b.generation)[0];
  return { segs, of, threadOf };
}

export function emptyRecord(id: string, channel: string, alarmKey: string): IncidentRecord {
  return { v: 2, id, channel, alarmKey, events: [], threads: [] };
}

/** Reads a stored record; a record from before the timeline (one incident, v1) becomes one thread. */
export function upgradeRecord(value: unknown): IncidentRecord {
  const v = value as Partial<IncidentRecord> & Partial<Incident>;
  if (v.v === 2) return v as IncidentRecord;
  const old = v as Incident;
  const rec = emptyRecord(old.id, old.channel, old.alarmKey);
  const ids = old.seen.length > 0 ? old.seen : [old.alert.messageId];
  // The old record knew counts, not times: its notifications become one compacted firing event.
  rec.events.push({ id: ids[0]!, at: old.lastAt, s: old.alert.state === 'event' ? 'e' : 'a', n: old.count, f: old.firstAt });
  if (old.state === 'ok' && old.resolvedAt !== undefined) rec.events.push({ id: old.resolution?.messageId ?? `${ids[0]}~ok`, at: old.resolvedAt, s: 'o' });
  const thread: Thread = { generation: old.generation, anchor: ids[0]!, mentionHere: old.mentionHere, level: old.level, alert: old.alert };
  if (old.ts) thread.ts = old.ts;
  if (old.resolution) thread.okAlert = old.resolution;
  if (old.state === 'ok' && !old.resolutionPending && old.resolvedAt !== undefined) {
    thread.resolvedReplyFor = old.resolvedAt;
    thread.lastReply = 'resolved';
  }
  if (old.ackBy) thread.ackBy = old.ackBy;
  if (old.ackAt !== undefined) thread.ackAt = old.ackAt;
  rec.threads.push(thread);
  if (old.mutedUntil !== undefined) rec.mutedUntil = old.mutedUntil;
  if (old.mutedBy) rec.mutedBy = old.mutedBy;
  for (const id of ids.slice(1)) rec.events.push({ id, at: old.lastAt, s: 'a', n: 0 });
  rec.events.sort(byTime);
  return rec;
}

/**
 * Keeps the record bounded: when it holds more than MAX_EVENTS notifications, the oldest firing ones
 * of an incident are folded into a weighted event at the place of the last of them, so counts, first
 * times and the gaps that decide the incidents stay the same.
 */
export function compact(rec: IncidentRecord, o: TimelineOptions): void {
  while (rec.events.length > MAX_EVENTS) {
    const segs = segment(rec.events, o);
    const target = segs.find((s) => s.ids.length > 2) ?? segs[0];
    if (!target) {
      rec.events.splice(0, rec.events.length - MAX_EVENTS); // only orphans: drop the oldest
      return;
    }
    const inSeg = new Set(target.ids);
    const run = rec.events.filter((e) => inSeg.has(e.id) && firingState(e.s));
    const take = run.slice(0, Math.max(2, Math.min(run.length - 1, rec.events.length - MAX_EVENTS + 1)));
    if (take.length < 2) {
      rec.events.splice(rec.events.indexOf(rec.events.find((e) => !inSeg.has(e.id)) ?? rec.events[0]!), 1);
      continue;
    }
    const last = take[take.length - 1]!;
    const merged: TimelineEvent = {
      id: `~${take[0]!.id}`.slice(0, 120),
      at: last.at,
      s: last.s,
      n: take.reduce((n, e) => n + (e.n ?? 1), 0),
      f: Math.min(...take.map((e) => e.f ?? e.at)),
    };
    const gone = new Set(take.map((e) => e.id));
    for (const t of rec.threads) if (gone.has(t.anchor)) t.anchor = merged.id;
    rec.events = [...rec.events.filter((e) => !gone.has(e.id)), merged].sort(byTime);
  }
}

export type Recorded = 'posted' | 'folded' | 'reopened' | 'resolved' | 'noted' | 'muted' | 'ignored' | 'duplicate';

export interface RecordInput {
  alert: NormalizedAlert;
  /** Event time of the alert (its state-change time). */
  at: number;
  mentionHere: boolean;
  now: number;
}

/**
 * Adds one notification to the record (a copy is returned) and says what it did to its incident.
 * Every incident without a thread gets one without a ts (to be posted), or a suppressed one while the
 * alarm is muted here. That is usually the new notification's own incident; a late OK can also split
 * an incident in two, and the later half then gets a thread of its own.
 */
export function recordAlert(prev: IncidentRecord, input: RecordInput, o: TimelineOptions): { next: IncidentRecord; outcome: Recorded } {
  const { alert } = input;
  if (prev.events.some((e) => e.id === alert.messageId)) return { next: prev, outcome: 'duplicate' };
  const next: IncidentRecord = structuredClone(prev);
  const ev = eventOf(alert, input.at);
  const before = threadSegments(prev, o);
  next.events.push(ev);
  next.events.sort(byTime);
  const after = threadSegments(next, o);
  const muted = next.mutedUntil !== undefined && next.mutedUntil > input.now;
  let created: Thread | undefined;
  for (const seg of after.segs) {
    if (after.threadOf(seg)) continue;
    const mine = seg.ids.includes(ev.id);
    // The thread this part of the timeline belonged to before (a split), for what to show.
    const from = prev.threads.find((t) => before.of(t)?.ids.some((id) => seg.ids.includes(id))) ?? prev.threads[prev.threads.length - 1];
    const shown = mine && firingState(ev.s) ? alert : (from?.alert ?? alert);
    const thread: Thread = {
      generation: Math.max(0, ...next.threads.map((t) => t.generation)) + 1,
      anchor: seg.firstId,
      mentionHere: input.mentionHere || !!from?.mentionHere,
      level: shown.level,
      alert: shown,
    };
    if (muted) thread.suppressed = true;
    if (next.orphanOk && seg.ids.includes(next.orphanOk.messageId)) {
      thread.okAlert = next.orphanOk;
      delete next.orphanOk;
    }
    next.threads.push(thread);
    if (mine) created = thread;
  }
  const seg = after.segs.find((s) => s.ids.includes(ev.id));
  if (!seg) {
    if (ev.s === 'o' && (!next.orphanOk || input.at >= Date.parse(next.orphanOk.at))) next.orphanOk = alert;
    compact(next, o);
    return { next, outcome: 'ignored' }; // an OK or INSUFFICIENT_DATA with no incident before it (yet)
  }
  const thread = after.threadOf(seg) ?? created!;
  if (firingState(ev.s)) {
    const shownAt = Date.parse(thread.alert.at);
    if (!Number.isFinite(shownAt) || input.at >= shownAt || !firingState(eventOf(thread.alert, 0).s)) thread.alert = alert;
    if (alert.level === 'critical') thread.level = 'critical';
    if (input.mentionHere) thread.mentionHere = true;
  } else if (ev.s === 'o' && (!thread.okAlert || input.at >= Date.parse(thread.okAlert.at))) {
    thread.okAlert = alert;
  }
  compact(next, o);

  let outcome: Recorded;
  if (created) outcome = created.suppressed ? 'muted' : 'posted';
  else if (firingState(ev.s)) {
    const was = before.segs.find((s) => s.ids.includes(thread.anchor));
    outcome = was?.state === 'ok' && seg.state !== 'ok' ? 'reopened' : 'folded';
  } else if (ev.s === 'o') outcome = seg.state === 'ok' && seg.stateAt === ev.at ? 'resolved' : 'noted';
  else outcome = 'noted';
  return { next, outcome };
}

/** What the parent of `thread` must show, as the views' Incident. */
export function incidentView(rec: IncidentRecord, thread: Thread, seg: Segment | undefined): Incident {
  const state: IncidentState = seg?.state ?? (thread.resolvedReplyFor !== undefined ? 'ok' : thread.alert.state === 'event' ? 'event' : 'alarm');
  const firstAt = seg?.firstAt ?? Date.parse(thread.alert.at);
  const inc: Incident = {
    id: rec.id,
    channel: rec.channel,
    alarmKey: rec.alarmKey,
    target: thread.alert.target,
    generation: thread.generation,
    claimedAt: 0,
    state,
    level: thread.level,
    count: seg?.count ?? 1,
    firstAt,
    lastAt: seg?.lastFiringAt ?? firstAt,
    mentionHere: thread.mentionHere,
    alert: thread.alert,
    seen: seg?.ids.filter((id) => !id.startsWith('~')) ?? [],
  };
  if (thread.ts) inc.ts = thread.ts;
  if (state === 'ok' && seg) inc.resolvedAt = Math.max(seg.stateAt, firstAt);
  if (thread.okAlert) inc.resolution = thread.okAlert;
  if (thread.ackBy) inc.ackBy = thread.ackBy;
  if (thread.ackAt !== undefined) inc.ackAt = thread.ackAt;
  if (rec.mutedUntil !== undefined) inc.mutedUntil = rec.mutedUntil;
  if (rec.mutedBy) inc.mutedBy = rec.mutedBy;
  return inc;
}

/** What the parent shows, as a string: an edit is due when it differs from `thread.shown`. */
export function viewFingerprint(i: Incident, now: number): string {
  const muted = i.mutedUntil !== undefined && i.mutedUntil > now;
  return JSON.stringify([
    i.state,
    i.count,
    i.level,
    i.firstAt,
    i.lastAt,
    i.resolvedAt ?? null,
    i.ackBy ?? null,
    muted ? i.mutedUntil : null,
    i.alert.messageId,
  ]);
}
