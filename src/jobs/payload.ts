/**
 * What the ingress hands to the worker. It carries where to answer and what was asked — never the
 * raw signed Slack request, tokens or credentials. The schema is the type: the worker validates every
 * invocation against it (names, windows and sizes with the same bounds as the grammar) before it runs.
 */
import * as v from 'valibot';
import { ALERT_LEVELS, type Command, NAME_PATTERN, PATTERN_PATTERN } from '../core/grammar';
import { MAX_REVIEW_BYTES } from '../core/limits';
import { MAX_WINDOW_MS, MIN_WINDOW_MS } from '../core/window';
import { issueLines } from '../core/validate';
import { INCIDENT_KEY_PATTERN } from '../model/alert';

/** Verbs whose work happens in the worker. */
export const JOB_VERBS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'subscriptions'] as const;
export type JobVerb = (typeof JOB_VERBS)[number];

const Name = v.pipe(v.string(), v.regex(NAME_PATTERN));
const Ts = v.pipe(v.string(), v.regex(/^\d{1,12}\.\d{1,8}$/));
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
  /** Where the answer goes: the thread (default) or an ephemeral reply through response_url. */
  reply: v.optional(v.picklist(['thread', 'ephemeral'])),
  /** For ephemeral replies through response_url: replace the message it belongs to (a slash command's own ephemeral ack). */
  replaceOriginal: v.optional(v.boolean()),
});

/** The commands the worker runs, as the grammar (src/core/grammar.ts) produces them. */
export const JobCommandSchema = v.variant('verb', [
  v.object({ verb: v.literal('report'), target: Name, window: Window }),
  v.object({ verb: v.literal('digest'), target: Name, window: Window, top: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)) }),
  v.object({ verb: v.literal('review'), sql: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_REVIEW_BYTES)), target: v.optional(Name) }),
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

/** A question asked in the thread of a posted report (`@dbassist why is CPU high?`), answered from its stored context. */
export const FollowUpJobSchema = v.object({
  kind: v.literal('followup'),
  ...JobBase,
  question: v.pipe(v.string(), v.minLength(1), v.maxLength(2_000)),
});

export const JobPayloadSchema = v.variant('kind', [CommandJobSchema, AlertActionJobSchema, FollowUpJobSchema]);

export type JobOrigin = v.InferOutput<typeof JobOriginSchema>;
export type CommandJob = v.InferOutput<typeof CommandJobSchema>;
export type AlertActionJob = v.InferOutput<typeof AlertActionJobSchema>;
export type FollowUpJob = v.InferOutput<typeof FollowUpJobSchema>;
export type JobPayload = v.InferOutput<typeof JobPayloadSchema>;

/** The grammar's commands for the worker's verbs are exactly what the schema accepts: a compile error otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type CommandShapesAgree = Assert<Same<Extract<Command, { verb: JobVerb }>, CommandJob['command']>>;

export type PayloadCheck = { ok: true; job: JobPayload } | { ok: false; problems: string[] };

/** Validates an invocation's event; the problems name fields, never their values. */
export function checkJobPayload(value: unknown): PayloadCheck {
  const r = v.safeParse(JobPayloadSchema, value);
  return r.success ? { ok: true, job: r.output } : { ok: false, problems: issueLines('job', r.issues) };
}

export function isJobPayload(value: unknown): value is JobPayload {
  return v.is(JobPayloadSchema, value);
}
