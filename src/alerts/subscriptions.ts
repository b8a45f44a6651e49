/**
 * Alert subscriptions. Each channel's list lives in `subscriptions/<channel>.json`, changed with
 * update() (conditional writes), so two people subscribing at once cannot lose each other's change.
 * The routing index is derived from those documents, never written separately: one listing of
 * `subscriptions/` gives every channel document with its version, and only documents whose version
 * changed since the last read are fetched again (cached per container). A subscriber that lost a race
 * or died half-way therefore cannot hide a channel from the alerts Lambda: there is no second document
 * to fall out of step. (Before, a shared `index.json` was updated after the channel's document; under
 * contention some updates gave up and those channels never received alerts.)
 */
import type { TargetMap } from '../config/targets';
import { resolveTarget } from '../config/targets';
import type { AlertLevel } from '../core/grammar';
import { type StateStore, update } from '../state/store';
import type { ChannelSubscriptions, NormalizedAlert, Subscription, SubscriptionIndex } from '../model/alert';

/** The shared index of earlier versions; ignored (routing is derived from the channel documents). */
export const INDEX_KEY = 'subscriptions/index.json';
const CHANNEL_DOC = /^subscriptions\/([A-Z0-9]{1,30})\.json$/i;
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 50;
const CHANNEL_ID = /^[A-Z0-9]{1,30}$/i;

export function channelKey(channel: string): string {
  if (!CHANNEL_ID.test(channel)) throw new Error(`invalid channel id`);
  return `subscriptions/${channel}.json`;
}

const LEVEL_RANK: Record<AlertLevel, number> = { info: 0, warning: 1, critical: 2 };
export const levelAtLeast = (level: AlertLevel, threshold: AlertLevel): boolean => LEVEL_RANK[level] >= LEVEL_RANK[threshold];

export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(value);
}

export async function listSubscriptions(store: StateStore, channel: string): Promise<Subscription[]> {
  return (await store.get<ChannelSubscriptions>(channelKey(channel)))?.value.subscriptions ?? [];
}

export type SubscribeResult = { status: 'added' | 'updated'; subscriptions: Subscription[] } | { status: 'full'; subscriptions: Subscription[] };

/** Adds a subscription, or replaces the one with the same pattern; then brings the index up to date. */
export async function subscribe(store: StateStore, channel: string, sub: Subscription): Promise<SubscribeResult> {
  let status: 'added' | 'updated' | 'full' = 'added';
  const next = await update<ChannelSubscriptions>(store, channelKey(channel), (cur) => {
    const list = cur?.subscriptions ?? [];
    const i = list.findIndex((s) => s.pattern.toLowerCase() === sub.pattern.toLowerCase());
    if (i < 0 && list.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
      status = 'full';
      return undefined;
    }
    status = i < 0 ? 'added' : 'updated';
    const subscriptions = i < 0 ? [...list, sub] : list.map((s, j) => (j === i ? sub : s));
    return { channel, rev: (cur?.rev ?? 0) + 1, subscriptions };
  });
  const doc = next ?? { channel, rev: 0, subscriptions: [] };
  return { status: status as 'added' | 'updated' | 'full', subscriptions: doc.subscriptions };
}

/** Removes the subscription with this pattern (case-insensitive); `removed` is false when there was none. */
export async function unsubscribe(store: StateStore, channel: string, pattern: string): Promise<{ removed: boolean; subscriptions: Subscription[] }> {
  let removed = false;
  const next = await update<ChannelSubscriptions>(store, channelKey(channel), (cur) => {
    const list = cur?.subscriptions ?? [];
    const kept = list.filter((s) => s.pattern.toLowerCase() !== pattern.toLowerCase());
    removed = kept.length !== list.length;
    return removed ? { channel, rev: (cur?.rev ?? 0) + 1, subscriptions: kept } : undefined;
  });
  const doc = next ?? { channel, rev: 0, subscriptions: [] };
  return { removed, subscriptions: doc.subscriptions };
}

