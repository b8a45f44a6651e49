/**
 * Posts a job's placeholder (in origin.threadTs when set) and records it on the origin: its ts becomes
 * origin.placeholderTs (the message the answer edits) and, when there was no thread, the thread.
 * Shared by the ingress (startJob) and the worker (mentions, buttons and scheduled runs); a failure
 * is the caller's to log, since each has its own fallback.
 */
import type { WebClient } from '@slack/web-api';
import type { JobOrigin } from '../jobs/payload';
import type { SlackReply } from './reply';

export async function postPlaceholder(client: WebClient, origin: JobOrigin, reply: SlackReply): Promise<void> {
  const res = await client.chat.postMessage({
    channel: origin.channel,
    text: reply.text,
    blocks: reply.blocks,
    ...(origin.threadTs ? { thread_ts: origin.threadTs } : {}),
  });
  if (res.ts) {
    origin.placeholderTs = res.ts;
    origin.threadTs ??= res.ts;
  }
}
