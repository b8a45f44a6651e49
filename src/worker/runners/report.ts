/** `report` jobs: resolve the target, run the report job, answer with the report view (cause, three bullets, link, re-run buttons). */
import { changeLines } from '../../analysis/changes';
import { METRIC } from '../../core/metrics';
import { runReport } from '../../jobs/report';
import { liveReportSteps } from '../../jobs/report-live';
import type { CommandJob } from '../../jobs/payload';
import { renderReportReply } from '../../slack/views/report';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const command = payload.command;
  if (command.verb !== 'report') throw new Error(`the report runner got a ${command.verb} job`);
  const resolved = resolveJobTarget(ctx.config.targets, command.target);
  const steps = liveReportSteps(ctx.config, resolved.target, { perfSchemaIntervalS: ctx.config.perfSchemaIntervalS });
  const r = await runReport(
    {
      window: command.window,
      log: ctx.log,
      deadline: ctx.deadline,
      ...(command.vs ? { vs: command.vs } : {}),
      ...(resolved.instance ? { instance: resolved.instance } : {}),
    },
    steps,
  );
  if (r.ai?.source === 'fallback') ctx.metrics?.count(METRIC.aiFallbacks, 1, { use: 'report' });
  // The instance (not the cluster name) goes on the buttons, so a re-run reports on the same instance.
  return renderReportReply({
    target: r.instance,
    windowLabel: r.windowLabel,
    analysis: r.analysis,
    gaps: r.gaps,
    ...(r.analysis.changes ? { changes: changeLines(r.analysis.changes) } : {}),
    ...(r.published?.url ? { reportUrl: r.published.url } : {}),
  });
};
