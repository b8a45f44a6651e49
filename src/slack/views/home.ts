/**
 * The App Home tab (views.publish, type `home`): "Subscribe…" and "Report…" buttons, the user's
 * alert subscriptions with an Unsubscribe button each, open incidents with a link to their thread, schedules with their time zones and the
 * reports the user asked for — only rows the worker let through (channels the user is in, what
 * DBASSIST_ACCESS lets them see; src/worker/home-data.ts). Pure. Every list is capped and says how
 * many more there are, so the view stays within Slack's 100 blocks however much is stored.
 */
import type { KnownBlock } from '@slack/types';
import type { AlertLevel } from '../../core/grammar';
import { describeWhen } from '../../core/schedule';
import type { RecentReport } from '../../jobs/recent-reports';
import type { StoredSchedule } from '../../jobs/schedules';
import type { Subscription } from '../../model/alert';
import { clip, codeSpan, escapeSlack, link } from '../text';
import { describeSubscription, LEVEL_EMOJI } from './alert';
import { commandText } from './schedules';

export interface HomeIncidentRow {
  channel: string;
  target: string;
  level: AlertLevel;
  /** `alarm` (firing) or `event` (a recent RDS event). */
  state: 'alarm' | 'event';
  title: string;
  /** Epoch ms the incident began. */
  since: number;
  /** The incident's thread, when the workspace's URL is known. */
  link?: string;
}

export interface HomeData {
  subscriptions: Array<{ channel: string; subscription: Subscription }>;
  incidents: HomeIncidentRow[];
  schedules: Array<{ channel: string; schedule: StoredSchedule }>;
  reports: Array<RecentReport & { link?: string }>;
  /** What could not be read or was left out (shown at the bottom). */
  notes: string[];
}

/** Rows shown per list; the rest are counted ("and N more"). 4 lists stay far below 100 blocks. */
export const HOME_CAPS = { subscriptions: 25, incidents: 30, schedules: 30, reports: 10 } as const;
export const HOME_SUBSCRIBE_ACTION = 'home_subscribe';
export const HOME_REPORT_ACTION = 'home_report';
/** `home_unsubscribe_<row>` (action ids differ within a view). */
export const HOME_UNSUBSCRIBE_ACTION = /^home_unsubscribe_\d{1,3}$/;
const LINES_PER_SECTION = 10;
const SECTION_TEXT = 3000;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: clip(text, 150) } });
const divider: KnownBlock = { type: 'divider' };

/** A channel as Slack shows it: `<#C…>` for a channel id, else the id as code. */
export function channelRef(channel: string): string {
  return /^C[A-Z0-9]{1,30}$/.test(channel) ? `<#${channel}>` : codeSpan(channel, 40);
}

/** A time each viewer sees in their own time zone; the ISO text where Slack cannot render it. */
function when(ms: number): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  const fallback = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** The value of an Unsubscribe button: {"channel": "C…", "pattern": "gamedb*"}. */
export function unsubscribeValue(channel: string, pattern: string): string {
  return JSON.stringify({ channel, pattern });
}

function more(shown: number, total: number, where: string): KnownBlock[] {
  return total > shown ? [context(`…and ${total - shown} more. ${where}`)] : [];
}

/**
 * Lines packed into sections of at most LINES_PER_SECTION lines and 3,000 characters, whole lines
 * only: a cut would split an entity, a link or a date. Each line is far shorter than a section.
 */
function lineSections(lines: string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let group: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (group.length > 0 && (group.length === LINES_PER_SECTION || size + 1 + line.length > SECTION_TEXT)) {
      out.push(section(group.join('\n')));
      group = [];
      size = 0;
    }
    group.push(line);
    size += (size > 0 ? 1 : 0) + line.length;
  }
  if (group.length > 0) out.push(section(group.join('\n')));
  return out;
}

