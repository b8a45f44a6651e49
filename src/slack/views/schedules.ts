/** Block Kit for schedules: made, listed, deleted, and the message a scheduled run starts with. Pure. */
import type { KnownBlock } from '@slack/types';
import type { ScheduledCommand } from '../../core/grammar';
import { describeWhen } from '../../core/schedule';
import type { StoredSchedule } from '../../jobs/schedules';
import type { SlackReply } from '../reply';
import { clip, codeSpan, escapeSlack, mention } from '../text';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });

/** The command as a user would type it, e.g. `report gamedb1 24h`. */
export function commandText(c: ScheduledCommand): string {
  switch (c.verb) {
    case 'report':
      return `report ${c.target} ${c.window.label}`;
    case 'digest':
      return `digest ${c.target} ${c.window.label} --top ${c.top}`;
    case 'health':
      return c.pattern ? `health ${c.pattern}` : 'health';
  }
}

export function scheduledPlaceholderReply(what: string, id: string): SlackReply {
  return {
    text: `Scheduled run (${id}): working on ${what}…`,
    blocks: [section(`:alarm_clock: Scheduled run \`${escapeSlack(id)}\`: working on ${escapeSlack(what)}…`)],
  };
}

export function scheduleCreatedReply(s: StoredSchedule): SlackReply {
  const line = `\`${escapeSlack(commandText(s.command))}\` ${escapeSlack(describeWhen(s.when))}`;
  return {
    text: `Scheduled ${commandText(s.command)} ${describeWhen(s.when)} (id ${s.id})`,
    blocks: [
      section(`:alarm_clock: Scheduled ${line}, posted in this channel. Id \`${s.id}\`.`),
      context(`\`${escapeSlack(s.expression)}\` in ${escapeSlack(s.when.timezone)} · \`/dbassist unschedule ${s.id}\` deletes it.`),
    ],
  };
}

export function scheduleFullReply(count: number): SlackReply {
  const text = `This channel has ${count} schedules, the most it may have. Delete one with \`/dbassist unschedule <id>\` first.`;
  return { text: escapeSlack(text), blocks: [section(`:warning: ${escapeSlack(text)}`)] };
}

export function scheduleListReply(list: StoredSchedule[]): SlackReply {
  if (list.length === 0) {
    return { text: 'No schedules in this channel.', blocks: [section('No schedules in this channel. `/dbassist help schedule` shows how to make one.')] };
  }
  const lines = list.map((s) => `• \`${s.id}\` — \`${escapeSlack(commandText(s.command))}\` ${escapeSlack(describeWhen(s.when))} (by ${mention(s.by)})`);
  return {
    text: `${list.length} schedule${list.length === 1 ? '' : 's'} in this channel`,
    blocks: [section(`*Schedules in this channel*\n${lines.join('\n')}`), context(`${codeSpan('/dbassist unschedule <id>')} deletes one.`)],
  };
}

export function unscheduledReply(s: StoredSchedule | undefined, id: string): SlackReply {
  if (!s) {
    const text = `There is no schedule \`${id}\` in this channel. \`/dbassist schedules\` lists them.`;
    return { text: escapeSlack(text), blocks: [section(`:warning: ${escapeSlack(text)}`)] };
  }
  const text = `Deleted schedule ${id}: ${commandText(s.command)} ${describeWhen(s.when)}.`;
  return { text, blocks: [section(`:wastebasket: ${escapeSlack(text)}`)] };
}

export function schedulesOffReply(): SlackReply {
  const text = 'Schedules are not set up in this deployment (DBASSIST_SCHEDULE_GROUP, DBASSIST_SCHEDULER_ROLE_ARN, DBASSIST_WORKER_ARN).';
  return { text: escapeSlack(text), blocks: [section(`:warning: ${escapeSlack(text)}`)] };
}
