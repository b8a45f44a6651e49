/** What a CLI command may touch: its streams and environment. Tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, runtime: 3 } as const;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** A failure outside the user's control: database unreachable, AWS error, unreadable file. */
export class CliRuntimeError extends Error {
  override name = 'CliRuntimeError';
}

/**
 * Errors are told apart by name, not instanceof: each verb is bundled into a file of its own (see
 * build/cli.cjs), with its own copy of these classes.
 */
export function isUsageError(e: unknown): e is CliUsageError {
  return e instanceof Error && e.name === 'CliUsageError';
}

export function isRuntimeError(e: unknown): e is CliRuntimeError {
  return e instanceof Error && e.name === 'CliRuntimeError';
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