function subscriptionBlocks(rows: HomeData['subscriptions']): KnownBlock[] {
  const blocks: KnownBlock[] = [divider, header('Alert subscriptions')];
  if (rows.length === 0) {
    blocks.push(section('No alert subscriptions in your channels. *Subscribe…* above, or `/dbassist subscribe gamedb1` in a channel.'));
    return blocks;
  }
  rows.slice(0, HOME_CAPS.subscriptions).forEach(({ channel, subscription: s }, i) => {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${channelRef(channel)} · ${describeSubscription(s)}`, 3000) },
      accessory: {
        type: 'button',
        action_id: `home_unsubscribe_${i}`,
        text: { type: 'plain_text', text: 'Unsubscribe' },
        value: unsubscribeValue(channel, s.pattern),
        confirm: {
          title: { type: 'plain_text', text: 'Unsubscribe?' },
          text: { type: 'mrkdwn', text: clip(`Stop posting alerts for \`${escapeSlack(s.pattern)}\` in ${channelRef(channel)}?`, 300) },
          confirm: { type: 'plain_text', text: 'Unsubscribe' },
          deny: { type: 'plain_text', text: 'Keep it' },
        },
      },
    });
  });
  blocks.push(...more(HOME_CAPS.subscriptions, rows.length, '`/dbassist subscriptions` in a channel lists that channel’s.'));
  return blocks;
}

function incidentBlocks(rows: HomeIncidentRow[]): KnownBlock[] {
  const blocks: KnownBlock[] = [divider, header('Open incidents')];
  if (rows.length === 0) return [...blocks, section('No open incidents in your channels.')];
  const lines = rows.slice(0, HOME_CAPS.incidents).map((r) => {
    const what = r.state === 'event' ? 'event' : r.level;
    const thread = r.link ? ` · ${link(r.link, 'thread')}` : '';
    return `${LEVEL_EMOJI[r.level]} *${escapeSlack(r.target || 'unknown target')}* — ${escapeSlack(clip(r.title, 120))} (${what}) since ${when(r.since)} in ${channelRef(r.channel)}${thread}`;
  });
  return [...blocks, ...lineSections(lines), ...more(HOME_CAPS.incidents, rows.length, 'The worst and newest are shown.')];
}

function scheduleBlocks(rows: HomeData['schedules']): KnownBlock[] {
  const blocks: KnownBlock[] = [divider, header('Schedules')];
  if (rows.length === 0) return [...blocks, section('No schedules in your channels. `/dbassist help schedule` shows how to make one.')];
  const lines = rows
    .slice(0, HOME_CAPS.schedules)
    .map(
      ({ channel, schedule: s }) =>
        `• ${codeSpan(commandText(s.command))} ${escapeSlack(describeWhen(s.when))} in ${channelRef(channel)} · id \`${escapeSlack(s.id)}\``,
    );
  return [...blocks, ...lineSections(lines), ...more(HOME_CAPS.schedules, rows.length, '`/dbassist schedules` in a channel lists that channel’s.')];
}

function reportBlocks(rows: HomeData['reports']): KnownBlock[] {
  const blocks: KnownBlock[] = [divider, header('Your recent reports')];
  if (rows.length === 0) return [...blocks, section('No reports yet. `/dbassist report gamedb1-1 6h` in a channel makes one.')];
  const lines = rows.slice(0, HOME_CAPS.reports).map((r) => {
    const where = r.link ? link(r.link, 'thread') : channelRef(r.channel);
    const page = r.reportUrl ? ` · ${link(r.reportUrl, 'report page')}` : '';
    return `• *${escapeSlack(r.instance)}*, last ${escapeSlack(r.windowLabel)} — ${escapeSlack(r.level)} · ${when(Date.parse(r.at))} · ${where}${page}`;
  });
  return [...blocks, ...lineSections(lines)];
}

/** The Home view for one user. */
export function homeView(d: HomeData): { type: 'home'; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    header('dbassist'),
    section(
      'Alert subscriptions, open incidents, schedules and your recent reports, from the channels you are in and as the bot’s access rules let you see them.',
    ),
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: HOME_SUBSCRIBE_ACTION, text: { type: 'plain_text', text: 'Subscribe…' }, style: 'primary' },
        { type: 'button', action_id: HOME_REPORT_ACTION, text: { type: 'plain_text', text: 'Report…' } },
      ],
    },
    ...subscriptionBlocks(d.subscriptions),
    ...incidentBlocks(d.incidents),
    ...scheduleBlocks(d.schedules),
    ...reportBlocks(d.reports),
  ];
  if (d.notes.length > 0) blocks.push(divider, context(d.notes.map((n) => `:information_source: ${escapeSlack(n)}`).join('\n')));
  return { type: 'home', blocks };
}

/** The Home when it could not be read. */
export function homeErrorView(message: string): { type: 'home'; blocks: KnownBlock[] } {
  return { type: 'home', blocks: [header('dbassist'), section(`:warning: ${escapeSlack(clip(message, 1500))} Open the tab again in a minute.`)] };
}
