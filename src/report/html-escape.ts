/** Escaping for text and attribute values in the HTML report. Every interpolated string goes through here. */
const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => MAP[c]!);
}

/** A link target safe to put in href: http(s) only, escaped; anything else gives undefined. */
export function safeHref(uri: string | undefined): string | undefined {
  if (!uri || !/^https?:\/\/[^\s]+$/i.test(uri)) return undefined;
  return escapeHtml(uri);
}
