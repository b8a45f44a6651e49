/**
 * The `/dbassist <verb> …` grammar, shared by Slack (slash command, mentions) and the CLI.
 * Pure: text in, a typed command or a usage error out.
 */
import { type Comparison, ComparisonError, comparisonProblem, parseComparison } from './comparison';
import { canonicalTimezone, DEFAULT_TIMEZONE, parseClock, type ScheduleWhen, WEEKDAYS, type Weekday } from './schedule';
import { suggest } from './suggest';
import { parseWindow, type TimeWindow, WindowError, windowOf } from './window';

export const VERBS = [
  'help',
  'report',
  'review',
  'digest',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'instances',
  'health',
  'schedule',
  'schedules',
  'unschedule',
] as const;
export type Verb = (typeof VERBS)[number];

export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Instance, cluster or target names as RDS allows them. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;
/** Subscription patterns: a name, optionally with `*` wildcards. */
export const PATTERN_PATTERN = /^[A-Za-z*][A-Za-z0-9*-]{0,62}$/;

export const DEFAULT_WINDOW: TimeWindow = windowOf(3_600_000);
export const DEFAULT_DIGEST_TOP = 10;

export type Command =
  | { verb: 'help'; topic?: Verb }
  | { verb: 'report'; target: string; window: TimeWindow; vs?: Comparison }
  | { verb: 'digest'; target: string; window: TimeWindow; top: number }
  | { verb: 'review'; sql: string; target?: string }
  | { verb: 'subscribe'; pattern: string; level: AlertLevel; events: string[]; mentionHere: boolean }
  | { verb: 'unsubscribe'; pattern: string }
  | { verb: 'subscriptions' }
  | { verb: 'instances' }
  | HealthCommand
  | { verb: 'schedule'; when: ScheduleWhen; job: ScheduledCommand }
  | { verb: 'schedules' }
  | { verb: 'unschedule'; id: string };

/**
 * `health [pattern]`. `targets` is never typed: the ingress fills it with the targets the asker may
 * report on, so the worker ranks only those.
 */
export type HealthCommand = { verb: 'health'; pattern?: string; targets?: string[] };

/** What a schedule may run. */
export type ScheduledCommand =
  | { verb: 'report'; target: string; window: TimeWindow }
  | { verb: 'digest'; target: string; window: TimeWindow; top: number }
  | HealthCommand;
export const SCHEDULABLE_VERBS = ['report', 'digest', 'health'] as const;

/** Schedule ids as the worker makes them (`unschedule <id>`). */
export const SCHEDULE_ID_PATTERN = /^s[a-z0-9]{7}$/;

export const USAGE: Record<Verb, { line: string; summary: string }> = {
  help: { line: 'help [verb]', summary: 'this help, or the details of one verb' },
  report: {
    line: 'report <instance|cluster> [window] [vs 1d|1w]',
    summary:
      'performance report for an instance, e.g. `report gamedb1-1 6h` (window 5m…14d, default 1h), with what changed against the same window a week earlier (`vs 1d`: a day earlier); on a cluster name, every member reported and compared',
  },
  review: { line: 'review [on <target>] <sql>', summary: 'lint SQL and EXPLAIN it read-only on the target; the SQL is never executed' },
  digest: { line: 'digest <instance> [window] [--top N]', summary: 'top slow-query classes for the window, like pt-query-digest' },
  subscribe: {
    line: 'subscribe [<cluster|instance|pattern> [--severity info|warning|critical] [--events failover,reboot,…] [--here]]',
    summary: "post this target's alarms and RDS events in this channel; without a pattern, a form with the same choices opens",
  },
  unsubscribe: { line: 'unsubscribe <cluster|instance|pattern>', summary: 'stop posting alerts for that subscription here' },
  subscriptions: { line: 'subscriptions', summary: "this channel's alert subscriptions" },
  instances: { line: 'instances', summary: 'the targets this bot knows' },
  health: {
    line: 'health [pattern]',
    summary: 'every instance the bot knows (or matching e.g. `gamedb*`) ranked by current health, worst first, with a report button per row',
  },
  schedule: {
    line: 'schedule daily|weekly <mon…sun> <HH:MM> [tz <Area/City>] report|digest|health …',
    summary:
      'run a report, digest or health view on a schedule and post it here, e.g. `schedule daily 09:00 tz Asia/Seoul report gamedb1 24h` (default time zone UTC)',
  },
  schedules: { line: 'schedules', summary: "this channel's schedules, with their ids" },
  unschedule: { line: 'unschedule <id>', summary: "delete one of this channel's schedules" },
};

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The verb whose usage line to show, when known. */
    readonly verb?: Verb,
    /** A suggested correction, e.g. `report`. */
    readonly suggestion?: string,
  ) {
    super(message);
  }

  /** The usage line for the verb (or all verbs) prefixed with the command name. */
  usage(command = '/dbassist'): string {
    return this.verb ? `${command} ${USAGE[this.verb].line}` : VERBS.map((v) => `${command} ${USAGE[v].line}`).join('\n');
  }
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: UsageError };

