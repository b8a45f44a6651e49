/**
 * `unfurl` jobs: previews of report links shared in Slack (link_shared → chat.unfurl). For each link on
 * our public URL, in this order and before anything is read: the token's signature and expiry (an
 * expired or tampered link gets a notice, no content); then who may see what — the report's headline
 * (headline.json beside report.html) only when the sharer is allowed to report on that instance in that
 * channel (DBASSIST_ACCESS) and the bot is a member of the channel (it cannot tell who else is in one it
 * is not in, e.g. a Slack Connect channel); otherwise a bare preview without content. Links that are not
 * ours are left alone. The preview is the job's whole effect: nothing is posted in a thread.
 */
import { authorize } from '../../config/access';
import type { Config } from '../../config/env';
import { resolveTarget } from '../../config/targets';
import { systemClock } from '../../core/clock';
import type { UnfurlJob } from '../../jobs/payload';
import { verifyLinkToken } from '../../publish/link-token';
import { prefixName, reportLinkParts } from '../../publish/link-url';
import { readReportFile } from '../../publish/read';
import { HEADLINE_FILE, readHeadline, type ReportHeadline } from '../../report/headline';
import { bareUnfurl, invalidLinkUnfurl, reportUnfurl, type UnfurlAttachment } from '../../slack/views/unfurl';
import type { JobRunner } from '../types';

/** Reads a report's headline from where reports are published (S3; a directory in the demo). */
export type HeadlineReader = (prefix: string, config: Config) => Promise<ReportHeadline | undefined>;

const HEADLINE_MAX_BYTES = 16_384;

export const s3Headlines: HeadlineReader = async (prefix, config) => {
  const text = await readReportFile({ region: config.region, bucket: config.reportsBucket, prefix, name: HEADLINE_FILE, maxBytes: HEADLINE_MAX_BYTES });
  return text === undefined ? undefined : readHeadline(text);
};

/** May the sharer see this report's content in this channel? The same rule as running the report there. */
function maySee(job: UnfurlJob, config: Config, name: string): boolean {
  const resolved = resolveTarget(config.targets, name);
  if (!resolved) return false;
  return authorize(config.access, {
    team: job.origin.team,
    ...(job.enterprise ? { enterprise: job.enterprise } : {}),
    channel: job.origin.channel,
    user: job.origin.user,
    action: 'report',
    target: resolved.target.name,
    ...(resolved.instance ? { instance: resolved.instance } : {}),
  }).allowed;
}

export function makeUnfurlRunner(read: HeadlineReader = s3Headlines): JobRunner<UnfurlJob> {
  return async (job, ctx) => {
    const now = (ctx.clock ?? systemClock).now();
    const unfurls: Record<string, UnfurlAttachment> = {};
    const counts = { content: 0, bare: 0, refused: 0 };
    for (const url of job.links) {
      const parts = reportLinkParts(url, ctx.config.publicUrl);
      if (!parts) continue; // not one of ours
      const verified = verifyLinkToken(parts.token, ctx.config.linkSecret, now);
      if (!verified.ok) {
        unfurls[url] = invalidLinkUnfurl(verified.reason === 'expired' ? 'expired' : 'invalid');
        counts.refused++;
        continue;
      }
      const expiresAt = new Date(verified.exp * 1000);
      const name = prefixName(verified.prefix);
      // S3 failing costs this link its content, not the other links their previews.
      const headline =
        job.botInChannel && name && maySee(job, ctx.config, name)
          ? await read(verified.prefix, ctx.config).catch((e) => {
              ctx.log.warn('could not read the report headline; bare preview', { error: e });
              return undefined;
            })
          : undefined;
      if (headline) counts.content++;
      else counts.bare++;
      unfurls[url] = headline ? reportUnfurl(headline, url, expiresAt) : bareUnfurl(url, expiresAt);
    }
    if (Object.keys(unfurls).length === 0) {
      ctx.log.info('no report links of ours to preview', { links: job.links.length });
      return { text: 'nothing to preview', blocks: [] };
    }
    const target = job.unfurlId ? { unfurl_id: job.unfurlId, source: job.source } : { channel: job.origin.channel, ts: job.messageTs! };
    await ctx.slack.chat.unfurl({ ...target, unfurls });
    ctx.log.info('report links previewed', counts);
    return { text: `previewed ${Object.keys(unfurls).length} report links`, blocks: [] };
  };
}

export const run = makeUnfurlRunner();
