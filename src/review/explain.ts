/**
 * EXPLAIN of vetted statements in a session that is read-only and time-limited, plus the plan rules.
 * Only `EXPLAIN <vetted text>` and this module's own SET/transaction statements reach the server;
 * rows of the user's query are never fetched. Never EXPLAIN ANALYZE, never ANALYZE.
 */
import type { Finding, PlanRow } from './types';
import { vetForExplain } from './vet';

/** The part of a mysql2 promise connection this module uses (`multipleStatements` must be off). */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

export type Flavor = 'mariadb' | 'mysql';

export interface SessionInfo {
  flavor: Flavor;
  version: string;
  /** Which variable limits statement time, or undefined when neither exists. */
  timeLimit?: 'max_statement_time' | 'max_execution_time';
}

const BAD_MODES = new Set(['ANSI_QUOTES', 'NO_BACKSLASH_ESCAPES', 'ANSI']);

/**
 * Makes the session safe: read-only transactions, a statement time limit, and an sql_mode whose
 * lexing matches our tokenizer (no ANSI_QUOTES, backslash escapes on).
 */
export async function prepareSession(conn: Queryable, timeoutMs: number): Promise<SessionInfo> {
  const [rows] = (await conn.query('SELECT VERSION() AS v, @@SESSION.sql_mode AS m')) as [{ v: string; m: string }[], unknown];
  const version = String(rows[0]?.v ?? '');
  const flavor: Flavor = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const mode = String(rows[0]?.m ?? '')
    .split(',')
    .filter((m) => m && !BAD_MODES.has(m.toUpperCase()))
    .join(',');
  await conn.query('SET SESSION sql_mode = ?', [mode]);
  await conn.query('SET SESSION TRANSACTION READ ONLY');
  let timeLimit: SessionInfo['timeLimit'];
  const [vars] = (await conn.query("SHOW VARIABLES WHERE Variable_name IN ('max_statement_time', 'max_execution_time')")) as [
    { Variable_name: string }[],
    unknown,
  ];
  const names = new Set(vars.map((v) => v.Variable_name));
  if (names.has('max_statement_time')) {
    await conn.query('SET SESSION max_statement_time = ?', [Math.max(0.001, timeoutMs / 1000)]);
    timeLimit = 'max_statement_time';
  } else if (names.has('max_execution_time')) {
    await conn.query('SET SESSION max_execution_time = ?', [Math.max(1, Math.round(timeoutMs))]);
    timeLimit = 'max_execution_time';
  }
  return timeLimit ? { flavor, version, timeLimit } : { flavor, version };
}

function toNum(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
function toStr(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function normalise(row: Record<string, unknown>): PlanRow {
  return {
    id: toNum(row.id),
    selectType: toStr(row.select_type),
    table: toStr(row.table),
    type: toStr(row.type),
    possibleKeys: toStr(row.possible_keys),
    key: toStr(row.key),
    keyLen: toStr(row.key_len),
    ref: toStr(row.ref),
    rows: toNum(row.rows),
    filtered: toNum(row.filtered),
    extra: toStr(row.Extra),
  };
}

export interface ExplainOutcome {
  plan: PlanRow[] | null;
  planNote?: string;
  /** Raw EXPLAIN FORMAT=JSON document when the server gave one. */
  json?: unknown;
  error: string | null;
  findings: Finding[];
}

/** Runs EXPLAIN (and EXPLAIN FORMAT=JSON) of one statement, if vetting allows it. */
export async function explainStatement(conn: Queryable, statement: string, options: { largeRows?: number } = {}): Promise<ExplainOutcome> {
  const vetted = vetForExplain(statement);
  if (!vetted.ok) return { plan: null, error: vetted.reason, findings: [] };
  let plan: PlanRow[] | null = null;
  let json: unknown;
  try {
    await conn.query('START TRANSACTION READ ONLY');
    try {
      const [rows] = (await conn.query(`EXPLAIN ${vetted.sql}`)) as [Record<string, unknown>[], unknown];
      plan = rows.map(normalise);
      try {
        const [jrows] = (await conn.query(`EXPLAIN FORMAT=JSON ${vetted.sql}`)) as [Record<string, unknown>[], unknown];
        const doc = jrows[0] ? Object.values(jrows[0])[0] : undefined;
        json = typeof doc === 'string' ? JSON.parse(doc) : undefined;
      } catch {
        json = undefined;
      }
    } finally {
      await conn.query('ROLLBACK');
    }
  } catch (e) {
    const err = e as { code?: string; errno?: number; sqlMessage?: string; message?: string };
    const msg = err.sqlMessage ?? err.message ?? String(e);
    return { plan: null, error: `EXPLAIN failed: ${err.code ?? ''}${err.errno ? ` (${err.errno})` : ''} ${msg}`.replace(/\s+/g, ' ').trim(), findings: [] };
  }
  if (plan && json !== undefined) fillFromJson(plan, json);
  const findings = planFindings(plan, json, options.largeRows ?? 1_000_000);
  const out: ExplainOutcome = { plan, error: null, findings };
  if (vetted.note) out.planNote = vetted.note;
  if (json !== undefined) out.json = json;
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Every `table` object of an EXPLAIN FORMAT=JSON document (MariaDB and MySQL nest them differently). */
export function jsonTables(json: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(json)) for (const x of json) jsonTables(x, out);
  else if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.table_name === 'string') out.push(o);
    for (const v of Object.values(o)) if (v && typeof v === 'object') jsonTables(v, out);
  }
  return out;
}

