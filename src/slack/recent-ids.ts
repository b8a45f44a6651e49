/** A bounded set of recently seen ids with a time-to-live (Events API retries within a warm container). */
import { systemClock } from '../core/clock';

export class RecentIds {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly max = 2000,
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = systemClock.now,
  ) {}

  /** Records the id; returns false when it was already seen (and not expired). */
  add(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, t);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}
