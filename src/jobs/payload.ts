/**
 * What the ingress hands to the worker. It carries where to answer and what was asked — never the
 * raw signed Slack request, tokens or credentials. The schema is the type: the worker validates every
 * invocation against it (names, windows and sizes with the same bounds as the grammar) before it runs.
 * On the wire (encodeJob → checkJobPayload) a review's SQL travels as base64, so one size limit holds.
 */
import * as v from 'valibot';
import { COMPARISONS } from '../core/comparison';
import { ALERT_LEVELS, type Command, NAME_PATTERN, PATTERN_PATTERN, SCHEDULE_ID_PATTERN } from '../core/grammar';
import { WEEKDAYS } from '../core/schedule';
import type { ScheduledCommand } from '../core/grammar';
import { MAX_REVIEW_BYTES } from '../core/limits';
import { MAX_WINDOW_MS, MIN_WINDOW_MS } from '../core/window';
import { issueLines } from '../core/validate';
import { INCIDENT_KEY_PATTERN } from '../model/alert';

/** Verbs whose work happens in the worker. */
export const JOB_VERBS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'subscriptions', 'health', 'schedule', 'schedules', 'unschedule'] as const;
export type JobVerb = (typeof JOB_VERBS)[number];

const Name = v.pipe(v.string(), v.regex(NAME_PATTERN));
const Ts = v.pipe(v.string(), v.regex(/^\d{1,12}\.\d{1,8}$/));
/** Review SQL: the byte limit is core/limits.ts's, checked in UTF-8 bytes as the ingress and the engine count them. */
const ReviewSql = v.pipe(
  v.string(),
  v.minLength(1),
  v.check((sql) => Buffer.byteLength(sql, 'utf8') <= MAX_REVIEW_BYTES, 'over the review size limit'),
);
const Window = v.object({ ms: v.pipe(v.number(), v.integer(), v.minValue(MIN_WINDOW_MS), v.maxValue(MAX_WINDOW_MS)), label: v.string(), human: v.string() });

export const JobOriginSchema = v.object({
  team: v.string(),
  channel: v.pipe(v.string(), v.regex(/^[A-Z0-9]{1,30}$/i)),
  user: v.string(),
  /** Thread to answer in (the placeholder's ts for slash commands, the mention's ts for mentions). */
  threadTs: v.optional(Ts),
  /** The "Working on …" message to edit when done; absent when the worker must post it itself. */
  placeholderTs: v.optional(Ts),
  /** Slash-command response_url (valid 30 minutes, 5 uses); the last-resort way to answer. */
  responseUrl: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//))),
  /** Events API event_id, for de-duplication of Slack retries. */
  eventId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9:._-]{1,100}$/))),
  /** Where the answer goes: the thread (default), an ephemeral reply through response_url, or nowhere (the job's effect is its answer: link previews). */
  reply: v.optional(v.picklist(['thread', 'ephemeral', 'none'])),
  /** For ephemeral replies through response_url: replace the message it belongs to (a slash command's own ephemeral ack). */
  replaceOriginal: v.optional(v.boolean()),
});

const ReviewCommandSchema = v.object({ verb: v.literal('review'), sql: ReviewSql, target: v.optional(Name) });
const Pattern = v.pipe(v.string(), v.regex(PATTERN_PATTERN));
const ReportCommand = v.object({ verb: v.literal('report'), target: Name, window: Window, vs: v.optional(v.picklist(COMPARISONS)) });
const DigestCommand = v.object({
  verb: v.literal('digest'),
  target: Name,
  window: Window,
  top: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
});
const HealthCommand = v.object({ verb: v.literal('health'), pattern: v.optional(Pattern), targets: v.optional(v.pipe(v.array(Name), v.maxLength(500))) });
/** What a schedule runs (src/core/grammar.ts ScheduledCommand). */
export const ScheduledCommandSchema = v.variant('verb', [ReportCommand, DigestCommand, HealthCommand]);
export const ScheduleWhenSchema = v.object({
  every: v.picklist(['day', 'week']),
  day: v.optional(v.picklist(WEEKDAYS)),
  hour: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(23)),
  minute: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(59)),
  timezone: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_+/-]{0,49}$/)),
});
const ScheduleId = v.pipe(v.string(), v.regex(SCHEDULE_ID_PATTERN));

