/**
 * The one clock of the bot. Everything that asks for the time or waits goes through a `Clock`, so
 * tests can inject one (fixed, stepped or fake timers) and the code never depends on today's date.
 * `systemClock` is the only place that reads the real time.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds (at once for ms ≤ 0). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** The current time as an ISO string. */
export function isoNow(clock: Pick<Clock, 'now'> = systemClock): string {
  return new Date(clock.now()).toISOString();
}

/** The current time as a Date. */
export function dateNow(clock: Pick<Clock, 'now'> = systemClock): Date {
  return new Date(clock.now());
}
