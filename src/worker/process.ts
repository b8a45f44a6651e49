/**
 * Runs one job end to end: claim it (Slack event retries), make sure there is a visible message to
 * edit, run it within the deadline, and deliver the answer — or a clear failure — in the thread.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env';
import type { Logger } from '../core/log';
import { userMessage } from '../core/errors';
import type { JobPayload } from '../jobs/payload';
import { describeCommand } from '../slack/decide';
import { failureReply, placeholderReply } from '../slack/views/common';
import type { StateStore } from '../state/store';
import { deliver } from './deliver';
import { loadRunner, runnerKey, type RunnerKey } from './registry';
import type { SlackReply } from '../slack/reply';
import type { JobRunner } from './types';

export interface WorkerDeps {
  config: Config;
  slack: WebClient;
  store: StateStore;
  log: Logger;
  post?: (url: string, body: unknown) => Promise<void>;
  now?: () => number;
  /** Overrides the registry for every job (tests). */
  runner?: JobRunner;
  /** Overrides the registry for some kinds of job (demo, dev: simulated fleet, local database). */
  runners?: Partial<Record<RunnerKey, JobRunner>>;
  /** Smallest time budget a job gets, whatever Lambda says remains (default 5 s). */
  minBudgetMs?: number;
}

export type Outcome = 'done' | 'failed' | 'timeout' | 'duplicate';

/** Time kept back from Lambda's limit to post the timeout message. */
export const DEADLINE_MARGIN_MS = 10_000;

export function describeJob(job: JobPayload): string {
  if (job.kind === 'command') return describeCommand(job.command);
  return job.action.type === 'ack' ? 'acknowledge' : 'mute';
}

export async function processJob(job: JobPayload, deps: WorkerDeps, remainingMs: () => number): Promise<Outcome> {
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ jobId: job.id, kind: job.kind });
  const { origin } = job;

  if (origin.eventId) {
    try {
      const claimed = await deps.store.create(`events/${origin.eventId}.json`, { jobId: job.id, at: new Date(now()).toISOString() });
      if (!claimed) {
        log.info('duplicate event, already answered', { eventId: origin.eventId });
        return 'duplicate';
      }
    } catch (e) {
      // Better to risk answering twice than not at all.
      log.warn('could not claim the event id; answering anyway', { error: e });
    }
  }

  const what = describeJob(job);
  if (origin.reply !== 'ephemeral' && !origin.placeholderTs && origin.threadTs) {
    const p = placeholderReply(what, origin.user);
    try {
      const res = await deps.slack.chat.postMessage({ channel: origin.channel, thread_ts: origin.threadTs, text: p.text, blocks: p.blocks });
      if (res.ts) origin.placeholderTs = res.ts;
    } catch (e) {
      log.warn('could not post the placeholder', { error: e });
    }
  }

  const deadline = now() + Math.max(deps.minBudgetMs ?? 5_000, remainingMs() - DEADLINE_MARGIN_MS);
  const delivery = { slack: deps.slack, log, ...(deps.post ? { post: deps.post } : {}) };
  const ctx = {
    config: deps.config,
    log,
    deadline,
    store: deps.store,
    slack: deps.slack,
    postInThread: async (reply: SlackReply) => {
      if (!origin.threadTs) return;
      await deps.slack.chat.postMessage({ channel: origin.channel, thread_ts: origin.threadTs, text: reply.text, blocks: reply.blocks });
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - now()));
  });
  try {
    const runner = deps.runner ?? deps.runners?.[runnerKey(job)] ?? (await loadRunner(job));
    const result = await Promise.race([runner(job, ctx), timeout]);
    if (result === 'timeout') {
      log.error('job timed out', { what });
      await deliver(
        delivery,
        origin,
        failureReply(capitalize(what), `it did not finish within ${Math.round((deadline - Date.parse(job.requestedAt)) / 1000)} s. Try a shorter window.`),
      );
      return 'timeout';
    }
    await deliver(delivery, origin, result);
    log.info('job done', { what });
    return 'done';
  } catch (e) {
    log.error('job failed', { what, error: e });
    await deliver(delivery, origin, failureReply(capitalize(what), userMessage(e)));
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
