/** Query-shape rules: what the SELECT asks for and how it is put together. */
import { isOp, isWord, splitCommas, type SelectBlock } from '../statement';
import { columnRefs, fromTables } from './refs';
import { AGGREGATES, hasWord, hit, slice, when, type Rule, type RuleContext } from './rule';

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

/**
 * Comma-joined tables that no WHERE comparison connects (a cartesian product). Only decided when every
 * column in the WHERE comparisons is qualified; an unqualified column could belong to either table.
 */
function commaTablesDisconnected(ctx: RuleContext, b: SelectBlock): boolean {
  const tables = fromTables(ctx.tokens, b.from!, b.depth);
  if (tables.length < 2 || tables.some((t) => t.derived)) return false;
  const parent = new Map(tables.map((t) => [t.alias, t.alias]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const t = ctx.tokens;
  const [s, e] = [b.from![0], b.where ? b.where[1] : b.from![1]];
  for (const c of columnRefs(t, [s, e])) if (!c.qualifier && t.slice(b.where?.[0] ?? e, e).includes(t[c.at]!)) return false;
  const refs = columnRefs(t, [s, e]);
  for (let k = 0; k < refs.length - 1; k++) {
    const a = refs[k]!;
    const c = refs[k + 1]!;
    const between = t.slice(a.at + 1, c.at - (c.qualifier ? 2 : 0));
    if (between.length !== 1 || !(between[0]!.type === 'op' && /^(=|<=>|<|>|<=|>=|<>|!=)$/.test(between[0]!.text))) continue;
    if (!a.qualifier || !c.qualifier || !parent.has(a.qualifier) || !parent.has(c.qualifier)) continue;
    parent.set(find(a.qualifier), find(c.qualifier));
  }
  return new Set(tables.map((x) => find(x.alias))).size > 1;
}

function hasCommaJoin(ctx: RuleContext, b: SelectBlock): boolean {
  return !!b.from && slice(ctx, b.from).some((t) => t.depth === b.depth && isOp(t, ','));
}

export const shapeRules: Rule[] = [
  {
    id: 'select-star',
    examples: {
      bad: ['SELECT * FROM users WHERE id = 1', 'SELECT u.* FROM users u WHERE id = 1'],
      good: [
        'SELECT id FROM users WHERE id = 1',
        'SELECT COUNT(*) FROM users WHERE id > 1',
        'SELECT id FROM users u WHERE EXISTS (SELECT * FROM c WHERE c.uid = u.id)',
      ],
    },
    soar: ['COL.001'],
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
    examples: {
      bad: [
        'SELECT id FROM users',
        'SELECT release_year, sum(length) FROM film GROUP BY release_year',
        'SELECT film_id FROM film ORDER BY release_year LIMIT 10',
      ],
      good: ['SELECT id FROM users WHERE id = 1', 'SELECT id FROM users LIMIT 10', 'SELECT 1'],
    },
    soar: ['CLA.001'],
    area: 'shape',
    severity: 'low',
    message: 'SELECT from a table without WHERE or LIMIT',
    why: 'It reads the whole table on every call. Add a selective WHERE, or LIMIT if you only need a sample.',
    // LIMIT without ORDER BY stops early; with ORDER BY (or GROUP BY) every row is read and sorted
    check: (ctx) =>
      when(ctx.selects().some((b) => b.depth === 0 && !!b.from && !b.where && !(b.limit && !b.orderBy) && !slice(ctx, b.from).some((t) => isWord(t, 'DUAL')))),
  },
  {
    id: 'order-by-rand',
    examples: { bad: ['SELECT id FROM users WHERE a = 1 ORDER BY RAND() LIMIT 1'], good: ['SELECT id FROM users WHERE a = 1 ORDER BY id LIMIT 1'] },
    soar: ['CLA.002'],
    area: 'shape',
    severity: 'high',
    message: 'ORDER BY RAND() sorts the whole result',
    why: 'Every row gets a random key and a filesort, so the cost grows with the table. Pick random ids in the application or use a random offset on an indexed key.',
    check: (ctx) => when(ctx.selects().some((b) => !!b.orderBy && slice(ctx, b.orderBy).some((t, k, a) => isWord(t, 'RAND') && isOp(a[k + 1], '(')))),
  },
  {
    id: 'deep-offset',
    examples: {
      bad: ['SELECT id FROM t WHERE a = 1 ORDER BY id LIMIT 50000, 20', 'SELECT id FROM t ORDER BY id LIMIT 20 OFFSET 100000'],
      good: ['SELECT id FROM t ORDER BY id LIMIT 100, 20'],
    },
    soar: ['CLA.003'],
    area: 'shape',
    severity: 'medium',
    message: 'LIMIT with a deep OFFSET (max-offset)',
    why: 'MySQL reads and throws away every skipped row. Paginate by key ("seek"): WHERE id > last_seen_id ORDER BY id LIMIT n.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const { offset } = limitValues(ctx, b);
        const max = ctx.limits['max-offset'];
        return when(offset !== undefined && offset > max, `offset ${offset} > ${max}`, offset !== undefined && offset > max * 10 ? 'medium' : 'low');
      }),
  },
  {
    id: 'limit-without-order-by',
    examples: {
      bad: ['SELECT id FROM t WHERE a = 1 LIMIT 10', 'SELECT * FROM film WHERE language_id = (SELECT language_id FROM language LIMIT 1)'],
      good: ['SELECT id FROM t WHERE a = 1 ORDER BY id LIMIT 10', 'SELECT 1 FROM t WHERE a = 1 LIMIT 1'],
    },
    soar: ['RES.002'],
    area: 'shape',
    severity: 'low',
    message: 'LIMIT without ORDER BY returns an arbitrary subset',
    why: 'Without ORDER BY the rows returned depend on the plan and may change between runs or replicas. Add an ORDER BY on a unique key.',
    // LIMIT 1 of a constant (SELECT 1 … LIMIT 1) only tests existence; LIMIT 1 of a column still picks an arbitrary row
    check: (ctx) =>
      when(
        ctx
          .selects()
          .some(
            (b) =>
              !!b.limit &&
              !b.orderBy &&
              !!b.from &&
              !isExistsSubquery(ctx, b) &&
              !(limitValues(ctx, b).count === 1 && slice(ctx, b.list).every((t) => t.type === 'number' || t.type === 'string')),
          ),
      ),
  },
  {
    id: 'having-without-aggregate',
    examples: {
      bad: ['SELECT a, COUNT(*) FROM t GROUP BY a HAVING a > 5'],
      good: ['SELECT a, COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 5', 'SELECT a, COUNT(*) AS n FROM t GROUP BY a HAVING n > 5'],
    },
    soar: ['CLA.013'],
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
    examples: { bad: ['SELECT a FROM t UNION SELECT a FROM u'], good: ['SELECT a FROM t UNION ALL SELECT a FROM u'] },
    soar: ['SUB.002'],
    area: 'shape',
    severity: 'low',
    message: 'UNION removes duplicates with a temporary table',
    why: 'Plain UNION de-duplicates the combined result. If the parts cannot overlap, or duplicates are fine, use UNION ALL.',
    check: (ctx) => when(ctx.tokens.some((t, k) => isWord(t, 'UNION') && !isWord(ctx.tokens[k + 1], 'ALL'))),
  },
  {
    id: 'distinct-star',
    examples: {
      bad: ['SELECT DISTINCT * FROM t WHERE a = 1', 'SELECT DISTINCT film.* FROM film'],
      good: ['SELECT DISTINCT a FROM t WHERE a = 1', 'SELECT DISTINCT film.* FROM film, tbl', 'SELECT DISTINCT * FROM film, tbl'],
    },
    soar: ['DIS.003'],
    area: 'shape',
    severity: 'medium',
    message: 'SELECT DISTINCT * de-duplicates whole rows',
    why: 'Rows with a primary key are already distinct; DISTINCT * only adds a temporary table. Select the columns you need, or fix the join that duplicates rows.',
    check: (ctx) =>
      when(
        ctx.selects().some((b) => {
          const t = ctx.tokens;
          const k = b.start + 1;
          const star =
            isWord(t[k], 'DISTINCT') &&
            (isOp(t[k + 1], '*') || (isOp(t[k + 2], '.') && isOp(t[k + 3], '*') && (isOp(t[k + 4], ',') || isWord(t[k + 4], 'FROM'))));
          return star && !!b.from && !slice(ctx, b.from).some((x) => x.depth === b.depth && (isOp(x, ',') || isWord(x, 'JOIN')));
        }),
      ),
  },
  {
    id: 'too-many-joins',
    examples: {
      bad: ['SELECT 1 FROM a JOIN b ON a.i=b.i JOIN c ON c.i=a.i JOIN d ON d.i=a.i JOIN e ON e.i=a.i JOIN f ON f.i=a.i WHERE a.x=1'],
      good: ['SELECT 1 FROM a JOIN b ON a.i=b.i JOIN c ON c.i=a.i WHERE a.x=1'],
    },
    soar: ['JOI.005'],
    area: 'shape',
    severity: 'medium',
    message: 'Too many joined tables in one SELECT (max-join-table-count)',
    why: 'The optimizer search space grows quickly and estimates compound. Split the query, pre-aggregate, or check the plan carefully.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const n = joinCount(ctx, b) + 1;
        return when(n > ctx.limits['max-join-table-count'], `${n} tables > ${ctx.limits['max-join-table-count']}`);
      }),
  },
  {
    id: 'comma-join',
    examples: { bad: ['SELECT 1 FROM a, b WHERE a.i = b.i'], good: ['SELECT 1 FROM a JOIN b ON a.i = b.i', 'SELECT a, b FROM t WHERE x = 1'] },
    area: 'shape',
    severity: 'low',
    message: 'Comma join (FROM a, b)',
    why: 'Join conditions hide in WHERE and a missing one silently becomes a cartesian product. Write explicit JOIN … ON.',
    check: (ctx) => when(ctx.selects().some((b) => hasCommaJoin(ctx, b))),
  },
  {
    id: 'cartesian-join',
    examples: {
      bad: [
        'SELECT 1 FROM a, b',
        'SELECT 1 FROM a JOIN b WHERE a.x = 1',
        'SELECT * FROM a, b WHERE a.x = 1',
        'SELECT * FROM a x, b y, c z WHERE x.id = y.a_id AND x.v = 2',
      ],
      good: [
        'SELECT 1 FROM a JOIN b ON a.i = b.i',
        'SELECT 1 FROM a JOIN b USING (i)',
        'SELECT 1 FROM a CROSS JOIN b',
        'SELECT 1 FROM a, b WHERE a.id = b.a_id AND a.x = 1',
        'SELECT 1 FROM a, b WHERE id = a_id',
        'select tb1.col, tb2.col from tb1, tb2 where id=1',
      ],
    },
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
          if (hasCommaJoin(ctx, b) && commaTablesDisconnected(ctx, b)) return true;
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
    examples: { bad: ['SELECT 1 FROM a NATURAL JOIN b'], good: ['SELECT 1 FROM a JOIN b USING (id)'] },
    area: 'shape',
    severity: 'medium',
    message: 'NATURAL JOIN joins on every column with the same name',
    why: 'Adding a column (created_at, status…) silently changes the join. Use JOIN … USING (col) or ON.',
    check: (ctx) => when(hasWord(ctx, 'NATURAL')),
  },
  {
    id: 'index-hint',
    examples: {
      bad: ['SELECT id FROM t FORCE INDEX (idx_a) WHERE a = 1', 'SELECT STRAIGHT_JOIN 1 FROM a JOIN b ON a.i = b.i'],
      good: ['SELECT id FROM t WHERE a = 1'],
    },
    soar: ['ARG.010'],
    area: 'shape',
    severity: 'info',
    message: 'Index, join-order or cache hint (FORCE/USE/IGNORE INDEX, STRAIGHT_JOIN, SQL_NO_CACHE…)',
    why: 'Hints pin a plan that was right for yesterday’s data. Keep them only with a comment on why, and re-check after data or index changes.',
    check: (ctx) =>
      when(
        ctx.tokens.some(
          (t, k) =>
            (isWord(t, 'FORCE', 'USE', 'IGNORE') && isWord(ctx.tokens[k + 1], 'INDEX', 'KEY')) ||
            isWord(t, 'STRAIGHT_JOIN', 'SQL_NO_CACHE', 'SQL_CACHE', 'SQL_BUFFER_RESULT', 'SQL_BIG_RESULT', 'SQL_SMALL_RESULT'),
        ),
      ),
  },
  {
    id: 'optimizer-hint-comment',
    examples: { bad: ['SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM t WHERE a = 1'], good: ['SELECT /* plain */ id FROM t WHERE a = 1'] },
    area: 'shape',
    severity: 'info',
    message: 'Optimizer hint comment /*+ … */',
    why: 'The hint changes the plan but the SQL parser drops it; this review and EXPLAIN of the statement as written may differ from production. Keep hints documented.',
    check: (ctx) => when(ctx.all.some((t) => t.type === 'hint')),
  },
  {
    id: 'version-comment',
    examples: {
      bad: ['/*!50000 DROP TABLE x */', 'SELECT /*!40001 SQL_NO_CACHE */ id FROM t WHERE a = 1'],
      good: ['SELECT /* not executable */ id FROM t WHERE a = 1'],
    },
    area: 'shape',
    severity: 'medium',
    message: 'Executable version comment /*! … */',
    why: 'MySQL runs the text inside /*! */ although it looks like a comment, so a reader (and the parser) miss it. Write the SQL plainly. The bot never sends such a statement to the server.',
    check: (ctx) => ctx.all.filter((t) => t.type === 'version').map((t) => hit(t.text.length > 50 ? `${t.text.slice(0, 49)}…` : t.text)),
  },
  {
    id: 'sql-calc-found-rows',
    examples: { bad: ['SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE a = 1 ORDER BY id LIMIT 10'], good: ['SELECT id FROM t WHERE a = 1 ORDER BY id LIMIT 10'] },
    soar: ['KWR.001'],
    area: 'shape',
    severity: 'low',
    message: 'SQL_CALC_FOUND_ROWS is deprecated and slow',
    why: 'It forces reading every matching row even with LIMIT. Run a separate COUNT(*) (or drop the total).',
    check: (ctx) => when(hasWord(ctx, 'SQL_CALC_FOUND_ROWS') || hasWord(ctx, 'FOUND_ROWS')),
  },
  {
    id: 'locking-read',
    examples: {
      bad: ['SELECT id FROM t WHERE id = 1 FOR UPDATE', 'SELECT id FROM t WHERE id = 1 LOCK IN SHARE MODE'],
      good: ['SELECT id FROM t WHERE id = 1'],
    },
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
    examples: { bad: ['SELECT id FROM t WHERE a = 1 ORDER BY id LIMIT 50000'], good: ['SELECT id FROM t WHERE a = 1 ORDER BY id LIMIT 500'] },
    area: 'shape',
    severity: 'low',
    message: 'Very large LIMIT (max-limit)',
    why: 'Large pages hold memory and network on both sides. Page through with a key-based cursor in smaller batches.',
    check: (ctx) =>
      ctx.selects().flatMap((b) => {
        const { count } = limitValues(ctx, b);
        return when(count !== undefined && count > ctx.limits['max-limit'], `LIMIT ${count}`);
      }),
  },
  {
    id: 'order-by-position',
    examples: {
      bad: ['SELECT a, b FROM t WHERE x = 1 ORDER BY 2', 'SELECT a, COUNT(*) FROM t GROUP BY 1'],
      good: ['SELECT a, b FROM t WHERE x = 1 ORDER BY b'],
    },
    soar: ['CLA.004', 'CLA.005'],
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
    examples: {
      bad: ['SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE b IN (SELECT b FROM v WHERE c IN (SELECT c FROM w)))'],
      good: ['SELECT a FROM t WHERE a IN (SELECT a FROM u)'],
    },
    soar: ['SUB.004'],
    area: 'shape',
    severity: 'low',
    message: 'Subqueries nested too deep (max-subquery-depth)',
    why: 'Deep nesting is hard to read and often turns into dependent subqueries. Rewrite with joins or CTEs.',
    check: (ctx) => {
      const depths = ctx
        .selects()
        .map((b) => b.depth)
        .sort((a, b) => a - b);
      const nested = new Set(depths).size - 1;
      return when(nested > ctx.limits['max-subquery-depth'], `${nested} nested levels`);
    },
  },
];
