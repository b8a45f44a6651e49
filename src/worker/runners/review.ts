/**
 * `review` jobs: static checks always; schema and EXPLAIN on the target when one is named (or is the
 * channel default) — a database that cannot be reached degrades to static checks with a note. Then the
 * Claude explanation when it answers in time. A review too long for one Slack message is answered with
 * what fits and a link to the whole review, published as a page beside the reports.
 */
import { dateNow, systemClock } from '../../core/clock';
import { METRIC } from '../../core/metrics';
import { explainReview } from '../../ai/explain';
import type { AiSummary } from '../../ai/types';
import type { CommandJob } from '../../jobs/payload';
import { livePagePublisher, type PagePublisher } from '../../jobs/publish-page';
import { batchSummary } from '../../review/format/batch';
import { reviewMarkdown } from '../../review/format/markdown';
import { runReview, type ReviewDb } from '../../jobs/review';
import { reviewDatabase } from '../../jobs/review-database';
import { reviewExplainInput } from '../../jobs/review-input';
import { reviewReply } from '../../slack/views/review';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

/** Overridable for the demo and tests: where a target's database is. */
export type ReviewDbResolver = (name: string) => Promise<ReviewDb>;

export function makeReviewRunner(resolveDb?: ReviewDbResolver, publishPage?: PagePublisher): JobRunner<CommandJob> {
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
    const options = { ...(command.target ? { target: command.target } : {}), ...(ai ? { ai } : {}) };
    const reply = reviewReply(result, options);
    const publish = publishPage ?? livePagePublisher(ctx.config);
    if (!reply.omitted || !publish) return reply;
    try {
      const files = [{ file: 'pasted SQL', result }];
      const page = await publish({
        name: command.target ?? 'review',
        title: `SQL review${command.target ? ` on ${command.target}` : ''}`,
        text: reviewMarkdown(files, batchSummary(files, 'high')),
        file: 'result.md',
        generatedAt: dateNow(ctx.clock),
      });
      return reviewReply(result, { ...options, fullResultUrl: page.url });
    } catch (e) {
      ctx.log.warn('review: could not publish the full result', { error: e });
      return reply;
    }
  };
}

export const run = makeReviewRunner();
