/**
 * Runs one job end to end: claim it (Slack event retries), make sure there is a visible message to
 * edit, run it within the deadline, and deliver the answer — or a clear failure — in the thread.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env';
import { type Clock, systemClock } from '../core/clock';
import type { Logger } from '../core/log';
import { METRIC, type Metrics, noMetrics } from '../core/metrics';
import { userMessage } from '../core/errors';
import type { JobPayload, ScheduledJob } from '../jobs/payload';
import { describeCommand } from '../slack/decide';
import { postPlaceholder } from '../slack/post-placeholder';
import { failureReply, placeholderReply } from '../slack/views/common';
import { scheduledPlaceholderReply } from '../slack/views/schedules';
import { findSchedule } from '../jobs/schedules';
import { claimLease, completeLease, keepLease, type LeaseKeeper, releaseLease } from '../state/lease';
import type { StateStore } from '../state/store';
import { deliver, DeliveryError } from './deliver';
import { loadRunner, runnerKey, type RunnerKey } from './registry';
import type { SlackReply } from '../slack/reply';
import type { JobRunner, WorkerContext } from './types';

export interface WorkerDeps {
  config: Config;
  slack: WebClient;
  store: StateStore;
  log: Logger;
  post?: (url: string, body: unknown) => Promise<void>;
  /** The clock (default: the system clock). */
  clock?: Clock;
  /** Where job counts and durations go (default: nowhere). */
  metrics?: Metrics;
  /** Overrides the registry for every job (tests). */
  runner?: JobRunner;
  /** Overrides the registry for some kinds of job (demo, dev: simulated fleet, local database). */
  runners?: Partial<Record<RunnerKey, JobRunner>>;
  /** Smallest time budget a job gets, whatever Lambda says remains (default 5 s). */
  minBudgetMs?: number;
  /** Lease on a Slack event id: renewed while the job runs, taken over once it lapses (default 60 s). */
  eventLeaseMs?: number;
  /** How often a retry polls a lease another worker holds (default 2 s). */
  leasePollMs?: number;
}

export type Outcome = 'done' | 'failed' | 'timeout' | 'duplicate' | 'unscheduled';

/** Time kept back from Lambda's limit to post the timeout message. */
export const DEADLINE_MARGIN_MS = 10_000;
const EVENT_LEASE_MS = 60_000;

export function describeJob(job: JobPayload): string {
  if (job.kind === 'command') return describeCommand(job.command);
  if (job.kind === 'scheduled') return `scheduled ${describeCommand(job.command)}`;
  if (job.kind === 'followup') return 'an answer from the report';
  if (job.kind === 'unfurl') return 'a report link preview';
  if (job.kind === 'home') return 'the Home tab';
  return job.action.type === 'ack' ? 'acknowledge' : 'mute';
}

/** The verb a job is counted under in metrics. */
export function jobVerb(job: JobPayload): string {
  return job.kind === 'command' || job.kind === 'scheduled' ? job.command.verb : job.kind;
}

export const eventClaimKey = (eventId: string): string => `events/${eventId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}.json`;

type EventClaim = { status: 'claimed'; keeper: LeaseKeeper } | { status: 'duplicate' } | { status: 'unclaimed' };

/**
 * Claims the Slack event id with a lease. Held by another worker: waits (polling) until that worker
 * finishes — a duplicate — or its lease lapses because it died, then takes over. A store failure
 * answers anyway: better twice than never.
 */
async function claimEvent(job: JobPayload, deps: WorkerDeps, clock: Clock, log: Logger, deadline: number): Promise<EventClaim> {
  const eventId = job.origin.eventId!;
  const key = eventClaimKey(eventId);
  const ttlMs = deps.eventLeaseMs ?? EVENT_LEASE_MS;
  const lease = { owner: job.id, ttlMs, clock, note: eventId };
  try {
    for (;;) {
      const c = await claimLease(deps.store, key, lease);
      if (c.claimed) {
        if (c.takeover) log.warn('took over the event from a worker that stopped renewing its lease', { eventId, attempts: c.attempts });
        return {
          status: 'claimed',
          keeper: keepLease(deps.store, key, { ...lease, onLost: () => log.warn('lost the event lease to another worker', { eventId }) }),
        };
      }
      if (c.reason === 'done') return { status: 'duplicate' };
      const wait = Math.min(deps.leasePollMs ?? 2_000, Math.max(0, c.heldUntil - clock.now()) + 50);
      if (clock.now() + wait > deadline) {
        log.warn('the event is still held by another worker; giving up', { eventId });
        return { status: 'duplicate' };
      }
      await clock.sleep(wait);
    }
  } catch (e) {
    log.warn('could not claim the event id; answering anyway', { error: e });
    return { status: 'unclaimed' };
  }
}

