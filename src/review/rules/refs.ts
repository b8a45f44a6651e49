/** Token-level helpers shared by the rules: table references in a FROM clause, column references, keywords. */
import { identName, isIdent, type Token } from '../tokens';
import { closeParen, isOp, isWord, type Range } from '../statement';
import { RESERVED } from './reserved';

export interface TableRef {
  db?: string;
  name: string;
  /** Lower-case alias, or the lower-case table name without one. */
  alias: string;
  /** Whether an alias was written (with or without AS). */
  aliased: boolean;
  /** Alias written without AS. */
  implicitAlias: boolean;
  /** A derived table `(SELECT …) AS x`. */
  derived: boolean;
  /** Index of the first token of the reference. */
  start: number;
}

const JOIN_WORDS = ['JOIN', 'STRAIGHT_JOIN'];
const AFTER_REF = new Set([
  'WHERE',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'CROSS',
  'NATURAL',
  'FULL',
  'OUTER',
  'ON',
  'USING',
  'SET',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'UNION',
  'FORCE',
  'USE',
  'IGNORE',
  'STRAIGHT_JOIN',
  'PARTITION',
  'FOR',
  'LOCK',
  'WINDOW',
  'INTO',
  'VALUES',
  'SELECT',
  'EXCEPT',
  'INTERSECT',
  'RETURNING',
]);

/** Reads the reference starting at i (at `depth`); returns it and whether it was parsed. */
function readRef(t: readonly Token[], i: number, end: number, depth: number, out: TableRef[]): void {
  const x = t[i];
  if (!x) return;
  if (isOp(x, '(')) {
    const close = closeParen(t, i);
    if (close < 0) return;
    if (isWord(t[i + 1], 'SELECT', 'WITH')) {
      let j = close + 1;
      const asWord = isWord(t[j], 'AS');
      if (asWord) j++;
      const alias = isIdent(t[j]) && !(t[j]!.type === 'word' && AFTER_REF.has(t[j]!.upper)) ? identName(t[j]!) : '';
      out.push({ name: '', alias: alias.toLowerCase(), aliased: alias !== '', implicitAlias: alias !== '' && !asWord, derived: true, start: i });
    } else {
      out.push(...fromTables(t, [i + 1, close], depth + 1));
    }
    return;
  }
  if (!isIdent(x) || (x.type === 'word' && (AFTER_REF.has(x.upper) || x.upper === 'DUAL' || x.upper === 'LATERAL' || x.upper === 'JSON_TABLE'))) return;
  if (isOp(t[i + 1], '(')) return; // table function
  let name = identName(x);
  let db: string | undefined;
  let j = i + 1;
  if (isOp(t[j], '.') && isIdent(t[j + 1])) {
    db = name;
    name = identName(t[j + 1]!);
    j += 2;
  }
  const asWord = isWord(t[j], 'AS');
  if (asWord) j++;
  const a = t[j];
  const alias = j < end && isIdent(a) && !(a!.type === 'word' && (AFTER_REF.has(a!.upper) || RESERVED.has(a!.upper))) ? identName(a!) : '';
  const ref: TableRef = { name, alias: (alias || name).toLowerCase(), aliased: alias !== '', implicitAlias: alias !== '' && !asWord, derived: false, start: i };
  if (db !== undefined) ref.db = db;
  out.push(ref);
}

/** Table references of a FROM clause (or UPDATE/DELETE table list) range whose tokens sit at `depth`. */
export function fromTables(t: readonly Token[], [s, e]: Range, depth: number): TableRef[] {
  const out: TableRef[] = [];
  readRef(t, s, e, depth, out);
  for (let i = s; i < e; i++) {
    const x = t[i]!;
    if (x.depth !== depth) continue;
    if ((x.type === 'word' && JOIN_WORDS.includes(x.upper)) || isOp(x, ',')) readRef(t, i + 1, e, depth, out);
  }
  return out;
}

export interface ColumnRef {
  qualifier?: string;
  column: string;
  /** Index of the column name token. */
  at: number;
}

const NOT_COLUMN = new Set([
  'NULL',
  'TRUE',
  'FALSE',
  'UNKNOWN',
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_USER',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'ASC',
  'DESC',
]);

/** Whether token i is a plain column reference (possibly the last part of a.b or db.a.b). */
export function isColumnToken(t: readonly Token[], i: number): boolean {
  const x = t[i];
  if (!isIdent(x) || isOp(t[i + 1], '(') || isOp(t[i + 1], '.')) return false;
  if (x!.type === 'word' && (RESERVED.has(x!.upper) || NOT_COLUMN.has(x!.upper))) return false;
  if (isOp(t[i - 1], '.')) return isIdent(t[i - 2]);
  // a temporal literal type word (DATE '…') or an interval unit is not a column
  if (x!.type === 'word' && t[i + 1]?.type === 'string') return false;
  return true;
}

/** Column references in a range (`col`, `t.col`, `db.t.col`). */
export function columnRefs(t: readonly Token[], [s, e]: Range): ColumnRef[] {
  const out: ColumnRef[] = [];
  for (let i = s; i < e; i++) {
    if (!isColumnToken(t, i)) continue;
    if (isWord(t[i - 1], 'AS', 'INTERVAL', 'COLLATE', 'USING')) continue;
    const ref: ColumnRef = { column: identName(t[i]!), at: i };
    if (isOp(t[i - 1], '.') && isIdent(t[i - 2])) ref.qualifier = identName(t[i - 2]!).toLowerCase();
    out.push(ref);
  }
  return out;
}

/** Indexes of the top-level commas' items in a select list or ORDER/GROUP BY list. */
export function listItems(t: readonly Token[], [s, e]: Range, depth: number): Range[] {
  const out: Range[] = [];
  let start = s;
  for (let i = s; i < e; i++) {
    if (t[i]!.depth === depth && isOp(t[i], ',')) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  if (start < e) out.push([start, e]);
  return out;
}

/** Levenshtein distance ≤ 1 or one transposition (FORM/FROM). */
export function nearWord(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}
