/**
 * Where a job's answer goes, in order of preference: edit the placeholder; post in the thread;
 * post through response_url. An answer is never dropped silently: every fallback is logged, and
 * only when all fail does delivery throw (the invocation then lands in the dead-letter queue).
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../core/log';
import type { JobOrigin } from '../jobs/payload';
import type { SlackReply } from '../slack/reply';

export interface Delivery {
  slack: WebClient;
  log: Logger;
  /** POSTs JSON to a response_url (injectable for tests). */
  post?: (url: string, body: unknown) => Promise<void>;
}

/** No way to answer worked; the invocation fails (and lands in the dead-letter queue). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

async function postJson(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

export async function deliver(d: Delivery, origin: JobOrigin, reply: SlackReply): Promise<void> {
  // A job whose effect is its answer (link previews) has nothing to deliver: its failures are logged only.
  if (origin.reply === 'none') return;
  const post = d.post ?? postJson;
  const errors: string[] = [];
  if (origin.reply === 'ephemeral') {
    if (origin.responseUrl) {
      try {
        return await post(origin.responseUrl, {
          response_type: 'ephemeral',
          replace_original: origin.replaceOriginal === true,
          text: reply.text,
          blocks: reply.blocks,
        });
      } catch (e) {
        errors.push(`response_url: ${(e as Error).message}`);
      }
    }
    try {
      await d.slack.chat.postEphemeral({
        channel: origin.channel,
        user: origin.user,
        text: reply.text,
        blocks: reply.blocks,
        ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
      });
      return;
    } catch (e) {
      errors.push(`chat.postEphemeral: ${(e as Error).message}`);
    }
  } else {
    if (origin.placeholderTs) {
      try {
        await d.slack.chat.update({ channel: origin.channel, ts: origin.placeholderTs, text: reply.text, blocks: reply.blocks });
        return;
      } catch (e) {
        errors.push(`chat.update: ${(e as Error).message}`);
      }
    }
    if (origin.threadTs) {
      try {
        await d.slack.chat.postMessage({ channel: origin.channel, thread_ts: origin.threadTs, text: reply.text, blocks: reply.blocks });
        return;
      } catch (e) {
        errors.push(`chat.postMessage: ${(e as Error).message}`);
      }
    }
    if (origin.responseUrl) {
      try {
        return await post(origin.responseUrl, { response_type: 'in_channel', text: reply.text, blocks: reply.blocks });
      } catch (e) {
        errors.push(`response_url: ${(e as Error).message}`);
      }
    }
  }
  d.log.error('could not deliver the answer', { channel: origin.channel, errors });
  throw new DeliveryError(`could not deliver the answer: ${errors.join('; ') || 'no way to answer'}`);
}
