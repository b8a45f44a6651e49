/**
 * The report use case in a straight line — collect → analyse → summarise → render → publish — shared
 * by the worker, the CLI and the demo. They differ only in the steps they inject (ReportSteps): the
 * worker's are liveReportSteps (report-live.ts: AWS collectors, Bedrock, S3 and a signed link); the
 * CLI and the demo collect from the simulated fleet and write the files to a directory. Analysis and
 * rendering are pure and the same for all. After collection, every part that fails becomes a gap and
 * the report is still delivered with what there is; only choosing the instance or collecting throws.
 * `onStage` hears each stage (report-progress.ts), so a caller can show progress and name the stage
 * that failed.
 */
import type { ReportSummaryInput } from '../ai/inputs';
import type { AiSummary } from '../ai/types';
import { analyse } from '../analysis/analyse';
import type { ReportAnalysis } from '../analysis/types';
import { describeAwsError } from '../aws/clients';
import { dateNow, systemClock } from '../core/clock';
import { type Comparison, defaultComparison } from '../core/comparison';
import { isUserFacing } from '../core/errors';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import type { TimeWindow } from '../core/window';
import type { CollectedData, CollectionGap } from '../model/collected-data';
import type { ReportArtifacts } from '../report/artifacts';
import { renderReport } from '../report/render';
import { type CollectorProgress, collectionTracker, type ReportProgress } from './report-progress';
import { summaryInput } from './report-summary-input';

export interface CollectRequest {
  instance: string;
  window: { start: Date; end: Date; label: string };
  log: Logger;
  /** Epoch ms by which collection must be over. */
  deadline: number;
  /** Reading time for "now" (period choice against retention). */
  now: Date;
  /** Also collect the same window this much earlier, for "what changed" (absent: no comparison). */
  vs?: Comparison;
  /** Told when each collector is queued and settles (for progress); optional for a collector to call. */
  onCollector?: CollectorProgress;
}

export interface PublishRequest {
  instance: string;
  generatedAt: Date;
  html: string;
  artifacts: ReportArtifacts;
}

export interface PublishedReport {
  /** Where the files are: an S3 prefix, or a directory. */
  location: string;
  /** Every file written, `report.html` last. */
  files: string[];
  /** A link that keeps working (`<publicUrl>/r/<token>`), when the publisher makes one. */
  url?: string;
  /** ISO time the link stops working. */
  expiresAt?: string;
}

/** The parts of the pipeline that touch the world. */
export interface ReportSteps {
  /** The instance to report on when the request names none (a cluster: its writer). */
  chooseInstance(log: Logger): Promise<string>;
  collect(request: CollectRequest): Promise<CollectedData>;
  summarize(input: ReportSummaryInput, options: { log: Logger; budgetMs: number }): Promise<AiSummary>;
  /** Writes report.html and its artifacts; may rewrite the HTML's links to its own files. */
  publish(report: PublishRequest): Promise<PublishedReport>;
  /** What publishing is called in a gap, e.g. `report upload to S3`. */
  publishing: string;
}

export interface ReportRequest {
  /** The instance named by the user; without one, steps.chooseInstance decides. */
  instance?: string;
  window: TimeWindow;
  log: Logger;
  /** Epoch ms by which the job must have answered. */
  deadline: number;
  now?: Date;
  /** What to compare with (`vs 1d` / `vs 1w`); default core/comparison.ts's defaultComparison. */
  vs?: Comparison;
  /** Told at each stage (metrics → logs → database → analysis → summary); a failure is told as the stage's `failed` before the error is thrown. */
  onStage?: ReportProgress;
}

export interface ReportResult {
  instance: string;
  windowLabel: string;
  data: CollectedData;
  analysis: ReportAnalysis;
  ai?: AiSummary;
  html: string;
  artifacts: ReportArtifacts;
  published?: PublishedReport;
  /** Everything that could not be collected or done, in order. */
  gaps: CollectionGap[];
}

/** Time kept before the deadline for publishing and answering in Slack. */
export const PUBLISH_RESERVE_MS = 5_000;
const AI_MAX_MS = 20_000;

/** A failure's reason for a gap: a user-facing message as written, anything else described and redacted. */
function reasonOf(e: unknown): string {
  return isUserFacing(e) ? e.message : redact(describeAwsError(e));
}

export async function runReport(req: ReportRequest, steps: ReportSteps): Promise<ReportResult> {
  const now = req.now ?? dateNow();
  const emit: ReportProgress = (e) => {
    try {
      req.onStage?.(e);
    } catch (err) {
      req.log.warn('report: progress callback failed', { error: err });
    }
  };
  const tracker = collectionTracker(emit);
  tracker.start();
  let instance: string;
  let data: CollectedData;
  let log = req.log;
  // 1. Collect: a failure here (unknown instance, nothing to analyse) is the job's failure.
  try {
    instance = req.instance ?? (await steps.chooseInstance(req.log));
    log = req.log.child({ instance, window: req.window.label });
    const window = { start: new Date(now.getTime() - req.window.ms), end: now, label: req.window.label };
    const vs = req.vs ?? defaultComparison(req.window);
    data = await steps.collect({
      instance,
      window,
      log,
      deadline: req.deadline - PUBLISH_RESERVE_MS,
      now,
      onCollector: tracker.onCollector,
      ...(vs ? { vs } : {}),
    });
  } catch (e) {
    tracker.fail();
    throw e;
  }
  tracker.finish();
  const gaps = data.gaps;

  // 2. Analyse.
  emit({ stage: 'analysis', status: 'running' });
  let analysis: ReportAnalysis;
  try {
    analysis = analyse(data);
  } catch (e) {
    emit({ stage: 'analysis', status: 'failed' });
    throw e;
  }
  emit({ stage: 'analysis', status: 'done' });
  emit({ stage: 'summary', status: 'running' });

  // 3. Summarise (the model, or the deterministic summary), within what is left of the deadline.
  let ai: AiSummary | undefined;
  try {
    const budgetMs = Math.min(AI_MAX_MS, req.deadline - PUBLISH_RESERVE_MS - systemClock.now());
    if (budgetMs < 1_000) throw new Error('no time left for the summary');
    ai = await steps.summarize(summaryInput(data, analysis), { log, budgetMs });
    if (ai.source === 'fallback') gaps.push({ source: 'ai', what: 'AI summary', reason: ai.note ?? 'the model did not answer; deterministic summary used' });
  } catch (e) {
    gaps.push({ source: 'ai', what: 'AI summary', reason: redact(e instanceof Error ? e.message : String(e)) });
    log.warn('report: summary failed', { error: e });
  }

  // 4. Render, once, with the summary in it.
  let rendered: ReturnType<typeof renderReport>;
  try {
    rendered = renderReport(data, analysis, ai, { generatedAt: now });
  } catch (e) {
    emit({ stage: 'summary', status: 'failed' });
    throw e;
  }
  const { html, artifacts } = rendered;
  const result: ReportResult = { instance, windowLabel: req.window.label, data, analysis, html, artifacts, gaps };
  if (ai) result.ai = ai;

  // 5. Publish.
  try {
    result.published = await steps.publish({ instance, generatedAt: now, html, artifacts });
  } catch (e) {
    gaps.push({ source: 'publish', what: steps.publishing, reason: reasonOf(e) });
    log.error('report: publish failed', { error: reasonOf(e) });
  }
  emit({ stage: 'summary', status: 'done' });
  return result;
}