const cache = new WeakMap<StateStore, Map<string, { version: string; doc: ChannelSubscriptions }>>();
const READ_CONCURRENCY = 16;

/**
 * Every channel's subscriptions, derived from the channel documents: one listing, then a read of each
 * document that is new or changed since this container last read it.
 */
export async function readIndex(store: StateStore): Promise<SubscriptionIndex> {
  const listed = (await store.entries('subscriptions/')).filter((e) => CHANNEL_DOC.test(e.key) && e.key !== INDEX_KEY);
  let known = cache.get(store);
  if (!known) cache.set(store, (known = new Map()));
  const seen = new Set(listed.map((e) => e.key));
  for (const k of known.keys()) if (!seen.has(k)) known.delete(k);
  const stale = listed.filter((e) => known.get(e.key)?.version !== e.version || e.version === '');
  for (let i = 0; i < stale.length; i += READ_CONCURRENCY) {
    await Promise.all(
      stale.slice(i, i + READ_CONCURRENCY).map(async (e) => {
        const got = await store.get<ChannelSubscriptions>(e.key);
        if (got) known.set(e.key, { version: got.version, doc: got.value });
        else known.delete(e.key);
      }),
    );
  }
  const channels: SubscriptionIndex['channels'] = {};
  for (const [k, { doc }] of known) {
    const channel = CHANNEL_DOC.exec(k)?.[1];
    if (channel && doc.subscriptions.length > 0) channels[channel] = { rev: doc.rev, subscriptions: doc.subscriptions };
  }
  return { channels };
}

/** The names an alert's target is known by: itself, and the configured target and cluster it belongs to. */
export function namesFor(target: string, targets: TargetMap): string[] {
  if (!target) return [];
  const names = new Set([target]);
  const r = resolveTarget(targets, target);
  if (r) {
    names.add(r.target.name);
    names.add(r.target.cluster);
  }
  return [...names];
}

/** Does a user's `--events` word match one of the alert's categories? (`reboots` ≈ `reboot`, `low storage` ≈ `low-storage`) */
function categoryMatches(wanted: string, categories: string[]): boolean {
  const w = wanted.toLowerCase().replace(/[\s_]+/g, '-');
  return categories.some((c) => c === w || c === w.replace(/s$/, '') || c.replace(/s$/, '') === w);
}

export function subscriptionMatchesTarget(sub: Subscription, names: string[]): boolean {
  return sub.pattern === '*' || names.some((n) => globMatch(sub.pattern, n));
}

export function subscriptionPasses(sub: Subscription, alert: NormalizedAlert): boolean {
  if (!levelAtLeast(alert.level, sub.level)) return false;
  return sub.events.length === 0 || sub.events.some((e) => categoryMatches(e, alert.eventCategories));
}

export interface ChannelRoute {
  channel: string;
  /** At least one of the channel's subscriptions asks for this alert (level and categories). */
  wanted: boolean;
  /** A subscription that wants the alert asked for @here (used only for critical alerts). */
  mentionHere: boolean;
}

/**
 * Channels with a subscription matching the alert's target. `wanted` tells whether the level and
 * category filters let it through; an OK below the threshold still resolves an open incident there.
 */
export function routeAlert(index: SubscriptionIndex, alert: NormalizedAlert, targets: TargetMap): ChannelRoute[] {
  const names = namesFor(alert.target, targets);
  const routes: ChannelRoute[] = [];
  for (const [channel, entry] of Object.entries(index.channels)) {
    const matching = entry.subscriptions.filter((s) => subscriptionMatchesTarget(s, names));
    if (matching.length === 0) continue;
    const passing = matching.filter((s) => subscriptionPasses(s, alert));
    routes.push({ channel, wanted: passing.length > 0, mentionHere: passing.some((s) => s.mentionHere) });
  }
  return routes.sort((a, b) => a.channel.localeCompare(b.channel));
}
