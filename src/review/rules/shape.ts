/** Query-shape rules: what the SELECT asks for and how it is put together. */
import { isOp, isWord, splitCommas, type SelectBlock } from '../statement';
import { AGGREGATES, hasWord, hit, slice, when, type Rule, type RuleContext } from './rule';

const DEEP_OFFSET = 10_000;
const MANY_JOINS = 6;
const LARGE_LIMIT = 10_000;

function isExistsSubquery(ctx: RuleContext, b: SelectBlock): boolean {
  return isOp(ctx.tokens[b.before], '(') && isWord(ctx.tokens[b.before - 1], 'EXISTS');
}

/** LIMIT [offset,] count | LIMIT count OFFSET offset */
function limitValues(ctx: RuleContext, b: { limit?: [number, number] }): { count?: number; offset?: number } {
  if (!b.limit) return {};
  const t = slice(ctx, b.limit);
  const nums = (k: number) => (t[k]?.type === 'number' ? Number(t[k]!.text) : undefined);
  if (isOp(t[1], ',')) return { offset: nums(0), count: nums(2) } as { count?: number; offset?: number };
  if (isWord(t[1], 'OFFSET')) return { count: nums(0), offset: nums(2) } as { count?: number; offset?: number };
  return { count: nums(0) } as { count?: number };
}

function joinCount(ctx: RuleContext, b: SelectBlock): number {
  if (!b.from) return 0;
  let n = 0;
  for (const t of slice(ctx, b.from)) if (t.depth === b.depth && (isWord(t, 'JOIN', 'STRAIGHT_JOIN') || isOp(t, ','))) n++;
  return n;
}

function hasCommaJoin(ctx: RuleContext, b: SelectBlock): boolean {
  return !!b.from && slice(ctx, b.from).some((t) => t.depth === b.depth && isOp(t, ','));
}