/** The commands the worker runs, as the grammar (src/core/grammar.ts) produces them. */
export const JobCommandSchema = v.variant('verb', [
  ReportCommand,
  DigestCommand,
  HealthCommand,
  v.object({ verb: v.literal('schedule'), when: ScheduleWhenSchema, job: ScheduledCommandSchema }),
  v.object({ verb: v.literal('schedules') }),
  v.object({ verb: v.literal('unschedule'), id: ScheduleId }),
  ReviewCommandSchema,
  v.object({
    verb: v.literal('subscribe'),
    pattern: v.pipe(v.string(), v.regex(PATTERN_PATTERN)),
    level: v.picklist(ALERT_LEVELS),
    events: v.pipe(v.array(v.string()), v.maxLength(20)),
    mentionHere: v.boolean(),
  }),
  v.object({ verb: v.literal('unsubscribe'), pattern: v.pipe(v.string(), v.regex(PATTERN_PATTERN)) }),
  v.object({ verb: v.literal('subscriptions') }),
]);

const JobBase = { id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), requestedAt: v.pipe(v.string(), v.isoTimestamp()), origin: JobOriginSchema };

/** Jobs started by a command (slash command, mention or a button that re-runs a command). */
export const CommandJobSchema = v.object({ kind: v.literal('command'), ...JobBase, command: JobCommandSchema });

/** Jobs started by an alert button (acknowledge, mute). */
export const AlertActionJobSchema = v.object({
  kind: v.literal('alert-action'),
  ...JobBase,
  action: v.object({
    type: v.picklist(['ack', 'mute']),
    incidentKey: v.pipe(v.string(), v.regex(INCIDENT_KEY_PATTERN)),
    muteMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7 * 24 * 60))),
    messageTs: Ts,
  }),
});

/**
 * A schedule's run, as EventBridge Scheduler sends it: the Input stored with the schedule (origin:
 * its channel and the user who made it), where Scheduler has put its execution id and scheduled time
 * in `id` and `requestedAt`. The worker checks the schedule still exists in the store before it runs,
 * and answers in a new message in the channel.
 */
export const ScheduledJobSchema = v.object({
  kind: v.literal('scheduled'),
  ...JobBase,
  /** The schedule this run belongs to; origin names its channel and the user who made it. */
  scheduleId: ScheduleId,
  command: ScheduledCommandSchema,
});

/** A question asked in the thread of a posted report (`@dbassist why is CPU high?`), answered from its stored context. */
export const FollowUpJobSchema = v.object({
  kind: v.literal('followup'),
  ...JobBase,
  question: v.pipe(v.string(), v.minLength(1), v.maxLength(2_000)),
});

/** Most links one link_shared event hands to the worker (a message with more gets the first ones previewed). */
export const MAX_UNFURL_LINKS = 10;

/**
 * Report links shared in a message (Slack's link_shared event), to preview with chat.unfurl. The
 * ingress has checked the team and the links' shape only; the worker checks domain, signature, expiry
 * and the sharer's access before it reads anything.
 */
export const UnfurlJobSchema = v.pipe(
  v.object({
    kind: v.literal('unfurl'),
    ...JobBase,
    /** The sharer's Enterprise Grid organisation, for the access check. */
    enterprise: v.optional(v.pipe(v.string(), v.regex(/^E[A-Z0-9]{1,30}$/))),
    /** chat.unfurl's target: unfurl_id with source, or (events without one) the message's channel and ts. */
    unfurlId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,300}$/))),
    source: v.picklist(['conversations_history', 'composer']),
    messageTs: v.optional(Ts),
    /** Whether the bot is a member of the channel (content is previewed only where it is). */
    botInChannel: v.boolean(),
    links: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2_000), v.regex(/^https:\/\/[^\s<>|]+$/))), v.minLength(1), v.maxLength(MAX_UNFURL_LINKS)),
  }),
  v.check((j) => j.unfurlId !== undefined || j.messageTs !== undefined, 'an unfurl needs unfurl_id or the message ts'),
);

/** A subscription change made from the Home tab or the subscribe modal: the same commands the slash command runs. */
export const SubscriptionChangeSchema = v.variant('verb', [
  v.object({
    verb: v.literal('subscribe'),
    pattern: Pattern,
    level: v.picklist(ALERT_LEVELS),
    events: v.pipe(v.array(v.string()), v.maxLength(20)),
    mentionHere: v.boolean(),
  }),
  v.object({ verb: v.literal('unsubscribe'), pattern: Pattern }),
]);

