/** Predicates that keep MySQL from using an index. */
import { identName, isIdent, stringValue, type Token } from '../tokens';
import { closeParen, isOp, isWord, type Range } from '../statement';
import { COMPARISON, hit, truncate, when, type Hit, type Rule, type RuleContext } from './rule';

const STRINGY_NAME = /(^|_)(name|email|phone|uuid|guid|token|nickname|title|mail|username|password)$/i;

/** Every token index inside the statement's condition ranges. */
function condTokens(ctx: RuleContext): [Token[], Range][] {
  return ctx.conditions().map((r) => [ctx.tokens.slice(r[0], r[1]), r]);
}

/** A column reference ending at index k of `t` (`col`, `t.col`, `db.t.col`) → its start, or -1. */
function columnAt(t: readonly Token[], k: number): boolean {
  const x = t[k];
  if (!x || !isIdent(x) || isOp(t[k + 1], '(')) return false;
  if (
    x.type === 'word' &&
    /^(NULL|TRUE|FALSE|AND|OR|NOT|IS|IN|LIKE|BETWEEN|CASE|WHEN|THEN|ELSE|END|EXISTS|SELECT|INTERVAL|DAY|HOUR|MINUTE|SECOND|MONTH|YEAR|WEEK|DATE|BINARY|ESCAPE|DIV|MOD|XOR|REGEXP|RLIKE|COLLATE|ASC|DESC|CURRENT_TIMESTAMP|CURRENT_DATE|UNKNOWN|SOUNDS|ANY|ALL|SOME)$/.test(
      x.upper,
    )
  )
    return false;
  return true;
}

/** Start of each simple predicate: after WHERE/ON/AND/OR/NOT/XOR/( or at the range start. */
function predicateStarts(t: readonly Token[]): number[] {
  const out: number[] = [0];
  t.forEach((x, k) => {
    if (isWord(x, 'AND', 'OR', 'NOT', 'XOR', 'WHEN') || isOp(x, '(', '&&', '||')) out.push(k + 1);
  });
  return out;
}

/** Left-hand column (as text) of a comparison starting at k, and the index of its operator. */
function leftColumn(t: readonly Token[], k: number): [string, number] | undefined {
  if (!columnAt(t, k)) return undefined;
  let j = k;
  while (isOp(t[j + 1], '.') && isIdent(t[j + 2])) j += 2;
  return [
    t
      .slice(k, j + 1)
      .map((x) => identName(x))
      .join('.'),
    j + 1,
  ];
}

