/**
 * When a scheduled job runs: daily or weekly at a wall-clock time in an explicit IANA time zone, and
 * the EventBridge Scheduler expression for it (`cron(minutes hours day-of-month month day-of-week year)`,
 * evaluated by Scheduler in ScheduleExpressionTimezone, so 09:00 Asia/Seoul stays 09:00 across DST
 * changes elsewhere). Pure.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleWhen {
  every: 'day' | 'week';
  /** Only for `week`. */
  day?: Weekday;
  hour: number;
  minute: number;
  /** IANA zone name as Scheduler takes it, e.g. `UTC`, `Asia/Seoul`. */
  timezone: string;
}

export const DEFAULT_TIMEZONE = 'UTC';

/** The canonical IANA name of a zone, or undefined when it is not one (offsets such as +09:00 are refused). */
export function canonicalTimezone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(name) || name.length > 50) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** `09:00` → {hour: 9, minute: 0}; undefined unless a 24-hour time. */
export function parseClock(text: string): { hour: number; minute: number } | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/** EventBridge Scheduler's cron expression (day-of-month and day-of-week: one of them must be `?`). */
export function cronExpression(w: ScheduleWhen): string {
  const dow = w.every === 'week' ? (w.day ?? 'mon').toUpperCase() : '?';
  const dom = w.every === 'week' ? '?' : '*';
  return `cron(${w.minute} ${w.hour} ${dom} * ${dow} *)`;
}

/** "daily 09:00 Asia/Seoul", "weekly mon 09:00 UTC". */
export function describeWhen(w: ScheduleWhen): string {
  const hhmm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  return w.every === 'week' ? `weekly ${w.day ?? 'mon'} ${hhmm} ${w.timezone}` : `daily ${hhmm} ${w.timezone}`;
}
