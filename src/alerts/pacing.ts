/**
 * Per-channel write pacing shared by every invocation that writes to Slack for alerts. Slack allows
 * about one message a second per channel; each alerts invocation (and the worker's alert buttons)
 * paces its own writes, but several run at once, so the pace must hold in aggregate. A writer reserves
 * the channel's next slot before each write; slots are `intervalMs` apart whoever takes them.
 *
 * `StorePacing` keeps the next free slot in the state store (`pacing/<channel>.json`, conditional
 * writes): one GET and one conditional PUT per Slack write, cheap next to the one-second pace.
 * Lambda hosts keep their clocks NTP-synchronised to a few milliseconds; the default interval (1.25 s)
 * leaves a quarter second on top of Slack's limit for that, network jitter and a stalled event loop.
 * `LocalPacing` does the same in memory, for one process (CLI, demo, tests of one sender).
 */
import type { StateStore } from '../state/store';

export interface ChannelPacing {
  /**
   * Reserves the first slot for `channel` at or after `earliest`; the next writer's slot is at least
   * `intervalMs` later. Undefined when that slot would start after `deadline` (nothing is reserved).
   */
  reserve(channel: string, earliest: number, intervalMs: number, deadline: number): Promise<number | undefined>;
  /** After a 429: no writer gets a slot for `channel` before `until`. */
  pushBack(channel: string, until: number): Promise<void>;
}

export class LocalPacing implements ChannelPacing {
  private readonly nextAt = new Map<string, number>();

  async reserve(channel: string, earliest: number, intervalMs: number, deadline: number): Promise<number | undefined> {
    const slot = Math.max(earliest, this.nextAt.get(channel) ?? 0);
    if (slot > deadline) return undefined;
    this.nextAt.set(channel, slot + intervalMs);
    return slot;
  }

  async pushBack(channel: string, until: number): Promise<void> {
    this.nextAt.set(channel, Math.max(until, this.nextAt.get(channel) ?? 0));
  }
}

interface PacingDoc {
  nextAt: number;
}

const CHANNEL = /^[A-Z0-9]{1,30}$/i;
const ATTEMPTS = 30;

export class StorePacing implements ChannelPacing {
  /** Conditional writes lost to other writers (for the bench and logs). */
  conflicts = 0;

  constructor(
    private readonly store: StateStore,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private key(channel: string): string {
    if (!CHANNEL.test(channel)) throw new Error('invalid channel id');
    return `pacing/${channel}.json`;
  }

  private async change(channel: string, next: (cur: number) => number | undefined): Promise<number | undefined> {
    const key = this.key(channel);
    for (let i = 0; i < ATTEMPTS; i++) {
      const cur = await this.store.get<PacingDoc>(key);
      const nextAt = next(cur?.value.nextAt ?? 0);
      if (nextAt === undefined) return undefined;
      const doc: PacingDoc = { nextAt };
      if (await (cur ? this.store.replace(key, doc, cur.version) : this.store.create(key, doc))) return nextAt;
      this.conflicts++;
      await this.sleep(Math.random() * 5 * (i + 1));
    }
    throw new Error(`pacing for ${channel}: too many concurrent writers`);
  }

  async reserve(channel: string, earliest: number, intervalMs: number, deadline: number): Promise<number | undefined> {
    let slot = 0;
    const r = await this.change(channel, (cur) => {
      slot = Math.max(earliest, cur);
      return slot > deadline ? undefined : slot + intervalMs;
    });
    return r === undefined ? undefined : slot;
  }

  async pushBack(channel: string, until: number): Promise<void> {
    await this.change(channel, (cur) => (cur >= until ? undefined : until));
  }
}
