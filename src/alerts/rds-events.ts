/**
 * RDS event ids → categories. The SNS form of an RDS event carries no category (EventBridge's does),
 * so the common ids are listed here and the message text is the fallback. Categories are AWS's,
 * slugged (`low storage` → `low-storage`), plus `reboot`, `storage` and `parameter` tags users type
 * in `--events`.
 */
import type { AlertLevel } from '../core/grammar';

const BY_ID: Record<string, string[]> = {
  // DB instance
  'RDS-EVENT-0004': ['availability'],
  'RDS-EVENT-0006': ['availability', 'reboot'],
  'RDS-EVENT-0007': ['low-storage'],
  'RDS-EVENT-0012': ['configuration-change'],
  'RDS-EVENT-0013': ['failover'],
  'RDS-EVENT-0014': ['configuration-change'],
  'RDS-EVENT-0015': ['failover'],
  'RDS-EVENT-0016': ['configuration-change'],
  'RDS-EVENT-0017': ['configuration-change', 'storage'],
  'RDS-EVENT-0022': ['availability', 'reboot', 'failure'],
  'RDS-EVENT-0026': ['maintenance'],
  'RDS-EVENT-0027': ['maintenance'],
  'RDS-EVENT-0031': ['failure'],
  'RDS-EVENT-0034': ['failover'],
  'RDS-EVENT-0035': ['failure', 'parameter'],
  'RDS-EVENT-0036': ['failure'],
  'RDS-EVENT-0037': ['configuration-change', 'parameter'],
  'RDS-EVENT-0045': ['read-replica', 'failure'],
  'RDS-EVENT-0047': ['maintenance'],
  'RDS-EVENT-0048': ['maintenance'],
  'RDS-EVENT-0049': ['failover'],
  'RDS-EVENT-0050': ['failover'],
  'RDS-EVENT-0051': ['failover'],
  'RDS-EVENT-0065': ['failover'],
  'RDS-EVENT-0087': ['notification'],
  'RDS-EVENT-0088': ['notification'],
  'RDS-EVENT-0089': ['low-storage'],
  'RDS-EVENT-0221': ['low-storage', 'failure'],
  'RDS-EVENT-0222': ['low-storage'],
  // DB cluster (Aurora)
  'RDS-EVENT-0069': ['failover', 'failure'],
  'RDS-EVENT-0070': ['failover'],
  'RDS-EVENT-0071': ['failover'],
  'RDS-EVENT-0072': ['failover'],
  'RDS-EVENT-0073': ['failover'],
  'RDS-EVENT-0150': ['notification'],
  'RDS-EVENT-0151': ['notification'],
  'RDS-EVENT-0173': ['maintenance'],
  'RDS-EVENT-0176': ['maintenance'],
};

/** Normalizes AWS category names: `Low Storage` → `low-storage`. */
export function categorySlug(category: string): string {
  return category
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Categories for an event, from its id, the categories it came with and words in its message. */
export function rdsEventCategories(eventId: string, message: string, given: string[] = []): string[] {
  const out = new Set<string>([...given.map(categorySlug), ...(BY_ID[eventId] ?? [])]);
  if (/fail[- ]?over/i.test(message)) out.add('failover');
  if (/\b(reboot|restart)/i.test(message)) out.add('reboot');
  if (/storage/i.test(message)) out.add('storage');
  if (/parameter/i.test(message)) out.add('parameter');
  if (out.has('low-storage')) out.add('storage');
  if (out.size === 0) out.add('notification');
  return [...out].sort();
}

const CRITICAL = ['failover', 'failure', 'reboot', 'availability'];
const WARNING = ['low-storage', 'read-replica', 'recovery', 'security'];

/** Failover, reboot and failure are critical; storage and replica trouble warn; the rest inform. */
export function rdsEventLevel(categories: string[]): AlertLevel {
  if (categories.some((c) => CRITICAL.includes(c))) return 'critical';
  if (categories.some((c) => WARNING.includes(c))) return 'warning';
  return 'info';
}

/** `…#RDS-EVENT-0049` or `RDS-EVENT-0049` → `RDS-EVENT-0049`. */
export function rdsEventId(text: string): string {
  return /RDS-EVENT-\d+/i.exec(text)?.[0]?.toUpperCase() ?? '';
}
