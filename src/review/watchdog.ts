/**
 * A hard bound on server-side work that does not rely on max_statement_time (MariaDB does not stop a
 * REGEXP_REPLACE over a large constant with it, nor with KILL QUERY). A second connection — the
 * watchdog — is opened before anything is sent; when a query on the review connection passes its
 * deadline, the watchdog kills that connection's thread (KILL CONNECTION), the client side of the
 * review connection is destroyed, and the watchdog polls the process list until the thread is gone.
 * The outcome says whether it is: a thread that survives the grace period is reported, never hidden.
 */
import { systemClock } from '../core/clock';
import type { Queryable } from './explain';

export type Guarded<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; error: unknown; ms: number }
  | { ok: false; timedOut: true; ms: number /** The server thread was seen gone after the kill. */; gone: boolean; waitedMs: number };

export interface WatchdogOptions {
  /** How long to wait for the killed thread to disappear. */
  graceMs: number;
  /** Poll interval while waiting. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves to undefined when `p` does not settle in time (the control connection itself must not hang us). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export class Watchdog {
  constructor(
    private readonly control: Queryable,
    private readonly options: WatchdogOptions,
  ) {}

  /** True while the server still lists the thread. */
  async alive(threadId: number): Promise<boolean> {
    const res = await within(this.control.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [threadId]), 1_000);
    if (!res) return true;
    const rows = res[0] as { n: number | string }[];
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /**
   * Runs `work` (a query on the connection whose server thread is `threadId`) with a deadline. On
   * timeout: KILL CONNECTION, `abandon()` (destroy the client socket), then wait for the thread to go.
   */
  async run<T>(work: Promise<T>, budgetMs: number, threadId: number, abandon: () => void): Promise<Guarded<T>> {
    const t0 = systemClock.now();
    const settled = work.then(
      (value) => ({ kind: 'value' as const, value }),
      (error: unknown) => ({ kind: 'error' as const, error }),
    );
    const first = await within(settled, budgetMs);
    if (first)
      return first.kind === 'value'
        ? { ok: true, value: first.value, ms: systemClock.now() - t0 }
        : { ok: false, error: first.error, ms: systemClock.now() - t0 };
    const ms = systemClock.now() - t0;
    await within(this.control.query(`KILL CONNECTION ${Math.trunc(threadId)}`), 1_000).catch(() => undefined);
    abandon();
    const started = systemClock.now();
    let gone = false;
    while (systemClock.now() - started <= this.options.graceMs) {
      gone = !(await this.alive(threadId).catch(() => true));
      if (gone) break;
      await sleep(this.options.pollMs ?? 50);
    }
    return { ok: false, timedOut: true, ms, gone, waitedMs: systemClock.now() - started };
  }
}
