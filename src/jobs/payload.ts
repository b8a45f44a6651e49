/**
 * What the ingress hands to the worker. It carries where to answer and what was asked — never the
 * raw signed Slack request, tokens or credentials.
 */
import type { Command } from '../core/grammar';

/** Verbs whose work happens in the worker. */
export const JOB_VERBS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'subscriptions'] as const;
export type JobVerb = (typeof JOB_VERBS)[number];

export interface JobOrigin {
  team: string;
  channel: string;
  user: string;
  /** Thread to answer in (the placeholder's ts for slash commands, the mention's ts for mentions). */
  threadTs?: string;
  /** The "Working on …" message to edit when done; absent when the worker must post it itself. */
  placeholderTs?: string;
  /** Slash-command response_url (valid 30 minutes, 5 uses); the last-resort way to answer. */
  responseUrl?: string;
  /** Events API event_id, for de-duplication of Slack retries. */
  eventId?: string;
  /** Where the answer goes: the thread (default) or an ephemeral reply through response_url. */
  reply?: 'thread' | 'ephemeral';
  /** For ephemeral replies through response_url: replace the message it belongs to (a slash command's own ephemeral ack). */
  replaceOriginal?: boolean;
}

/** Jobs started by a command (slash command, mention or a button that re-runs a command). */
export interface CommandJob {
  kind: 'command';
  id: string;
  requestedAt: string;
  origin: JobOrigin;
  command: Extract<Command, { verb: JobVerb }>;
}

/** Jobs started by an alert button (acknowledge, mute); defined by the alerts module. */
export interface AlertActionJob {
  kind: 'alert-action';
  id: string;
  requestedAt: string;
  origin: JobOrigin;
  action: { type: 'ack' | 'mute'; incidentKey: string; muteMinutes?: number; messageTs: string };
}

export type JobPayload = CommandJob | AlertActionJob;

/**
 * The job as the ingress hands it to the worker: JSON, with a review's SQL as base64 so the hand-off
 * size is exactly predictable from the SQL's bytes (see core/limits.ts).
 */
export function encodeJob(job: JobPayload): string {
  if (job.kind !== 'command' || job.command.verb !== 'review') return JSON.stringify(job);
  const { sql, ...rest } = job.command;
  return JSON.stringify({ ...job, command: { ...rest, sqlBase64: Buffer.from(sql, 'utf8').toString('base64') } });
}

/** The job from what the worker received (an encoded job or a plain one), or undefined. */
export function decodeJob(value: unknown): JobPayload | undefined {
  const v = value as { kind?: string; command?: { verb?: string; sql?: unknown; sqlBase64?: unknown } } | null;
  if (v && typeof v === 'object' && v.kind === 'command' && v.command && typeof v.command.sqlBase64 === 'string' && v.command.sql === undefined) {
    const { sqlBase64, ...command } = v.command;
    const job = { ...v, command: { ...command, sql: Buffer.from(sqlBase64, 'base64').toString('utf8') } };
    return isJobPayload(job) ? job : undefined;
  }
  return isJobPayload(value) ? value : undefined;
}

export function isJobPayload(value: unknown): value is JobPayload {
  const v = value as Partial<JobPayload> | null;
  return !!v && typeof v === 'object' && (v.kind === 'command' || v.kind === 'alert-action') && typeof v.id === 'string' && !!v.origin && typeof v.origin.channel === 'string';
}
