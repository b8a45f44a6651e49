/**
 * Claims that expire: a lease on a key of the state store, so that one delivery of a Slack event or an
 * SNS message does the work, and a worker that dies after claiming blocks the retry only until its
 * lease runs out. The holder renews the lease while it works (`keepLease`), so a long job keeps it and
 * a dead one loses it within one TTL. When the work is done the record says so (`completeLease`) and
 * later deliveries are duplicates; when the work failed and should be retried, `releaseLease` frees it.
 *
 * Records written before leases existed (no `status`) are read as done: they were answered.
 */
import { type Clock, systemClock } from '../core/clock';
import type { StateStore } from './store';

export interface LeaseRecord {
  status: 'held' | 'done';
  /** Who holds (or finished) it: a job id, an invocation's request id. */
  owner: string;
  /** Epoch ms after which a held lease may be taken over. */
  leaseUntil: number;
  claimedAt: number;
  /** How many holders it has had (1 + takeovers). */
  attempts: number;
  /** Free-form context written by the holder (alarm key, job id). */
  note?: string;
}

export type ClaimOutcome =
  | { claimed: true; takeover: boolean; attempts: number }
  | { claimed: false; reason: 'done' }
  | { claimed: false; reason: 'held'; heldUntil: number };

export interface LeaseOptions {
  owner: string;
  ttlMs: number;
  clock?: Pick<Clock, 'now'>;
  note?: string;
}

const asLease = (v: unknown): LeaseRecord | undefined => {
  const r = v as Partial<LeaseRecord> | undefined;
  if (!r || typeof r !== 'object') return undefined;
  if (r.status !== 'held' && r.status !== 'done') return { status: 'done', owner: '', leaseUntil: 0, claimedAt: 0, attempts: 1 };
  return r as LeaseRecord;
};

/** Claims `key` for `owner`; takes over a held lease that has expired. */
export async function claimLease(store: StateStore, key: string, o: LeaseOptions): Promise<ClaimOutcome> {
  const clock = o.clock ?? systemClock;
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = clock.now();
    const mine: LeaseRecord = { status: 'held', owner: o.owner, leaseUntil: now + o.ttlMs, claimedAt: now, attempts: 1, ...(o.note ? { note: o.note } : {}) };
    if (await store.create(key, mine)) return { claimed: true, takeover: false, attempts: 1 };
    const cur = await store.get<unknown>(key);
    if (!cur) continue; // deleted meanwhile (a released lease): try to create it again
    const rec = asLease(cur.value)!;
    if (rec.status === 'done') return { claimed: false, reason: 'done' };
    if (rec.owner === o.owner) return { claimed: true, takeover: false, attempts: rec.attempts }; // our own retry
    if (rec.leaseUntil > now) return { claimed: false, reason: 'held', heldUntil: rec.leaseUntil };
    const next: LeaseRecord = { ...mine, attempts: rec.attempts + 1 };
    if (await store.replace(key, next, cur.version)) return { claimed: true, takeover: true, attempts: next.attempts };
  }
  // Someone keeps changing it: behave as if it were held, the caller retries later.
  return { claimed: false, reason: 'held', heldUntil: clock.now() + o.ttlMs };
}

/** Extends the lease while `owner` still holds it; false when it was lost (taken over or finished). */
export async function renewLease(store: StateStore, key: string, o: LeaseOptions): Promise<boolean> {
  const clock = o.clock ?? systemClock;
  const cur = await store.get<unknown>(key);
  const rec = asLease(cur?.value);
  if (!cur || !rec || rec.status !== 'held' || rec.owner !== o.owner) return false;
  return store.replace(key, { ...rec, leaseUntil: clock.now() + o.ttlMs }, cur.version);
}

/** Marks the work done: later claims answer `done`. Left alone when another holder took over. */
export async function completeLease(store: StateStore, key: string, o: Pick<LeaseOptions, 'owner' | 'note'>): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const cur = await store.get<unknown>(key);
    const rec = asLease(cur?.value);
    if (!cur || !rec) return false;
    if (rec.status === 'done') return true;
    if (rec.owner !== o.owner) return false;
    if (await store.replace(key, { ...rec, status: 'done', ...(o.note ? { note: o.note } : {}) }, cur.version)) return true;
  }
  return false;
}

/** Frees a lease this owner holds, so a retry may claim it at once. */
export async function releaseLease(store: StateStore, key: string, owner: string): Promise<void> {
  const cur = await store.get<unknown>(key);
  const rec = asLease(cur?.value);
  if (cur && rec && rec.status === 'held' && rec.owner === owner) await store.delete(key);
}

export interface LeaseKeeper {
  /** Stops renewing; resolves when the renewal loop has ended. */
  stop(): Promise<void>;
  /** False once a renewal found the lease lost. */
  readonly held: boolean;
}

/**
 * Renews the lease every third of its TTL until stopped. Renewal failures (S3 hiccups) are retried at
 * the next tick; a lease found lost stops the renewals and is reported through `onLost`. The timer is
 * cleared on stop, so a finished holder leaves nothing running.
 */
export function keepLease(store: StateStore, key: string, o: LeaseOptions & { intervalMs?: number; onLost?: () => void }): LeaseKeeper {
  let stopped = false;
  let held = true;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> = Promise.resolve();
  const interval = o.intervalMs ?? Math.max(50, Math.floor(o.ttlMs / 3));
  const tick = () => {
    renewing = (async () => {
      try {
        if (!stopped && !(await renewLease(store, key, o))) {
          held = false;
          o.onLost?.();
          return;
        }
      } catch {
        // transient: the next tick tries again, the lease still has two thirds of its TTL
      }
      if (!stopped) timer = setTimeout(tick, interval);
    })();
  };
  timer = setTimeout(tick, interval);
  return {
    get held() {
      return held;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await renewing;
    },
  };
}
