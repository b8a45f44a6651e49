/** The review engine's result shape (also the CLI's `--format json`). */
import { MAX_REVIEW_BYTES, MAX_REVIEW_STATEMENTS } from '../core/limits';
import type { Severity } from '../core/severity';

export type StatementType = 'select' | 'insert' | 'update' | 'delete' | 'replace' | 'create_table' | 'alter_table' | 'drop_table' | 'create_index' | 'other';

export type FindingSource = 'static' | 'schema' | 'explain';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  source: FindingSource;
  /** Short why-and-fix. */
  why?: string;
  /** 1-based line and column in the script, when the finding points at one place (syntax errors). */
  line?: number;
  column?: number;
}

/** One row of EXPLAIN, normalised across MariaDB and MySQL. */
export interface PlanRow {
  id: number | null;
  selectType: string | null;
  table: string | null;
  type: string | null;
  possibleKeys: string | null;
  key: string | null;
  keyLen: string | null;
  ref: string | null;
  rows: number | null;
  filtered: number | null;
  extra: string | null;
}

export interface StatementResult {
  index: number;
  sql: string;
  /** 1-based line in the script where the statement starts. */
  line: number;
  type: StatementType;
  /** node-sql-parser read the statement; when false only token-level rules ran. */
  parsed: boolean;
  findings: Finding[];
  /** EXPLAIN rows, or null when no plan was taken. */
  plan: PlanRow[] | null;
  /** What was explained when it is not the statement itself (e.g. the SELECT form of an UPDATE). */
  planNote?: string;
  /** Why the statement was not explained, or why review of it failed. */
  error: string | null;
  /** Index advice for a statement whose plan scans or sorts (with --db), verified with --scratch-db. */
  advice?: IndexAdvice[];
}

export interface IndexAdvice {
  /** db.table the index is for. */
  table: string;
  columns: string[];
  /** The statement to run: ALTER TABLE … ADD INDEX …. */
  ddl: string;
  /** Why these columns in this order (equality, range, sort; cardinality). */
  reason: string;
  /** Plans before and after creating the index on the scratch schema, when verified. */
  verified?: { sampleRows: number; before: PlanRow[]; after: PlanRow[]; usesIndex: boolean; note?: string };
}

export interface ReviewSummary {
  statements: number;
  findings: number;
  worst: Severity | 'none';
}

export interface ReviewResult {
  statements: StatementResult[];
  summary: ReviewSummary;
  /** Notes about the whole run: limits hit, schema/EXPLAIN skipped, server flavor. */
  notes: string[];
  /** Whether the live checks ran. */
  live: { schema: boolean; explain: boolean; target?: string; flavor?: 'mariadb' | 'mysql' };
}

export interface ReviewLimits {
  maxStatements: number;
  maxBytes: number;
  /** information_schema row estimate from which an ALTER is flagged as possibly blocking. */
  largeTableRows: number;
  /** Hard deadline of each query the review sends (EXPLAIN, information_schema reads), in ms: the watchdog kills the server thread then. */
  statementTimeoutMs: number;
  /** How long the watchdog waits, after killing a thread, for the server to drop it. */
  killGraceMs: number;
  /** Time node-sql-parser may take per request; later statements get token-level rules only. */
  parseBudgetMs: number;
}

export const DEFAULT_LIMITS: ReviewLimits = {
  maxStatements: MAX_REVIEW_STATEMENTS,
  maxBytes: MAX_REVIEW_BYTES,
  largeTableRows: 1_000_000,
  statementTimeoutMs: 2_000,
  killGraceMs: 2_000,
  parseBudgetMs: 3_000,
};
