/** The ingress's memory of recent Events API ids: bounded, and forgetting after its time-to-live. */
import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/slack/recent-ids';

describe('RecentIds', () => {
  it('answers each id once within the time-to-live, again after it', () => {
    let now = 0;
    const ids = new RecentIds(10, 1_000, () => now);
    expect(ids.add('Ev1')).toBe(true);
    expect(ids.add('Ev1')).toBe(false);
    now = 1_000;
    expect(ids.add('Ev1')).toBe(true);
  });

  it('keeps at most `max` ids, dropping the oldest', () => {
    const ids = new RecentIds(2, 60_000, () => 0);
    ids.add('a');
    ids.add('b');
    ids.add('c');
    expect(ids.add('a')).toBe(true);
    expect(ids.add('c')).toBe(false);
  });
});
