/**
 * Block Kit for alert incidents: the parent message (header, fields, buttons), the thread replies
 * (resolved, firing again, insufficient data) and the ephemeral answers to buttons. Pure functions.
 * Every string that came from SNS is untrusted and escaped; `<!here>` appears only when asked for.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { AiSummary } from '../../ai/types';
import type { Incident, NormalizedAlert, Subscription } from '../../model/alert';
import { formatElapsed, formatReading } from '../../core/format';
import type { AlertLevel } from '../../core/grammar';
import type { SlackReply } from '../reply';
import { ALERT_ACTION_IDS, actionValue } from '../alert-buttons';
import { clip, cutEscaped, escapeSlack, link } from '../text';

export const LEVEL_EMOJI: Record<AlertLevel, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };
/** The colour bar beside an incident's message: its level while firing, green once resolved, grey when muted or unknown. */
export const ALERT_COLOR = { critical: '#d92d20', warning: '#f79009', info: '#2e90fa', resolved: '#12b76a', muted: '#98a2b3' } as const;
const COMPARISON: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside band',
  LessThanLowerThreshold: '< lower band',
  GreaterThanUpperThreshold: '> upper band',
};
const SOURCE_NAME: Record<NormalizedAlert['source'], string> = {
  cloudwatch: 'CloudWatch alarm',
  rds: 'RDS event',
  eventbridge: 'RDS event (EventBridge)',
  custom: 'Custom alert',
  unknown: 'Unrecognized notification',
};

/** Untrusted text, cut to `max` characters before escaping (escaping never splits an entity). */
const safe = (text: string, max: number) => escapeSlack(clip(text, max));
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** Slack-rendered time in the reader's time zone, with a UTC fallback. */
export function slackTime(ms: number): string {
  const d = new Date(ms);
  const fallback = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text, emoji: true }, value, ...(style ? { style } : {}) };
}

