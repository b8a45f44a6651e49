/**
 * The report pipeline's steps against the real fleet, for the worker: the instance's writer from RDS,
 * the collectors (RDS, CloudWatch, Logs, performance_schema), the Bedrock summary, and S3 with a
 * signed link that keeps working (the HTML's links to its own files go through that link).
 */
import { summarizeReport } from '../ai/explain';
import { describeAwsError } from '../aws/clients';
import { collectReport } from '../collectors/collect';
import { findWriter, InstanceNotFoundError } from '../collectors/rds';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import { UserFacingError } from '../core/errors';
import { linkArtifacts, reportLink } from '../publish/link';
import { publishReport, reportPrefix } from '../publish/s3';
import type { ReportSteps } from './report';

export interface LiveReportOptions {
  /** Seconds between the performance_schema snapshots (default: the collector's, 10). */
  perfSchemaIntervalS?: number;
}

export function liveReportSteps(config: Config, target: Target, options: LiveReportOptions = {}): ReportSteps {
  const region = target.region ?? config.region;
  return {
    async chooseInstance(log) {
      try {
        const writer = await findWriter({ region, cluster: target.cluster });
        if (writer) return writer;
      } catch (e) {
        log.warn('report: could not find the cluster writer', { error: describeAwsError(e) });
      }
      const first = target.instances[0];
      if (first) return first;
      throw new UserFacingError(`I could not find the instances of ${target.name}. Name an instance, e.g. \`report ${target.cluster}-1 1h\`.`);
    },

    async collect(c) {
      try {
        return await collectReport({
          target,
          instance: c.instance,
          window: c.window,
          config,
          log: c.log,
          deadline: c.deadline,
          now: c.now,
          ...(c.vs ? { vs: c.vs } : {}),
          ...(c.onCollector ? { onCollector: c.onCollector } : {}),
          ...(options.perfSchemaIntervalS === undefined ? {} : { perfSchemaIntervalS: options.perfSchemaIntervalS }),
        });
      } catch (e) {
        if (e instanceof InstanceNotFoundError) throw new UserFacingError(`${e.message} Check the name with \`/dbassist instances\`.`);
        throw e;
      }
    },

    summarize: (input, o) => summarizeReport(input, { config: config.bedrock, log: o.log, budgetMs: o.budgetMs }),

    async publish(p) {
      // The key prefix and its link are made before the upload, so the HTML can link to its own files.
      const prefix = reportPrefix(p.instance, p.generatedAt);
      const link = reportLink({ publicUrl: config.publicUrl, prefix, secret: config.linkSecret, ttlDays: config.linkTtlDays, now: p.generatedAt.getTime() });
      const html = linkArtifacts(p.html, link.url, Object.keys(p.artifacts));
      const published = await publishReport({
        region: config.region,
        bucket: config.reportsBucket,
        instance: p.instance,
        generatedAt: p.generatedAt,
        prefix,
        files: { ...p.artifacts, 'report.html': html },
      });
      return { location: `s3://${published.bucket}/${published.prefix}`, files: published.keys, url: link.url, expiresAt: link.expiresAt.toISOString() };
    },
    publishing: 'report upload to S3',
  };
}