export const predicateRules: Rule[] = [
  {
    id: 'leading-wildcard-like',
    examples: {
      bad: ["SELECT id FROM users WHERE name LIKE '%kim'", "SELECT id FROM users WHERE name LIKE '_im'"],
      good: ["SELECT id FROM users WHERE name LIKE 'abc%'"],
    },
    soar: ['ARG.001'],
    area: 'predicates',
    severity: 'medium',
    message: "LIKE pattern starts with a wildcard ('%…' or '_…')",
    why: 'An index on the column can only seek on a known prefix, so this scans. Use a FULLTEXT index, a reversed-column index for suffix search, or anchor the pattern.',
    check: (ctx) =>
      ctx.tokens.flatMap((x, k) => {
        const p = ctx.tokens[k + 1];
        if (!isWord(x, 'LIKE') || !p || p.type !== 'string') return [];
        const v = stringValue(p);
        return when(v.startsWith('%') || v.startsWith('_'), `LIKE ${truncate(p.text, 40)}`);
      }),
  },
  {
    id: 'like-without-wildcard',
    examples: {
      bad: ["SELECT id FROM users WHERE name LIKE 'kim'", 'select col from tbl where id like 1'],
      good: ["SELECT id FROM users WHERE name LIKE 'kim%'"],
    },
    soar: ['ARG.002'],
    area: 'predicates',
    severity: 'low',
    message: 'LIKE without a wildcard',
    why: "LIKE 'abc' is an equality in disguise (and case/escape rules differ). Use = for clarity.",
    check: (ctx) =>
      when(
        ctx.tokens.some(
          (x, k) =>
            isWord(x, 'LIKE') &&
            ((ctx.tokens[k + 1]?.type === 'string' && !/[%_]/.test(stringValue(ctx.tokens[k + 1]!))) || ctx.tokens[k + 1]?.type === 'number'),
        ),
      ),
  },
  {
    id: 'function-on-column',
    examples: {
      bad: ["SELECT id FROM t WHERE DATE(created_at) = '2024-01-01'", "SELECT id FROM t WHERE a = 1 AND LOWER(email) = 'x'"],
      good: ["SELECT id FROM t WHERE created_at >= '2024-01-01' AND created_at < '2024-01-02'", 'SELECT id FROM t WHERE created_at > NOW()'],
    },
    soar: ['FUN.001'],
    area: 'predicates',
    severity: 'medium',
    message: 'Function applied to a column in a condition',
    why: 'WHERE DATE(created_at) = … cannot use an index on created_at. Rewrite as a range on the bare column (created_at >= … AND created_at < …) or index a generated column.',
    check: (ctx) => {
      const hits: Hit[] = [];
      for (const [t] of condTokens(ctx)) {
        for (const k of predicateStarts(t)) {
          const f = t[k];
          if (!f || f.type !== 'word' || !isOp(t[k + 1], '(') || /^(EXISTS|NOT|IN|SELECT|ROW|INTERVAL|MATCH)$/.test(f.upper)) continue;
          const close = closeParen(t, k + 1);
          if (close < 0 || !columnAt(t, k + 2)) continue;
          const next = t[close + 1];
          if (next && ((next.type === 'op' && COMPARISON.has(next.text)) || isWord(next, 'LIKE', 'IN', 'BETWEEN', 'IS', 'NOT')))
            hits.push(hit(`${f.upper}(${identName(t[k + 2]!)}…)`));
        }
        // constant = FUNC(col): the function is on the right-hand side
        t.forEach((x, k) => {
          const f = t[k + 1];
          if (!(x.type === 'op' && COMPARISON.has(x.text)) || !f || f.type !== 'word' || !isOp(t[k + 2], '(') || /^(EXISTS|SELECT|ROW|INTERVAL)$/.test(f.upper))
            return;
          const lhs = t[k - 1];
          if (!lhs || (lhs.type !== 'string' && lhs.type !== 'number')) return;
          const close = closeParen(t, k + 2);
          if (close > 0 && columnAt(t, k + 3)) hits.push(hit(`${f.upper}(${identName(t[k + 3]!)}…)`));
        });
      }
      return hits;
    },
  },
  {
    id: 'arithmetic-on-column',
    examples: {
      bad: ['SELECT id FROM t WHERE price * 2 > 100', 'SELECT id FROM t WHERE id + 1 = 5'],
      good: ['SELECT id FROM t WHERE price > 50', 'SELECT id FROM t WHERE id = 5 - 1'],
    },
    soar: ['FUN.001'],
    area: 'predicates',
    severity: 'medium',
    message: 'Arithmetic on a column in a condition',
    why: 'WHERE price * 1.1 > 100 or id + 1 = 5 hides the column from its index. Move the arithmetic to the constant side.',
    check: (ctx) => {
      const hits: Hit[] = [];
      for (const [t] of condTokens(ctx)) {
        for (const k of predicateStarts(t)) {
          const left = leftColumn(t, k);
          if (!left) continue;
          const [col, op] = left;
          if (!isOp(t[op], '+', '-', '*', '/', '%') && !isWord(t[op], 'DIV', 'MOD')) continue;
          const cmp = t.slice(op + 1, op + 6).findIndex((x) => x.type === 'op' && COMPARISON.has(x.text));
          if (cmp >= 0) hits.push(hit(`${col} ${t[op]!.text} …`));
        }
      }
      return hits;
    },
  },
  {
    id: 'implicit-conversion',
    examples: {
      bad: ['SELECT id FROM users WHERE phone = 01012345678', 'SELECT id FROM users WHERE nickname IN (1, 2)'],
      good: ["SELECT id FROM users WHERE phone = '01012345678'", 'SELECT id FROM users WHERE level = 5'],
    },
    soar: ['ARG.003'],
    area: 'predicates',
    severity: 'medium',
    message: 'A string-like column compared with a number',
    why: "Comparing a VARCHAR column with a number converts every row's value to a number, so the index is not used (and '1abc' = 1). Quote the literal.",
    check: (ctx) => {
      const hits: Hit[] = [];
      for (const [t] of condTokens(ctx)) {
        for (const k of predicateStarts(t)) {
          const left = leftColumn(t, k);
          if (!left) continue;
          const [col, op] = left;
          const last = col.split('.').pop()!;
          if (!STRINGY_NAME.test(last)) continue;
          if (isOp(t[op], '=', '<>', '!=') && t[op + 1]?.type === 'number') hits.push(hit(`${col} ${t[op]!.text} ${t[op + 1]!.text}`));
          if (isWord(t[op], 'IN') && isOp(t[op + 1], '(') && t[op + 2]?.type === 'number') hits.push(hit(`${col} IN (${t[op + 2]!.text}, …)`));
        }
      }
      return hits;
    },
  },
  {
    id: 'or-across-columns',
    examples: { bad: ['SELECT id FROM t WHERE a = 1 OR b = 2'], good: ['SELECT id FROM t WHERE a = 1 OR a = 2', 'SELECT id FROM t WHERE a = 1 AND b = 2'] },
    area: 'predicates',
    severity: 'low',
    message: 'OR across different columns',
    why: 'a = 1 OR b = 2 can use at most an index merge and often scans. Rewrite as UNION ALL of two indexed queries, or check the plan.',
    check: (ctx) => {
      for (const [t] of condTokens(ctx)) {
        const cols = new Map<number, Set<string>>();
        const starts = [0, ...t.flatMap((x, k) => (isWord(x, 'OR') || isOp(x, '||') ? [k + 1] : []))];
        if (starts.length < 2) continue;
        for (const k of starts) {
          const left = leftColumn(t, k);
          const d = t[k]?.depth ?? 0;
          const orAtDepth = k === 0 || t[k - 1]!.depth === d;
          if (!left || !orAtDepth) continue;
          if (!cols.has(d)) cols.set(d, new Set());
          cols.get(d)!.add(left[0].split('.').pop()!.toLowerCase());
        }
        for (const [, set] of cols) if (set.size > 1) return [hit([...set].slice(0, 4).join(' OR '))];
      }
      return [];
    },
  },
  {
    id: 'not-in-subquery',
    examples: {
      bad: ['SELECT id FROM t WHERE id NOT IN (SELECT tid FROM u)'],
      good: ['SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.tid = t.id)'],
    },
    area: 'predicates',
    severity: 'medium',
    message: 'NOT IN (SELECT …)',
    why: 'If the subquery returns a NULL, NOT IN matches nothing; and it often runs as a dependent subquery. Use NOT EXISTS or a LEFT JOIN … IS NULL.',
    check: (ctx) =>
      when(
        ctx.tokens.some((x, k) => isWord(x, 'NOT') && isWord(ctx.tokens[k + 1], 'IN') && isOp(ctx.tokens[k + 2], '(') && isWord(ctx.tokens[k + 3], 'SELECT')),
      ),
  },
  {
    id: 'negative-predicate',
    examples: { bad: ['SELECT id FROM t WHERE status <> 1', "SELECT id FROM t WHERE name NOT LIKE 'a%'"], good: ['SELECT id FROM t WHERE status = 1'] },
    soar: ['ARG.011'],
    area: 'predicates',
    severity: 'low',
    message: 'Negative predicate (<>, !=, NOT IN, NOT LIKE) in a condition',
    why: 'An index can seek to a value, not around it, so negative conditions scan. Prefer a positive list or range when the set of wanted values is small.',
    check: (ctx) =>
      when(
        condTokens(ctx).some(([t]) =>
          t.some((x, k) => isOp(x, '<>', '!=') || (isWord(x, 'NOT') && isWord(t[k + 1], 'IN', 'LIKE') && !isWord(t[k + 3], 'SELECT'))),
        ),
      ),
  },
  {
    id: 'in-null',
    examples: {
      bad: ['SELECT id FROM t WHERE a IN (NULL)', 'SELECT id FROM t WHERE a NOT IN (1, NULL)'],
      good: ['SELECT id FROM t WHERE a IN (1, 2)', 'SELECT id FROM t WHERE a IS NULL'],
    },
    soar: ['ARG.004'],
    area: 'predicates',
    severity: 'high',
    message: 'NULL inside an IN list',
    why: 'x IN (NULL) is never true, and x NOT IN (…, NULL) is never true for any row. Use IS NULL / IS NOT NULL separately.',
    check: (ctx) =>
      ctx.tokens.flatMap((x, k) => {
        if (!isWord(x, 'IN') || !isOp(ctx.tokens[k + 1], '(')) return [];
        const close = closeParen(ctx.tokens, k + 1);
        const items = ctx.tokens.slice(k + 2, close < 0 ? undefined : close);
        const has = items.some((y, j) => y.depth === x.depth + 1 && isWord(y, 'NULL') && (j === 0 || isOp(items[j - 1], ',')));
        const not = isWord(ctx.tokens[k - 1], 'NOT');
        return when(has, not ? 'NOT IN with NULL matches no row' : 'IN (NULL) never matches', not ? 'critical' : undefined);
      }),
  },
  {
    id: 'huge-in-list',
    soar: ['ARG.005'],
    area: 'predicates',
    severity: 'medium',
    message: 'IN list with too many values (max-in-count)',
    examples: {
      bad: [`SELECT id FROM t WHERE id IN (${Array.from({ length: 250 }, (_, i) => i).join(',')})`],
      good: ['SELECT id FROM t WHERE id IN (1, 2, 3)', 'SELECT id FROM t WHERE id IN (SELECT id FROM u)'],
    },
    why: 'Huge lists bloat the statement, the parser and range optimizer (eq_range_index_dive_limit). Load the values into a temporary table and join, or batch.',
    check: (ctx) =>
      ctx.tokens.flatMap((x, k) => {
        if (!isWord(x, 'IN') || !isOp(ctx.tokens[k + 1], '(') || isWord(ctx.tokens[k + 2], 'SELECT')) return [];
        let n = 1;
        for (let j = k + 2; j < ctx.tokens.length; j++) {
          const y = ctx.tokens[j]!;
          if (y.depth <= x.depth) break;
          if (y.depth === x.depth + 1 && isOp(y, ',')) n++;
        }
        return when(n > ctx.limits['max-in-count'], `${n} values`);
      }),
  },
  {
    id: 'regexp-in-condition',
    examples: { bad: ["SELECT id FROM t WHERE name REGEXP '^a'"], good: ["SELECT id FROM t WHERE name LIKE 'a%'"] },
    soar: ['ARG.007'],
    area: 'predicates',
    severity: 'low',
    message: 'REGEXP/RLIKE in a condition',
    why: 'A regular expression is evaluated on every row and never uses an index. Add an indexable prefix condition or a FULLTEXT search.',
    check: (ctx) => when(condTokens(ctx).some(([t]) => t.some((x) => isWord(x, 'REGEXP', 'RLIKE')))),
  },
  {
    id: 'collate-in-condition',
    examples: { bad: ["SELECT id FROM t WHERE name COLLATE utf8mb4_bin = 'A'"], good: ["SELECT id FROM t WHERE name = 'A'"] },
    area: 'predicates',
    severity: 'low',
    message: 'COLLATE applied in a condition',
    why: 'Changing the collation of a column in WHERE prevents using its index. Store the column with the collation you compare in.',
    check: (ctx) => when(condTokens(ctx).some(([t]) => t.some((x) => isWord(x, 'COLLATE')))),
  },
];
