/**
 * Every query the review may send to a target besides `EXPLAIN <vetted text>` and the session's own
 * set-up: the bot's information_schema reads, written here once. The guarded session's reader
 * (guard.ts) runs a text only when it is one of these, and takes values only as bound parameters
 * (strings and numbers), so no pasted text can reach the server through a schema read. A list of
 * placeholders (`IN (?, ?, …)`) counts as one placeholder when the text is matched.
 */

/** Engine and row estimate (a table statistic) of one table. */
export const TABLE_QUERY = 'SELECT ENGINE AS engine, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?';

/** Columns of one table, with what the DDL and conversion checks compare. */
export const COLUMNS_QUERY =
  'SELECT COLUMN_NAME AS name, DATA_TYPE AS dt, COLUMN_TYPE AS ct, IS_NULLABLE AS nl, COLUMN_DEFAULT AS df, EXTRA AS ex, COLLATION_NAME AS co, COLUMN_COMMENT AS cm FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION';

/** Indexes of one table with their cardinality (index statistics, as SHOW INDEX gives them). */
export const INDEXES_QUERY =
  'SELECT INDEX_NAME AS name, NON_UNIQUE AS nu, COLUMN_NAME AS col, CARDINALITY AS card FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX';

/** Definitions of the views among some names (views.ts). */
export const VIEWS_QUERY = 'SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_NAME IN (?)';

/** Whether one name is a base table, and its exact spelling (before a --scratch-db copy reads it). */
export const BASE_TABLE_QUERY =
  "SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'";

/** Schemas holding a table of one name (the --scratch-db marker check: is the scratch the target?). */
export const TABLE_SCHEMAS_QUERY = 'SELECT TABLE_SCHEMA AS s FROM information_schema.TABLES WHERE TABLE_NAME = ?';

/** `IN (?, ?, ?)` → `IN (?)`: a placeholder list is one placeholder for matching. */
export function queryShape(sql: string): string {
  return sql.replace(/\?(?:\s*,\s*\?)+/g, '?');
}

/** `VIEWS_QUERY` with `n` placeholders. */
export function viewsQuery(n: number): string {
  return VIEWS_QUERY.replace('IN (?)', `IN (${Array.from({ length: Math.max(1, n) }, () => '?').join(', ')})`);
}

export const SCHEMA_QUERIES: ReadonlySet<string> = new Set([TABLE_QUERY, COLUMNS_QUERY, INDEXES_QUERY, VIEWS_QUERY, BASE_TABLE_QUERY, TABLE_SCHEMAS_QUERY]);

/** Why a read is refused, or undefined when it is one of the catalogue's texts with plain parameters. */
export function readRefusal(sql: string, values: readonly unknown[]): string | undefined {
  if (!SCHEMA_QUERIES.has(queryShape(sql))) return "only the review's own information_schema reads (schema-queries.ts) are allowed on the review connection";
  if (!values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))))
    return 'schema reads take only string and number parameters';
  const placeholders = (sql.match(/\?/g) ?? []).length;
  if (placeholders !== values.length) return `schema read with ${values.length} values for ${placeholders} placeholders`;
  return undefined;
}
