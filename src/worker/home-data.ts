/**
 * What one user's App Home shows, read from the StateStore and filtered twice: only channels the user
 * is a member of (users.conversations, one paginated call: channels:read / groups:read), and only rows
 * DBASSIST_ACCESS lets this user see from that channel (some guarded action allowed on the row's
 * target or pattern). Incident records are keyed by a hash of channel and alarm, so they are found in
 * one listing, at most MAX_INCIDENT_READS of them (the Home says so when there were more), and a warm
 * worker reads again only the records whose version changed.
 * Thread links are permalinks built from the workspace URL auth.test returns (one call per warm
 * worker, not one chat.getPermalink per row).
 */
import type { WebClient } from '@slack/web-api';
import { getRecord } from '../alerts/incidents';
import { type IncidentRecord, incidentView, threadSegments } from '../alerts/incident-timeline';
import { readIndex } from '../alerts/subscriptions';
import { DEFAULT_ALERT_OPTIONS } from '../alerts/types';
import { type AccessPolicy, authorize, GUARDED_ACTIONS } from '../config/access';
import type { Config } from '../config/env';
import { resolveTarget, type TargetMap } from '../config/targets';
import type { Logger } from '../core/log';
import { listRecentReports } from '../jobs/recent-reports';
import { type ChannelSchedules, schedulesKey } from '../jobs/schedules';
import type { HomeData, HomeIncidentRow } from '../slack/views/home';
import type { IncidentState } from '../model/alert';
import type { StateStore } from '../state/store';

export interface HomeViewer {
  team: string;
  enterprise?: string;
  user: string;
}

export interface HomeDataDeps {
  store: StateStore;
  config: Config;
  slack: WebClient;
  log: Logger;
  now: () => number;
}

export const MAX_INCIDENT_READS = 500;
/** An RDS event (no OK ever follows) counts as open this long. */
export const RECENT_EVENT_MS = 24 * 3_600_000;
const MEMBER_PAGES = 5;
const READ_CONCURRENCY = 16;
const LEVEL_RANK = { critical: 2, warning: 1, info: 0 } as const;

/** May this user see anything about `name` (a target, instance or pattern) from `channel`? */
export function maySee(policy: AccessPolicy, targets: TargetMap, viewer: HomeViewer, channel: string, name: string): boolean {
  const resolved = name.includes('*') ? undefined : resolveTarget(targets, name);
  const target = resolved ? resolved.target.name : name;
  const instance = resolved?.instance;
  return GUARDED_ACTIONS.some(
    (action) =>
      authorize(policy, {
        team: viewer.team,
        ...(viewer.enterprise ? { enterprise: viewer.enterprise } : {}),
        channel,
        user: viewer.user,
        action,
        target,
        ...(instance ? { instance } : {}),
      }).allowed,
  );
}

/** The channels the user is in that the bot can see, and whether the list is complete. */
export async function memberChannels(slack: WebClient, user: string): Promise<{ channels: Set<string>; complete: boolean }> {
  const channels = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MEMBER_PAGES; page++) {
    const res = await slack.users.conversations({
      user,
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const c of res.channels ?? []) if (c.id) channels.add(c.id);
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return { channels, complete: true };
  }
  return { channels, complete: false };
}

/** `https://team.slack.com/archives/C…/p1700000000000100`, the form chat.getPermalink returns. */
export function permalink(workspaceUrl: string | undefined, channel: string, ts: string): string | undefined {
  if (!workspaceUrl || !/^https:\/\/[^\s<>|]+\/$/.test(workspaceUrl) || !/^\d+\.\d+$/.test(ts)) return undefined;
  return `${workspaceUrl}archives/${channel}/p${ts.replace('.', '')}`;
}

const workspaceUrls = new WeakMap<WebClient, string>();

/** The workspace's URL (`https://team.slack.com/`) from auth.test, once per client (a warm worker asks once). */
async function workspaceUrlOf(slack: WebClient, log: Logger): Promise<string | undefined> {
  const known = workspaceUrls.get(slack);
  if (known) return known;
  try {
    const url = (await slack.auth.test()).url;
    if (typeof url === 'string') workspaceUrls.set(slack, url);
    return url;
  } catch (e) {
    log.warn('home: auth.test failed; no thread links', { error: e });
    return undefined;
  }
}

async function inBatches<T, R>(items: T[], f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + READ_CONCURRENCY).map(f))));
  return out;
}

/** What the Home needs of an incident record: its latest incident. */
interface IncidentSummary {
  channel: string;
  target: string;
  level: HomeIncidentRow['level'];
  state: IncidentState;
  title: string;
  firstAt: number;
  lastAt: number;
  ts?: string;
}

const incidentCache = new WeakMap<StateStore, Map<string, { version: string; summary?: IncidentSummary }>>();

