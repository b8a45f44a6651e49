/**
 * `followup` jobs: a question asked in the thread of a posted report, answered from the context stored
 * with it (jobs/report-context.ts) — by Claude with that context when Bedrock is configured, by the
 * matching findings, causes and metrics otherwise (ai/followup.ts).
 */
import { systemClock } from '../../core/clock';
import { METRIC } from '../../core/metrics';
import { answerFollowUp } from '../../ai/explain';
import type { FollowUpJob } from '../../jobs/payload';
import { loadReportContext } from '../../jobs/report-context';
import { followUpReply, noReportReply } from '../../slack/views/followup';
import type { JobRunner } from '../types';

export const run: JobRunner<FollowUpJob> = async (payload, ctx) => {
  const { origin } = payload;
  const report = origin.threadTs ? await loadReportContext(ctx.store, origin.channel, origin.threadTs) : undefined;
  if (!report) return noReportReply();
  const budgetMs = Math.min(15_000, ctx.deadline - (ctx.clock ?? systemClock).now() - 5_000);
  const ai = await answerFollowUp(
    { question: payload.question, report },
    { config: budgetMs > 1_000 ? ctx.config.bedrock : { ...ctx.config.bedrock, enabled: false }, log: ctx.log, budgetMs: Math.max(1_000, budgetMs) },
  );
  if (ai.source === 'fallback') ctx.metrics?.count(METRIC.aiFallbacks, 1, { use: 'followup' });
  return followUpReply(ai, report);
};
