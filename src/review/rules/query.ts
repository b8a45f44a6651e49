/**
 * Query rules that reach SOAR parity: aliases, ORDER/GROUP BY shape, DISTINCT, functions, subqueries,
 * joins and literals. Token-level, so they also run where node-sql-parser fails.
 */
import { identName, isIdent, stringValue, type Token } from '../tokens';
import { closeParen, isOp, isWord, type Range, type SelectBlock } from '../statement';
import { syntaxProblem } from '../syntax';
import { columnRefs, fromTables, isColumnToken, listItems, type TableRef } from './refs';
import { RESERVED } from './reserved';
import { AGGREGATES, COMPARISON, calls, hit, slice, truncate, when, type Hit, type Rule, type RuleContext } from './rule';

const LIST_KEYWORDS = new Set([
  'DISTINCT',
  'ALL',
  'DISTINCTROW',
  'HIGH_PRIORITY',
  'STRAIGHT_JOIN',
  'SQL_SMALL_RESULT',
  'SQL_BIG_RESULT',
  'SQL_BUFFER_RESULT',
  'SQL_NO_CACHE',
  'SQL_CACHE',
  'SQL_CALC_FOUND_ROWS',
]);

function tablesOf(ctx: RuleContext, b: SelectBlock): TableRef[] {
  return b.from ? fromTables(ctx.tokens, b.from, b.depth) : [];
}

/** Select-list items of a block, without leading modifiers. */
function selectItems(ctx: RuleContext, b: SelectBlock): Range[] {
  return listItems(ctx.tokens, b.list, b.depth).map(([s, e]) => {
    while (s < e && isWord(ctx.tokens[s], ...LIST_KEYWORDS)) s++;
    return [s, e] as Range;
  });
}

/** The alias of a select item and whether AS was written, or undefined. */
function itemAlias(t: readonly Token[], [s, e]: Range): { name: string; as: boolean; expr: Range } | undefined {
  if (e - s < 2) return undefined;
  const last = t[e - 1]!;
  if (!isIdent(last) && last.type !== 'string') return undefined;
  const prev = t[e - 2]!;
  if (isWord(prev, 'AS')) return { name: last.type === 'string' ? stringValue(last) : identName(last), as: true, expr: [s, e - 2] };
  if (isOp(prev, '.') || last.type === 'string' || (last.type === 'word' && RESERVED.has(last.upper))) return undefined;
  const endsExpr =
    prev.type === 'number' ||
    prev.type === 'string' ||
    prev.type === 'qident' ||
    isOp(prev, ')', '*') ||
    (prev.type === 'word' && !RESERVED.has(prev.upper) && prev.upper !== 'END') ||
    isWord(prev, 'END');
  if (!endsExpr || (prev.type === 'word' && /^(INTERVAL|BINARY|COLLATE|DATE|TIME|TIMESTAMP)$/.test(prev.upper))) return undefined;
  return { name: identName(last), as: false, expr: [s, e - 1] };
}

/** Whether an ORDER/GROUP BY item (or the select expression it names by alias) is more than a column. */
function isExpression(t: readonly Token[], [s, e]: Range): boolean {
  let end = e;
  while (end > s && isWord(t[end - 1], 'ASC', 'DESC')) end--;
  if (end - s === 1) return false;
  if (end - s === 3 && isOp(t[s + 1], '.')) return false;
  if (end - s === 5 && isOp(t[s + 1], '.') && isOp(t[s + 3], '.')) return false;
  if (end - s === 1 && t[s]!.type === 'number') return false;
  return true;
}

function orderGroupExpressions(ctx: RuleContext, which: 'orderBy' | 'groupBy'): string[] {
  const out: string[] = [];
  for (const b of ctx.selects()) {
    const r = b[which];
    if (!r) continue;
    const aliases = new Map<string, Range>();
    for (const it of selectItems(ctx, b)) {
      const a = itemAlias(ctx.tokens, it);
      if (a) aliases.set(a.name.toLowerCase(), a.expr);
    }
    for (const [s, e] of listItems(ctx.tokens, r, b.depth)) {
      let end = e;
      while (end > s && isWord(ctx.tokens[end - 1], 'ASC', 'DESC', 'WITH', 'ROLLUP')) end--;
      if (end <= s) continue;
      if (isWord(ctx.tokens[s], 'NULL') && end - s === 1) continue;
      const text = ctx.tokens
        .slice(s, end)
        .map((x) => x.text)
        .join(' ');
      if (isExpression(ctx.tokens, [s, end])) {
        if (!(isWord(ctx.tokens[s], 'RAND') && which === 'orderBy')) out.push(text);
        continue;
      }
      const named = ctx.tokens[s]!;
      const alias = end - s === 1 && isIdent(named) ? aliases.get(identName(named).toLowerCase()) : undefined;
      if (alias && isExpression(ctx.tokens, alias))
        out.push(
          `${text} (= ${ctx.tokens
            .slice(alias[0], alias[1])
            .map((x) => x.text)
            .join(' ')})`,
        );
    }
  }
  return out;
}

/** Qualifiers of the ORDER/GROUP BY columns, resolved through the FROM aliases. */
function qualifiersOf(ctx: RuleContext, b: SelectBlock, r: Range): Set<string> {
  const tables = tablesOf(ctx, b);
  const aliasOf = new Map<string, string>();
  for (const t of tables) {
    aliasOf.set(t.alias, t.alias);
    if (!t.aliased) aliasOf.set(t.name.toLowerCase(), t.alias);
  }
  const out = new Set<string>();
  for (const c of columnRefs(ctx.tokens, r)) if (c.qualifier && aliasOf.has(c.qualifier)) out.add(aliasOf.get(c.qualifier)!);
  return out;
}

/** `col = literal` equalities in the top-level AND chain of a WHERE range. */
function fixedColumns(ctx: RuleContext, r: Range): Set<string> {
  const t = ctx.tokens;
  const d = t[r[0]]?.depth ?? 0;
  const out = new Set<string>();
  if (t.slice(r[0], r[1]).some((x) => x.depth === d && (isWord(x, 'OR', 'XOR') || isOp(x, '||')))) return out;
  for (let i = r[0]; i < r[1]; i++) {
    if (t[i]!.depth !== d || !isColumnToken(t, i) || !isOp(t[i + 1], '=')) continue;
    const v = t[i + 2];
    const after = t[i + 3];
    if (v && (v.type === 'number' || v.type === 'string') && (!after || i + 3 >= r[1] || isWord(after, 'AND'))) out.add(identName(t[i]!).toLowerCase());
  }
  return out;
}

function subqueryBlocks(ctx: RuleContext): SelectBlock[] {
  return ctx.selects().filter((b) => isOp(ctx.tokens[b.before], '('));
}

/** The predicate keyword or operator that introduces a subquery block (IN, =, EXISTS…), or ''. */
function subqueryIntro(ctx: RuleContext, b: SelectBlock): string {
  const p = ctx.tokens[b.before - 1];
  if (!p) return '';
  if (p.type === 'word') return p.upper;
  if (p.type === 'op') return p.text;
  return '';
}

