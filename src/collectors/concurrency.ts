/**
 * Small helpers for running collectors: a concurrency limit and per-task time budgets that abort
 * the work (AWS SDK calls take the AbortSignal) instead of leaving it running in the background.
 */
import { UserFacingError } from '../core/errors';

export class BudgetExceededError extends UserFacingError {
  override name = 'BudgetExceededError';
  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    super(`${what} did not finish within ${Math.round(budgetMs / 100) / 10} s`);
  }
}

/**
 * Runs `fn(item)` for every item with at most `limit` running at once. Results keep the input order;
 * a rejection does not stop the others (settled results, like Promise.allSettled).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i]!, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  const n = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/**
 * Runs `fn` with an AbortSignal that fires after `budgetMs`; rejects with BudgetExceededError at the
 * budget even if `fn` ignores the signal. A budget ≤ 0 fails at once without starting the work.
 */
export async function withBudget<T>(what: string, budgetMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (budgetMs <= 0) throw new BudgetExceededError(what, 0);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new BudgetExceededError(what, budgetMs);
      controller.abort(err);
      reject(err);
    }, budgetMs);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws the signal's reason when it has fired; call between pages of a paginated read. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Waits `ms`, or less when the signal fires (then rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
