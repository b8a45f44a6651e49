/** What a CLI command may touch (its streams and environment; tests pass their own), its exit codes and its errors. */
import { isUserFacing, UserFacingError } from '../core/errors';

/** What a CLI command may touch: its streams and environment. Tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, runtime: 3 } as const;

/** The user's mistake: a bad option or argument. Exit 2, with the verb's usage. */
export class CliUsageError extends UserFacingError {
  override name = 'CliUsageError';
}

/** A failure outside the user's control: database unreachable, AWS error, unreadable file. Exit 3. */
export class CliRuntimeError extends UserFacingError {
  override name = 'CliRuntimeError';
}

/**
 * A usage error, whichever verb threw it. Each verb is bundled into a file of its own (see
 * build/cli.cjs) with its own copy of these classes, so instanceof would miss: the user-facing
 * marker (core/errors.ts) and the name tell it.
 */
export function isUsageError(e: unknown): e is CliUsageError {
  return isUserFacing(e) && e.name === 'CliUsageError';
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // process.stdin builds a stream on first use: only verbs that read stdin pay for it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