/** Muting for a day hides the next alerts of this incident from everyone in the channel: ask first. */
function confirmMute(target: string): NonNullable<Button['confirm']> {
  return {
    title: { type: 'plain_text', text: 'Mute for 24 hours?' },
    text: {
      type: 'mrkdwn',
      text: `No new alerts of this incident${target ? ` on \`${safe(target, 100)}\`` : ''} will be posted in this channel for the next 24 hours.`,
    },
    confirm: { type: 'plain_text', text: 'Mute 24h' },
    deny: { type: 'plain_text', text: 'Cancel' },
    style: 'danger',
  };
}

const CW_ALARM_ARN = /^cw:arn:aws[a-z-]*:cloudwatch:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:alarm:(.{1,255})$/;

/**
 * Console deep links for a CloudWatch alarm (region from its ARN): the alarm itself, and the
 * instance's monitoring tab in the RDS console (Performance Insights / Database Insights live there;
 * a direct Performance Insights URL needs the instance's DbiResourceId, which the alarm does not carry).
 */
export function consoleLinks(a: Pick<NormalizedAlert, 'key' | 'target'>): string[] {
  const m = CW_ALARM_ARN.exec(a.key);
  if (!m) return [];
  const [, region, name] = m as unknown as [string, string, string];
  const base = `https://${region}.console.aws.amazon.com`;
  const links = [link(`${base}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`, 'CloudWatch alarm')];
  if (a.target && /^[a-z][a-z0-9-]{0,62}$/i.test(a.target))
    links.push(link(`${base}/rds/home?region=${region}#database:id=${a.target};is-cluster=false;tab=monitoring`, 'Performance Insights'));
  return links;
}

function headline(incident: Incident, now: number): { emoji: string; label: string } {
  const muted = incident.mutedUntil !== undefined && incident.mutedUntil > now;
  if (incident.state === 'ok') return { emoji: ':white_check_mark:', label: 'RESOLVED' };
  if (incident.state === 'insufficient') return { emoji: ':grey_question:', label: 'INSUFFICIENT DATA' };
  const label = incident.level.toUpperCase();
  return { emoji: muted ? ':no_bell:' : LEVEL_EMOJI[incident.level], label };
}

function fields(a: NormalizedAlert, incident: Incident): string[] {
  const out: string[] = [];
  if (a.target) out.push(`*Target*\n\`${safe(a.target, 100)}\``);
  if (a.metric) out.push(`*Metric*\n${safe(a.metric, 100)}`);
  if (a.threshold !== undefined)
    out.push(`*Threshold*\n${escapeSlack(COMPARISON[a.comparison ?? ''] ?? a.comparison ?? '')} ${formatReading(a.threshold)}`.trim());
  if (a.value !== undefined) out.push(`*Value*\n${formatReading(a.value)}`);
  if (a.eventCategories.length > 0 && a.source !== 'cloudwatch') out.push(`*Category*\n${safe(a.eventCategories.join(', '), 100)}`);
  out.push(
    `*${incident.state === 'event' ? 'Seen' : 'Fired'}*\n${incident.count}× · first ${slackTime(incident.firstAt)}${incident.count > 1 ? ` · last ${slackTime(incident.lastAt)}` : ''}`,
  );
  return out.slice(0, 10);
}

export interface ParentViewOptions {
  /** Mention @here (only honoured for critical, firing incidents). */
  mentionHere: boolean;
  now: number;
}

/** The incident's parent message, rendered from its current state. */
export function alertParentView(incident: Incident, o: ParentViewOptions): SlackReply {
  const a = incident.alert;
  const { emoji, label } = headline(incident, o.now);
  const resolved = incident.state === 'ok';
  const mention = o.mentionHere && incident.level === 'critical' && (incident.state === 'alarm' || incident.state === 'event');
  const title = clip(a.title || a.key, 120);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: cutEscaped(`${label} · ${escapeSlack(title)}`, 150), emoji: true } }];
  const lead = `${mention ? '<!here> ' : ''}${emoji} ${resolved ? '~' : ''}*${safe(title, 200)}*${resolved ? '~' : ''}${a.target ? ` on \`${safe(a.target, 100)}\`` : ''}`;
  blocks.push(section(lead));
  if (a.detail) blocks.push(section(safe(a.detail, 2_000)));
  blocks.push({ type: 'section', fields: fields(a, incident).map((text) => ({ type: 'mrkdwn', text })) });

  const notes = [`${SOURCE_NAME[a.source]}${a.sourceRef ? ` · ${safe(a.sourceRef, 200)}` : ''}`, ...consoleLinks(a)];
  if (resolved && incident.resolvedAt !== undefined)
    notes.push(`:white_check_mark: resolved ${slackTime(incident.resolvedAt)} after ${formatElapsed(incident.resolvedAt - incident.firstAt)}`);
  if (incident.ackBy) notes.push(`:eyes: acknowledged by <@${escapeSlack(incident.ackBy)}>${incident.ackAt ? ` ${slackTime(incident.ackAt)}` : ''}`);
  if (incident.mutedUntil !== undefined && incident.mutedUntil > o.now)
    notes.push(`:no_bell: muted here until ${slackTime(incident.mutedUntil)}${incident.mutedBy ? ` by <@${escapeSlack(incident.mutedBy)}>` : ''}`);
  blocks.push(context(notes.join('  ·  ')));

  const value = actionValue(incident.id, a.target);
  const buttons: Button[] = [];
  if (a.target) buttons.push(button(ALERT_ACTION_IDS.report, 'Report last 1h', value, 'primary'));
  if (!resolved && !incident.ackBy) buttons.push(button(ALERT_ACTION_IDS.ack, 'Acknowledge', value));
  buttons.push(button(ALERT_ACTION_IDS.mute1h, 'Mute 1h', value), { ...button(ALERT_ACTION_IDS.mute24h, 'Mute 24h', value), confirm: confirmMute(a.target) });
  blocks.push({ type: 'actions', elements: buttons });

  const text = `${mention ? '<!here> ' : ''}${label}: ${safe(title, 200)}${a.target ? ` on ${safe(a.target, 100)}` : ''}${incident.count > 1 ? ` (${incident.count}×)` : ''}`;
  const muted = incident.mutedUntil !== undefined && incident.mutedUntil > o.now;
  const color = resolved ? ALERT_COLOR.resolved : incident.state === 'insufficient' || muted ? ALERT_COLOR.muted : ALERT_COLOR[incident.level];
  return { text, blocks, color };
}

/** Thread reply when the alarm returns to OK. */
export function alertResolvedReply(incident: Incident, ok: NormalizedAlert): SlackReply {
  const end = incident.resolvedAt ?? Date.parse(ok.at);
  const line = `:white_check_mark: *Resolved* after ${formatElapsed(end - incident.firstAt)}${incident.count > 1 ? ` (fired ${incident.count}×)` : ''}.`;
  const blocks: KnownBlock[] = [section(line)];
  if (ok.detail) blocks.push(context(safe(ok.detail, 1_500)));
  return { text: `Resolved after ${formatElapsed(end - incident.firstAt)}: ${safe(ok.title, 200)}`, blocks };
}

/** Thread reply when a recently resolved alarm fires again (the parent is reopened). */
export function alertReopenedReply(alert: NormalizedAlert): SlackReply {
  const blocks: KnownBlock[] = [section(`:repeat: *Firing again* ${slackTime(Date.parse(alert.at))}.`)];
  if (alert.detail) blocks.push(context(safe(alert.detail, 1_500)));
  return { text: `Firing again: ${safe(alert.title, 200)}`, blocks };
}

/** Thread reply when the alarm goes to INSUFFICIENT_DATA while open. */
export function alertInsufficientReply(alert: NormalizedAlert): SlackReply {
  const blocks: KnownBlock[] = [section(':grey_question: The alarm has *insufficient data* now; the incident stays open.')];
  if (alert.detail) blocks.push(context(safe(alert.detail, 1_500)));
  return { text: `Insufficient data: ${safe(alert.title, 200)}`, blocks };
}

/** Ephemeral answer to the user who clicked Acknowledge or Mute. */
export function alertActionAnswer(kind: 'ack' | 'mute', incident: Incident | undefined, o: { muteMinutes?: number; now: number }): SlackReply {
  if (!incident)
    return { text: 'That alert is no longer tracked.', blocks: [section(':warning: That alert is no longer tracked (its incident record is gone).')] };
  const title = safe(incident.alert.title, 200);
  if (kind === 'ack') {
    const text = `Acknowledged *${title}*. The channel sees who is on it.`;
    return { text, blocks: [section(`:eyes: ${text}`)] };
  }
  const until = incident.mutedUntil ?? o.now;
  const text = `Muted *${title}* in this channel until ${slackTime(until)} (${formatElapsed((o.muteMinutes ?? 0) * 60_000)}). It still resolves in its thread.`;
  return { text, blocks: [section(`:no_bell: ${text}`)] };
}

export function describeSubscription(s: Subscription): string {
  const parts = [`\`${escapeSlack(s.pattern)}\``, `${s.level} and above`];
  parts.push(s.events.length > 0 ? `events: ${s.events.map(escapeSlack).join(', ')}` : 'all events');
  if (s.mentionHere) parts.push('@here on critical');
  return parts.join(' · ');
}