const CONCAT_SAFE =
  /^(CONCAT|CONCAT_WS|REPLACE|LPAD|RPAD|TRIM|INSERT|GROUP_CONCAT|ELT|FIELD|MAKE_SET|EXPORT_SET|SUBSTRING_INDEX|LOCATE|INSTR|IF|IFNULL|COALESCE|CASE|DATE_FORMAT|STR_TO_DATE|TIME_FORMAT|FORMAT|SPLIT)$/;

export const queryRules: Rule[] = [
  {
    id: 'syntax-error',
    area: 'shape',
    severity: 'high',
    message: 'Syntax error',
    why: 'MySQL will refuse the statement (error 1064) and a script stops here. Fix the statement at the place shown.',
    soar: ['LIT.004'],
    examples: {
      bad: [
        'SELEC * FORM t',
        'SELECT * FORM t',
        'SELECT * FROM t WHER a = 1',
        "SELECT * FROM t WHERE a = 'x",
        'SELECT * FROM t WHERE',
        'use sakila\nselect * from film',
        'SELECT (a FROM t',
      ],
      good: [
        'SELECT * FROM t1 USE INDEX (i1) ORDER BY a',
        'ALTER TABLE tb ALTER COLUMN id DROP DEFAULT',
        'SELECT * FROM orders FORCE INDEX (idx_a) WHERE a = 1',
        "SELECT 'it''s' FROM dual",
        'INSERT INTO t (a) VALUE (1)',
      ],
    },
    check: (ctx) => {
      const p = syntaxProblem(ctx.sql, ctx.all, ctx.tokens, ctx.parseError);
      return p ? [{ detail: `${p.message} (line ${p.line}, column ${p.column})`, line: p.line, column: p.column }] : [];
    },
  },
  {
    id: 'implicit-alias',
    area: 'style',
    severity: 'info',
    message: 'Alias without AS',
    why: '`SELECT col c` or `FROM tbl t` hides a missing comma: `SELECT a b` silently renames a instead of selecting two columns. Write AS.',
    examples: {
      bad: ['select col c from tbl where id < 1000', 'select col from tbl tb where id < 1000'],
      good: ['select 1', 'select col AS c from tbl AS t where id < 1000', 'SELECT COUNT(*) FROM t WHERE a = 1'],
    },
    soar: ['ALI.001'],
    check: (ctx) => {
      const hits: Hit[] = [];
      for (const b of ctx.selects()) {
        for (const it of selectItems(ctx, b)) {
          const a = itemAlias(ctx.tokens, it);
          if (a && !a.as) hits.push(hit(`column alias ${a.name}`));
        }
        for (const t of tablesOf(ctx, b)) if (t.implicitAlias) hits.push(hit(`table alias ${t.alias}`));
      }
      return hits.slice(0, 1);
    },
  },
  {
    id: 'star-alias',
    area: 'shape',
    severity: 'high',
    message: 'An alias after * (SELECT t.* AS x …)',
    why: 'A column wildcard cannot be renamed; MySQL rejects it, and `SELECT t.* c1, c2` usually means a comma went missing. List the columns you want.',
    examples: {
      bad: ['select tbl.* AS c1,c2,c3 from tbl where id < 1000', 'SELECT * as'],
      good: ['SELECT c1, c2, c3 FROM tb WHERE id < 1000 AND content="mytest* as test"', 'select *'],
    },
    soar: ['ALI.002'],
    check: (ctx) =>
      when(
        ctx
          .selects()
          .some((b) =>
            slice(ctx, b.list).some(
              (t, k, a) =>
                isOp(t, '*') &&
                t.depth === b.depth &&
                (k === 0 || isOp(a[k - 1], ',', '.')) &&
                (isWord(a[k + 1], 'AS') || (isIdent(a[k + 1]) && !(a[k + 1]!.type === 'word' && RESERVED.has(a[k + 1]!.upper)))),
            ),
          ),
      ),
  },
  {
    id: 'alias-same-as-name',
    area: 'style',
    severity: 'info',
    message: 'Alias identical to the column or table name',
    why: 'col AS col or tbl AS tbl adds nothing and makes the query harder to read. Drop the alias.',
    examples: {
      bad: ['select col as col from tbl where id < 1000', 'select name from tbl as tbl where id < 1000'],
      good: ['select col as c from tbl as t where id < 1000'],
    },
    soar: ['ALI.003'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        for (const it of selectItems(ctx, b)) {
          const a = itemAlias(ctx.tokens, it);
          if (a && a.expr[1] - a.expr[0] >= 1) {
            const last = ctx.tokens[a.expr[1] - 1]!;
            if (
              isIdent(last) &&
              (a.expr[1] - a.expr[0] === 1 || isOp(ctx.tokens[a.expr[1] - 2], '.')) &&
              identName(last).toLowerCase() === a.name.toLowerCase()
            )
              return [hit(a.name)];
          }
        }
        for (const t of tablesOf(ctx, b)) if (t.aliased && !t.derived && t.alias === t.name.toLowerCase()) return [hit(t.name)];
      }
      return [];
    },
  },
  {
    id: 'or-same-column',
    area: 'predicates',
    severity: 'info',
    message: 'OR of equalities on the same column: use IN',
    why: 'a = 1 OR a = 2 is a = IN (1, 2); the IN form is shorter, reads as one condition and the optimizer sorts the list for a range scan.',
    examples: {
      bad: ['SELECT c1,c2,c3 FROM tab WHERE c1 = 14 OR c1 = 14', 'SELECT id FROM t WHERE a = 1 OR a = 2 OR a = 3'],
      good: ['SELECT c1,c2,c3 FROM tab WHERE c1 = 14 OR c2 = 17', 'SELECT c1,c2,c3 FROM tab WHERE c1 = 14 OR c1 IS NULL', 'SELECT id FROM t WHERE a IN (1, 2)'],
    },
    soar: ['ARG.008'],
    check: (ctx) => {
      for (const [s, e] of ctx.conditions()) {
        const t = ctx.tokens;
        const byDepth = new Map<number, Range[]>();
        let start = s;
        const d0 = t[s]?.depth ?? 0;
        for (let i = s; i <= e; i++) {
          const x = t[i];
          if (i === e || (x!.depth === d0 && (isWord(x, 'OR') || isOp(x, '||')))) {
            if (!byDepth.has(d0)) byDepth.set(d0, []);
            byDepth.get(d0)!.push([start, i]);
            start = i + 1;
          }
        }
        const terms = byDepth.get(d0) ?? [];
        if (terms.length < 2) continue;
        const cols = terms.map(([a, b]) => {
          const n = b - a;
          if (n === 3 && isColumnToken(t, a) && isOp(t[a + 1], '=') && (t[a + 2]!.type === 'number' || t[a + 2]!.type === 'string'))
            return identName(t[a]!).toLowerCase();
          if (n === 5 && isOp(t[a + 1], '.') && isColumnToken(t, a + 2) && isOp(t[a + 3], '=') && (t[a + 4]!.type === 'number' || t[a + 4]!.type === 'string'))
            return `${identName(t[a]!)}.${identName(t[a + 2]!)}`.toLowerCase();
          return undefined;
        });
        if (cols.every((c) => c !== undefined && c === cols[0])) return [hit(cols[0])];
      }
      return [];
    },
  },
  {
    id: 'string-space-padded',
    area: 'predicates',
    severity: 'low',
    message: 'String literal with a leading or trailing space',
    why: "'a ' and 'a' compare equal under PAD SPACE collations (MySQL 5.x, MariaDB) but not under utf8mb4_0900 (NO PAD), and a leading space never matches. Usually a typo: trim the literal.",
    examples: {
      bad: ["SELECT 'a '", "SELECT ' a'", 'SELECT "a "', "create table tb ( a varchar(10) default ' ')", "select * from tb where col < ' 2022-01-10'"],
      good: ["select ''", "select 'a'", "SELECT CONCAT(first_name, ' ', last_name) FROM t WHERE id = 1", "insert into tb (col) values (' 2020-09-15 ')"],
    },
    soar: ['ARG.009', 'LIT.002'],
    check: (ctx) => {
      // values being inserted are data, not conditions
      const values =
        (ctx.type === 'insert' || ctx.type === 'replace') && !ctx.tokens.some((t) => t.depth === 0 && isWord(t, 'SELECT'))
          ? ctx.tokens.findIndex((t) => t.depth === 0 && isWord(t, 'VALUES', 'VALUE', 'SET'))
          : -1;
      for (let i = 0; i < ctx.tokens.length; i++) {
        const x = ctx.tokens[i]!;
        if (x.type !== 'string' || /^[XxBb]'/.test(x.text) || (values >= 0 && i > values)) continue;
        const v = stringValue(x);
        if (v === '' || v.trim() === v) continue;
        // a separator such as ' ' or ', ' inside a function call is intended
        if (v.trim() === '' || /^[\s,;:|/-]+$/.test(v)) {
          const open = ctx.tokens
            .slice(0, i)
            .map((y, k) => [y, k] as const)
            .reverse()
            .find(([y]) => isOp(y, '(') && y.depth === x.depth - 1);
          const fn = open ? ctx.tokens[open[1] - 1] : undefined;
          if (fn && fn.type === 'word' && CONCAT_SAFE.test(fn.upper)) continue;
          if (isWord(ctx.tokens[i - 1], 'SEPARATOR')) continue;
        }
        if (isWord(ctx.tokens[i - 1], 'LIKE') && /^[%_]|[%_]$/.test(v.trim() === v ? v : v.replace(/^\s+|\s+$/g, ''))) continue;
        return [hit(truncate(x.text, 30))];
      }
      return [];
    },
  },
  {
    id: 'full-width-quote',
    area: 'ddl',
    severity: 'low',
    message: 'Full-width quotes (“ ” ‘ ’) in a DDL string',
    why: 'Curly quotes pasted from a document or chat become part of the value (a DEFAULT or COMMENT); they are rarely what was meant. Use plain quotes.',
    examples: {
      bad: [
        "CREATE TABLE tb (a varchar(10) default '“”')",
        "CREATE TABLE tb (a varchar(10) default '‘’')",
        'ALTER TABLE tb ADD COLUMN a VARCHAR(10) DEFAULT "“”"',
      ],
      good: [`CREATE TABLE tb (a varchar(10) default '""')`, "INSERT INTO t (a) VALUES ('“quoted”')"],
    },
    soar: ['ARG.013'],
    check: (ctx) => when(['create_table', 'alter_table'].includes(ctx.type) && ctx.tokens.some((t) => t.type === 'string' && /[“”‘’]/.test(t.text))),
  },
  {
    id: 'in-list-column',
    area: 'logic',
    severity: 'high',
    message: 'A column inside an IN list',
    why: 'id IN (1, 2, id) is true for every row where id is not NULL, so the filter does nothing; in DELETE/UPDATE that touches every row. Check the list.',
    examples: {
      bad: ['select id from t where id in(1, 2, id)', 'delete from t where id in (1, 2, id)'],
      good: ['select id from t where id in (1, 2, 3)', 'select id from t where id in (select id from u)', 'select id from t where 3 in (a, b)'],
    },
    soar: ['ARG.014'],
    check: (ctx) =>
      ctx.tokens.flatMap((x, k) => {
        if (!isWord(x, 'IN') || !isOp(ctx.tokens[k + 1], '(') || isWord(ctx.tokens[k + 2], 'SELECT', 'WITH')) return [];
        if (!isColumnToken(ctx.tokens, k - 1)) return [];
        const close = closeParen(ctx.tokens, k + 1);
        if (close < 0) return [];
        const items = listItems(ctx.tokens, [k + 2, close], x.depth + 1);
        const cols = items.filter(
          ([a, b]) => (b - a === 1 && isColumnToken(ctx.tokens, a)) || (b - a === 3 && isOp(ctx.tokens[a + 1], '.') && isColumnToken(ctx.tokens, a + 2)),
        );
        if (cols.length === 0 || cols.length === items.length) return [];
        return [
          hit(
            cols
              .map(([a, b]) =>
                ctx.tokens
                  .slice(a, b)
                  .map((y) => y.text)
                  .join(''),
              )
              .join(', '),
            ctx.type === 'update' || ctx.type === 'delete' ? 'critical' : undefined,
          ),
        ];
      }),
  },
  {
    id: 'order-or-group-by-fixed-column',
    area: 'shape',
    severity: 'info',
    message: 'ORDER BY or GROUP BY a column that the WHERE fixes to one value',
    why: 'When WHERE col = 5, every row has the same col: sorting or grouping by it does nothing (or hides a bug in the WHERE). Drop it from the clause.',
    examples: {
      bad: ["select film_id, title from film where release_year='2006' group by release_year", 'select id from test where id=1 order by id'],
      good: [
        'select id from test where id > 1 order by id',
        'select a, count(*) from t where b = 1 group by a',
        'select id from test where id = 1 or id = 2 order by id',
      ],
    },
    soar: ['CLA.005', 'GRP.001'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        if (!b.where) continue;
        const fixed = fixedColumns(ctx, b.where);
        if (fixed.size === 0) continue;
        for (const r of [b.orderBy, b.groupBy]) {
          if (!r) continue;
          const items = listItems(ctx.tokens, r, b.depth).map(([s, e]) => {
            let end = e;
            while (end > s && isWord(ctx.tokens[end - 1], 'ASC', 'DESC')) end--;
            return end - s === 1 && isColumnToken(ctx.tokens, s)
              ? identName(ctx.tokens[s]!).toLowerCase()
              : end - s === 3 && isOp(ctx.tokens[s + 1], '.')
                ? identName(ctx.tokens[s + 2]!).toLowerCase()
                : undefined;
          });
          const hitCol = items.find((c) => c !== undefined && fixed.has(c));
          if (hitCol && items.every((c) => c !== undefined && fixed.has(c))) return [hit(hitCol)];
        }
      }
      return [];
    },
  },
  {
    id: 'group-order-across-tables',
    area: 'shape',
    severity: 'medium',
    message: 'GROUP BY or ORDER BY columns from different tables',
    why: 'No single index can serve the clause, so MySQL builds a temporary table and sorts it (filesort), in memory or on disk. Group/sort by columns of one table, e.g. the join key of the driving table.',
    examples: {
      bad: [
        'select tb1.col, tb2.col from tb1, tb2 where id=1 group by tb1.col, tb2.col',
        'select tb1.col, tb2.col from tb1 join tb2 on tb1.id = tb2.id order by tb1.col, tb2.col',
      ],
      good: ['select tb1.col from tb1 join tb2 on tb1.id = tb2.id order by tb1.col, tb1.id', 'select a, b from t group by a, b'],
    },
    soar: ['CLA.006'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        for (const r of [b.groupBy, b.orderBy]) {
          if (r && qualifiersOf(ctx, b, r).size > 1) return [hit([...qualifiersOf(ctx, b, r)].join(', '))];
        }
      }
      return [];
    },
  },
  {
    id: 'group-by-implicit-sort',
    area: 'shape',
    severity: 'info',
    message: 'GROUP BY without ORDER BY (MariaDB and MySQL 5.7 also sort the groups)',
    why: 'MariaDB and MySQL 5.7 / Aurora MySQL 2 sort GROUP BY results even when nobody asked; MySQL 8 does not, so the order may change on upgrade. Add ORDER BY for the order you need, or ORDER BY NULL to skip the sort.',
    examples: {
      bad: ["select c1,c2,c3 from t1 where c1='foo' group by c2"],
      good: ["select c2, count(*) from t1 where c1='foo' group by c2 order by null", 'select c2, count(*) from t1 group by c2 order by c2'],
    },
    soar: ['CLA.008'],
    check: (ctx) =>
      when(
        ctx
          .selects()
          .some(
            (b) =>
              b.depth === 0 &&
              !!b.groupBy &&
              !b.orderBy &&
              !slice(ctx, b.groupBy).some((t) => isWord(t, 'ROLLUP')) &&
              !ctx.tokens.slice(b.end).some((t) => isWord(t, 'ORDER')),
          ),
      ),
  },
  {
    id: 'order-by-expression',
    area: 'shape',
    severity: 'low',
    message: 'ORDER BY an expression or function',
    why: 'An index cannot deliver rows in the order of an expression, so every matching row is sorted (filesort). Order by a column, or store and index the computed value (a generated column).',
    examples: {
      bad: [
        'SELECT col FROM tbl order by cola - cl',
        'SELECT cola - cl col FROM tbl order by col',
        'SELECT cola FROM tbl order by from_unixtime(col)',
        'SELECT from_unixtime(col) cola FROM tbl order by cola',
      ],
      good: [
        'SELECT tbl.col FROM tbl ORDER BY col',
        'SELECT sum(col) AS col FROM tbl ORDER BY dt',
        'SELECT tbl.col FROM tb, tbl WHERE tbl.tag_id = tb.id ORDER BY tbl.col',
        'SELECT col FROM tbl order by `timestamp`',
        'select col from tb where cl = 1 order by APPLY_TIME',
        'SELECT id FROM t WHERE a = 1 ORDER BY RAND() LIMIT 1',
      ],
    },
    soar: ['CLA.009'],
    check: (ctx) =>
      orderGroupExpressions(ctx, 'orderBy')
        .slice(0, 1)
        .map((x) => hit(truncate(x))),
  },
  {
    id: 'group-by-expression',
    area: 'shape',
    severity: 'low',
    message: 'GROUP BY an expression or function',
    why: 'Grouping by a computed value needs a temporary table over every matching row; no index helps. Group by a column, or a generated column with an index.',
    examples: {
      bad: [
        'SELECT col FROM tbl GROUP by cola - col',
        'SELECT cola - col col FROM tbl GROUP by col',
        'SELECT cola FROM tbl GROUP by from_unixtime(col)',
        'SELECT from_unixtime(col) cola FROM tbl GROUP by cola',
      ],
      good: ['SELECT tbl.col FROM tbl GROUP BY col', 'SELECT dt, sum(col) AS col FROM tbl GROUP BY dt', 'SELECT col FROM tbl GROUP by `timestamp`'],
    },
    soar: ['CLA.010'],
    check: (ctx) =>
      orderGroupExpressions(ctx, 'groupBy')
        .slice(0, 1)
        .map((x) => hit(truncate(x))),
  },
  {
    id: 'long-statement',
    area: 'shape',
    severity: 'info',
    message: 'Very long statement (spaghetti-query-length)',
    why: 'A statement this long is hard to review, to change and to debug, and often hides an accidental cartesian product. Split it into simpler queries or CTEs.',
    examples: {
      bad: [`SELECT ${Array.from({ length: 300 }, (_, i) => `column_${i}`).join(', ')} FROM t WHERE id = 1`],
      good: ['SELECT a FROM t WHERE id = 1'],
    },
    soar: ['CLA.012'],
    check: (ctx) => when(ctx.sql.length > ctx.limits['spaghetti-query-length'], `${ctx.sql.length} characters`),
  },
  {
    id: 'update-primary-key',
    area: 'writes',
    severity: 'medium',
    message: 'UPDATE changes the id column',
    why: 'Changing a primary key moves the row in the clustered index, rewrites every secondary index entry and breaks references to it. Insert a new row instead, or keep the key immutable.',
    examples: { bad: ['update tbl set id = 5 where id = 1'], good: ['update tbl set col = 1 where id = 1'] },
    soar: ['CLA.016'],
    check: (ctx) => {
      const set = ctx.write().set;
      if (ctx.type !== 'update' || !set) return [];
      return when(
        listItems(ctx.tokens, set, 0).some(
          ([s]) =>
            (isWord(ctx.tokens[s], 'ID') && isOp(ctx.tokens[s + 1], '=')) ||
            (isOp(ctx.tokens[s + 1], '.') && isWord(ctx.tokens[s + 2], 'ID') && isOp(ctx.tokens[s + 3], '=')),
        ),
      );
    },
  },
  {
    id: 'too-many-distinct',
    area: 'shape',
    severity: 'low',
    message: 'Many DISTINCT in one statement (max-distinct-count)',
    why: 'Each DISTINCT de-duplicates with a temporary table or a sort; many of them usually mean joins that multiply rows. Fix the join, or split the query.',
    examples: {
      bad: [
        'SELECT DISTINCT c.c_id,count(DISTINCT c.c_name),count(DISTINCT c.c_e),count(DISTINCT c.c_n),count(DISTINCT c.c_me),c.c_d FROM (select distinct id, name from B) as e WHERE e.country_id = c.country_id',
      ],
      good: ['SELECT DISTINCT a FROM t WHERE b = 1'],
    },
    soar: ['DIS.001'],
    check: (ctx) => {
      const n = ctx.tokens.filter((t) => isWord(t, 'DISTINCT')).length;
      return when(n > ctx.limits['max-distinct-count'], `${n} DISTINCT`);
    },
  },
  {
    id: 'count-distinct-multi-column',
    area: 'logic',
    severity: 'medium',
    message: 'COUNT(DISTINCT a, b) skips rows where any column is NULL',
    why: 'A combination is counted only when every listed column is non-NULL, so the result is lower than "distinct pairs". Use COUNT(DISTINCT a, b) only on NOT NULL columns, or COALESCE them.',
    examples: {
      bad: ['SELECT COUNT(DISTINCT col, col2) FROM tbl'],
      good: [
        'SELECT COUNT(DISTINCT col) FROM tbl',
        'SELECT JSON_OBJECT("key", p.id, "specifications", JSON_OBJECTAGG(a.name, v.value)) as product FROM product as p JOIN value as v ON p.id = v.prod_id JOIN attribute as a ON a.id = v.attribute_id GROUP BY v.prod_id',
      ],
    },
    soar: ['DIS.002'],
    check: (ctx) =>
      when(
        calls(ctx, 'COUNT').some((k) => {
          if (!isWord(ctx.tokens[k + 2], 'DISTINCT')) return false;
          const close = closeParen(ctx.tokens, k + 1);
          return close > 0 && listItems(ctx.tokens, [k + 3, close], ctx.tokens[k + 1]!.depth + 1).length > 1;
        }),
      ),
  },
  {
    id: 'pipes-as-or',
    area: 'logic',
    severity: 'medium',
    message: '|| is logical OR in MySQL, not string concatenation',
    why: "Unless sql_mode has PIPES_AS_CONCAT, 'a' || 'b' is 0 and c1 || c2 is 0 or 1. Use CONCAT() for strings and OR for logic (|| as OR is deprecated in MySQL 8).",
    examples: {
      bad: [
        "select c1 || coalesce(' ' || c2 || ' ', ' ') || c3 as c from tab",
        'update t1 set c1 = v1 where id in (select id || 1 from t2)',
        'update t1 set c1 = v1 where id in (select id \n || 1 from t2)',
      ],
      good: [
        'select "a || b" from tab',
        'update t1 set c1 = "{\\"key\\":\\"text||text\\"}" where id = 1',
        'select "a or b" from tab',
        'INSERT INTO `order` VALUES (8, "test", "order.salesType==200||order.salesType==201")',
      ],
    },
    soar: ['FUN.003'],
    check: (ctx) => when(ctx.tokens.some((t) => isOp(t, '||'))),
  },
  {
    id: 'sysdate',
    area: 'logic',
    severity: 'medium',
    message: 'SYSDATE() returns the time of evaluation, not of the statement',
    why: 'SYSDATE() changes during one statement, is unsafe for statement-based replication and cannot be used as a constant for index lookups. Use NOW().',
    examples: { bad: ['select sysdate()', 'select Sysdate()'], good: ['select now()'] },
    soar: ['FUN.004'],
    check: (ctx) => when(calls(ctx, 'SYSDATE').length > 0),
  },
  {
    id: 'count-column-or-constant',
    area: 'logic',
    severity: 'info',
    message: 'COUNT(column) or COUNT(constant) instead of COUNT(*)',
    why: 'COUNT(col) counts only non-NULL values, which is a different question; COUNT(1) is COUNT(*) written obscurely. Use COUNT(*) to count rows.',
    examples: { bad: ['select count(1) from tbl', 'select count(col) from tbl'], good: ['select count(*) from tbl', 'select count(DISTINCT col) from tbl'] },
    soar: ['FUN.005'],
    check: (ctx) => when(calls(ctx, 'COUNT').some((k) => !isOp(ctx.tokens[k + 2], '*') && !isWord(ctx.tokens[k + 2], 'DISTINCT', 'ALL'))),
  },
  {
    id: 'sum-may-be-null',
    area: 'logic',
    severity: 'info',
    message: 'SUM() returns NULL, not 0, when no row matches',
    why: 'COUNT() of nothing is 0 but SUM() of nothing is NULL, which breaks arithmetic and application code. Wrap it: COALESCE(SUM(col), 0).',
    examples: {
      bad: ['select sum(1) from tbl', 'select sum(col) from tbl'],
      good: ['SELECT IF(ISNULL(SUM(COL)), 0, SUM(COL)) FROM tbl', 'SELECT COALESCE(SUM(col), 0) FROM tbl'],
    },
    soar: ['FUN.006'],
    check: (ctx) =>
      when(
        calls(ctx, 'SUM').some((k) => {
          for (let j = k - 1; j >= 0; j--) {
            const t = ctx.tokens[j]!;
            if (isOp(t, '(') && t.depth < ctx.tokens[k]!.depth && /^(COALESCE|IFNULL|IF|ISNULL|NVL)$/.test(ctx.tokens[j - 1]?.upper ?? '')) return false;
          }
          return true;
        }),
      ),
  },
  {
    id: 'mixed-comma-and-join',
    area: 'shape',
    severity: 'medium',
    message: 'Comma joins mixed with JOIN … ON',
    why: 'JOIN binds tighter than the comma, so in FROM a, b JOIN c ON a.x = c.x the ON cannot see a (error 1054), and the meaning changed across MySQL versions. Use explicit JOINs only.',
    examples: {
      bad: ['select c1,c2,c3 from t1,t2 join t3 on t1.c1=t2.c1 and t1.c3=t3.c1 where id>1000'],
      good: ['select c1 from t1 join t2 on t1.c1 = t2.c1 join t3 on t1.c3 = t3.c1 where id > 1000', 'select c1 from t1, t2 where t1.c1 = t2.c1'],
    },
    soar: ['JOI.001'],
    check: (ctx) =>
      when(
        ctx
          .selects()
          .some(
            (b) =>
              !!b.from &&
              slice(ctx, b.from).some((t) => t.depth === b.depth && isOp(t, ',')) &&
              slice(ctx, b.from).some((t) => t.depth === b.depth && isWord(t, 'JOIN')),
          ),
      ),
  },
  {
    id: 'same-table-joined-twice',
    area: 'shape',
    severity: 'low',
    message: 'The same table appears twice in FROM',
    why: 'Reading one table twice is sometimes needed (a self-join), but often one access would do. Without distinct aliases the statement fails (error 1066).',
    examples: {
      bad: ['select tb1.col from (tb1, tb2) join tb2 on tb1.id=tb.id where tb1.id=1', 'select a.id from t a join t b on a.parent_id = b.id'],
      good: ['select a.id from t a join u b on a.id = b.id'],
    },
    soar: ['JOI.002'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        const seen = new Map<string, TableRef>();
        for (const t of tablesOf(ctx, b)) {
          if (t.derived) continue;
          const key = `${t.db ?? ''}.${t.name}`.toLowerCase();
          const prev = seen.get(key);
          if (prev) return [hit(t.name, prev.alias === t.alias ? 'high' : undefined)];
          seen.set(key, t);
        }
      }
      return [];
    },
  },
  {
    id: 'exclusive-left-join-column',
    area: 'logic',
    severity: 'low',
    message: 'LEFT JOIN … WHERE right.col IS NULL on a column that is not the join column',
    why: 'An anti-join tests the joined key for NULL (WHERE r.id IS NULL). Testing another column also keeps matched rows whose column is NULL — usually not what was meant, unless that column is NOT NULL.',
    examples: {
      bad: ['select c1,c2,c3 from t1 left outer join t2 on t1.c1=t2.c1 where t2.c2 is null'],
      good: ['select c1 from t1 left join t2 on t1.c1 = t2.c1 where t2.c1 is null', 'select c1 from t1 join t2 on t1.c1 = t2.c1 where t2.c2 is null'],
    },
    soar: ['JOI.004'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        if (!b.from || !b.where) continue;
        const f = slice(ctx, b.from);
        const leftJoined = new Map<string, Set<string>>();
        const tables = tablesOf(ctx, b);
        for (const t of tables) {
          const k = ctx.tokens
            .slice(0, t.start)
            .reverse()
            .findIndex((x) => x.depth === b.depth && (isWord(x, 'JOIN') || isOp(x, ',')));
          const j = t.start - 1 - k;
          if (k < 0 || !isWord(ctx.tokens[j], 'JOIN')) continue;
          if (!ctx.tokens.slice(j - 3, j).some((x) => isWord(x, 'LEFT', 'RIGHT'))) continue;
          const cols = new Set<string>();
          const on = ctx.tokens.slice(t.start, b.from[1]).findIndex((x) => isWord(x, 'ON', 'USING'));
          if (on >= 0)
            for (const c of columnRefs(ctx.tokens, [t.start + on, b.from[1]])) if (!c.qualifier || c.qualifier === t.alias) cols.add(c.column.toLowerCase());
          leftJoined.set(t.alias, cols);
        }
        if (leftJoined.size === 0 || f.length === 0) continue;
        const w = slice(ctx, b.where);
        for (let i = 0; i < w.length; i++) {
          if (isOp(w[i + 1], '.') && isIdent(w[i]) && isIdent(w[i + 2]) && isWord(w[i + 3], 'IS') && isWord(w[i + 4], 'NULL')) {
            const cols = leftJoined.get(identName(w[i]!).toLowerCase());
            if (cols && !cols.has(identName(w[i + 2]!).toLowerCase())) return [hit(`${identName(w[i]!)}.${identName(w[i + 2]!)}`)];
          }
        }
      }
      return [];
    },
  },
  {
    id: 'subquery-in-where',
    area: 'shape',
    severity: 'info',
    message: 'Subquery in a condition',
    why: 'MySQL 5.6+ and MariaDB turn most IN/= subqueries into semi-joins or run them once, but a correlated one runs for every outer row. With --db the plan shows it (plan-dependent-subquery); otherwise prefer a JOIN.',
    examples: {
      bad: [
        'select col1,col2,col3 from table1 where col2 in(select col from table2)',
        'SELECT s,p,d FROM tab WHERE p.p_id = (SELECT s.p_id FROM tab WHERE s.c_id = 100996 AND s.q = 1 )',
      ],
      good: ['select col1 from table1 join table2 on table1.col2 = table2.col', 'select * from (select id from tbl limit 3) as foo'],
    },
    soar: ['SUB.001', 'JOI.006'],
    check: (ctx) => when(subqueryBlocks(ctx).some((b) => /^(IN|=|<>|!=|<|>|<=|>=|ANY|ALL|SOME|EXISTS)$/.test(subqueryIntro(ctx, b)))),
  },
  {
    id: 'cross-database-join',
    area: 'shape',
    severity: 'low',
    message: 'Join across databases',
    why: 'A query that joins tables of two schemas couples two systems: it breaks when one moves to another cluster, and privileges and replication filters must match on both. Keep joins inside one schema.',
    examples: {
      bad: [
        'SELECT s,p,d FROM db1.tb1 join db2.tb2 on db1.tb1.a = db2.tb2.a where db1.tb1.a > 10',
        'SELECT s,p,d FROM db1.tb1 join tb2 on db1.tb1.a = tb2.a where db1.tb1.a > 10',
      ],
      good: ['SELECT s,p,d FROM db1.tb1 join db1.tb2 on db1.tb1.a = db1.tb2.a where db1.tb1.a > 10', 'SELECT a FROM tb1 JOIN tb2 ON tb1.a = tb2.a'],
    },
    soar: ['JOI.008'],
    check: (ctx) => {
      for (const b of ctx.selects()) {
        const dbs = new Set(
          tablesOf(ctx, b)
            .filter((t) => !t.derived)
            .map((t) => (t.db ?? '').toLowerCase()),
        );
        if (dbs.size > 1) return [hit([...dbs].map((d) => d || '(default)').join(', '))];
      }
      return [];
    },
  },
  {
    id: 'order-by-mixed-direction',
    area: 'shape',
    severity: 'low',
    message: 'ORDER BY with mixed ASC and DESC',
    why: 'An ordinary index serves ORDER BY a, b or a DESC, b DESC but not a DESC, b ASC, so every row is sorted. MySQL 8 can build a matching descending index; MariaDB before 10.8 and MySQL 5.7 (Aurora MySQL 2) cannot.',
    examples: {
      bad: ['SELECT col FROM tbl order by col desc, col2 asc', 'SELECT col FROM tbl order by col desc, col2', 'SELECT col FROM tbl order by col, col2 desc'],
      good: ['SELECT col FROM tbl order by col, col2', 'SELECT col FROM tbl order by col desc, col2 desc', 'SELECT col FROM tbl order by col asc, col2 asc'],
    },
    soar: ['KEY.008'],
    check: (ctx) =>
      when(
        ctx.selects().some((b) => {
          if (!b.orderBy) return false;
          const dirs = new Set(listItems(ctx.tokens, b.orderBy, b.depth).map(([, e]) => (isWord(ctx.tokens[e - 1], 'DESC') ? 'DESC' : 'ASC')));
          return dirs.size > 1;
        }),
      ),
  },
  {
    id: 'on-duplicate-key-update',
    area: 'writes',
    severity: 'low',
    message: 'INSERT … ON DUPLICATE KEY UPDATE',
    why: 'Every conflicting row still consumes an AUTO_INCREMENT value (gaps grow fast on busy upserts and can exhaust an INT key), and with several unique keys the row it updates is not well defined. Watch the key range; prefer one unique key per upsert.',
    examples: { bad: ['INSERT INTO t1(a,b,c) VALUES (1,2,3) ON DUPLICATE KEY UPDATE c=c+1'], good: ['INSERT INTO t1(a,b,c) VALUES (1,2,3)'] },
    soar: ['LCK.002'],
    check: (ctx) => when(ctx.tokens.some((t, k) => isWord(t, 'DUPLICATE') && isWord(ctx.tokens[k - 1], 'ON'))),
  },
  {
    id: 'ip-address-as-string',
    area: 'predicates',
    severity: 'info',
    message: 'IP address stored or compared as a string',
    why: "A dotted IPv4 string takes up to 15 bytes and sorts wrongly ('10.0.0.9' > '10.0.0.10'). Store it as INT UNSIGNED with INET_ATON()/INET_NTOA() (or VARBINARY(16) with INET6_ATON for IPv6).",
    examples: {
      bad: ["insert into tbl (IP,name) values('10.20.306.122','test')", "SELECT id FROM logins WHERE ip = '192.168.0.1'"],
      good: [
        "CREATE USER IF NOT EXISTS 'test'@'1.1.1.1'",
        "GRANT SELECT ON `test`.* TO 'test'@'1.1.1.1'",
        "insert into tbl (ip) values (INET_ATON('10.20.30.122'))",
      ],
    },
    soar: ['LIT.001'],
    check: (ctx) => {
      if (!['insert', 'replace', 'update', 'select', 'delete'].includes(ctx.type)) return [];
      return when(
        ctx.tokens.some(
          (t, k) =>
            t.type === 'string' &&
            /^\d{1,3}(\.\d{1,3}){3}$/.test(stringValue(t)) &&
            !/^INET6?_ATON$/.test(ctx.tokens[k - 2]?.upper ?? '') &&
            !isOp(ctx.tokens[k - 1], '@') &&
            !(ctx.tokens[k - 1]?.type === 'variable'),
        ),
      );
    },
  },
  {
    id: 'unquoted-date',
    area: 'logic',
    severity: 'high',
    message: 'Date written without quotes is arithmetic',
    why: "WHERE d < 2018-01-10 compares with 2007 (2018 minus 1 minus 10), not with a date. Quote it: '2018-01-10'.",
    examples: {
      bad: [
        'select col1,col2 from tbl where time < 2018-01-10',
        'select col1,col2 from tbl where time < 18-01-10',
        'INSERT INTO tb1 SELECT * FROM tb2 WHERE time < 2020-01-10',
      ],
      good: [
        "select col1,col2 from tbl where time < '2018-01-10'",
        "INSERT INTO `tb` (`col`) VALUES ('timestamp=2019-12-16')",
        'select id from t where a = 10 - 2 - 1',
        "INSERT INTO tb1 SELECT * FROM tb2 WHERE time < '2020-01-10'",
      ],
    },
    soar: ['LIT.002'],
    check: (ctx) =>
      when(
        ctx.tokens.some((t, k) => {
          const m = ctx.tokens[k + 2];
          const d = ctx.tokens[k + 4];
          if (t.type !== 'number' || !isOp(ctx.tokens[k + 1], '-') || !isOp(ctx.tokens[k + 3], '-') || m?.type !== 'number' || d?.type !== 'number')
            return false;
          if (ctx.tokens[k + 1]!.spaceBefore || m.spaceBefore || ctx.tokens[k + 3]!.spaceBefore || d.spaceBefore) return false;
          return (
            /^(\d{2}|\d{4})$/.test(t.text) &&
            /^\d{2}$/.test(m.text) &&
            /^\d{2}$/.test(d.text) &&
            Number(m.text) >= 1 &&
            Number(m.text) <= 12 &&
            Number(d.text) >= 1 &&
            Number(d.text) <= 31
          );
        }),
      ),
  },
  {
    id: 'multi-value-column',
    area: 'predicates',
    severity: 'low',
    message: 'A list of values searched inside one column',
    why: "REGEXP '[[:<:]]12[[:>:]]', FIND_IN_SET() or LIKE '%,12,%' mean ids are stored as a comma-separated string: no index, no integrity, awkward joins. Store one value per row in a link table.",
    examples: {
      bad: [
        "select c1,c2,c3,c4 from tab1 where col_id REGEXP '[[:<:]]12[[:>:]]'",
        "select id from t where FIND_IN_SET('12', tags)",
        "select id from t where tags LIKE '%,12,%'",
      ],
      good: ['select id from t where tag_id = 12', "select id from t where name LIKE 'a%'"],
    },
    soar: ['LIT.003'],
    check: (ctx) =>
      when(
        calls(ctx, 'FIND_IN_SET').length > 0 ||
          ctx.tokens.some(
            (t, k) => isWord(t, 'REGEXP', 'RLIKE') && ctx.tokens[k + 1]?.type === 'string' && /\[\[:[<>]:\]\]|\\b/.test(ctx.tokens[k + 1]!.text),
          ) ||
          ctx.tokens.some((t, k) => isWord(t, 'LIKE') && ctx.tokens[k + 1]?.type === 'string' && /^%,.*,%$/.test(stringValue(ctx.tokens[k + 1]!))),
      ),
  },
  {
    id: 'chained-comparison',
    area: 'logic',
    severity: 'high',
    message: 'Chained comparison (a = b = c)',
    why: "MySQL evaluates col = col = 'abc' as (col = col) = 'abc', i.e. 1 = 'abc', which is not what it looks like. Write col = 'abc' (AND another comparison if needed).",
    examples: {
      bad: [
        "SELECT * FROM tbl WHERE col = col = 'abc'",
        "SELECT * FROM tbl WHERE col = 'def' and col = col = 'abc'",
        "UPDATE tbl set col = 1 WHERE col = col = 'abc'",
        "DELETE FROM tbl WHERE col = col = 'abc'",
      ],
      good: [
        "SELECT * FROM tbl WHERE col = 'abc'",
        "SELECT * FROM tbl WHERE col = 'abc' and c = 1",
        'update tb set c = 1 where a = 2 and b = 3',
        'SELECT id FROM t WHERE a BETWEEN 1 AND 2 AND b = 3',
      ],
    },
    soar: ['RES.009'],
    check: (ctx) => {
      for (const [s, e] of ctx.conditions()) {
        const d = ctx.tokens[s]?.depth ?? 0;
        let count = 0;
        for (let i = s; i < e; i++) {
          const x = ctx.tokens[i]!;
          if (x.depth !== d) continue;
          if (isWord(x, 'AND', 'OR', 'XOR', 'WHEN', 'THEN', 'ELSE', 'END', 'CASE') || isOp(x, '&&', '||', ',')) count = 0;
          else if (x.type === 'op' && COMPARISON.has(x.text)) {
            count++;
            if (count > 1) return [hit()];
          }
        }
      }
      return [];
    },
  },
  {
    id: 'write-order-by-without-limit',
    area: 'writes',
    severity: 'info',
    message: 'UPDATE/DELETE with ORDER BY but no LIMIT',
    why: 'Without LIMIT the ORDER BY only adds a sort: every matching row is changed anyway. Drop it (keep ORDER BY only together with LIMIT).',
    examples: {
      bad: ["UPDATE film SET length = 120 WHERE title = 'abc' ORDER BY title"],
      good: ["UPDATE film SET length = 120 WHERE title = 'abc'", 'DELETE FROM logs WHERE ts < NOW() ORDER BY id LIMIT 1000'],
    },
    soar: ['RES.004'],
    check: (ctx) => when((ctx.type === 'update' || ctx.type === 'delete') && !!ctx.write().orderBy && !ctx.write().limit),
  },
  {
    id: 'non-standard-not-equal',
    area: 'style',
    severity: 'info',
    message: "'!=' instead of the standard '<>'",
    why: '<> is the SQL standard inequality; != works in MySQL but not everywhere. Prefer <> for portable SQL.',
    examples: { bad: ['select col1,col2 from tbl where type!=0'], good: ['select col1,col2 from tbl where type<>0'] },
    soar: ['STA.001'],
    check: (ctx) => when(ctx.tokens.some((t) => isOp(t, '!='))),
  },
  {
    id: 'space-after-dot',
    area: 'style',
    severity: 'info',
    message: 'Space after the dot of a qualified name',
    why: 'sakila. film is valid but reads like two words and breaks simple text searches for sakila.film. Write the name without spaces.',
    examples: {
      bad: ['SELECT * FROM sakila. film', 'SELECT film. length FROM film'],
      good: ['SELECT * FROM sakila.film', 'SELECT film.length FROM film', 'SELECT * FROM t1, t2 WHERE t1.title = t2.title'],
    },
    soar: ['STA.002'],
    check: (ctx) =>
      when(
        ctx.tokens.some(
          (t, k) => isOp(t, '.') && isIdent(ctx.tokens[k - 1]) && isIdent(ctx.tokens[k + 1]) && (ctx.tokens[k + 1]!.spaceBefore || t.spaceBefore),
        ),
      ),
  },
  {
    id: 'distinct-with-join',
    area: 'shape',
    severity: 'low',
    message: 'DISTINCT over a join',
    why: 'DISTINCT on a join usually removes duplicates that the join created. A semi-join (WHERE EXISTS (…) or IN (…)) does not create them and reads less.',
    examples: {
      bad: ['SELECT DISTINCT c.c_id, c.c_name FROM c,e WHERE e.c_id = c.c_id', 'SELECT DISTINCT c.id FROM c JOIN e ON e.c_id = c.id'],
      good: ['SELECT c.c_id, c.c_name FROM c WHERE EXISTS (SELECT 1 FROM e WHERE e.c_id = c.c_id)', 'SELECT DISTINCT a FROM t WHERE b = 1'],
    },
    soar: ['SUB.003'],
    check: (ctx) => when(ctx.selects().some((b) => isWord(ctx.tokens[b.start + 1], 'DISTINCT') && tablesOf(ctx, b).length > 1)),
  },
  {
    id: 'limit-in-subquery',
    area: 'shape',
    severity: 'high',
    message: 'LIMIT inside an IN/ALL/ANY/SOME subquery',
    why: "MySQL and MariaDB refuse it: error 1235 \"This version doesn't yet support 'LIMIT & IN/ALL/ANY/SOME subquery'\". Wrap it in a derived table: IN (SELECT x FROM (SELECT … LIMIT n) AS t).",
    examples: {
      bad: ['SELECT * FROM staff WHERE name IN (SELECT NAME FROM customer ORDER BY name LIMIT 1)'],
      good: ['select * from (select id from tbl limit 3) as foo', 'select * from tbl where id in (select t.id from (select * from tbl limit 3)as t)'],
    },
    soar: ['SUB.005'],
    check: (ctx) => when(subqueryBlocks(ctx).some((b) => !!b.limit && /^(IN|ANY|ALL|SOME)$/.test(subqueryIntro(ctx, b)))),
  },
  {
    id: 'function-in-subquery',
    area: 'shape',
    severity: 'info',
    message: 'Aggregate or function in the select list of an IN subquery',
    why: 'An aggregate in the subquery keeps MySQL from turning IN (SELECT …) into a semi-join; it is materialised or run per row instead. Check the plan, or rewrite it as a join to a grouped derived table.',
    examples: {
      bad: ['SELECT * FROM staff WHERE name IN (SELECT max(NAME) FROM customer)'],
      good: ['select * from (select id from tbl limit 3) as foo', 'select * from tbl where id in (select t.id from (select * from tbl limit 3)as t)'],
    },
    soar: ['SUB.006'],
    check: (ctx) =>
      when(
        subqueryBlocks(ctx).some(
          (b) =>
            /^(IN|ANY|ALL|SOME|=)$/.test(subqueryIntro(ctx, b)) &&
            slice(ctx, b.list).some((t, k, a) => t.type === 'word' && isOp(a[k + 1], '(') && t.depth === b.depth && AGGREGATES.has(t.upper)),
        ),
      ),
  },
  {
    id: 'union-outer-limit',
    area: 'shape',
    severity: 'low',
    message: 'LIMIT on a UNION whose parts have no LIMIT',
    why: 'MySQL does not push the outer LIMIT into the parts: each part is read in full into a temporary table first. Repeat the ORDER BY … LIMIT n inside each part.',
    examples: {
      bad: [
        '(SELECT * FROM tb1 ORDER BY name) UNION ALL (SELECT * FROM tb2 ORDER BY name) LIMIT 20',
        '(SELECT * FROM tb1 ORDER BY name LIMIT 20) UNION ALL (SELECT * FROM tb2 ORDER BY name) LIMIT 20',
      ],
      good: [
        '(SELECT * FROM tb1 ORDER BY name LIMIT 20) UNION ALL (SELECT * FROM tb2 ORDER BY name LIMIT 20) LIMIT 20',
        'SELECT * FROM tb1 ORDER BY name LIMIT 20',
      ],
    },
    soar: ['SUB.007'],
    check: (ctx) => {
      const t = ctx.tokens;
      if (!t.some((x) => x.depth === 0 && isWord(x, 'UNION'))) return [];
      const lastClose = t
        .map((x, k) => [x, k] as const)
        .filter(([x]) => x.depth === 0 && isOp(x, ')'))
        .pop();
      if (!lastClose || !t.slice(lastClose[1]).some((x) => x.depth === 0 && isWord(x, 'LIMIT'))) return [];
      const parts = ctx
        .selects()
        .filter((b) => b.depth === 1 && isOp(t[b.before], '(') && (b.before === 0 || isWord(t[b.before - 1], 'UNION', 'ALL', 'DISTINCT')));
      return when(parts.some((b) => !b.limit));
    },
  },
];
