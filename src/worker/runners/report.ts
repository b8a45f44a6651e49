/**
 * `report` jobs: resolve the target, run the report job, answer with the report view (cause, three
 * bullets, link, re-run buttons). A name that resolves to a cluster (not one of its instances) gets
 * the cluster report: every member reported and compared (jobs/cluster-report.ts); a cluster of one
 * instance gets that instance's report.
 */
import { changeLines } from '../../analysis/changes';
import { METRIC } from '../../core/metrics';
import { liveClusterSteps } from '../../jobs/cluster-live';
import { runClusterReport } from '../../jobs/cluster-report';
import { runReport } from '../../jobs/report';
import { liveReportSteps } from '../../jobs/report-live';
import type { CommandJob } from '../../jobs/payload';
import { clusterReportReply } from '../../slack/views/cluster-report';
import { renderReportReply } from '../../slack/views/report';
import type { JobRunner } from '../types';
import { resolveJobTarget } from './resolve-target';

export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const command = payload.command;
  if (command.verb !== 'report') throw new Error(`the report runner got a ${command.verb} job`);
  const resolved = resolveJobTarget(ctx.config.targets, command.target);
  if (!resolved.instance) {
    const options = { perfSchemaIntervalS: ctx.config.perfSchemaIntervalS };
    const cluster = await runClusterReport(
      { cluster: resolved.target.cluster, window: command.window, log: ctx.log, deadline: ctx.deadline },
      liveClusterSteps(ctx.config, resolved.target, options),
    );
    return singleOrCluster(cluster);
  }
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

/** The cluster view, or — for a cluster of one — the member's own report view. */
export function singleOrCluster(cluster: Awaited<ReturnType<typeof runClusterReport>>) {
  const only = cluster.members.length === 1 ? cluster.members[0]?.report : undefined;
  if (!only) return clusterReportReply(cluster);
  return renderReportReply({
    target: only.instance,
    windowLabel: only.windowLabel,
    analysis: only.analysis,
    gaps: only.gaps,
    ...(only.analysis.changes ? { changes: changeLines(only.analysis.changes) } : {}),
    ...(only.published?.url ? { reportUrl: only.published.url } : {}),
  });
}
