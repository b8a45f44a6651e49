/**
 * The one redactor: what must never reach a log line, a Slack message or a model prompt. Pure
 * functions, so a log formatter (ours, or Powertools') can call them.
 *
 * `redact(text)` replaces credentials in URLs and DSNs, private keys, bearer and Slack tokens, AWS
 * access keys, `password=…`-like pairs, passwords in DDL (`IDENTIFIED BY '…'`), ARNs, endpoint
 * hostnames, IP addresses and 12-digit account ids. `redactValue(value)` does the same to every
 * string of a JSON-like value and replaces whatever sits under a key that names a secret
 * (`password`, `botToken`, `signingSecret`, `Authorization`, …). Keys and numbers are kept, and
 * `schema.table.column` or version strings are left alone.
 */

const HOST_SUFFIX = String.raw`(?:amazonaws\.com(?:\.cn)?|compute\.internal|internal|local|localdomain|lan|corp|com|net|org|io|cloud|dev|co\.[a-z]{2})`;

/** Applied in order: the credential-bearing shapes first, then what is left of hosts and ids. */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private-key]'],
  // URLs and DSNs with credentials: mysql://user:pass@host:3306/db, user:pass@tcp(host:3306)/db
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]*@[^\s/]+/gi, '[credentials]'],
  [/[^\s/:@()'"]+:[^\s/@()'"]+@(?:tcp|unix)\([^)\s]*\)/gi, '[credentials]'],
  [/\barn:aws[a-z-]*:[^\s"'`,)]+/gi, '[arn]'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[access-key]'],
  [/\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]+/g, '[token]'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/g, 'Bearer [redacted]'],
  // key=value / key: value pairs whose key names a secret
  [
    /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?access[_-]?key|authorization|credentials?)(\s*[=:]\s*)(?!Bearer\s|\[)("[^"]*"|'[^']*'|[^\s,;&)]+)/gi,
    '$1$2[redacted]',
  ],
  [/\bIDENTIFIED\s+(WITH\s+\S+\s+)?(BY|AS)\s+(PASSWORD\s+)?('[^']*'|"[^"]*"|\S+)/gi, 'IDENTIFIED $1$2 $3[redacted]'],
  // Endpoint-like hostnames: two or more dot-separated labels ending in a known suffix, at least one
  // label with a hyphen or digit, or ending in amazonaws.com (schema.table.column stays untouched).
  [/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\b(?::\d+)?/gi, '[host]'],
  [new RegExp(String.raw`\b(?=[a-z0-9.-]*[-\d])[a-z0-9-]+(?:\.[a-z0-9-]+)+\.${HOST_SUFFIX}\b(?::\d+)?`, 'gi'), '[host]'],
  // A single label on a private suffix, e.g. db-7.internal (needs a hyphen or digit, unlike `t.local`).
  [/\b(?=[a-z0-9-]*[-\d])[a-z0-9-]+\.(?:internal|local|localdomain|lan|corp)\b(?::\d+)?/gi, '[host]'],
  [/\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b(?::\d+)?/g, '[ip]'],
  [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '[ip]'],
  // A 12-digit account id, also at the end of a sentence; not inside a longer number or a dotted version.
  [/(?<![\d.])\d{12}(?!\d|\.\d)/g, '[account]'],
];

/** Keys whose value is a secret whatever it looks like (botToken, signingSecret, DB_PASSWORD, x-api-key, …). */
const SECRET_KEY = /^(pass|passwd|password|pwd|.*[_-]?password|.*secret|.*token|authorization|.*signature|credentials?|private[_-]?key|.*api[_-]?key)$/i;

/** Text with every secret, host and account id replaced by a bracketed placeholder. */
export function redact(text: string): string {
  let s = text;
  for (const [re, replacement] of PATTERNS) s = s.replace(re, replacement);
  return s;
}

/** Whether a key (of an object, a header, a log field) names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A copy of a JSON-like value with every string redacted and the value under a secret-looking key
 * replaced by `[redacted]`. Errors become `{ name, message }`; nesting deeper than `maxDepth` is cut.
 */
export function redactValue<T>(value: T, maxDepth = 8): T {
  return walk(value, 0, maxDepth) as T;
}

function walk(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth >= maxDepth) return value !== null && typeof value === 'object' ? '[…]' : value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, maxDepth));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? '[redacted]' : walk(v, depth + 1, maxDepth);
    return out;
  }
  return value;
}