/** Parses the text after `/dbassist` (or after the `dbassist` CLI name). */
export function parseCommand(text: string): ParseResult {
  try {
    return { ok: true, command: parseOrThrow(text) };
  } catch (e) {
    if (e instanceof UsageError) return { ok: false, error: e };
    throw e;
  }
}

function parseOrThrow(raw: string): Command {
  const text = raw.trim();
  if (text === '') return { verb: 'help' };
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
  const word = m[1]!.toLowerCase();
  const rest = m[2]!;
  if (!(VERBS as readonly string[]).includes(word)) {
    const hint = suggest(word, VERBS);
    throw new UsageError(`Unknown command \`${truncate(m[1]!, 40)}\`.${hint ? ` Did you mean \`${hint}\`?` : ''}`, undefined, hint);
  }
  const verb = word as Verb;
  switch (verb) {
    case 'help':
      return parseHelp(rest);
    case 'report':
      return parseReport(rest);
    case 'digest':
      return parseDigest(rest);
    case 'review':
      return parseReview(rest);
    case 'subscribe':
      return parseSubscribe(rest);
    case 'unsubscribe':
      return { verb, pattern: parsePattern(verb, tokens(rest), 'unsubscribe') };
    case 'health':
      return parseHealth(rest);
    case 'schedule':
      return parseSchedule(rest);
    case 'unschedule': {
      const t = tokens(rest);
      const id = t[0]?.toLowerCase();
      if (t.length !== 1 || !id || !SCHEDULE_ID_PATTERN.test(id))
        throw new UsageError('`unschedule` takes one schedule id, as `/dbassist schedules` lists them (e.g. `s1a2b3c4`).', verb);
      return { verb, id };
    }
    case 'subscriptions':
    case 'instances':
    case 'schedules':
      if (rest.trim() !== '') throw new UsageError(`\`${verb}\` takes no arguments.`, verb);
      return { verb };
  }
}

function tokens(text: string): string[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function parseHelp(rest: string): Command {
  const t = tokens(rest);
  if (t.length === 0) return { verb: 'help' };
  const topic = t[0]!.toLowerCase();
  if ((VERBS as readonly string[]).includes(topic)) return { verb: 'help', topic: topic as Verb };
  const hint = suggest(topic, VERBS);
  throw new UsageError(`No help for \`${truncate(t[0]!, 40)}\`.${hint ? ` Did you mean \`${hint}\`?` : ''}`, 'help', hint);
}

function parseName(verb: Verb, name: string | undefined, what = 'instance'): string {
  if (!name) throw new UsageError(`\`${verb}\` needs an ${what} name.`, verb);
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(`\`${truncate(name, 70)}\` is not a valid ${what} name (a letter, then up to 62 letters, digits or hyphens).`, verb);
  }
  return name;
}

function parseWindowArg(verb: Verb, words: string[]): TimeWindow {
  if (words.length === 0) return DEFAULT_WINDOW;
  try {
    return parseWindow(words.join(' '));
  } catch (e) {
    if (e instanceof WindowError) throw new UsageError(e.message, verb);
    throw e;
  }
}

