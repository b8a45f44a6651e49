/** Leases on the state store: claim once, renew while working, take over a lapsed one, finish, release. */
import { describe, expect, it } from 'vitest';
import { claimLease, completeLease, keepLease, releaseLease, renewLease } from '../../src/state/lease';
import { MemoryStateStore } from '../../src/state/store';

class StepClock {
  constructor(public t = 1_000_000) {}
  now = () => this.t;
}

describe('leases', () => {
  it('one claimant; the others see it held until it lapses, then one of them takes over', async () => {
    const store = new MemoryStateStore();
    const clock = new StepClock();
    expect(await claimLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock })).toEqual({ claimed: true, takeover: false, attempts: 1 });
    expect(await claimLease(store, 'k', { owner: 'b', ttlMs: 1_000, clock })).toEqual({ claimed: false, reason: 'held', heldUntil: clock.t + 1_000 });
    expect(await claimLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock })).toMatchObject({ claimed: true }); // a's own retry
    clock.t += 1_001;
    const [b, c] = await Promise.all([
      claimLease(store, 'k', { owner: 'b', ttlMs: 1_000, clock }),
      claimLease(store, 'k', { owner: 'c', ttlMs: 1_000, clock }),
    ]);
    expect([b, c].filter((x) => x.claimed)).toEqual([{ claimed: true, takeover: true, attempts: 2 }]);
    // The first holder comes back after losing it: it can neither renew nor complete.
    expect(await renewLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock })).toBe(false);
    expect(await completeLease(store, 'k', { owner: 'a' })).toBe(false);
  });

  it('done is final: every later claim is a duplicate', async () => {
    const store = new MemoryStateStore();
    const clock = new StepClock();
    await claimLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock });
    expect(await completeLease(store, 'k', { owner: 'a', note: 'alarm-1' })).toBe(true);
    clock.t += 10 * 86_400_000;
    expect(await claimLease(store, 'k', { owner: 'b', ttlMs: 1_000, clock })).toEqual({ claimed: false, reason: 'done' });
    expect((await store.get<{ note: string }>('k'))?.value.note).toBe('alarm-1');
  });

  it('a renewed lease is not taken over; a released one is claimable at once', async () => {
    const store = new MemoryStateStore();
    const clock = new StepClock();
    await claimLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock });
    clock.t += 900;
    expect(await renewLease(store, 'k', { owner: 'a', ttlMs: 1_000, clock })).toBe(true);
    clock.t += 900;
    expect(await claimLease(store, 'k', { owner: 'b', ttlMs: 1_000, clock })).toMatchObject({ claimed: false, reason: 'held' });
    await releaseLease(store, 'k', 'b'); // not b's to release
    expect(await store.get('k')).toBeDefined();
    await releaseLease(store, 'k', 'a');
    expect(await claimLease(store, 'k', { owner: 'b', ttlMs: 1_000, clock })).toEqual({ claimed: true, takeover: false, attempts: 1 });
  });

  it('reads a claim written before leases existed as done', async () => {
    const store = new MemoryStateStore();
    await store.create('events/Ev1.json', { jobId: 'j1', at: '2026-11-21T08:00:00Z' });
    expect(await claimLease(store, 'events/Ev1.json', { owner: 'j2', ttlMs: 1_000 })).toEqual({ claimed: false, reason: 'done' });
  });

  it('keepLease renews on a timer, stops cleanly and reports a lost lease', async () => {
    const store = new MemoryStateStore();
    await claimLease(store, 'k', { owner: 'a', ttlMs: 90 });
    const first = (await store.get<{ leaseUntil: number }>('k'))!.value.leaseUntil;
    let lost = 0;
    const keeper = keepLease(store, 'k', { owner: 'a', ttlMs: 90, onLost: () => lost++ });
    await new Promise((r) => setTimeout(r, 130));
    expect((await store.get<{ leaseUntil: number }>('k'))!.value.leaseUntil).toBeGreaterThan(first);
    await store.delete('k'); // someone else freed it (or it was taken over and finished)
    await new Promise((r) => setTimeout(r, 80));
    expect(keeper.held).toBe(false);
    expect(lost).toBe(1);
    await keeper.stop();
  });
});
