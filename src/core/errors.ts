/**
 * The one "safe to show the user" marker. An error whose message is written for the user ("I don't
 * know gamedb9", "the slow query log is not exported") extends UserFacingError; anything else is
 * treated as internal and shown only after the redactor, cut to 500 characters.
 */
import { redact } from './redact';

/** An error whose message is written for the user (e.g. "I don't know gamedb9"). Subclass it for specific kinds. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** The text a user may see for an error: its own message when it is user-facing, else the redacted message. */
export function userMessage(e: unknown): string {
  if (e instanceof UserFacingError) return e.message;
  const err = e as { name?: string; message?: string };
  const text = redact(String(err?.message ?? e));
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
