/** Block Kit for the ingress's own answers: help, usage errors, refusals, placeholders, failures. */
import type { KnownBlock } from '@slack/types';
import { USAGE, type UsageError, type Verb, VERBS } from '../../core/grammar';
import type { SlackReply } from '../reply';
import { clip, escapeClip, escapeSlack, mention } from '../text';

/** Every fallback `text` is escaped like the blocks (Slack parses `<…>` there too), and kept short. */
const fallback = (text: string): string => escapeClip(text, 3000);

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });

export function helpReply(command: string, topic?: Verb): SlackReply {
  if (topic) {
    const u = USAGE[topic];
    return { text: fallback(`${command} ${u.line}`), blocks: [section(`*\`${command} ${escapeSlack(u.line)}\`*\n${u.summary}`)] };
  }
  const lines = VERBS.map((v) => `• \`${command} ${escapeSlack(USAGE[v].line)}\` — ${USAGE[v].summary}`);
  return {
    text: `dbassist: ${VERBS.join(', ')}`,
    blocks: [
      section(`*dbassist* — your on-call DBA colleague for Aurora MySQL.\n${lines.join('\n')}`),
      context(
        'Mention `@dbassist` with SQL (or a ```sql block) in any thread for a review. Windows: 30m, 6h, 2d, 1w (5 minutes to 14 days). SQL you paste is never executed, only EXPLAINed read-only. The app’s *Home* tab lists your channels’ subscriptions, open incidents, schedules and your recent reports.',
      ),
    ],
  };
}

export function usageReply(error: UsageError, command: string): SlackReply {
  return {
    text: fallback(`${error.message} Usage: ${error.usage(command)}`),
    blocks: [
      section(`:warning: ${escapeSlack(error.message)}`),
      section(`Usage:\n\`\`\`${escapeSlack(error.usage(command))}\`\`\``),
      context(`\`${command} help\` lists every command.`),
    ],
  };
}

export function refusalReply(reason: string): SlackReply {
  return { text: fallback(reason), blocks: [section(`:no_entry: ${escapeSlack(reason)}`)] };
}

export function errorReply(message: string): SlackReply {
  return { text: fallback(message), blocks: [section(`:warning: ${escapeSlack(message)}`)] };
}

export function placeholderReply(what: string, user: string): SlackReply {
  return {
    text: fallback(`Working on ${what}…`),
    blocks: [section(`:hourglass_flowing_sand: ${mention(user)} asked for ${escapeSlack(what)}. Working on it…`)],
  };
}

export function failureReply(what: string, reason: string): SlackReply {
  return {
    text: fallback(`${what} failed: ${reason}`),
    blocks: [
      section(`:x: *${escapeSlack(what)} failed.*\n${escapeSlack(clip(reason, 1500))}`),
      context('Nothing was changed on the database. Try again, or ask the bot administrators to check the worker logs.'),
    ],
  };
}

export function instancesReply(names: Array<{ name: string; instances: string[] }>): SlackReply {
  if (names.length === 0) return { text: 'No targets configured.', blocks: [section('No targets are configured yet (DBASSIST_TARGETS).')] };
  const lines = names.map((t) => `• \`${escapeSlack(t.name)}\`${t.instances.length ? ` — ${t.instances.map((i) => `\`${escapeSlack(i)}\``).join(', ')}` : ''}`);
  return { text: fallback(`Targets: ${names.map((n) => n.name).join(', ')}`), blocks: [section(`*Targets this bot knows*\n${lines.join('\n')}`)] };
}
