/** Small formatters shared by the text report and the Slack view. */

/** Seconds as pt prints them: 0, 850us, 12ms, 1.25s, 315s. */
export function formatSeconds(s: number): string {
  if (s === 0) return '0';
  if (s < 0.001) return `${Math.round(s * 1e6)}us`;
  if (s < 1) return `${Math.round(s * 1e3)}ms`;
  if (s < 100) return `${s.toFixed(2)}s`;
  return `${Math.round(s)}s`;
}

/** 950, 1.2k, 34.5M. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a < 1000) return Number.isInteger(n) ? String(n) : n.toFixed(1);
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (a >= v) return `${(n / v).toFixed(a / v >= 100 ? 0 : 1)}${u}`;
  return String(n);
}

const TABLE_KEYWORDS = new Set(['from', 'join', 'into', 'update', 'table', 'exists']);
const NOT_TABLES = new Set(['select', 'set', 'where', 'values', 'value', '(', '?', 'dual', 'ignore', 'lateral']);

/** A short name for a class, like pt's "Item" column: verb and tables, e.g. `SELECT users characters`. */
export function distill(fp: string): string {
  if (fp.startsWith('administrator command: ')) return `ADMIN ${fp.slice(23).toUpperCase()}`;
  if (fp.startsWith('call ')) return `CALL ${fp.slice(5)}`;
  const words = fp
    .replace(/[(),;]/g, ' $& ')
    .split(/\s+/)
    .filter(Boolean);
  const verb = (words[0] ?? '').toUpperCase();
  const tables: string[] = [];
  for (let i = 0; i < words.length - 1 && tables.length < 3; i++) {
    if (!TABLE_KEYWORDS.has(words[i]!)) continue;
    const t = words[i + 1]!.replace(/`/g, '');
    if (NOT_TABLES.has(t) || !/^[\w$.]+$/.test(t) || tables.includes(t)) continue;
    tables.push(t);
  }
  return tables.length ? `${verb} ${tables.join(' ')}` : verb;
}
