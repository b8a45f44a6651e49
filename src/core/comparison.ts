/**
 * "What changed" comparisons: a report's window against the same window one day or one week earlier
 * (`report gamedb1-1 6h vs 1w`, `--vs 1d`). Which one by default, the words for each, and the check that the
 * two windows do not overlap. Pure.
 */
import { parseWindow, type TimeWindow, WindowError } from './window';

export const COMPARISONS = ['1d', '1w'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const DAY_MS = 86_400_000;
export const COMPARISON_MS: Record<Comparison, number> = { '1d': DAY_MS, '1w': 7 * DAY_MS };
/** "a week earlier" */
export const COMPARISON_WORDS: Record<Comparison, string> = { '1d': 'a day earlier', '1w': 'a week earlier' };

export class ComparisonError extends Error {
  override name = 'ComparisonError';
}

const HOW = 'use `vs 1d` (the same window a day earlier) or `vs 1w` (a week earlier)';

/** `1d`, `24h`, `1 day`, `1w`, `7d`, `1 week` → a comparison; anything else throws ComparisonError. */
export function parseComparison(text: string): Comparison {
  let ms: number;
  try {
    ms = parseWindow(text).ms;
  } catch (e) {
    if (e instanceof WindowError) throw new ComparisonError(`\`${text.trim().slice(0, 40)}\` is not a comparison: ${HOW}.`);
    throw e;
  }
  const found = COMPARISONS.find((c) => COMPARISON_MS[c] === ms);
  if (!found) throw new ComparisonError(`A report compares with the same window one day or one week earlier, not \`${text.trim().slice(0, 40)}\`: ${HOW}.`);
  return found;
}

/**
 * The comparison a report makes when none is asked for: one week earlier — the same weekday and hours,
 * so the daily and weekly cycles line up (a Monday-morning peak against last Monday's) — whenever the
 * window is at most a week long; none for longer windows (they would overlap the week before).
 */
export function defaultComparison(window: Pick<TimeWindow, 'ms'>): Comparison | undefined {
  return window.ms <= COMPARISON_MS['1w'] ? '1w' : undefined;
}

/** Why a comparison cannot be made for this window (the two windows would overlap), or undefined. */
export function comparisonProblem(window: Pick<TimeWindow, 'ms' | 'label'>, c: Comparison): string | undefined {
  if (window.ms <= COMPARISON_MS[c]) return undefined;
  const longer = COMPARISONS.find((x) => COMPARISON_MS[x] >= window.ms);
  return `A ${window.label} window overlaps the same window ${COMPARISON_WORDS[c]}${longer ? `: use \`vs ${longer}\`` : ': windows longer than a week are not compared'}.`;
}
