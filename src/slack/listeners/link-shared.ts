/**
 * `link_shared`: a message (or the composer) carries links on the app's unfurl domain. The ingress acks
 * at once and hands the report-shaped links to the worker as an `unfurl` job: verifying a link needs
 * the link key and reading its headline needs S3, and neither belongs in the ingress (least privilege,
 * small bundle). Links still being typed (source `composer`, channel `COMPOSER`) are not previewed: the
 * channel they will land in is not known yet, and Slack sends the event again once the message is
 * posted. Events of workspaces the bot does not serve are dropped. A failed hand-off only loses a
 * preview; the link itself still works.
 */
import type { App } from '@slack/bolt';
import { teamServed } from '../../config/access';
import { isoNow } from '../../core/clock';
import { MAX_UNFURL_LINKS, type UnfurlJob } from '../../jobs/payload';
import { looksLikeReportLink } from '../../publish/link-url';
import type { ListenerDeps } from '../deps';

interface LinkSharedEvent {
  channel: string;
  user: string;
  message_ts?: string;
  unfurl_id?: string;
  source?: string;
  is_bot_user_member?: boolean;
  links?: Array<{ url?: string }>;
}

const TS = /^\d{1,12}\.\d{1,8}$/;

export function registerLinkSharedListener(app: App, deps: ListenerDeps): void {
  app.event('link_shared', async ({ event, body, context }) => {
    const e = event as unknown as LinkSharedEvent;
    const eventId = (body as { event_id?: string }).event_id ?? `${e.channel}:${e.message_ts ?? e.unfurl_id ?? ''}`;
    if (!deps.recentEvents.add(eventId)) {
      deps.log.info('duplicate event ignored', { eventId, retryNum: context.retryNum });
      return;
    }
    if (e.source === 'composer' || e.channel === 'COMPOSER') return;
    const team = (body as { team_id?: string }).team_id ?? '';
    const enterprise = (body as { enterprise_id?: string }).enterprise_id;
    if (!teamServed(deps.config.access, team, enterprise)) {
      deps.log.warn('link_shared from a workspace the bot does not serve; not previewed', { team });
      return;
    }
    const links = [...new Set((e.links ?? []).map((l) => l.url ?? '').filter((u) => u.length <= 2_000 && looksLikeReportLink(u)))].slice(0, MAX_UNFURL_LINKS);
    const messageTs = e.message_ts && TS.test(e.message_ts) ? e.message_ts : undefined;
    const unfurlId = e.unfurl_id && /^[A-Za-z0-9._-]{1,300}$/.test(e.unfurl_id) ? e.unfurl_id : undefined;
    if (links.length === 0 || (!messageTs && !unfurlId)) return;
    const job: UnfurlJob = {
      kind: 'unfurl',
      id: deps.newId(),
      requestedAt: isoNow(deps.clock),
      origin: { team, channel: e.channel, user: e.user, eventId, reply: 'none' },
      ...(enterprise ? { enterprise } : {}),
      ...(unfurlId ? { unfurlId } : {}),
      ...(messageTs ? { messageTs } : {}),
      source: 'conversations_history',
      botInChannel: e.is_bot_user_member === true,
      links,
    };
    try {
      await deps.handoff(job);
      deps.log.info('link previews handed off', { jobId: job.id, links: links.length, channel: e.channel, eventId });
    } catch (err) {
      deps.log.error('hand-off of link previews failed', { jobId: job.id, error: err });
    }
  });
}
