/**
 * The report use case, shared by the worker and the CLI: resolve the instance, collect, analyse and
 * render (buildReport), summarise (AI), publish to S3 and make a stable link. Every part that fails
 * becomes a gap and the report is still delivered with what was collected; only a total failure
 * (unknown instance, nothing to analyse) throws.
 */
import { systemClock, dateNow } from '../core/clock';
import type { AiSummary } from '../ai/types';
import type { ReportAnalysis } from '../analysis/types';
import { describeAwsError } from '../aws/clients';
import { collectReport, type CollectOptions } from '../collectors/collect';
import { findWriter, InstanceNotFoundError } from '../collectors/rds';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import type { Logger } from '../core/log';
import { scrub, UserFacingError } from '../core/scrub';
import type { TimeWindow } from '../core/window';
import type { CollectedData, CollectionGap } from '../reports/model';
import { linkArtifacts, reportLink } from '../reports/link';
import { publishReport, reportPrefix, type Published, type PublishInput } from '../reports/publish';
import { summaryInput } from './report-summary-input';
import type { ReportSummaryInput } from '../ai/inputs';
import { summarizeReport, type AiDeps } from '../ai/explain';
import { buildReport, type BuiltReport } from './report-pipeline';


export interface ReportDeps {
  collect: (options: CollectOptions) => Promise<CollectedData>;
  /** Analyses and renders; with `analysis` it only renders again. */
  build: (data: CollectedData, ai?: AiSummary, analysis?: ReportAnalysis) => BuiltReport;
  summarize: (input: ReportSummaryInput, deps: AiDeps) => Promise<AiSummary>;
  publish: (input: PublishInput) => Promise<Published>;
  findWriter: typeof findWriter;
}

/** The real collectors, analysis and rendering, Bedrock and S3. */
export const defaultReportDeps: ReportDeps = {
  collect: collectReport,
  build: (data, ai, analysis) => buildReport(data, ai, analysis ? { analysis } : {}),
  summarize: summarizeReport,
  publish: publishReport,
  findWriter,
};

export interface ReportRequest {
  target: Target;
  /** The instance named by the user; a cluster name reports on its writer. */
  instance?: string;
  window: TimeWindow;
  config: Config;
  log: Logger;
  /** Epoch ms by which the job must have answered. */
  deadline: number;
  now?: Date;
  /** Seconds between the performance_schema snapshots (default 10). */
  perfSchemaIntervalS?: number;
}

export interface ReportResult {
  target: string;
  instance: string;
  windowLabel: string;
  data: CollectedData;
  analysis: ReportAnalysis;
  ai?: AiSummary;
  html: string;
  /** The stable link (`<publicUrl>/r/<token>`), absent when publishing failed. */
  reportUrl?: string;
  linkExpiresAt?: string;
  published?: Published;
  /** Everything that could not be collected or done, in order. */
  gaps: CollectionGap[];
}

/** Time kept before the deadline for publishing and answering in Slack. */
const PUBLISH_RESERVE_MS = 5_000;
const AI_MAX_MS = 20_000;

async function chooseInstance(req: ReportRequest, deps: ReportDeps): Promise<string> {
  if (req.instance) return req.instance;
  const region = req.target.region ?? req.config.region;
  try {
    const writer = await deps.findWriter({ region, cluster: req.target.cluster });
    if (writer) return writer;
  } catch (e) {
    req.log.warn('report: could not find the cluster writer', { error: describeAwsError(e) });
  }
  const first = req.target.instances[0];
  if (first) return first;
  throw new UserFacingError(`I could not find the instances of ${req.target.name}. Name an instance, e.g. \`report ${req.target.cluster}-1 1h\`.`);
}

export async function runReport(req: ReportRequest, deps: ReportDeps = defaultReportDeps): Promise<ReportResult> {
  const now = req.now ?? dateNow();
  const instance = await chooseInstance(req, deps);
  const window = { start: new Date(now.getTime() - req.window.ms), end: now, label: req.window.label };
  const log = req.log.child({ instance, window: req.window.label });

  let data: CollectedData;
  try {
    data = await deps.collect({
      target: req.target,
      instance,
      window,
      config: req.config,
      log,
      deadline: req.deadline - PUBLISH_RESERVE_MS,
      now,
      ...(req.perfSchemaIntervalS === undefined ? {} : { perfSchemaIntervalS: req.perfSchemaIntervalS }),
    });
  } catch (e) {
    if (e instanceof InstanceNotFoundError) throw new UserFacingError(`${e.message} Check the name with \`/dbassist instances\`.`);
    throw e;
  }
  const gaps = data.gaps;

  // Analysis first (the AI summary reads it), then the HTML again with the summary in it.
  let built = deps.build(data);
  let ai: AiSummary | undefined;
  try {
    const budgetMs = Math.min(AI_MAX_MS, req.deadline - PUBLISH_RESERVE_MS - systemClock.now());
    if (budgetMs < 1_000) throw new Error('no time left for the summary');
    ai = await deps.summarize(summaryInput(data, built.analysis), { config: req.config.bedrock, log, budgetMs });
    if (ai.source === 'fallback') gaps.push({ source: 'ai', what: 'AI summary', reason: ai.note ?? 'the model did not answer; deterministic summary used' });
    built = deps.build(data, ai, built.analysis);
  } catch (e) {
    gaps.push({ source: 'ai', what: 'AI summary', reason: scrub(e instanceof Error ? e.message : String(e)) });
    log.warn('report: summary failed', { error: e });
  }

  // The key prefix and its link are made before the upload, so the HTML can link to its own files.
  const prefix = reportPrefix(instance, now);
  const link = reportLink({ publicUrl: req.config.publicUrl, prefix, secret: req.config.linkSecret, ttlDays: req.config.linkTtlDays, now: now.getTime() });
  const html = linkArtifacts(built.html, link.url, Object.keys(built.artifacts));
  const result: ReportResult = { target: req.target.name, instance, windowLabel: req.window.label, data, analysis: built.analysis, html, gaps };
  if (ai) result.ai = ai;
  try {
    const published = await deps.publish({
      region: req.config.region,
      bucket: req.config.reportsBucket,
      instance,
      generatedAt: now,
      prefix,
      files: { ...built.artifacts, 'report.html': html },
    });
    result.published = published;
    result.reportUrl = link.url;
    result.linkExpiresAt = link.expiresAt.toISOString();
  } catch (e) {
    gaps.push({ source: 'publish', what: 'report upload to S3', reason: scrub(describeAwsError(e)) });
    log.error('report: publish failed', { error: describeAwsError(e) });
  }
  return result;
}
