/** Time windows such as `30m`, `6h`, `2d`, `1w` or `6 hours`, bounded to 5 minutes … 14 days. */

export interface TimeWindow {
  /** Length in milliseconds. */
  ms: number;
  /** Canonical short label, e.g. `6h`. */
  label: string;
  /** Human label, e.g. `6 hours`. */
  human: string;
}

export const MIN_WINDOW_MS = 5 * 60_000;
export const MAX_WINDOW_MS = 14 * 86_400_000;

const UNITS: ReadonlyArray<{ ms: number; short: string; singular: string; names: readonly string[] }> = [
  { ms: 60_000, short: 'm', singular: 'minute', names: ['m', 'min', 'mins', 'minute', 'minutes'] },
  { ms: 3_600_000, short: 'h', singular: 'hour', names: ['h', 'hr', 'hrs', 'hour', 'hours'] },
  { ms: 86_400_000, short: 'd', singular: 'day', names: ['d', 'day', 'days'] },
  { ms: 7 * 86_400_000, short: 'w', singular: 'week', names: ['w', 'wk', 'wks', 'week', 'weeks'] },
];

export class WindowError extends Error {
  override name = 'WindowError';
}

/** Parses a window; throws WindowError with a message fit for a user. */
export function parseWindow(input: string): TimeWindow {
  const text = input.trim().toLowerCase();
  const m = /^(\d{1,6})\s*([a-z]+)$/.exec(text);
  if (!m) {
    throw new WindowError(`\`${input.trim()}\` is not a time window: use a number and a unit, such as 30m, 6h, 2d, 1w or "6 hours".`);
  }
  const amount = Number(m[1]);
  const unit = UNITS.find((u) => u.names.includes(m[2]!));
  if (!unit) {
    throw new WindowError(`\`${input.trim()}\`: unknown unit \`${m[2]}\`; use m (minutes), h (hours), d (days) or w (weeks).`);
  }
  const ms = amount * unit.ms;
  if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) {
    throw new WindowError(`\`${input.trim()}\` is out of range: a window must be between 5 minutes and 14 days.`);
  }
  return windowOf(ms);
}

/** The canonical window for a length in ms (largest unit that divides it exactly). */
export function windowOf(ms: number): TimeWindow {
  const unit = [...UNITS].reverse().find((u) => ms % u.ms === 0) ?? UNITS[0]!;
  const n = ms / unit.ms;
  return { ms, label: `${n}${unit.short}`, human: `${n} ${unit.singular}${n === 1 ? '' : 's'}` };
}
