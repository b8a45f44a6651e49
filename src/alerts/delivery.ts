/**
 * A per-channel paced sender over WebClient. Slack allows about one message a second per channel and
 * answers 429 with Retry-After beyond that; each channel gets its own queue, and every write first
 * reserves the channel's next slot from a `ChannelPacing` (src/alerts/pacing.ts) — shared through the
 * state store by every invocation, so the pace holds in aggregate, not just per invocation. A 429
 * pushes the channel's next slot back by Retry-After (at least the interval) for everyone; other
 * transient failures back off; everything stops at a total time budget so an invocation never spins.
 * Edits of one message are coalesced: while an edit is queued, later edits of that message join it,
 * and the content is rendered when the edit is sent, so it is always the latest. Every message is cut
 * to Slack's size limits before it goes out (src/slack/message-limits.ts).
 */
import type { WebClient } from '@slack/web-api';
import { ErrorCode } from '@slack/web-api';
import { type Clock, systemClock } from '../core/clock';
import type { Logger } from '../core/log';
import { METRIC, type Metrics } from '../core/metrics';
import { fitMessage } from '../slack/message-limits';
import { messageArgs, type SlackReply } from '../slack/reply';
import { type ChannelPacing, LocalPacing } from './pacing';

export interface SenderOptions {
  channelIntervalMs: number;
  maxAttempts: number;
  budgetMs: number;
  /** Where channel slots are reserved (default: in this sender only). */
  pacing?: ChannelPacing;
  clock?: Clock;
  /** Counts 429s (SlackRateLimited, fn=alerts). */
  metrics?: Metrics;
  /** A write later than this after its slot takes a new slot (default a fiftieth of the interval, 5 to 25 ms). */
  maxLateMs?: number;
}

type Prepared = SlackReply;

interface Job<T> {
  /** The message to send, made just before the slot; undefined skips the write. */
  prepare: () => Promise<Prepared | undefined>;
  send: (message: Prepared) => Promise<T>;
  /** What a skipped write resolves with. */
  skipped: T;
}

/** How long before its slot a message is prepared (an edit renders from the state store). */
const PREPARE_LEAD_MS = 30;

export interface OutgoingMessage extends SlackReply {
  threadTs?: string;
}

/** Slack said no for good (not_in_channel, channel_not_found, …): retrying will not help. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  constructor(readonly slackError: string) {
    super(`Slack refused the message: ${slackError}`);
  }
}

/** Out of attempts or out of time: a later retry of the whole notification may still succeed. */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
}

const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

interface SlackErrorLike {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

export class PacedSender {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pendingEdits = new Map<string, Promise<void>>();
  private readonly deadline: number;
  private readonly clock: Clock;
  private readonly pacing: ChannelPacing;
  /** Calls made, 429s seen and retries, for logs and the bench. */
  readonly stats = { calls: 0, rateLimited: 0, retries: 0, lateSlots: 0 };

  constructor(
    private readonly slack: WebClient,
    private readonly options: SenderOptions,
    private readonly log: Logger,
  ) {
    this.clock = options.clock ?? systemClock;
    this.pacing = options.pacing ?? new LocalPacing();
    this.deadline = this.clock.now() + options.budgetMs;
  }

