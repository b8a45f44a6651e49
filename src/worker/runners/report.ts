/**
 * `report` jobs: resolve the target, run the report job, answer with the report view (cause, three
 * bullets, link, re-run buttons). While it runs, the placeholder shows each stage (worker/progress.ts);
 * a failure names the stage it failed in. A name that resolves to a cluster (not one of its instances)
 * gets the cluster report: every member reported and compared (jobs/cluster-report.ts); a cluster of
 * one instance gets that instance's report.
 */
import { changeLines } from '../../analysis/changes';
import { isoNow, systemClock } from '../../core/clock';
import { UserFacingError, userMessage } from '../../core/errors';
import { METRIC } from '../../core/metrics';
import { liveClusterSteps } from '../../jobs/cluster-live';
import { runClusterReport } from '../../jobs/cluster-report';
import { type ReportResult, type ReportSteps, runReport } from '../../jobs/report';
import { liveReportSteps } from '../../jobs/report-live';
import { reportContext, storeReportContext } from '../../jobs/report-context';
import { type RecentReport, recordRecentReport } from '../../jobs/recent-reports';
import type { ReportStage } from '../../jobs/report-progress';
import type { CommandJob, JobOrigin } from '../../jobs/payload';
import { clusterReportReply } from '../../slack/views/cluster-report';
import { describeCommand } from '../../slack/decide';
import { renderReportReply } from '../../slack/views/report';
import { placeholderProgress } from '../progress';
import type { JobRunner, WorkerContext } from '../types';
import { resolveJobTarget } from './resolve-target';

/** The report's steps and the instance it names, for a job (the demo and `npm run dev` use the simulated fleet). */
export type ReportStepsFor = (command: Extract<CommandJob['command'], { verb: 'report' }>, ctx: WorkerContext) => { steps: ReportSteps; instance?: string };

const liveSteps: ReportStepsFor = (command, ctx) => {
  const resolved = resolveJobTarget(ctx.config.targets, command.target);
  const steps = liveReportSteps(ctx.config, resolved.target, { perfSchemaIntervalS: ctx.config.perfSchemaIntervalS });
  return { steps, ...(resolved.instance ? { instance: resolved.instance } : {}) };
};

export function makeReportRunner(stepsFor: ReportStepsFor = liveSteps): JobRunner<CommandJob> {
  return async (payload, ctx) => {
    const command = payload.command;
    if (command.verb !== 'report') throw new Error(`the report runner got a ${command.verb} job`);
    const { steps, instance } = stepsFor(command, ctx);
    const { origin } = payload;
    const progress =
      origin.placeholderTs && origin.reply !== 'ephemeral'
        ? placeholderProgress({
            slack: ctx.slack,
            channel: origin.channel,
            ts: origin.placeholderTs,
            what: describeCommand(command),
            user: origin.user,
            clock: ctx.clock ?? systemClock,
            log: ctx.log,
            until: ctx.deadline,
          })
        : undefined;
    let failed: ReportStage | undefined;
    let r: Awaited<ReturnType<typeof runReport>>;
    try {
      r = await runReport(
        {
          window: command.window,
          log: ctx.log,
          deadline: ctx.deadline,
          ...(command.vs ? { vs: command.vs } : {}),
          ...(instance ? { instance } : {}),
          onStage: (e) => {
            if (e.status === 'failed') failed ??= e.stage;
            progress?.onStage(e);
          },
        },
        steps,
      );
    } catch (e) {
      throw failed ? new UserFacingError(`the ${failed} stage failed: ${userMessage(e)}`) : e;
    } finally {
      await progress?.close();
    }
    if (r.ai?.source === 'fallback') ctx.metrics?.count(METRIC.aiFallbacks, 1, { use: 'report' });
    // Kept for follow-up questions in the report's thread (answered only there).
    if (origin.threadTs && origin.reply !== 'ephemeral') {
      await storeReportContext(ctx.store, origin.channel, origin.threadTs, reportContext(r)).catch((e) =>
        ctx.log.warn('report: could not store the follow-up context', { error: e }),
      );
      await rememberForHome(ctx, origin, {
        instance: r.instance,
        windowLabel: r.windowLabel,
        level: r.analysis.verdict.level,
        ...(r.published?.url ? { reportUrl: r.published.url } : {}),
      });
    }
    return reportReply(r);
  };
}

/** The asker's App Home lists the report (src/jobs/recent-reports.ts), when it went to a thread. */
async function rememberForHome(ctx: WorkerContext, origin: JobOrigin, report: Pick<RecentReport, 'instance' | 'windowLabel' | 'level' | 'reportUrl'>) {
  if (!origin.threadTs || origin.reply === 'ephemeral') return;
  const entry: RecentReport = { ...report, channel: origin.channel, threadTs: origin.threadTs, at: isoNow(ctx.clock ?? systemClock) };
  await recordRecentReport(ctx.store, origin.user, entry).catch((e) => ctx.log.warn('report: could not record it for the Home tab', { error: e }));
}

/** The report view of one instance's report. The instance (not the cluster name) goes on the buttons, so a re-run reports on the same instance. */
function reportReply(r: ReportResult) {
  return renderReportReply({
    target: r.instance,
    windowLabel: r.windowLabel,
    analysis: r.analysis,
    gaps: r.gaps,
    ...(r.analysis.changes ? { changes: changeLines(r.analysis.changes) } : {}),
    ...(r.published?.url ? { reportUrl: r.published.url } : {}),
  });
}

const instanceReport = makeReportRunner();

/** Live: a cluster's name gets the cluster report; an instance's name, the instance report. */
export const run: JobRunner<CommandJob> = async (payload, ctx) => {
  const command = payload.command;
  if (command.verb !== 'report') throw new Error(`the report runner got a ${command.verb} job`);
  const resolved = resolveJobTarget(ctx.config.targets, command.target);
  if (resolved.instance) return instanceReport(payload, ctx);
  const options = { perfSchemaIntervalS: ctx.config.perfSchemaIntervalS };
  const cluster = await runClusterReport(
    { cluster: resolved.target.cluster, window: command.window, log: ctx.log, deadline: ctx.deadline },
    liveClusterSteps(ctx.config, resolved.target, options),
  );
  await rememberForHome(ctx, payload.origin, { instance: cluster.cluster, windowLabel: cluster.windowLabel, level: cluster.comparison.verdict });
  return singleOrCluster(cluster);
};

/** The cluster view, or — for a cluster of one — the member's own report view. */
export function singleOrCluster(cluster: Awaited<ReturnType<typeof runClusterReport>>) {
  const only = cluster.members.length === 1 ? cluster.members[0]?.report : undefined;
  return only ? reportReply(only) : clusterReportReply(cluster);
}