export async function processJob(job: JobPayload, deps: WorkerDeps, remainingMs: () => number): Promise<Outcome> {
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? noMetrics;
  const started = clock.now();
  const log = deps.log.child({ jobId: job.id, kind: job.kind });
  const verb = jobVerb(job);
  if (job.kind === 'scheduled' && !(await scheduleStillWanted(job, deps.store, log))) {
    metrics.count(METRIC.jobs, 1, { verb, outcome: 'unscheduled' });
    return 'unscheduled';
  }
  const outcome = await runClaimed(job, deps, clock, log, remainingMs);
  metrics.count(METRIC.jobs, 1, { verb, outcome });
  if (outcome !== 'duplicate' && outcome !== 'unscheduled') metrics.duration(METRIC.jobDuration, clock.now() - started, { verb });
  if (outcome === 'timeout') metrics.count(METRIC.jobTimeouts, 1);
  return outcome;
}

async function runClaimed(job: JobPayload, deps: WorkerDeps, clock: Clock, log: Logger, remainingMs: () => number): Promise<Outcome> {
  const { origin } = job;
  const deadline = clock.now() + Math.max(deps.minBudgetMs ?? 5_000, remainingMs() - DEADLINE_MARGIN_MS);
  let keeper: LeaseKeeper | undefined;
  if (origin.eventId) {
    const claim = await claimEvent(job, deps, clock, log, deadline);
    if (claim.status === 'duplicate') {
      log.info('duplicate event, already answered', { eventId: origin.eventId });
      return 'duplicate';
    }
    if (claim.status === 'claimed') keeper = claim.keeper;
  }
  let answered = false;
  try {
    const outcome = await answer(job, deps, clock, log, deadline);
    answered = true;
    return outcome;
  } finally {
    await keeper?.stop();
    if (origin.eventId && keeper) {
      const key = eventClaimKey(origin.eventId);
      // Answered: later retries are duplicates. Not answered (delivery failed): let a retry try again.
      await (answered ? completeLease(deps.store, key, { owner: job.id }) : releaseLease(deps.store, key, job.id)).catch((e) =>
        log.warn('could not update the event lease', { error: e }),
      );
    }
  }
}

/**
 * A run of a schedule that was deleted from the store (its Scheduler entry could not be deleted, or
 * the deletion raced the run) does nothing. A store that cannot be read runs it: better once too often.
 */
async function scheduleStillWanted(job: ScheduledJob, store: StateStore, log: Logger): Promise<boolean> {
  try {
    if (await findSchedule(store, job.origin.channel, job.scheduleId)) return true;
    log.warn('a schedule ran that is no longer stored; nothing posted', { scheduleId: job.scheduleId, channel: job.origin.channel });
    return false;
  } catch (e) {
    log.warn('could not read the schedules; running anyway', { error: e });
    return true;
  }
}

async function answer(job: JobPayload, deps: WorkerDeps, clock: Clock, log: Logger, deadline: number): Promise<Outcome> {
  const { origin } = job;
  const what = describeJob(job);
  if (origin.reply !== 'ephemeral' && !origin.placeholderTs && (origin.threadTs || job.kind === 'scheduled')) {
    // A scheduled run starts its own message in the channel; the others answer in their thread.
    const p = job.kind === 'scheduled' ? scheduledPlaceholderReply(describeCommand(job.command), job.scheduleId) : placeholderReply(what, origin.user);
    try {
      await postPlaceholder(deps.slack, origin, p);
    } catch (e) {
      log.warn('could not post the placeholder', { error: e });
    }
  }

  const delivery = { slack: deps.slack, log, ...(deps.post ? { post: deps.post } : {}) };
  const ctx: WorkerContext = {
    config: deps.config,
    log,
    deadline,
    store: deps.store,
    slack: deps.slack,
    clock,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    postInThread: async (reply: SlackReply) => {
      if (!origin.threadTs) return;
      await deps.slack.chat.postMessage({ channel: origin.channel, thread_ts: origin.threadTs, text: reply.text, blocks: reply.blocks });
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - clock.now()));
  });
  try {
    const runner = deps.runner ?? deps.runners?.[runnerKey(job)] ?? (await loadRunner(job));
    // A scheduled run is the command it schedules, answered in the message posted above.
    const runnable: JobPayload =
      job.kind === 'scheduled' ? { kind: 'command', id: job.id, requestedAt: job.requestedAt, origin: job.origin, command: job.command } : job;
    const result = await Promise.race([runner(runnable, ctx), timeout]);
    if (result === 'timeout') {
      log.error('job timed out', { what });
      await deliver(
        delivery,
        origin,
        failureReply(capitalize(what), `it did not finish within ${Math.round((deadline - Date.parse(job.requestedAt)) / 1000)} s. Try a shorter window.`),
      );
      return 'timeout';
    }
    // The Home runner has published the view itself; its result is not a message for any channel.
    if (job.kind !== 'home') await deliver(delivery, origin, result);
    log.info('job done', { what });
    return 'done';
  } catch (e) {
    if (e instanceof DeliveryError) throw e;
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
