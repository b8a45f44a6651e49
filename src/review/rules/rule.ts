/** What a static rule is and what it reads. */
import type { Severity } from '../../core/severity';
import type { Token } from '../tokens';
import type { StatementType } from '../types';
import { selectBlocks, writeClauses, type Range, type SelectBlock, type WriteClauses } from '../statement';
import { parseAlterTable, parseCreateIndex, parseCreateTable, type AlterTable, type CreateIndex, type CreateTable } from '../ddl';
import { DEFAULT_CONFIG, type Thresholds } from '../config';

export interface RuleContext {
  sql: string;
  /** Code tokens (no comments, version comments or hints). */
  tokens: Token[];
  /** Every token, comments included. */
  all: Token[];
  type: StatementType;
  /** node-sql-parser AST (first statement) or null when the parser failed. */
  ast: unknown;
  selects(): SelectBlock[];
  write(): WriteClauses;
  createTable(): CreateTable | undefined;
  alterTable(): AlterTable | undefined;
  createIndex(): CreateIndex | undefined;
  /** Ranges holding conditions: WHERE, HAVING and JOIN … ON bodies. */
  conditions(): Range[];
  /** Thresholds in force (defaults, `.dbassist.json`, CLI flags). */
  limits: Thresholds;
  /** node-sql-parser's error when it could not read the statement. */
  parseError?: string;
}

export interface Hit {
  detail?: string;
  severity?: Severity;
  /** 1-based position inside the statement, when the rule knows it. */
  line?: number;
  column?: number;
}

export type RuleArea = 'shape' | 'predicates' | 'logic' | 'writes' | 'ddl' | 'style';

/** Statements the rule must flag (bad) and must stay quiet on (good); the tests run every one. */
export interface RuleExamples {
  bad: string[];
  good: string[];
}

export interface Rule {
  id: string;
  area: RuleArea;
  severity: Severity;
  message: string;
  why: string;
  /** Rules that read the AST; skipped (and reported) when the parser failed. */
  needsAst?: boolean;
  examples: RuleExamples;
  /** SOAR heuristic items (doc/heuristic.md) this rule covers, e.g. ['ARG.001']. */
  soar?: string[];
  /** goInception or sqlcheck checks this rule covers, named as in their docs. */
  also?: string[];
  check(ctx: RuleContext): Hit[];
}

function memo<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

export function makeContext(
  sql: string,
  all: Token[],
  tokens: Token[],
  type: StatementType,
  ast: unknown,
  limits: Thresholds = DEFAULT_CONFIG.thresholds,
  parseError?: string,
): RuleContext {
  const selects = memo(() => selectBlocks(tokens));
  const write = memo(() => (type === 'update' || type === 'delete' ? writeClauses(tokens) : {}));
  const conditions = memo(() => {
    const out: Range[] = [];
    for (const b of selects()) {
      if (b.where) out.push(b.where);
      if (b.having) out.push(b.having);
    }
    const w = write();
    if (w.where) out.push(w.where);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === 'word' && t.upper === 'ON' && tokens[i + 1]?.upper !== 'DUPLICATE' && type !== 'create_index') {
        let j = i + 1;
        for (; j < tokens.length; j++) {
          const u = tokens[j]!;
          if (u.depth < t.depth) break;
          if (
            u.depth === t.depth &&
            (u.type === 'op'
              ? u.text === ';'
              : /^(JOIN|INNER|LEFT|RIGHT|CROSS|NATURAL|STRAIGHT_JOIN|WHERE|GROUP|ORDER|LIMIT|HAVING|UNION|SET|WINDOW)$/.test(u.upper))
          )
            break;
        }
        out.push([i + 1, j]);
      }
    }
    return out;
  });
  return {
    ...(parseError !== undefined ? { parseError } : {}),
    sql,
    tokens,
    all,
    type,
    ast,
    selects,
    write,
    conditions,
    limits,
    createTable: memo(() => (type === 'create_table' ? parseCreateTable(tokens) : undefined)),
    alterTable: memo(() => (type === 'alter_table' ? parseAlterTable(tokens) : undefined)),
    createIndex: memo(() => (type === 'create_index' ? parseCreateIndex(tokens) : undefined)),
  };
}

export const hit = (detail?: string, severity?: Severity): Hit => {
  const h: Hit = {};
  if (detail !== undefined) h.detail = detail;
  if (severity !== undefined) h.severity = severity;
  return h;
};

/** One hit when the condition holds. */
export const when = (cond: boolean, detail?: string, severity?: Severity): Hit[] => (cond ? [hit(detail, severity)] : []);

/** Tokens in a range. */
export const slice = (ctx: RuleContext, [s, e]: Range): Token[] => ctx.tokens.slice(s, e);

export const AGGREGATES = new Set([
  'COUNT',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'GROUP_CONCAT',
  'JSON_ARRAYAGG',
  'JSON_OBJECTAGG',
  'STD',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VARIANCE',
  'VAR_POP',
  'VAR_SAMP',
  'BIT_AND',
  'BIT_OR',
  'BIT_XOR',
  'ANY_VALUE',
]);

export const COMPARISON = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>']);

export function firstWord(ctx: RuleContext): string {
  return ctx.tokens.find((t) => t.type === 'word')?.upper ?? '';
}

export function hasWord(ctx: RuleContext, word: string): boolean {
  return ctx.tokens.some((t) => t.type === 'word' && t.upper === word);
}

/** Indexes of `word (` calls in the statement. */
export function calls(ctx: RuleContext, name: string): number[] {
  const out: number[] = [];
  ctx.tokens.forEach((t, i) => {
    if (t.type === 'word' && t.upper === name && ctx.tokens[i + 1]?.text === '(') out.push(i);
  });
  return out;
}

export function truncate(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