/** Adds what only the JSON form tells: `filtered` (MariaDB's tabular EXPLAIN lacks it). */
function fillFromJson(plan: PlanRow[], json: unknown): void {
  const tables = jsonTables(json);
  for (const row of plan) {
    if (row.filtered !== null) continue;
    const t = tables.find((x) => x.table_name === row.table);
    const f = t ? Number(t.filtered) : NaN;
    if (Number.isFinite(f)) row.filtered = f;
  }
}

/** Plan rules: facts read from EXPLAIN rows (and the JSON form where it adds something). */
export function planFindings(plan: PlanRow[], json: unknown, largeRows: number): Finding[] {
  const out: Finding[] = [];
  const add = (rule: string, severity: Finding['severity'], message: string, why: string) => out.push({ rule, severity, message, source: 'explain', why });
  for (const r of plan) {
    const t = r.table ?? '?';
    const extra = r.extra ?? '';
    const rows = r.rows ?? 0;
    if (r.type === 'ALL' && !/Impossible|no matching|const row not found/i.test(extra)) {
      const sev = rows >= largeRows ? 'high' : rows >= 10_000 ? 'medium' : rows >= 1_000 ? 'low' : 'info';
      add(
        'plan-full-scan',
        sev,
        `Full table scan of ${t} (≈ ${fmt(rows)} rows)`,
        'type ALL reads every row. Add an index on the filtered/joined columns or make the predicate sargable.',
      );
    }
    if (r.type === 'index' && rows >= 10_000)
      add(
        'plan-full-index-scan',
        'low',
        `Full index scan of ${t} (≈ ${fmt(rows)} rows)`,
        'type index reads the whole index; cheaper than a table scan but still grows with the table.',
      );
    if (r.possibleKeys && !r.key && r.type !== 'system' && r.type !== 'const')
      add(
        'plan-index-not-used',
        'medium',
        `Index available but not used on ${t} (possible: ${r.possibleKeys})`,
        'The optimizer judged the candidate indexes not selective enough, or the predicate is not sargable. Check cardinality and the WHERE.',
      );
    if (/Using filesort/.test(extra))
      add(
        'plan-filesort',
        rows >= 10_000 ? 'medium' : 'low',
        `Filesort on ${t}`,
        'Rows are sorted after reading. An index whose columns match the ORDER BY (after the equality columns) avoids it.',
      );
    if (/Using temporary/.test(extra))
      add(
        'plan-temporary-table',
        rows >= 10_000 ? 'medium' : 'low',
        `Temporary table for ${t}`,
        'GROUP BY/DISTINCT/UNION on non-indexed columns builds a temporary table, on disk when large. Index the grouping columns or reduce rows first.',
      );
    if (rows >= largeRows)
      add(
        'plan-large-row-estimate',
        'high',
        `Large row estimate on ${t}: ≈ ${fmt(rows)} rows`,
        'The plan expects to examine a lot of rows. Narrow the predicate or add a better index.',
      );
    if (/DEPENDENT/.test(r.selectType ?? ''))
      add(
        'plan-dependent-subquery',
        'high',
        `Dependent subquery on ${t} (runs once per outer row)`,
        'Rewrite as a JOIN or an uncorrelated subquery / EXISTS that the optimizer can turn into a semi-join.',
      );
    if (/Range checked for each record/i.test(extra))
      add(
        'plan-range-checked',
        'medium',
        `Range checked for each record on ${t}`,
        'No good index for the join; MySQL re-plans per row. Index the join columns with matching types.',
      );
    if (/join buffer/i.test(extra))
      add(
        'plan-join-buffer',
        'medium',
        `Join buffer (block nested loop / hash join) on ${t}`,
        'The join has no usable index on the inner table. Index the join column.',
      );
    if (r.filtered !== null && r.filtered <= 10 && rows >= 1_000)
      add(
        'plan-low-filtered',
        'medium',
        `${t}: ≈ ${fmt(rows)} rows read, only ≈ ${r.filtered}% kept by the condition`,
        'Most rows the access path reads are thrown away. An index that includes the filtering columns (after the equality columns) reads fewer rows.',
      );
    if (/Impossible WHERE/i.test(extra))
      add('plan-impossible-where', 'info', 'The optimizer found the WHERE can never be true', 'The statement returns or changes nothing; check the condition.');
  }
  const total = plan.reduce((p, r) => p * Math.max(1, r.rows ?? 1), 1);
  if (plan.length > 1 && total >= largeRows * 10)
    add(
      'plan-large-join-product',
      'medium',
      `Join examines up to ≈ ${fmt(total)} row combinations`,
      'The product of row estimates across the join is large; check join order and indexes.',
    );
  const cost = jsonCost(json);
  if (cost !== undefined)
    add('plan-cost', 'info', `Optimizer cost estimate: ${fmt(Math.round(cost))}`, 'From EXPLAIN FORMAT=JSON; compare before and after a change.');
  return out;
}

function jsonCost(json: unknown): number | undefined {
  const qb = (json as { query_block?: { cost_info?: { query_cost?: string }; cost?: number } } | undefined)?.query_block;
  const v = qb?.cost_info?.query_cost ?? qb?.cost;
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : undefined;
}
