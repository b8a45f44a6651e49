/**
 * Publishes a long result that did not fit in Slack (a review, a digest) as a page beside the
 * reports: `reports/<name>/<stamp>/report.html` in the reports bucket, opened through the same
 * stable `/r/<token>` link as a report. The raw text goes beside it (`result.md` / `result.txt`).
 */
import type { Config } from '../config/env';
import { reportLink } from '../publish/link';
import { publishReport, reportPrefix } from '../publish/s3';
import { renderTextPage } from '../report/text-page';

export interface PageRequest {
  /** Names the S3 prefix: the target, or `review`. */
  name: string;
  title: string;
  text: string;
  /** File name of the raw text beside the page. */
  file: 'result.md' | 'result.txt';
  generatedAt: Date;
}

/** Publishes a page and returns its link. */
export type PagePublisher = (page: PageRequest) => Promise<{ url: string }>;

export function livePagePublisher(config: Config): PagePublisher | undefined {
  if (!config.reportsBucket || !config.publicUrl || !config.linkSecret) return undefined;
  return async (page) => {
    const prefix = reportPrefix(page.name, page.generatedAt);
    const link = reportLink({ publicUrl: config.publicUrl, prefix, secret: config.linkSecret, ttlDays: config.linkTtlDays, now: page.generatedAt.getTime() });
    const html = renderTextPage({ title: page.title, generatedAt: page.generatedAt.toISOString(), text: page.text });
    await publishReport({
      region: config.region,
      bucket: config.reportsBucket,
      instance: page.name,
      generatedAt: page.generatedAt,
      prefix,
      files: { [page.file]: page.text, 'report.html': html },
    });
    return { url: link.url };
  };
}
