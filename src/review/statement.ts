/** Token-level views of one statement: its type and clause ranges, shared by rules, vetting and rewrite. */
import type { StatementType } from './types';
import type { Token } from './tokens';

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return !!t && t.type === 'word' && (words.length === 0 || words.includes(t.upper));
}

export function isOp(t: Token | undefined, ...ops: string[]): boolean {
  return !!t && t.type === 'op' && ops.includes(t.text);
}

/** First index at or after `from` of a token at `depth` matching `pred`, before `to`. */
export function findAt(tokens: readonly Token[], from: number, to: number, depth: number, pred: (t: Token, i: number) => boolean): number {
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.depth === depth && pred(t, i)) return i;
  }
  return -1;
}

export function statementType(tokens: readonly Token[]): StatementType {
  let i = 0;
  while (isOp(tokens[i], '(')) i++;
  const a = tokens[i];
  const b = tokens[i + 1];
  const c = tokens[i + 2];
  if (!a || a.type !== 'word') return 'other';
  switch (a.upper) {
    case 'SELECT':
    case 'WITH':
      return 'select';
    case 'INSERT':
      return 'insert';
    case 'UPDATE':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'REPLACE':
      return 'replace';
    case 'CREATE':
      if (isWord(b, 'TABLE') || (isWord(b, 'TEMPORARY') && isWord(c, 'TABLE'))) return 'create_table';
      if (isWord(b, 'INDEX') || (isWord(b, 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OR') && tokens.slice(i, i + 6).some((t) => isWord(t, 'INDEX'))))
        return 'create_index';
      return 'other';
    case 'ALTER':
      if (isWord(b, 'TABLE') || (isWord(b, 'ONLINE', 'IGNORE') && isWord(c, 'TABLE'))) return 'alter_table';
      return 'other';
    case 'DROP':
      if (isWord(b, 'TABLE') || (isWord(b, 'TEMPORARY') && isWord(c, 'TABLE'))) return 'drop_table';
      return 'other';
    default:
      return 'other';
  }
}

export type Range = [start: number, end: number];

export interface SelectBlock {
  /** Index of the SELECT keyword. */
  start: number;
  end: number;
  depth: number;
  list: Range;
  from?: Range;
  where?: Range;
  groupBy?: Range;
  having?: Range;
  orderBy?: Range;
  limit?: Range;
  into?: Range;
  /** Index of the token just before SELECT (e.g. `(` of a subquery, EXISTS …). */
  before: number;
}

const SELECT_CLAUSES = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'INTO', 'WINDOW', 'FOR', 'LOCK', 'PROCEDURE'];
const BLOCK_ENDS = ['UNION', 'INTERSECT', 'EXCEPT', 'ON'];

/** Every SELECT in the statement (subqueries included) with the ranges of its clauses. */
export function selectBlocks(tokens: readonly Token[]): SelectBlock[] {
  const out: SelectBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isWord(t, 'SELECT')) continue;
    const d = t.depth;
    let end = tokens.length;
    for (let j = i + 1; j < tokens.length; j++) {
      const u = tokens[j]!;
      if (u.depth < d || (u.depth === d && (isOp(u, ';') || isWord(u, ...BLOCK_ENDS) || (isOp(u, ')') && u.depth < d)))) {
        // ON ends a SELECT only in INSERT … SELECT … ON DUPLICATE KEY UPDATE
        if (isWord(u, 'ON') && !isWord(tokens[j + 1], 'DUPLICATE')) continue;
        end = j;
        break;
      }
    }
    const marks: [string, number][] = [];
    for (let j = i + 1; j < end; j++) {
      const u = tokens[j]!;
      if (u.depth === d && u.type === 'word' && SELECT_CLAUSES.includes(u.upper)) {
        if ((u.upper === 'GROUP' || u.upper === 'ORDER') && !isWord(tokens[j + 1], 'BY')) continue;
        if (u.upper === 'FOR' && !isWord(tokens[j + 1], 'UPDATE', 'SHARE')) continue;
        if (u.upper === 'LOCK' && !isWord(tokens[j + 1], 'IN')) continue;
        marks.push([u.upper, j]);
      }
    }
    const block: SelectBlock = { start: i, end, depth: d, list: [i + 1, marks[0]?.[1] ?? end], before: i - 1 };
    marks.forEach(([name, j], k) => {
      const skip = name === 'GROUP' || name === 'ORDER' ? 2 : 1;
      const r: Range = [j + skip, marks[k + 1]?.[1] ?? end];
      const key = ({ FROM: 'from', WHERE: 'where', GROUP: 'groupBy', HAVING: 'having', ORDER: 'orderBy', LIMIT: 'limit', INTO: 'into' } as const)[
        name as 'FROM'
      ];
      if (key && !block[key]) block[key] = r;
    });
    out.push(block);
  }
  return out;
}

export interface WriteClauses {
  /** Table references (UPDATE t …, DELETE … FROM t …). */
  tables?: Range;
  set?: Range;
  where?: Range;
  orderBy?: Range;
  limit?: Range;
  /** DELETE t1 FROM … / DELETE FROM t USING …: the target list. */
  targets?: Range;
}

/** Top-level clauses of an UPDATE or DELETE. */
export function writeClauses(tokens: readonly Token[]): WriteClauses {
  const first = tokens.findIndex((t) => isWord(t, 'UPDATE', 'DELETE'));
  if (first < 0) return {};
  const isUpdate = tokens[first]!.upper === 'UPDATE';
  let i = first + 1;
  while (isWord(tokens[i], 'LOW_PRIORITY', 'QUICK', 'IGNORE')) i++;
  const at = (word: string, from: number) =>
    findAt(tokens, from, tokens.length, 0, (t, k) => isWord(t, word) && (word !== 'ORDER' || isWord(tokens[k + 1], 'BY')));
  const out: WriteClauses = {};
  const where = at('WHERE', i);
  const order = at('ORDER', i);
  const limit = at('LIMIT', i);
  const tailStarts = [where, order, limit].filter((x) => x >= 0);
  const tail = tailStarts.length ? Math.min(...tailStarts) : tokens.length;
  if (isUpdate) {
    const set = at('SET', i);
    out.tables = [i, set >= 0 ? set : tail];
    if (set >= 0) out.set = [set + 1, tail];
  } else {
    const from = at('FROM', i);
    if (from > i) out.targets = [i, from];
    const using = at('USING', i);
    if (using >= 0) {
      out.targets = [from + 1, using];
      out.tables = [using + 1, tail];
    } else if (from >= 0) out.tables = [from + 1, tail];
  }
  if (where >= 0) out.where = [where + 1, [order, limit].filter((x) => x > where).sort((a, b) => a - b)[0] ?? tokens.length];
  if (order >= 0) out.orderBy = [order + 2, limit > order ? limit : tokens.length];
  if (limit >= 0) out.limit = [limit + 1, tokens.length];
  return out;
}

/** Splits a range on top-level commas (at `depth`). */
export function splitCommas(tokens: readonly Token[], [s, e]: Range, depth: number): Range[] {
  const out: Range[] = [];
  let start = s;
  for (let i = s; i < e; i++) {
    const t = tokens[i]!;
    if (t.depth === depth && isOp(t, ',')) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  if (start < e) out.push([start, e]);
  return out;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function closeParen(tokens: readonly Token[], open: number): number {
  const d = tokens[open]!.depth;
  for (let i = open + 1; i < tokens.length; i++) if (isOp(tokens[i], ')') && tokens[i]!.depth === d) return i;
  return -1;
}
