/**
 * Plan disclosure — no row oracle: what the answer may carry from an EXPLAIN. (Not to be confused
 * with core/redact.ts, which removes secrets from text; this decides which parts of a plan may be
 * shown at all.) The server reads rows while it plans —
 * const tables (a lookup by primary or unique key), MIN/MAX over an index, constant conditions
 * evaluated on those rows — and the plan then depends on what the rows hold ("Impossible WHERE
 * noticed after reading const tables" answers a yes/no question about a secret). Such a plan is not
 * shown at all, and a server error that could come from evaluating values is reported the same way,
 * so a TRUE and a FALSE guess get the same answer.
 *
 * Of the plans that are shown, row estimates stay only where they are table statistics (a full
 * table or index scan of a base table); a range or lookup estimate counts the rows between the
 * paste's constants, so it is dropped, as is `filtered`. Extra keeps only known plan-shape notes.
 */
import type { PlanRow } from './types';

/** Said instead of the plan (and instead of value-dependent errors); identical for every such statement. */
export const WITHHELD =
  'plan not shown: the server reads single rows (by primary or unique key) or evaluates values while planning this statement, so its plan or error could reveal row contents. A lookup by primary or unique key is already the cheapest access path.';

/** Extra notes that mean the server looked at row contents while planning. */
const ROW_DEPENDENT =
  /impossible|const row not found|no matching row|unique row not found|min\/max row|optimized away|no matching rows after partition pruning/i;

/** Extra notes that describe the plan's shape only; anything else is dropped. */
const SHAPE_NOTES = [
  /^Using where$/,
  /^Using index$/,
  /^Using index condition$/,
  /^Using filesort$/,
  /^Using temporary$/,
  /^Using join buffer \([^)]*\)$/,
  /^Range checked for each record \(index map: 0x[0-9A-Fa-f]+\)$/,
  /^Using MRR$/,
  /^Using (union|intersect|sort_union|sort_intersect)\([\w,()\s]*\)$/,
  /^Start temporary$/,
  /^End temporary$/,
  /^FirstMatch(\([\w<>]*\))?$/,
  /^LooseScan$/,
  /^Using rowid filter$/,
  /^Backward index scan$/,
  /^Using index for group-by( \(scanning\))?$/,
  /^Using index for skip scan$/,
  /^Distinct$/,
  /^Not exists$/,
  /^Full scan on NULL key$/,
  /^Recursive$/,
  /^No tables used$/,
  /^Using where with pushed condition$/,
];

function keepExtra(extra: string | null): string | null {
  if (!extra) return extra;
  const kept = extra
    .split(';')
    .map((x) => x.trim())
    .filter((x) => SHAPE_NOTES.some((re) => re.test(x)));
  return kept.length ? kept.join('; ') : null;
}

/** True when the plan shows that rows were read or values evaluated while planning. */
export function readsRowsWhilePlanning(plan: readonly PlanRow[]): boolean {
  return plan.some((r) => r.type === 'const' || r.type === 'system' || ROW_DEPENDENT.test(r.extra ?? ''));
}

/** The plan as it may be shown, or null when it must be withheld. */
export function disclosedPlan(plan: readonly PlanRow[]): PlanRow[] | null {
  if (readsRowsWhilePlanning(plan)) return null;
  return plan.map((r) => {
    const statistic = (r.type === 'ALL' || r.type === 'index') && !!r.table && !r.table.startsWith('<');
    return { ...r, rows: statistic ? r.rows : null, filtered: null, extra: keepExtra(r.extra) };
  });
}

/**
 * Errors raised while the statement is parsed, resolved or waits for a lock — before any value is
 * looked at — may be shown. Any other error could come from evaluating a row's value (a JSON parse
 * error's position, "subquery returns more than 1 row", an out-of-range conversion…) and is replaced
 * by WITHHELD.
 */
const STRUCTURAL_ERRORS = new Set([
  1044, 1046, 1049, 1051, 1052, 1054, 1055, 1056, 1057, 1060, 1064, 1066, 1109, 1111, 1115, 1116, 1140, 1142, 1143, 1146, 1222, 1235, 1241, 1247, 1248, 1250,
  1253, 1267, 1270, 1271, 1273, 1305, 1356, 1449, 1582, 1583, 1630, 1792,
]);

/** How a failed EXPLAIN is reported. */
export function explainError(e: unknown): string {
  const err = e as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  const errno = err.errno;
  if (errno === 1205)
    return 'not explained: a table it reads is locked (for example by a running ALTER); the review gives up after 1 s instead of queueing behind the lock';
  if (errno === 1969 || errno === 3024 || errno === 1317 || errno === 1028) return 'not explained: EXPLAIN ran past the review time limit and was stopped';
  if (errno !== undefined && STRUCTURAL_ERRORS.has(errno)) {
    const msg = err.sqlMessage ?? err.message ?? String(e);
    return `EXPLAIN failed: ${err.code ?? ''} (${errno}) ${msg}`.replace(/\s+/g, ' ').trim();
  }
  if (errno === undefined && err.code) return `not explained: the connection failed (${err.code})`;
  return `not explained: ${WITHHELD}`;
}