  /** Posts a message (or a thread reply); resolves with its ts. */
  post(channel: string, message: OutgoingMessage): Promise<string> {
    const fitted = fitMessage({ text: message.text, blocks: message.blocks, ...(message.color ? { color: message.color } : {}) });
    return this.enqueue(channel, {
      prepare: async () => fitted,
      send: async (m) => {
        const res = await this.slack.chat.postMessage({
          channel,
          ...messageArgs(m),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return String(res.ts ?? '');
      },
      skipped: '',
    });
  }

  /**
   * Edits a message with what `render` returns when its slot comes (undefined: nothing to do). An edit
   * of the same message already waiting in the queue absorbs this one.
   */
  edit(channel: string, ts: string, render: () => Promise<SlackReply | undefined>): Promise<void> {
    const key = `${channel}:${ts}`;
    const pending = this.pendingEdits.get(key);
    if (pending) return pending;
    const p = this.enqueue(channel, {
      prepare: async () => {
        this.pendingEdits.delete(key);
        const reply = await render();
        return reply ? fitMessage(reply) : undefined;
      },
      send: async (m) => {
        await this.slack.chat.update({ channel, ts, ...messageArgs(m, { edit: true }) });
      },
      skipped: undefined,
    }).finally(() => {
      if (this.pendingEdits.get(key) === p) this.pendingEdits.delete(key);
    });
    this.pendingEdits.set(key, p);
    return p;
  }

  private enqueue<T>(channel: string, job: Job<T>): Promise<T> {
    const prev = this.queues.get(channel) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(() => this.withRetries(channel, job));
    this.queues.set(channel, run);
    return run;
  }

  /**
   * Reserves the channel's next slot (shared with every other writer), prepares the message just
   * before it (an edit renders the latest state then) and waits for the slot. A write that would start
   * more than `maxLateMs` after its slot (a slow render, a busy event loop) takes a new slot instead:
   * slots are `channelIntervalMs` apart, so writes stay at least `channelIntervalMs - maxLateMs` apart.
   */
  private async waitTurn(channel: string, extraMs: number, prepare: () => Promise<Prepared | undefined>): Promise<Prepared | undefined> {
    const maxLate = this.options.maxLateMs ?? Math.min(25, Math.max(5, this.options.channelIntervalMs / 50));
    let prepared: Prepared | undefined;
    for (let earliest = this.clock.now() + extraMs; ; earliest = this.clock.now()) {
      const slot = await this.pacing.reserve(channel, earliest, this.options.channelIntervalMs, this.deadline);
      if (slot === undefined) throw new TransientDeliveryError('Slack delivery budget exhausted');
      if (!prepared) {
        const lead = slot - PREPARE_LEAD_MS - this.clock.now();
        if (lead > 0) await this.clock.sleep(lead);
        prepared = await prepare();
        if (prepared === undefined) return undefined;
      }
      const wait = slot - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      if (this.clock.now() - slot <= maxLate) return prepared;
      this.stats.lateSlots++; // too late for this slot: the message waits for the next free one
    }
  }

  private async withRetries<T>(channel: string, job: Job<T>): Promise<T> {
    let backoff = 0;
    let limited = 0;
    for (let attempt = 1; ; attempt++) {
      const prepared = await this.waitTurn(channel, backoff, job.prepare);
      if (prepared === undefined) return job.skipped;
      this.stats.calls++;
      try {
        return await job.send(prepared);
      } catch (e) {
        const err = e as SlackErrorLike;
        if (err.code === ErrorCode.PlatformError) {
          const code = err.data?.error ?? 'unknown_error';
          if (PERMANENT.has(code) || attempt >= this.options.maxAttempts) throw new PermanentDeliveryError(code);
          backoff = this.options.channelIntervalMs * attempt;
        } else if (err.code === ErrorCode.RateLimitedError || /rate limit/i.test(err.message ?? '')) {
          this.stats.rateLimited++;
          this.options.metrics?.count(METRIC.slackRateLimited, 1, { fn: 'alerts' });
          limited++;
          // Retry-After, but never less than a doubling multiple of the pacing interval (a 0 would spin).
          // Jitter spreads the retries of concurrent invocations that were refused together.
          const waitMs =
            Math.max((err.retryAfter ?? 1) * 1000, Math.min(this.options.channelIntervalMs * 2 ** (limited - 1), 30_000)) +
            Math.random() * this.options.channelIntervalMs;
          // Everyone writing to this channel waits, not just this call.
          await this.pacing.pushBack(channel, this.clock.now() + waitMs);
          backoff = 0;
        } else if (err.code === ErrorCode.HTTPError && err.statusCode !== undefined && err.statusCode < 500) {
          throw new PermanentDeliveryError(`http_${err.statusCode}`);
        } else {
          backoff = Math.min(250 * 2 ** (attempt - 1), 4_000);
        }
        if (attempt >= this.options.maxAttempts) throw new TransientDeliveryError(`Slack call failed after ${attempt} attempts: ${err.message ?? String(e)}`);
        this.stats.retries++;
        this.log.debug('slack call retried', { channel, attempt, error: err.code ?? err.message });
      }
    }
  }
}
