/**
 * Token budget for one model call. Tokens are estimated as characters / 4 (close enough for Claude on
 * English text with JSON punctuation). Inputs are cut by priority: whole items are dropped from the
 * end of the lowest-priority lists first, then that whole section if optional; a JSON structure is never cut
 * mid-way. What was dropped is reported so the prompt can say so.
 */

/** Default budget for the user message (structured findings), in estimated tokens. */
export const DEFAULT_INPUT_TOKENS = 6_000;
/** Default `maxTokens` for the answer: the JSON asked for is short. */
export const DEFAULT_OUTPUT_TOKENS = 900;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface BudgetSection {
  /** Key in the resulting object. */
  key: string;
  value: unknown;
  /** 1 = most important. Lists in higher numbers are cut first. */
  priority: number;
  /** Required sections are never dropped as a whole (list items may still be cut down to `keep`). */
  required?: boolean;
  /** For lists: never drop below this many items (default 1 for required, 0 otherwise). */
  keep?: number;
}

export interface FittedInput {
  value: Record<string, unknown>;
  tokens: number;
  /** Per section: how many list items were dropped, or -1 when the whole section was dropped. */
  omitted: Record<string, number>;
  /** True when even the required minimum did not fit (sent anyway: the budget is an estimate). */
  overBudget: boolean;
}

interface Working {
  section: BudgetSection;
  items?: unknown[];
  /** Serialized length of each list item. */
  sizes?: number[];
  dropped: boolean;
  omitted: number;
}

function build(work: Working[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const w of work) if (!w.dropped) out[w.section.key] = w.items ?? w.section.value;
  return out;
}

/**
 * Fits the sections into `maxTokens`. Items are kept in the order given, so callers sort lists most
 * important first (e.g. findings by severity, query classes by total time).
 */
export function fitToBudget(sections: BudgetSection[], maxTokens: number): FittedInput {
  const work: Working[] = sections
    .filter((s) => s.value !== undefined)
    .map((s) => {
      if (Array.isArray(s.value)) {
        const items = [...s.value];
        return { section: s, items, sizes: items.map((i) => JSON.stringify(i).length + 1), dropped: false, omitted: 0 };
      }
      return { section: s, dropped: false, omitted: 0 };
    });
  const maxChars = maxTokens * 4;
  let length = JSON.stringify(build(work)).length;

  // Lowest priority first: cut a section's list from the end, then drop the section if it is
  // optional and the input still does not fit; only then touch the next more important section.
  const byPriority = [...work].sort((a, b) => b.section.priority - a.section.priority);
  for (const w of byPriority) {
    if (length <= maxChars) break;
    if (w.items && w.sizes) {
      const keep = w.section.keep ?? (w.section.required ? 1 : 0);
      while (length > maxChars && w.items.length > keep) {
        w.items.pop();
        length -= w.sizes.pop() ?? 0;
        w.omitted++;
      }
    }
    if (length > maxChars && !w.section.required) {
      w.dropped = true;
      length = JSON.stringify(build(work)).length;
    }
  }
  const value = build(work);
  const text = JSON.stringify(value);
  const omitted: Record<string, number> = {};
  for (const w of work) {
    if (w.dropped) omitted[w.section.key] = -1;
    else if (w.omitted > 0) omitted[w.section.key] = w.omitted;
  }
  return { value, tokens: estimateTokens(text), omitted, overBudget: text.length > maxChars };
}

/** Caps one string field (e.g. a long SQL statement) with an explicit marker, before budgeting. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)} … [${text.length - maxChars} more characters not shown]`;
}
