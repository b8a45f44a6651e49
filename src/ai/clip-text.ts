/** Cutting text for the model's answer and the deterministic summaries: at a word boundary, with an ellipsis. */

/** Cuts text to `max` characters at a word boundary when possible, with an ellipsis. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
