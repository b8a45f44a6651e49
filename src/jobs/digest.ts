/**
 * The `digest <instance|cluster> <window> [--top N]` use case: the slow-query log events of the window
 * from CloudWatch Logs (one instance's stream, or the whole cluster), through the digest engine.
 */
import { systemClock, dateNow } from '../core/clock';
import { fetchSlowQueryEvents, isMissingLogGroup, slowLogGroup } from '../collectors/logs';
import { withBudget } from '../collectors/concurrency';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import type { Logger } from '../core/log';
import { UserFacingError } from '../core/errors';
import type { TimeWindow } from '../core/window';
import { digestCloudWatchEvents } from '../digest';
import type { DigestResult } from '../digest/types';

export interface DigestRequest {
  target: Target;
  /** One instance's stream; the whole cluster when absent. */
  instance?: string;
  window: TimeWindow;
  top: number;
  config: Pick<Config, 'region'>;
  log: Logger;
  deadline: number;
  now?: Date;
  /** Events read at most (default: the collector's cap). */
  maxEvents?: number;
}

export interface DigestJobResult {
  target: string;
  /** What was digested: the instance, or the cluster. */
  scope: string;
  windowLabel: string;
  window: { start: string; end: string };
  result: DigestResult;
  /** Log events read. */
  events: number;
  /** True when the cap or the time budget stopped the read early. */
  truncated: boolean;
}

const ANSWER_RESERVE_MS = 3_000;

export async function runDigest(req: DigestRequest): Promise<DigestJobResult> {
  const end = req.now ?? dateNow();
  const start = new Date(end.getTime() - req.window.ms);
  const region = req.target.region ?? req.config.region;
  let read;
  const budgetMs = req.deadline - ANSWER_RESERVE_MS - systemClock.now();
  try {
    read = await withBudget('reading the slow query log', budgetMs, (signal) =>
      fetchSlowQueryEvents({
        region,
        cluster: req.target.cluster,
        window: { start, end },
        signal,
        // Stop paging in time to digest what was read.
        stopAt: systemClock.now() + budgetMs * 0.8,
        ...(req.instance ? { instance: req.instance } : {}),
        ...(req.maxEvents ? { maxEvents: req.maxEvents } : {}),
      }),
    );
  } catch (e) {
    if (isMissingLogGroup(e)) {
      throw new UserFacingError(
        `There is no slow query log for ${req.target.cluster} in CloudWatch Logs (${slowLogGroup(req.target.cluster)}). Turn on slow_query_log and export the slowquery log of the cluster to CloudWatch Logs.`,
      );
    }
    throw e;
  }
  const result = digestCloudWatchEvents(read.events, { orderBy: 'total', top: req.top });
  return {
    target: req.target.name,
    scope: req.instance ?? req.target.cluster,
    windowLabel: req.window.label,
    window: { start: start.toISOString(), end: end.toISOString() },
    result,
    events: read.events.length,
    truncated: read.truncated,
  };
}