function summarize(rec: IncidentRecord): IncidentSummary | undefined {
  const latest = [...rec.threads].sort((a, b) => a.generation - b.generation).at(-1);
  if (!latest) return undefined;
  const i = incidentView(rec, latest, threadSegments(rec, DEFAULT_ALERT_OPTIONS).of(latest));
  return {
    channel: rec.channel,
    target: i.target,
    level: i.level,
    state: i.state,
    title: i.alert.title,
    firstAt: i.firstAt,
    lastAt: i.lastAt,
    ...(i.ts ? { ts: i.ts } : {}),
  };
}

/**
 * Every incident record's latest incident: one listing, then a read of each record that is new or
 * changed since this container last read it (as readIndex does for subscriptions).
 */
async function incidentSummaries(store: StateStore, notes: string[]): Promise<IncidentSummary[]> {
  const listed = (await store.entries('incidents/')).filter((e) => /^incidents\/[0-9a-f]{40}\.json$/.test(e.key));
  if (listed.length > MAX_INCIDENT_READS)
    notes.push(`Only ${MAX_INCIDENT_READS} of ${listed.length} incident records were read; some open incidents may be missing.`);
  const wanted = listed.slice(0, MAX_INCIDENT_READS);
  let known = incidentCache.get(store);
  if (!known) incidentCache.set(store, (known = new Map()));
  const keep = new Set(wanted.map((e) => e.key));
  for (const k of known.keys()) if (!keep.has(k)) known.delete(k);
  const stale = wanted.filter((e) => e.version === '' || known.get(e.key)?.version !== e.version);
  await inBatches(stale, async (e) => {
    const got = await getRecord(store, e.key.slice('incidents/'.length, -'.json'.length));
    if (!got) known.delete(e.key);
    else {
      const summary = summarize(got.value);
      known.set(e.key, { version: got.version, ...(summary ? { summary } : {}) });
    }
  });
  return wanted.map((e) => known.get(e.key)?.summary).filter((x): x is IncidentSummary => x !== undefined);
}

async function openIncidents(d: HomeDataDeps, see: (channel: string, name: string) => boolean, channels: Set<string>, notes: string[]) {
  const now = d.now();
  return (await incidentSummaries(d.store, notes))
    .filter((i) => channels.has(i.channel) && (i.state === 'alarm' || (i.state === 'event' && now - i.lastAt < RECENT_EVENT_MS)) && see(i.channel, i.target))
    .map(
      (i): HomeIncidentRow => ({
        channel: i.channel,
        target: i.target,
        level: i.level,
        state: i.state === 'event' ? 'event' : 'alarm',
        title: i.title,
        since: i.firstAt,
        ...(i.ts ? { link: i.ts } : {}),
      }),
    )
    .sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.since - a.since || a.channel.localeCompare(b.channel));
}

/** Everything the user's Home shows. */
export async function homeData(d: HomeDataDeps, viewer: HomeViewer): Promise<HomeData> {
  const notes: string[] = [];
  const see = (channel: string, name: string) => maySee(d.config.access, d.config.targets, viewer, channel, name);
  const [members, workspaceUrl] = await Promise.all([memberChannels(d.slack, viewer.user), workspaceUrlOf(d.slack, d.log)]);
  if (!members.complete) notes.push('You are in more channels than the Home reads; some channels are left out.');
  const { channels } = members;

  const index = await readIndex(d.store);
  const subscriptions = Object.entries(index.channels)
    .filter(([channel]) => channels.has(channel))
    .flatMap(([channel, e]) => e.subscriptions.map((subscription) => ({ channel, subscription })))
    .filter((r) => see(r.channel, r.subscription.pattern))
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.subscription.pattern.localeCompare(b.subscription.pattern));

  const incidents = (await openIncidents(d, see, channels, notes)).map(({ link, ...r }) => {
    const url = link ? permalink(workspaceUrl, r.channel, link) : undefined;
    return url ? { ...r, link: url } : r;
  });

  const scheduleChannels = (await d.store.list('schedules/'))
    .map((k) => /^schedules\/([A-Z0-9]{1,30})\.json$/i.exec(k)?.[1])
    .filter((c): c is string => c !== undefined && channels.has(c));
  const schedules = (
    await inBatches(scheduleChannels, async (channel) =>
      ((await d.store.get<ChannelSchedules>(schedulesKey(channel)))?.value.schedules ?? []).map((schedule) => ({ channel, schedule })),
    )
  )
    .flat()
    .filter(({ channel, schedule: s }) => {
      const c = s.command;
      const names = c.verb === 'health' ? (c.targets ?? [c.pattern ?? '*']) : [c.target];
      return names.some((n) => see(channel, n));
    });

  const reports = (await listRecentReports(d.store, viewer.user))
    .filter((r) => see(r.channel, r.instance))
    .map((r) => {
      const url = permalink(workspaceUrl, r.channel, r.threadTs);
      return url ? { ...r, link: url } : r;
    });

  return { subscriptions, incidents, schedules, reports, notes };
}
