/**
 * Error classification and bounded retries for model calls: jittered exponential backoff inside a
 * time budget, with injectable clock, sleep and randomness so tests are fast and deterministic.
 */
import type { Logger } from '../core/log';

export type FailureKind =
  | 'throttled'
  | 'timeout'
  | 'unavailable'
  | 'access-denied'
  | 'model-not-enabled'
  | 'invalid-model'
  | 'not-found'
  | 'invalid-request'
  | 'bad-output'
  | 'error';

export interface ErrorClass {
  kind: FailureKind;
  retryable: boolean;
}

/** Classifies an SDK (or network) error by name, message and HTTP status; never by stack or text alone. */
export function classifyError(e: unknown): ErrorClass {
  const err = (e ?? {}) as { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof err.name === 'string' ? err.name : '';
  const message = typeof err.message === 'string' ? err.message : String(e);
  const code = typeof err.code === 'string' ? err.code : '';
  const text = `${name} ${code} ${message}`.toLowerCase();
  const status = err.$metadata?.httpStatusCode;

  // Throttling can arrive as a proper exception or lower-case inside a stream's error message.
  if (
    text.includes('throttlingexception') ||
    text.includes('throttl') ||
    text.includes('too many requests') ||
    text.includes('rate exceeded') ||
    status === 429
  ) {
    return { kind: 'throttled', retryable: true };
  }
  if (
    text.includes("don't have access to the model") ||
    text.includes('do not have access to the model') ||
    text.includes('model access') ||
    text.includes('not enabled')
  ) {
    return { kind: 'model-not-enabled', retryable: false };
  }
  if (name === 'AccessDeniedException' || text.includes('accessdenied') || status === 403) return { kind: 'access-denied', retryable: false };
  if (text.includes('model identifier is invalid') || text.includes('invalid model identifier')) return { kind: 'invalid-model', retryable: false };
  if (name === 'ResourceNotFoundException' || status === 404) return { kind: 'not-found', retryable: false };
  if (name === 'ValidationException' || status === 400) return { kind: 'invalid-request', retryable: false };
  if (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    name === 'ModelTimeoutException' ||
    ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN'].includes(code) ||
    text.includes('timed out') ||
    text.includes('timeout')
  ) {
    return { kind: 'timeout', retryable: true };
  }
  if (
    ['ServiceUnavailableException', 'ModelNotReadyException', 'InternalServerException', 'ModelErrorException'].includes(name) ||
    (status !== undefined && status >= 500)
  ) {
    return { kind: 'unavailable', retryable: true };
  }
  return { kind: 'error', retryable: false };
}

/** A model call that failed for good; carries only the kind (never the raw message, which may hold ARNs). */
export class ModelCallError extends Error {
  override name = 'ModelCallError';
  constructor(
    readonly kind: FailureKind,
    readonly attempts: number,
  ) {
    super(`model call failed: ${kind} after ${attempts} attempt(s)`);
  }
}

export interface RetryOptions {
  /** Absolute deadline, epoch ms by `now`. */
  deadline: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: Logger;
}

export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 4_000;

/** Full-jitter backoff: a random delay between 0 and min(max, base · 2^(attempt-1)). */
export function backoffDelay(attempt: number, random: () => number, baseMs = DEFAULT_BASE_DELAY_MS, maxMs = DEFAULT_MAX_DELAY_MS): number {
  const cap = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * Runs `op` until it succeeds, fails with a non-retryable error, runs out of attempts, or the next
 * wait would pass the deadline. Each attempt gets an AbortSignal that fires at the deadline.
 */
export async function withRetries<T>(what: string, op: (signal: AbortSignal) => Promise<T>, opts: RetryOptions): Promise<T> {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let attempt = 0;
  for (;;) {
    attempt++;
    const remaining = opts.deadline - opts.now();
    if (remaining <= 0) throw new ModelCallError('timeout', attempt - 1);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), remaining);
    try {
      return await op(controller.signal);
    } catch (e) {
      const cls = controller.signal.aborted ? { kind: 'timeout' as const, retryable: false } : classifyError(e);
      opts.log?.warn('model call failed', { what, attempt, kind: cls.kind, retryable: cls.retryable });
      if (!cls.retryable || attempt >= maxAttempts) throw new ModelCallError(cls.kind, attempt);
      const delay = backoffDelay(attempt, opts.random, opts.baseDelayMs, opts.maxDelayMs);
      if (opts.now() + delay >= opts.deadline) throw new ModelCallError(cls.kind, attempt);
      await opts.sleep(delay);
    } finally {
      clearTimeout(timer);
    }
  }
}
