/**
 * A per-channel paced sender over WebClient. Slack allows about one message a second per channel and
 * answers 429 with Retry-After beyond that; each channel gets its own queue, writes are spaced by
 * `channelIntervalMs`, a 429 waits Retry-After (at least the interval) and retries, other transient
 * failures back off, and everything stops at a total time budget so an invocation never spins.
 * Edits of one message are coalesced: while an edit is queued, later edits of that message join it,
 * and the content is rendered when the edit is sent, so it is always the latest.
 */
import type { WebClient } from '@slack/web-api';
import { ErrorCode } from '@slack/web-api';
import type { Logger } from '../core/log';
import type { SlackReply } from '../slack/reply';

export interface SenderOptions {
  channelIntervalMs: number;
  maxAttempts: number;
  budgetMs: number;
}

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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PacedSender {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly nextAt = new Map<string, number>();
  private readonly pendingEdits = new Map<string, Promise<void>>();
  private readonly deadline: number;
  /** Calls made, 429s seen and retries, for logs and the bench. */
  readonly stats = { calls: 0, rateLimited: 0, retries: 0 };

  constructor(
    private readonly slack: WebClient,
    private readonly options: SenderOptions,
    private readonly log: Logger,
  ) {
    this.deadline = Date.now() + options.budgetMs;
  }

  /** Posts a message (or a thread reply); resolves with its ts. */
  post(channel: string, message: OutgoingMessage): Promise<string> {
    return this.enqueue(channel, async () => {
      const res = await this.slack.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return String(res.ts ?? '');
    });
  }

  /**
   * Edits a message with what `render` returns at send time (undefined: nothing to do). An edit of the
   * same message already waiting in the queue absorbs this one.
   */
  edit(channel: string, ts: string, render: () => Promise<SlackReply | undefined>): Promise<void> {
    const key = `${channel}:${ts}`;
    const pending = this.pendingEdits.get(key);
    if (pending) return pending;
    const p = this.enqueue(channel, async () => {
      this.pendingEdits.delete(key);
      const reply = await render();
      if (!reply) return;
      await this.slack.chat.update({ channel, ts, text: reply.text, blocks: reply.blocks });
    }).finally(() => {
      if (this.pendingEdits.get(key) === p) this.pendingEdits.delete(key);
    });
    this.pendingEdits.set(key, p);
    return p;
  }

  private enqueue<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(channel) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(() => this.withRetries(channel, call));
    this.queues.set(channel, run);
    return run;
  }

  private async waitTurn(channel: string, extraMs = 0): Promise<void> {
    const at = Math.max(this.nextAt.get(channel) ?? 0, Date.now() + extraMs);
    if (at > this.deadline) throw new TransientDeliveryError('Slack delivery budget exhausted');
    if (at > Date.now()) await sleep(at - Date.now());
  }

  private async withRetries<T>(channel: string, call: () => Promise<T>): Promise<T> {
    let backoff = 0;
    let limited = 0;
    for (let attempt = 1; ; attempt++) {
      await this.waitTurn(channel, backoff);
      this.nextAt.set(channel, Date.now() + this.options.channelIntervalMs);
      this.stats.calls++;
      try {
        return await call();
      } catch (e) {
        const err = e as SlackErrorLike;
        if (err.code === ErrorCode.PlatformError) {
          const code = err.data?.error ?? 'unknown_error';
          if (PERMANENT.has(code) || attempt >= this.options.maxAttempts) throw new PermanentDeliveryError(code);
          backoff = this.options.channelIntervalMs * attempt;
        } else if (err.code === ErrorCode.RateLimitedError || /rate limit/i.test(err.message ?? '')) {
          this.stats.rateLimited++;
          limited++;
          // Retry-After, but never less than a doubling multiple of the pacing interval (a 0 would spin).
          // Jitter spreads the retries of concurrent invocations that were refused together.
          const waitMs =
            Math.max((err.retryAfter ?? 1) * 1000, Math.min(this.options.channelIntervalMs * 2 ** (limited - 1), 30_000)) +
            Math.random() * this.options.channelIntervalMs;
          // Everyone writing to this channel waits, not just this call.
          this.nextAt.set(channel, Date.now() + waitMs);
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
