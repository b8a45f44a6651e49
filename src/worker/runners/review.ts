/**
 * `review` jobs: static checks always; schema and EXPLAIN on the target when one is named (or is the
 * channel default) — a database that cannot be reached degrades to static checks with a note. Then the
 * Claude explanation when it answers in time.
 */
import { systemClock } from '../../core/clock';
import { METRIC } from '../../core/metrics';
import { explainReview } from '../../ai/explain';
import type { AiSummary } from '../../ai/types';
import type { CommandJob } from '../../jobs/payload';
import { runReview, type ReviewDb } from '../../jobs/review';
import { reviewDatabase } from '../../jobs/review-database';
import { reviewExplainInput } from '../../jobs/review-input';
import { reviewReply } from '../../slack/views/review';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

/** Overridable for the demo and tests: where a target's database is. */
export type ReviewDbResolver = (name: string) => Promise<ReviewDb>;

export function makeReviewRunner(resolveDb?: ReviewDbResolver): JobRunner<CommandJob> {
  return async (payload, ctx) => {
    const command = payload.command;
    if (command.verb !== 'review') throw new Error(`the review runner got a ${command.verb} job`);
    const notes: string[] = [];
    let db: ReviewDb | undefined;
    if (command.target) {
      const resolved = resolveJobTarget(ctx.config.targets, command.target);
      try {
        db = resolveDb ? await resolveDb(command.target) : await reviewDatabase(resolved, ctx.config.region);
      } catch (e) {
        ctx.log.warn('review: no database connection; static checks only', { error: e });
        notes.push(`Schema and EXPLAIN checks were skipped: the credentials or endpoint of ${command.target} could not be read.`);
      }
    }
    const result = await runReview({ sql: command.sql, ...(db ? { db } : {}), onConnectError: 'static', deadline: ctx.deadline - 20_000 });
    result.notes.push(...notes);
    let ai: AiSummary | undefined;
    const budgetMs = Math.min(15_000, ctx.deadline - systemClock.now() - 5_000);
    if (result.summary.findings > 0 && budgetMs > 1_000) {
      try {
        ai = await explainReview(reviewExplainInput(result), { config: ctx.config.bedrock, log: ctx.log, budgetMs });
      } catch (e) {
        ctx.log.warn('review: explanation failed', { error: e });
      }
    }
    if (ai?.source === 'fallback') ctx.metrics?.count(METRIC.aiFallbacks, 1, { use: 'review' });
    return reviewReply(result, { ...(command.target ? { target: command.target } : {}), ...(ai ? { ai } : {}) });
  };
}

export const run = makeReviewRunner();
