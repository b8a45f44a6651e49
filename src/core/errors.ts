/**
 * The one "safe to show the user" marker. An error whose message is written for the user ("I don't
 * know gamedb9", "the slow query log is not exported") extends UserFacingError; anything else is
 * treated as internal and shown only after the redactor, cut to 500 characters.
 *
 * The marker is a property under a registered symbol, read by isUserFacing: the CLI's verbs are
 * bundled one file each (build/cli.cjs), each with its own copy of this class, and the dispatcher
 * must still recognise an error a verb throws. Check with isUserFacing, not instanceof.
 */
import { redact } from './redact';

/** Symbol.for: the same symbol in every copy of this module. */
const USER_FACING = Symbol.for('dbassist.user-facing-error');

/** An error whose message is written for the user (e.g. "I don't know gamedb9"). Subclass it for specific kinds. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  readonly [USER_FACING] = true;
}

/** Whether an error is user-facing, whichever copy of UserFacingError it was made from. */
export function isUserFacing(e: unknown): e is UserFacingError {
  return typeof e === 'object' && e !== null && (e as { [USER_FACING]?: unknown })[USER_FACING] === true;
}

/** The text a user may see for an error: its own message when it is user-facing, else the redacted message. */
export function userMessage(e: unknown): string {
  if (isUserFacing(e)) return e.message;
  const err = e as { name?: string; message?: string };
  const text = redact(String(err?.message ?? e));
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
