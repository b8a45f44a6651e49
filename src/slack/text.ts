/**
 * Slack's message formatting, undone. Slash-command and message text arrive with &, <, > escaped,
 * mentions as <@U…>, and anything that looks like a domain auto-linked as <http://x|x> — which
 * happens to `schema.table` in pasted SQL.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]*)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Removes the leading mention of the bot from an app_mention's text. */
export function stripBotMention(text: string, botUserId: string): string {
  return text
    .replace(new RegExp(`^\\s*<@${botUserId}(?:\\|[^>]*)?>[\\s:,]*`), '')
    .replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), '')
    .trim();
}

/** Escapes text for Slack mrkdwn/plain_text: &, < and > (the only characters Slack requires). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Cuts already-escaped text to `max` characters without splitting `&amp;`/`&lt;`/`&gt;`. */
export function cutEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 5 && text.indexOf(';', amp) >= cut) cut = amp;
  return `${text.slice(0, cut)}…`;
}
