/**
 * Starts a worker job from a listener: post the visible placeholder (so the answer has a thread),
 * hand the job off, and turn a failed hand-off into a clear message instead of silence.
 */
import { isoNow } from '../core/clock';
import type { WebClient } from '@slack/web-api';
import type { CommandJob, JobOrigin, JobPayload } from '../jobs/payload';
import type { ListenerDeps } from './deps';
import { postPlaceholder } from './post-placeholder';
import { failureReply, placeholderReply } from './views/common';

export interface StartJob {
  origin: JobOrigin;
  /** Post a placeholder in origin.channel (in origin.threadTs when set) and edit it later. */
  placeholder?: string;
}

export type StartResult = { ok: true; job: JobPayload } | { ok: false; message: string };

export function commandJob(deps: ListenerDeps, origin: JobOrigin, command: CommandJob['command']): CommandJob {
  return { kind: 'command', id: deps.newId(), requestedAt: isoNow(deps.clock), origin, command };
}

export async function startJob(client: WebClient, deps: ListenerDeps, job: JobPayload, placeholder?: string): Promise<StartResult> {
  const { origin } = job;
  if (placeholder !== undefined) {
    try {
      await postPlaceholder(client, origin, placeholderReply(placeholder, origin.user));
    } catch (e) {
      // Not in the channel, rate limited, Slack slow: the worker will answer through response_url
      // (slash commands) or post in the thread itself (mentions, buttons).
      deps.log.warn('could not post the placeholder', { channel: origin.channel, error: e });
    }
  }
  try {
    await deps.handoff(job);
    return { ok: true, job };
  } catch (e) {
    deps.log.error('hand-off to the worker failed', { jobId: job.id, error: e });
    const message = `I could not start the ${placeholder ?? 'job'} right now (the worker is unavailable). Please try again in a minute.`;
    if (origin.placeholderTs) {
      const failed = failureReply(placeholder ?? 'The job', 'the worker could not be started');
      await client.chat.update({ channel: origin.channel, ts: origin.placeholderTs, text: failed.text, blocks: failed.blocks }).catch(() => undefined);
    }
    return { ok: false, message };
  }
}