export const shapeRules: Rule[] = [
  {
    id: 'select-star',
    area: 'shape',
    severity: 'low',
    message: 'SELECT * reads every column',
    why: 'It defeats covering indexes, ships unused columns (TEXT/BLOB included) and breaks when columns change. List the columns you need.',
    check: (ctx) =>
      when(
        ctx.selects().some((b) => {
          if (isExistsSubquery(ctx, b)) return false;
          return slice(ctx, b.list).some(
            (t, k, arr) =>
              isOp(t, '*') &&
              t.depth === b.depth &&
              (k === 0 ||
                isOp(arr[k - 1], ',', '.') ||
                isWord(arr[k - 1], 'DISTINCT', 'ALL', 'DISTINCTROW', 'SQL_NO_CACHE', 'SQL_CALC_FOUND_ROWS', 'STRAIGHT_JOIN', 'HIGH_PRIORITY')),
          );
        }),
      ),
  },
  {
    id: 'select-without-where',
    area: 'shape',
    severity: 'low',
    message: 'SELECT from a table without WHERE or LIMIT',
    why: 'It reads the whole table on every call. Add a selective WHERE, or LIMIT if you only need a sample.',
    check: (ctx) =>
      when(ctx.selects().some((b) => b.depth === 0 && !!b.from && !b.where && !b.limit && !b.groupBy && !slice(ctx, b.from).some((t) => isWord(t, 'DUAL')))),
  },
  {
    id: 'order-by-rand',
    area: 'shape',
    severity: 'high',
    message: 'ORDER BY RAND() sorts the whole result',
    why: 'Every row gets a random key and a filesort, so the cost grows with the table. Pick random ids in the application or use a random offset on an indexed key.',
    check: (ctx) => when(ctx.selects().some((b) => !!b.orderBy && slice(ctx, b.orderBy).some((t, k, a) => isWord(t, 'RAND') && isOp(a[k + 1], '(')))),
  },
  {
    id: 'deep-offset',
    area: 'shape',
    severity: 'medium',
    message: `LIMIT with a deep OFFSET (≥ ${DEEP_OFFSET.toLocaleString('en-US')})`,
    why: 'MySQL reads and throws away every skipped row. Paginate by key ("seek"): WHERE id > last_seen_id ORDER BY id LIMIT n.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const { offset } = limitValues(ctx, b);
        return when(offset !== undefined && offset >= DEEP_OFFSET, `offset ${offset}`);
      }),
  },
  {
    id: 'limit-without-order-by',
    area: 'shape',
    severity: 'low',
    message: 'LIMIT without ORDER BY returns an arbitrary subset',
    why: 'Without ORDER BY the rows returned depend on the plan and may change between runs or replicas. Add an ORDER BY on a unique key.',
    check: (ctx) => when(ctx.selects().some((b) => !!b.limit && !b.orderBy && !!b.from && !isExistsSubquery(ctx, b) && limitValues(ctx, b).count !== 1)),
  },
  {
    id: 'having-without-aggregate',
    area: 'shape',
    severity: 'medium',
    message: 'HAVING condition without an aggregate belongs in WHERE',
    why: 'HAVING filters after grouping, so every row is grouped first. Move plain column conditions to WHERE so indexes can filter early.',
    check: (ctx) =>
      when(
        ctx.selects().some((b) => {
          if (!b.having) return false;
          const aliases = new Set<string>();
          const list = slice(ctx, b.list);
          list.forEach((t, k) => {
            if (isWord(t, 'AS') && list[k + 1]) aliases.add(list[k + 1]!.text.replace(/`/g, '').toUpperCase());
          });
          const h = slice(ctx, b.having);
          return !h.some(
            (t, k) => (t.type === 'word' && AGGREGATES.has(t.upper) && isOp(h[k + 1], '(')) || aliases.has(t.text.replace(/`/g, '').toUpperCase()),
          );
        }),
      ),
  },
  {
    id: 'union-without-all',
    area: 'shape',
    severity: 'low',
    message: 'UNION removes duplicates with a temporary table',
    why: 'Plain UNION de-duplicates the combined result. If the parts cannot overlap, or duplicates are fine, use UNION ALL.',
    check: (ctx) => when(ctx.tokens.some((t, k) => isWord(t, 'UNION') && !isWord(ctx.tokens[k + 1], 'ALL'))),
  },
  {
    id: 'distinct-star',
    area: 'shape',
    severity: 'medium',
    message: 'SELECT DISTINCT * de-duplicates whole rows',
    why: 'Rows with a primary key are already distinct; DISTINCT * only adds a temporary table. Select the columns you need, or fix the join that duplicates rows.',
    check: (ctx) => when(ctx.tokens.some((t, k) => isWord(t, 'DISTINCT') && isOp(ctx.tokens[k + 1], '*'))),
  },
  {
    id: 'too-many-joins',
    area: 'shape',
    severity: 'medium',
    message: `${MANY_JOINS} or more joined tables in one SELECT`,
    why: 'The optimizer search space grows quickly and estimates compound. Split the query, pre-aggregate, or check the plan carefully.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const n = joinCount(ctx, b) + 1;
        return when(n >= MANY_JOINS, `${n} tables`);
      }),
  },
  {
    id: 'comma-join',
    area: 'shape',
    severity: 'low',
    message: 'Comma join (FROM a, b)',
    why: 'Join conditions hide in WHERE and a missing one silently becomes a cartesian product. Write explicit JOIN … ON.',
    check: (ctx) => when(ctx.selects().some((b) => hasCommaJoin(ctx, b))),
  },
  {
    id: 'cartesian-join',
    area: 'shape',
    severity: 'high',
    message: 'Join without a join condition (cartesian product)',
    why: 'Every row of one table is paired with every row of the other. Add the ON/USING condition, or write CROSS JOIN if it is really intended.',
    check: (ctx) =>
      when(
        ctx.selects().some((b) => {
          if (!b.from) return false;
          const f = slice(ctx, b.from);
          if (hasCommaJoin(ctx, b) && !b.where) return true;
          for (let k = 0; k < f.length; k++) {
            const t = f[k]!;
            if (t.depth !== b.depth || !isWord(t, 'JOIN') || isWord(f[k - 1], 'CROSS', 'NATURAL')) continue;
            let j = k + 1;
            let ok = false;
            for (; j < f.length; j++) {
              const u = f[j]!;
              if (u.depth !== b.depth) continue;
              if (isWord(u, 'ON', 'USING')) ok = true;
              if (isWord(u, 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'STRAIGHT_JOIN', 'NATURAL') || isOp(u, ',')) break;
            }
            if (!ok) return true;
          }
          return false;
        }),
      ),
  },
  {
    id: 'natural-join',
    area: 'shape',
    severity: 'medium',
    message: 'NATURAL JOIN joins on every column with the same name',
    why: 'Adding a column (created_at, status…) silently changes the join. Use JOIN … USING (col) or ON.',
    check: (ctx) => when(hasWord(ctx, 'NATURAL')),
  },
  {
    id: 'index-hint',
    area: 'shape',
    severity: 'info',
    message: 'Index or join-order hint (FORCE/USE/IGNORE INDEX, STRAIGHT_JOIN)',
    why: 'Hints pin a plan that was right for yesterday’s data. Keep them only with a comment on why, and re-check after data or index changes.',
    check: (ctx) =>
      when(ctx.tokens.some((t, k) => (isWord(t, 'FORCE', 'USE', 'IGNORE') && isWord(ctx.tokens[k + 1], 'INDEX', 'KEY')) || isWord(t, 'STRAIGHT_JOIN'))),
  },
  {
    id: 'optimizer-hint-comment',
    area: 'shape',
    severity: 'info',
    message: 'Optimizer hint comment /*+ … */',
    why: 'The hint changes the plan but the SQL parser drops it; this review and EXPLAIN of the statement as written may differ from production. Keep hints documented.',
    check: (ctx) => when(ctx.all.some((t) => t.type === 'hint')),
  },
  {
    id: 'version-comment',
    area: 'shape',
    severity: 'medium',
    message: 'Executable version comment /*! … */',
    why: 'MySQL runs the text inside /*! */ although it looks like a comment, so a reader (and the parser) miss it. Write the SQL plainly. The bot never sends such a statement to the server.',
    check: (ctx) => ctx.all.filter((t) => t.type === 'version').map((t) => hit(t.text.length > 50 ? `${t.text.slice(0, 49)}…` : t.text)),
  },
  {
    id: 'sql-calc-found-rows',
    area: 'shape',
    severity: 'low',
    message: 'SQL_CALC_FOUND_ROWS is deprecated and slow',
    why: 'It forces reading every matching row even with LIMIT. Run a separate COUNT(*) (or drop the total).',
    check: (ctx) => when(hasWord(ctx, 'SQL_CALC_FOUND_ROWS') || hasWord(ctx, 'FOUND_ROWS')),
  },
  {
    id: 'locking-read',
    area: 'shape',
    severity: 'info',
    message: 'Locking read (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE)',
    why: 'Rows (and gaps, under REPEATABLE READ) stay locked until the transaction ends. Keep the transaction short and the WHERE on an index.',
    check: (ctx) =>
      when(
        ctx.tokens.some((t, k) => (isWord(t, 'FOR') && isWord(ctx.tokens[k + 1], 'UPDATE', 'SHARE')) || (isWord(t, 'LOCK') && isWord(ctx.tokens[k + 1], 'IN'))),
      ),
  },
  {
    id: 'large-limit',
    area: 'shape',
    severity: 'low',
    message: `LIMIT of ${LARGE_LIMIT.toLocaleString('en-US')} rows or more`,
    why: 'Large pages hold memory and network on both sides. Page through with a key-based cursor in smaller batches.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const { count } = limitValues(ctx, b);
        return when(count !== undefined && count >= LARGE_LIMIT, `LIMIT ${count}`);
      }),
  },
  {
    id: 'order-by-position',
    area: 'shape',
    severity: 'low',
    message: 'ORDER BY or GROUP BY a column position',
    why: 'ORDER BY 2 changes meaning when the select list changes. Name the column.',
    check: (ctx) =>
      when(
        ctx
          .selects()
          .some((b) =>
            [b.orderBy, b.groupBy].some(
              (r) =>
                !!r &&
                splitCommas(ctx.tokens, r, b.depth).some(
                  ([s, e]) => ctx.tokens[s]?.type === 'number' && (e - s === 1 || isWord(ctx.tokens[s + 1], 'ASC', 'DESC')),
                ),
            ),
          ),
      ),
  },
  {
    id: 'deep-subquery-nesting',
    area: 'shape',
    severity: 'low',
    message: 'Subqueries nested three or more levels deep',
    why: 'Deep nesting is hard to read and often turns into dependent subqueries. Rewrite with joins or CTEs.',
    check: (ctx) => {
      const depths = ctx
        .selects()
        .map((b) => b.depth)
        .sort((a, b) => a - b);
      const levels = new Set(depths).size;
      return when(levels >= 4, `${levels} levels`);
    },
  },
];