/** Splits `--flag value` / `--flag=value` / `--switch` options from positional words. */
function splitOptions(verb: Verb, words: string[], valued: readonly string[], switches: readonly string[]) {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // Slack turns "--" into an em dash on some clients.
    const normalized = w.replace(/^[\u2014\u2013]/, '--');
    if (!normalized.startsWith('--')) {
      positional.push(w);
      continue;
    }
    const [name, inline] = normalized.slice(2).split('=', 2) as [string, string | undefined];
    if (switches.includes(name)) {
      options.set(name, 'true');
    } else if (valued.includes(name)) {
      const value = inline ?? words[++i];
      if (value === undefined || value === '') throw new UsageError(`\`--${name}\` needs a value.`, verb);
      options.set(name, value);
    } else {
      const hint = suggest(name, [...valued, ...switches]);
      throw new UsageError(
        `Unknown option \`--${truncate(name, 30)}\` for \`${verb}\`.${hint ? ` Did you mean \`--${hint}\`?` : ''}`,
        verb,
        hint && `--${hint}`,
      );
    }
  }
  return { positional, options };
}

/** The words that introduce a comparison: `report gamedb1-1 6h vs 1w`. */
const VS_WORDS = ['vs', 'vs.', 'versus'];

/**
 * A report's window and comparison from the words after the instance: `6h`, `6h vs 1w`, `vs 1d`, and
 * `--vs 1w` (given as `option`). Shared by Slack and the CLI.
 */
export function reportWindowAndComparison(words: readonly string[], option?: string): { window: TimeWindow; vs?: Comparison } {
  const at = words.findIndex((w) => VS_WORDS.includes(w.toLowerCase()));
  const windowWords = at < 0 ? [...words] : words.slice(0, at);
  const vsText = at < 0 ? option : words.slice(at + 1).join(' ');
  if (at >= 0 && option !== undefined) throw new UsageError('Say the comparison once: `vs 1w` or `--vs 1w`.', 'report');
  if (at >= 0 && vsText === '') throw new UsageError('`vs` needs 1d or 1w, e.g. `report gamedb1-1 6h vs 1w`.', 'report');
  let window: TimeWindow;
  try {
    window = parseWindowArg('report', windowWords);
  } catch (e) {
    // "6h bs 1w": a typo of `vs` reads as a bad window; say what was probably meant.
    const typo = windowWords.slice(1).find((w) => /^[a-z.]{2,6}$/i.test(w) && suggest(w, VS_WORDS) !== undefined);
    if (e instanceof UsageError && typo) throw new UsageError(`${e.message} Did you mean \`vs\` instead of \`${truncate(typo, 10)}\`?`, 'report', 'vs');
    throw e;
  }
  if (vsText === undefined) return { window };
  let vs: Comparison;
  try {
    vs = parseComparison(vsText);
  } catch (e) {
    if (e instanceof ComparisonError) throw new UsageError(e.message, 'report');
    throw e;
  }
  const problem = comparisonProblem(window, vs);
  if (problem) throw new UsageError(problem, 'report');
  return { window, vs };
}

function parseReport(rest: string): Command {
  const { positional, options } = splitOptions('report', tokens(rest), ['vs'], []);
  const target = parseName('report', positional[0]);
  return { verb: 'report', target, ...reportWindowAndComparison(positional.slice(1), options.get('vs')) };
}

function parseDigest(rest: string): Command {
  const { positional, options } = splitOptions('digest', tokens(rest), ['top'], []);
  const target = parseName('digest', positional[0]);
  let top = DEFAULT_DIGEST_TOP;
  const topText = options.get('top');
  if (topText !== undefined) {
    if (!/^\d+$/.test(topText) || Number(topText) < 1 || Number(topText) > 50) {
      throw new UsageError('`--top` must be a whole number from 1 to 50.', 'digest');
    }
    top = Number(topText);
  }
  return { verb: 'digest', target, window: parseWindowArg('digest', positional.slice(1)), top };
}

/** Removes a Markdown code fence (```sql … ```) around the SQL, if any. */
export function unfenceSql(text: string): string {
  const fenced = [...text.matchAll(/```(?:[a-zA-Z]+[ \t]*\n)?([\s\S]*?)```/g)];
  if (fenced.length > 0) return fenced.map((f) => f[1]!.trim()).join('\n');
  return text.trim().replace(/^`([^`]+)`$/, '$1');
}

function parseReview(rest: string): Command {
  let body = rest.trim();
  let target: string | undefined;
  const on = /^on\s+(\S+)\s*([\s\S]*)$/i.exec(body);
  if (on && !/^(duplicate|delete|update)$/i.test(on[1]!)) {
    target = parseName('review', on[1], 'target');
    body = on[2]!;
  }
  const sql = unfenceSql(body);
  if (sql === '') throw new UsageError('`review` needs SQL to review, e.g. `review on gamedb1 SELECT * FROM users WHERE id = 1`.', 'review');
  return target === undefined ? { verb: 'review', sql } : { verb: 'review', sql, target };
}

function parseSubscribe(rest: string): Command {
  const { positional, options } = splitOptions('subscribe', tokens(rest), ['severity', 'events'], ['here']);
  const pattern = parsePattern('subscribe', positional, 'subscribe to');
  const levelText = (options.get('severity') ?? 'warning').toLowerCase();
  if (!(ALERT_LEVELS as readonly string[]).includes(levelText)) {
    const hint = suggest(levelText, ALERT_LEVELS);
    throw new UsageError(`\`--severity\` must be one of ${ALERT_LEVELS.join(', ')}.${hint ? ` Did you mean \`${hint}\`?` : ''}`, 'subscribe', hint);
  }
  const events = (options.get('events') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  for (const e of events) {
    if (!/^[a-z][a-z0-9_-]{0,40}$/.test(e)) throw new UsageError(`\`${truncate(e, 40)}\` is not an event category.`, 'subscribe');
  }
  return { verb: 'subscribe', pattern, level: levelText as AlertLevel, events, mentionHere: options.has('here') };
}