/**
 * Publish the App Home of origin.user (src/worker/runners/home.ts). With `change`, that subscription
 * change is first made in origin.channel exactly as `/dbassist subscribe|unsubscribe` makes it, and
 * confirmed there ephemerally. `enterprise` is the user's Grid organisation, for the access checks.
 */
export const HomeJobSchema = v.object({
  kind: v.literal('home'),
  ...JobBase,
  enterprise: v.optional(v.pipe(v.string(), v.regex(/^E[A-Z0-9]{1,30}$/))),
  change: v.optional(SubscriptionChangeSchema),
});

export const JobPayloadSchema = v.variant('kind', [
  CommandJobSchema,
  AlertActionJobSchema,
  ScheduledJobSchema,
  FollowUpJobSchema,
  UnfurlJobSchema,
  HomeJobSchema,
]);

export type JobOrigin = v.InferOutput<typeof JobOriginSchema>;
export type CommandJob = v.InferOutput<typeof CommandJobSchema>;
export type AlertActionJob = v.InferOutput<typeof AlertActionJobSchema>;
export type ScheduledJob = v.InferOutput<typeof ScheduledJobSchema>;
export type FollowUpJob = v.InferOutput<typeof FollowUpJobSchema>;
export type UnfurlJob = v.InferOutput<typeof UnfurlJobSchema>;
export type HomeJob = v.InferOutput<typeof HomeJobSchema>;
export type JobPayload = v.InferOutput<typeof JobPayloadSchema>;

/** The grammar's commands for the worker's verbs are exactly what the schema accepts: a compile error otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type CommandShapesAgree = Assert<Same<Extract<Command, { verb: JobVerb }>, CommandJob['command']>>;
export type ScheduledShapesAgree = Assert<Same<ScheduledCommand, ScheduledJob['command']>>;
export type ChangeShapesAgree = Assert<Same<Extract<Command, { verb: 'subscribe' | 'unsubscribe' }>, NonNullable<HomeJob['change']>>>;

export type PayloadCheck = { ok: true; job: JobPayload } | { ok: false; problems: string[] };

/** Characters of base64 for `bytes` bytes. */
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * A review command as the ingress sends it (encodeJob): the SQL as base64 of its UTF-8 bytes, so the
 * hand-off size is exactly 4/3 of the SQL's bytes whatever it holds (see core/limits.ts). Decoded, it
 * must be a review command the domain schema accepts.
 */
const EncodedReviewSchema = v.pipe(
  v.object({ verb: v.literal('review'), sqlBase64: v.pipe(v.string(), v.maxLength(base64Length(MAX_REVIEW_BYTES)), v.base64()), target: v.optional(Name) }),
  v.transform(({ sqlBase64, ...rest }) => ({ ...rest, sql: Buffer.from(sqlBase64, 'base64').toString('utf8') })),
  ReviewCommandSchema,
);

/**
 * What the worker receives: the job with a review's SQL either as `sqlBase64` (what the ingress sends)
 * or as plain `sql` (the shape before the base64 hand-off, and what in-process callers pass). Its
 * output is always a JobPayload with plain `sql`.
 */
const WireJobPayloadSchema = v.variant('kind', [
  v.object({ kind: v.literal('command'), ...JobBase, command: v.variant('verb', [EncodedReviewSchema, ...JobCommandSchema.options]) }),
  AlertActionJobSchema,
  ScheduledJobSchema,
  FollowUpJobSchema,
  UnfurlJobSchema,
  HomeJobSchema,
]);

/** Validates an invocation's event (either review shape); the problems name fields, never their values. */
export function checkJobPayload(value: unknown): PayloadCheck {
  const r = v.safeParse(WireJobPayloadSchema, value);
  return r.success ? { ok: true, job: r.output } : { ok: false, problems: issueLines('job', r.issues) };
}

/** The job as the ingress hands it to the worker: JSON, with a review's SQL as base64 (EncodedReviewSchema). */
export function encodeJob(job: JobPayload): string {
  if (job.kind !== 'command' || job.command.verb !== 'review') return JSON.stringify(job);
  const { sql, ...rest } = job.command;
  return JSON.stringify({ ...job, command: { ...rest, sqlBase64: Buffer.from(sql, 'utf8').toString('base64') } });
}

/** Whether `value` is a JobPayload as it is held in memory (plain `sql`). */
export function isJobPayload(value: unknown): value is JobPayload {
  return v.is(JobPayloadSchema, value);
}
