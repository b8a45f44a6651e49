/**
 * EXPLAIN rows as the review reports them, and the plan rules. The rows reaching this module have
 * been through plan-disclosure.ts: row estimates only where they are table statistics, no `filtered`, no plan
 * of a statement the server answered from row contents. The rules read only that, so a finding can
 * never depend on what a row holds. Sending EXPLAIN is guard.ts's job (the one choke point).
 */
import type { Finding, PlanRow } from './types';

/** The part of a mysql2 promise connection the review uses (`multipleStatements` must be off). */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

export type { Flavor } from './functions';

export interface ExplainOutcome {
  plan: PlanRow[] | null;
  planNote?: string;
  error: string | null;
  findings: Finding[];
}

function toNum(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
function toStr(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** One row of tabular EXPLAIN, MariaDB's or MySQL's columns. */
export function normalisePlanRow(row: Record<string, unknown>): PlanRow {
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

const fmt = (n: number) => n.toLocaleString('en-US');

/** Plan rules: facts read from EXPLAIN rows as plan-disclosure.ts lets them be shown. */
export function planFindings(plan: PlanRow[], largeRows: number): Finding[] {
  const out: Finding[] = [];
  const add = (rule: string, severity: Finding['severity'], message: string, why: string) => out.push({ rule, severity, message, source: 'explain', why });
  // The largest table statistic in the plan sizes the shape findings (filesort, temporary table…).
  const biggest = Math.max(0, ...plan.map((r) => r.rows ?? 0));
  for (const r of plan) {
    const t = r.table ?? '?';
    const extra = r.extra ?? '';
    const rows = r.rows;
    if (r.type === 'ALL') {
      const n = rows ?? 0;
      const sev = rows === null ? 'medium' : n >= largeRows ? 'high' : n >= 10_000 ? 'medium' : n >= 1_000 ? 'low' : 'info';
      add(
        'plan-full-scan',
        sev,
        rows === null ? `Full scan of ${t}` : `Full table scan of ${t} (≈ ${fmt(n)} rows)`,
        'type ALL reads every row. Add an index on the filtered/joined columns or make the predicate sargable.',
      );
    }
    if (r.type === 'index' && (rows ?? 0) >= 10_000)
      add(
        'plan-full-index-scan',
        'low',
        `Full index scan of ${t} (≈ ${fmt(rows ?? 0)} rows)`,
        'type index reads the whole index; cheaper than a table scan but still grows with the table.',
      );
    if (r.possibleKeys && !r.key)
      add(
        'plan-index-not-used',
        'medium',
        `Index available but not used on ${t} (possible: ${r.possibleKeys})`,
        'The optimizer judged the candidate indexes not selective enough, or the predicate is not sargable. Check cardinality and the WHERE.',
      );
    if (/Using filesort/.test(extra))
      add(
        'plan-filesort',
        biggest >= 10_000 ? 'medium' : 'low',
        `Filesort on ${t}`,
        'Rows are sorted after reading. An index whose columns match the ORDER BY (after the equality columns) avoids it.',
      );
    if (/Using temporary/.test(extra))
      add(
        'plan-temporary-table',
        biggest >= 10_000 ? 'medium' : 'low',
        `Temporary table for ${t}`,
        'GROUP BY/DISTINCT/UNION on non-indexed columns builds a temporary table, on disk when large. Index the grouping columns or reduce rows first.',
      );
    if (rows !== null && rows >= largeRows)
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
  }
  const scans = plan.filter((r) => r.type === 'ALL' && r.rows !== null);
  const total = scans.reduce((p, r) => p * Math.max(1, r.rows ?? 1), 1);
  if (scans.length > 1 && total >= largeRows * 10)
    add(
      'plan-large-join-product',
      'medium',
      `Join of full scans: up to ≈ ${fmt(total)} row combinations`,
      'Several tables are read in full and joined; the product of their sizes is large. Check join order and indexes.',
    );
  return out;
}