function parsePattern(verb: Verb, positional: string[], action: string): string {
  if (positional.length === 0) throw new UsageError(`Say what to ${action}: a cluster, an instance or a pattern such as \`gamedb*\`.`, verb);
  if (positional.length > 1) throw new UsageError(`\`${verb}\` takes one cluster, instance or pattern.`, verb);
  const p = positional[0]!;
  if (!PATTERN_PATTERN.test(p)) throw new UsageError(`\`${truncate(p, 70)}\` is not a valid name or pattern (letters, digits, hyphens and \`*\`).`, verb);
  return p;
}

function parseHealth(rest: string): Command {
  const t = tokens(rest);
  if (t.length === 0) return { verb: 'health' };
  return { verb: 'health', pattern: parsePattern('health', t, 'rank') };
}

/** `schedule daily|weekly <day> HH:MM [tz Zone] <report|digest|health …> [tz Zone]`. */
function parseSchedule(rest: string): Command {
  const t = tokens(rest);
  const example = 'e.g. `schedule daily 09:00 report gamedb1` or `schedule weekly mon 09:00 tz Asia/Seoul digest gamedb1 7d`';
  const every = t.shift()?.toLowerCase();
  if (every !== 'daily' && every !== 'weekly') throw new UsageError(`Say \`daily\` or \`weekly\` first, ${example}.`, 'schedule');
  let day: Weekday | undefined;
  if (every === 'weekly') {
    const d = t.shift()?.toLowerCase().slice(0, 3);
    if (!d || !(WEEKDAYS as readonly string[]).includes(d)) throw new UsageError(`\`weekly\` needs a day: ${WEEKDAYS.join(', ')}.`, 'schedule');
    day = d as Weekday;
  }
  const clock = parseClock(t.shift() ?? '');
  if (!clock) throw new UsageError(`Give the time as HH:MM (24-hour), ${example}.`, 'schedule');
  let zone: string | undefined;
  const takeZone = (at: number) => {
    if (zone !== undefined) throw new UsageError('Give `tz` once.', 'schedule');
    const name = t[at + 1];
    if (!name) throw new UsageError('`tz` needs a time zone name such as `Asia/Seoul` or `UTC`.', 'schedule');
    const canonical = canonicalTimezone(name);
    if (!canonical)
      throw new UsageError(`\`${truncate(name, 50)}\` is not a time zone name (IANA, e.g. \`Asia/Seoul\`, \`Europe/Berlin\`, \`UTC\`).`, 'schedule');
    zone = canonical;
    t.splice(at, 2);
  };
  if (t[0]?.toLowerCase() === 'tz') takeZone(0);
  if (t.length >= 2 && t[t.length - 2]!.toLowerCase() === 'tz') takeZone(t.length - 2);
  const inner = t.join(' ');
  const verb = t[0]?.toLowerCase();
  if (!verb || !(SCHEDULABLE_VERBS as readonly string[]).includes(verb))
    throw new UsageError(`A schedule runs \`${SCHEDULABLE_VERBS.join('`, `')}\`: ${example}.`, 'schedule');
  const job = parseOrThrow(inner) as ScheduledCommand;
  const when: ScheduleWhen = { every: every === 'daily' ? 'day' : 'week', ...(day ? { day } : {}), ...clock, timezone: zone ?? DEFAULT_TIMEZONE };
  return { verb: 'schedule', when, job };
}
