/**
 * Slack's message formatting, both ways. Incoming: slash-command and message text arrive with &, <, >
 * escaped, mentions as <@U…>, and anything that looks like a domain auto-linked as <http://x|x> —
 * which happens to `schema.table` in pasted SQL. Outgoing: `escapeSlack` is the one escaping helper
 * for every text that reaches Slack (blocks, fallbacks, views, unfurls, plain_text included); the
 * helpers below it build the few pieces of markup the bot writes on purpose (code spans, code blocks,
 * links, mentions) from escaped parts, so user or server text can never become a mention, a
 * broadcast (`<!channel>`, `<!subteam^…>`) or a link with a misleading label.
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

/**
 * Escapes text for Slack: &, < and > (the only characters Slack requires; it decodes these three for
 * display in mrkdwn and plain_text alike, and never re-reads the result as markup).
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A backtick would end a code span or fence early; this look-alike (U+02CB) never does. */
const TICK = '\u02cb';

/** An inline code span of untrusted text: escaped, its backticks neutralised, cut to `max` characters. */
export function codeSpan(text: string, max = 200): string {
  return `\`${escapeSlack(clip(text.replace(/`/g, TICK).replace(/\s*\n\s*/g, ' '), max))}\``;
}

/** A fenced code block of untrusted text (SQL, fingerprints): escaped, no ``` inside, cut to `max` characters. */
export function codeBlock(text: string, max = 2_500): string {
  const body = cutEscaped(escapeSlack(text.replace(/```/g, `\`${TICK}\``)), max);
  return `\`\`\`${body}\`\`\``;
}

/** A URL Slack can carry in `<url|label>`: http(s), no spaces and none of `<`, `>`, `|`. */
export const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

/** `<url|label>` with the label escaped; just the escaped label when the URL is not safe to link. */
export function link(url: string | undefined, label: string): string {
  const text = escapeSlack(label.replace(/[|]/g, '/'));
  return url && SAFE_URL.test(url) && url.length <= 3_000 ? `<${url}|${text}>` : text;
}

/** A user mention; anything that is not a user id is shown escaped, never as markup. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{1,20}$/.test(userId) ? `<@${userId}>` : escapeSlack(userId);
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escaped text of at most `max` characters (escaping first, then a cut that never splits an entity). */
export function escapeClip(text: string, max: number): string {
  return cutEscaped(escapeSlack(text), max);
}

/** Cuts already-escaped text to `max` characters without splitting `&amp;`/`&lt;`/`&gt;`. */
export function cutEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 5 && text.indexOf(';', amp) >= cut) cut = amp;
  return `${text.slice(0, cut)}…`;
}
