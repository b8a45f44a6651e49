/** The contract between the worker handler and the jobs it runs. */
import type { Config } from '../config/env';
import type { Clock } from '../core/clock';
import type { Metrics } from '../core/metrics';
import type { Logger } from '../core/log';
import type { WebClient } from '@slack/web-api';
import type { JobPayload } from '../jobs/payload';
import type { SlackReply } from '../slack/reply';
import type { StateStore } from '../state/store';

export interface WorkerContext {
  config: Config;
  log: Logger;
  /** Epoch ms by which the job must have answered (Lambda's remaining time minus a margin). */
  deadline: number;
  /** Posts an extra message in the job's thread (e.g. a long part that did not fit). */
  postInThread(reply: SlackReply): Promise<void>;
  /** The bot's durable state (subscriptions, incidents, event claims). */
  store: StateStore;
  /** Slack Web API client with the worker's bounded retry policy. */
  slack: WebClient;
  /** The clock (tests inject one; default the system clock). */
  clock?: Clock;
  /** Where counts go (EMF in Lambda); absent means nowhere. */
  metrics?: Metrics;
}

/** Runs one kind of job and returns the message that replaces the placeholder. */
export type JobRunner<P extends JobPayload = JobPayload> = (payload: P, ctx: WorkerContext) => Promise<SlackReply>;