/** This channel's subscriptions (`/dbassist subscriptions`). */
export function subscriptionListReply(subs: Subscription[]): SlackReply {
  if (subs.length === 0) {
    return {
      text: 'No alert subscriptions in this channel.',
      blocks: [section('No alert subscriptions in this channel. Add one with `/dbassist subscribe &lt;cluster|instance|pattern&gt;`.')],
    };
  }
  const lines = subs.map((s) => `• ${describeSubscription(s)} — by <@${escapeSlack(s.by)}>`);
  return { text: `${subs.length} alert subscription(s) here`, blocks: [section(`*Alert subscriptions in this channel*\n${clip(lines.join('\n'), 2900)}`)] };
}

/** Answer to subscribe; `warning` when the pattern matches no configured target. */
export function subscribedReply(s: Subscription, status: 'added' | 'updated' | 'full', warning?: string): SlackReply {
  if (status === 'full')
    return {
      text: 'Too many subscriptions here.',
      blocks: [
        section(':warning: This channel already has the maximum number of subscriptions; remove one with `/dbassist unsubscribe &lt;pattern&gt;` first.'),
      ],
    };
  const verb = status === 'added' ? 'Subscribed' : 'Updated the subscription';
  const blocks: KnownBlock[] = [section(`:bell: ${verb}: ${describeSubscription(s)}. Alarms and RDS events for it will be posted in this channel.`)];
  if (warning) blocks.push(context(`:warning: ${escapeSlack(warning)}`));
  return { text: escapeSlack(`${verb}: ${s.pattern}`), blocks };
}

export function unsubscribedReply(pattern: string, removed: boolean, remaining: Subscription[]): SlackReply {
  if (removed)
    return {
      text: escapeSlack(`Unsubscribed from ${pattern}`),
      blocks: [section(`:no_bell: No more alerts for \`${escapeSlack(pattern)}\` in this channel.`)],
    };
  const have =
    remaining.length > 0
      ? ` This channel subscribes to ${remaining.map((s) => `\`${escapeSlack(s.pattern)}\``).join(', ')}.`
      : ' This channel has no subscriptions.';
  return {
    text: escapeSlack(`No subscription for ${pattern} here`),
    blocks: [section(`:grey_question: There is no subscription for \`${escapeSlack(pattern)}\` in this channel.${have}`)],
  };
}

/** The AI triage under a new incident. Model output is untrusted text: escaped, clipped. */
export function alertTriageReply(ai: AiSummary): SlackReply {
  const lines = [`:robot_face: *${safe(ai.verdict, 300)}*`];
  for (const b of ai.bullets.slice(0, 6)) lines.push(`• ${safe(b, 400)}`);
  if (ai.actions.length > 0) lines.push('*First checks*', ...ai.actions.slice(0, 5).map((a, i) => `${i + 1}. ${safe(a, 400)}`));
  const blocks: KnownBlock[] = [section(clip(lines.join('\n'), 3000))];
  const notes = [ai.source === 'model' ? 'AI triage — verify before acting' : 'Deterministic triage'];
  if (ai.note) notes.push(safe(ai.note, 200));
  for (const c of ai.citations.slice(0, 3)) notes.push(c.uri && /^https:\/\/[^\s|<>]+$/.test(c.uri) ? `<${c.uri}|${safe(c.title, 100)}>` : safe(c.title, 100));
  blocks.push(context(clip(notes.join(' · '), 3000)));
  return { text: `Triage: ${safe(ai.verdict, 300)}`, blocks };
}
