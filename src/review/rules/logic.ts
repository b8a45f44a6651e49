/** Logic traps: statements that run fine and do the wrong thing. */
import { identName, isIdent, stringValue, type Token } from '../tokens';
import { isOp, isWord } from '../statement';
import { hit, when, type Hit, type Rule, type RuleContext } from './rule';

type Node = Record<string, unknown> | null | undefined;

function literal(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'number') return String(Number(t.text));
  if (t.type === 'string') return `'${stringValue(t)}'`;
  return undefined;
}

/** Comparisons between two constants (or a column and itself) at predicate starts. */
function constantComparisons(ctx: RuleContext): { truth: boolean; text: string }[] {
  const out: { truth: boolean; text: string }[] = [];
  for (const [s, e] of ctx.conditions()) {
    const t = ctx.tokens.slice(s, e);
    t.forEach((x, k) => {
      const prev = t[k - 1];
      // `(` starts a predicate only when it groups conditions, not in IN (…) or a function call.
      const groupingParen =
        isOp(prev, '(') && (k < 2 || isWord(t[k - 2], 'AND', 'OR', 'XOR', 'NOT', 'WHERE', 'ON', 'HAVING') || isOp(t[k - 2], '(', '||', '&&'));
      const atStart = k === 0 || isWord(prev, 'AND', 'OR', 'XOR', 'NOT') || isOp(prev, '||', '&&') || groupingParen;
      if (!atStart) return;
      const op = t[k + 1];
      const y = t[k + 2];
      const after = t[k + 3];
      const ends = !after || isWord(after, 'AND', 'OR', 'XOR') || isOp(after, ')', '||', '&&');
      const a = literal(x);
      const b = literal(y);
      if (a !== undefined && b !== undefined && op && isOp(op, '=', '<>', '!=') && ends) {
        // MySQL semantics: two strings compare as text (case-insensitive collations), otherwise as numbers
        const num = (v: Token) => (v.type === 'number' ? Number(v.text) : parseFloat(stringValue(v)) || 0);
        const eq = x.type === 'string' && y!.type === 'string' ? stringValue(x).toLowerCase() === stringValue(y!).toLowerCase() : num(x) === num(y!);
        out.push({ truth: op.text === '=' ? eq : !eq, text: `${x.text} ${op.text} ${y!.text}` });
        return;
      }
      if (
        isIdent(x) &&
        !isOp(t[k + 1], '.') &&
        isOp(op, '=') &&
        isIdent(y) &&
        ends &&
        x.type === y!.type &&
        identName(x).toLowerCase() === identName(y!).toLowerCase() &&
        !/^(NULL|TRUE|FALSE)$/i.test(x.text)
      ) {
        out.push({ truth: true, text: `${x.text} = ${y!.text}` });
        return;
      }
      const nextEnds = !op || isWord(op, 'AND', 'OR', 'XOR') || isOp(op, ')', '||', '&&');
      if (nextEnds && (isWord(x, 'TRUE', 'FALSE') || x.type === 'number' || (x.type === 'string' && !isOp(t[k - 1], '.')))) {
        // MySQL reads a string as a number: 'a' and 'true' are 0 (false), '1abc' is 1
        const truth = isWord(x, 'TRUE') || (x.type === 'number' && Number(x.text) !== 0) || (x.type === 'string' && (parseFloat(stringValue(x)) || 0) !== 0);
        out.push({ truth, text: x.text });
      } else if (
        isWord(x, 'DATE', 'TIME', 'TIMESTAMP') &&
        t[k + 1]?.type === 'string' &&
        (!t[k + 2] || isWord(t[k + 2], 'AND', 'OR', 'XOR') || isOp(t[k + 2], ')'))
      ) {
        out.push({ truth: true, text: `${x.text} ${t[k + 1]!.text}` });
      }
    });
  }
  return out;
}

function astRoot(ctx: RuleContext): Node {
  const a = ctx.ast as Node | Node[];
  return Array.isArray(a) ? a[0] : a;
}

/** Column refs used in comparisons under AND chains only (an OR may legitimately test the outer side). */
function andComparedTables(node: Node, out: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (node.type === 'binary_expr') {
    const op = String(node.operator).toUpperCase();
    if (op === 'AND') {
      andComparedTables(node.left as Node, out);
      andComparedTables(node.right as Node, out);
      return;
    }
    if (op === 'OR' || op === 'IS' || op === 'IS NOT' || op === '<=>') return;
    for (const side of [node.left as Node, node.right as Node]) {
      if (side && side.type === 'column_ref' && typeof side.table === 'string') out.add(side.table.toLowerCase());
    }
  }
}

export const logicRules: Rule[] = [
  {
    id: 'update-set-and',
    examples: {
      bad: ['UPDATE users SET a = 1 AND b = 2 WHERE id = 1'],
      good: ['UPDATE users SET a = 1, b = 2 WHERE id = 1', 'UPDATE users SET a = 1 WHERE id = 1 AND b = 2'],
    },
    soar: ['RES.005'],
    area: 'logic',
    severity: 'critical',
    message: 'UPDATE … SET a = 1 AND b = 2 (AND instead of a comma)',
    why: 'MySQL reads this as SET a = (1 AND (b = 2)), so a becomes 0 or 1 and b is not changed. Separate assignments with commas.',
    check: (ctx) => {
      const set = ctx.write().set;
      if (!set) return [];
      return when(ctx.tokens.slice(set[0], set[1]).some((x) => x.depth === 0 && (isWord(x, 'AND') || isOp(x, '&&'))));
    },
  },
  {
    id: 'always-true-condition',
    examples: {
      bad: [
        'SELECT id FROM t WHERE a = 1 OR 1 = 1',
        "DELETE FROM t WHERE 'a' = 'a'",
        'SELECT id FROM t WHERE a = a',
        "select * from tbl where 'a' != 1",
        'select * from tbl where id = 1 or 2',
        'select * from tbl where true',
        "SELECT * FROM tb WHERE DATE '2020-01-01'",
        "select * from mysql.user where user = 'root' and date '2020-02-01'",
      ],
      good: [
        'SELECT id FROM t WHERE a = 1',
        'SELECT id FROM t WHERE a = b',
        'SELECT id FROM t WHERE a IN (1) AND COALESCE(b, 1) = 2',
        'select * from tbl where false',
        'select * from tbl where 2 = 1',
        "select * from tbl where 'b' = 'a'",
      ],
    },
    soar: ['RES.007'],
    area: 'logic',
    severity: 'medium',
    message: 'Condition that is always true',
    why: 'A tautology (1 = 1, x = x, OR 1) makes the filter meaningless; in UPDATE/DELETE it touches every row. Remove it or fix the generated SQL.',
    check: (ctx) => {
      const write = ctx.type === 'update' || ctx.type === 'delete';
      return constantComparisons(ctx)
        .filter((c) => c.truth)
        .slice(0, 1)
        .map((c) => hit(c.text, write ? 'critical' : undefined));
    },
  },
  {
    id: 'always-false-condition',
    examples: {
      bad: [
        'SELECT id FROM t WHERE 1 = 0',
        'SELECT id FROM t WHERE a = 1 AND FALSE',
        'select * from tbl where 1 != 1',
        "select * from tbl where 'a'",
        "select * from tbl where 'true'",
      ],
      good: ['SELECT id FROM t WHERE a = 0', 'SELECT id FROM t WHERE a IN (0)', "select * from tbl where '1' = 1", "select * from tbl where 'A' = 'a'"],
    },
    soar: ['RES.006'],
    area: 'logic',
    severity: 'medium',
    message: 'Condition that is always false',
    why: 'A contradiction (1 = 0, FALSE) returns or changes nothing; usually a bug or a leftover debug switch.',
    check: (ctx) =>
      constantComparisons(ctx)
        .filter((c) => !c.truth)
        .slice(0, 1)
        .map((c) => hit(c.text)),
  },
  {
    id: 'compare-with-null',
    examples: {
      bad: ['SELECT id FROM t WHERE a = NULL', 'DELETE FROM t WHERE a <> NULL'],
      good: ['SELECT id FROM t WHERE a IS NULL', 'UPDATE t SET a = NULL WHERE id = 1'],
    },
    area: 'logic',
    severity: 'high',
    message: '= NULL or <> NULL is never true',
    why: 'Any comparison with NULL is NULL (unknown). Use IS NULL / IS NOT NULL (or <=> for null-safe equality).',
    check: (ctx) =>
      when(
        ctx.conditions().some(([s, e]) => ctx.tokens.slice(s, e).some((x, k, t) => isOp(x, '=', '<>', '!=', '<', '>', '<=', '>=') && isWord(t[k + 1], 'NULL'))),
      ),
  },
  {
    id: 'between-reversed',
    examples: {
      bad: ['SELECT id FROM t WHERE a BETWEEN 10 AND 1', "SELECT id FROM t WHERE d BETWEEN '2024-12-31' AND '2024-01-01'"],
      good: ['SELECT id FROM t WHERE a BETWEEN 1 AND 10'],
    },
    soar: ['RES.006'],
    area: 'logic',
    severity: 'high',
    message: 'BETWEEN with the bounds reversed matches nothing',
    why: 'x BETWEEN 10 AND 1 means x >= 10 AND x <= 1. Put the lower bound first.',
    check: (ctx) =>
      ctx.tokens.flatMap((x, k) => {
        const a = ctx.tokens[k + 1];
        const b = ctx.tokens[k + 3];
        if (!isWord(x, 'BETWEEN') || !isWord(ctx.tokens[k + 2], 'AND') || !a || !b) return [];
        if (a.type === 'number' && b.type === 'number') return when(Number(a.text) > Number(b.text), `BETWEEN ${a.text} AND ${b.text}`);
        if (a.type === 'string' && b.type === 'string') return when(stringValue(a) > stringValue(b), `BETWEEN ${a.text} AND ${b.text}`);
        return [];
      }),
  },
  {
    id: 'and-or-precedence',
    examples: {
      bad: ['SELECT id FROM t WHERE a = 1 AND b = 2 OR c = 3'],
      good: ['SELECT id FROM t WHERE a = 1 AND (b = 2 OR c = 3)', 'SELECT id FROM t WHERE a BETWEEN 1 AND 2'],
    },
    area: 'logic',
    severity: 'medium',
    message: 'AND and OR mixed without parentheses',
    why: 'AND binds tighter than OR: a = 1 AND b = 2 OR c = 3 is (a = 1 AND b = 2) OR c = 3. Add parentheses to say what you mean.',
    check: (ctx) =>
      when(
        ctx.conditions().some(([s, e]) => {
          const d = ctx.tokens[s]?.depth ?? 0;
          const t = ctx.tokens.slice(s, e).filter((x) => x.depth === d);
          // BETWEEN x AND y is not a boolean AND
          const ands = t.filter((x, k) => (isWord(x, 'AND') && !t.slice(Math.max(0, k - 3), k).some((y) => isWord(y, 'BETWEEN'))) || isOp(x, '&&')).length;
          const ors = t.filter((x) => isWord(x, 'OR') || isOp(x, '||')).length;
          return ands > 0 && ors > 0;
        }),
      ),
  },
  {
    id: 'user-variable-assignment',
    examples: { bad: ['SELECT @r := @r + 1 AS n, id FROM t WHERE a = 1'], good: ['SELECT ROW_NUMBER() OVER (ORDER BY id) AS n, id FROM t WHERE a = 1'] },
    area: 'logic',
    severity: 'low',
    message: 'User variable assigned inside a statement (:=)',
    why: 'Evaluation order of expressions is undefined, and setting variables in expressions is deprecated in MySQL 8. Use window functions (ROW_NUMBER, SUM OVER).',
    check: (ctx) => when(ctx.type !== 'other' && ctx.tokens.some((x) => isOp(x, ':='))),
  },
  {
    id: 'outer-join-nullified',
    examples: {
      bad: ["SELECT u.id FROM users u LEFT JOIN guilds g ON g.id = u.guild_id WHERE g.name = 'x'"],
      good: [
        'SELECT u.id FROM users u LEFT JOIN guilds g ON g.id = u.guild_id WHERE g.id IS NULL',
        "SELECT u.id FROM users u LEFT JOIN guilds g ON g.id = u.guild_id AND g.name = 'x' WHERE u.id = 1",
      ],
    },
    soar: ['JOI.003'],
    area: 'logic',
    severity: 'medium',
    needsAst: true,
    message: 'WHERE condition on the outer side of a LEFT JOIN turns it into an inner join',
    why: 'Rows with no match have NULLs there and the WHERE comparison drops them. Move the condition into ON, or write an INNER JOIN if that is the intent.',
    check: (ctx) => {
      const root = astRoot(ctx);
      if (!root || root.type !== 'select' || !Array.isArray(root.from)) return [];
      const outer = new Set<string>();
      for (const f of root.from as Node[]) {
        if (
          f &&
          String(f.join ?? '')
            .toUpperCase()
            .startsWith('LEFT')
        )
          outer.add(String(f.as ?? f.table ?? '').toLowerCase());
      }
      if (outer.size === 0) return [];
      const used = new Set<string>();
      andComparedTables(root.where as Node, used);
      const hits: Hit[] = [];
      for (const t of used) if (outer.has(t)) hits.push(hit(t));
      return hits.slice(0, 1);
    },
  },
  {
    id: 'non-deterministic-group-by',
    examples: {
      bad: ['SELECT a, b, COUNT(*) FROM t GROUP BY a', "select c1,c2,c3 from t1 where c2='foo' group by c2", 'select * from tb group by col'],
      good: [
        'SELECT a, b, COUNT(*) FROM t GROUP BY a, b',
        'SELECT a, MAX(b) FROM t GROUP BY a',
        'select col, sum(col1) from tb group by col',
        'SELECT COUNT(*) AS cnt, language_id FROM film GROUP BY language_id',
      ],
    },
    soar: ['RES.001'],
    area: 'logic',
    severity: 'medium',
    needsAst: true,
    message: 'Selected column neither grouped nor aggregated',
    why: 'With ONLY_FULL_GROUP_BY off MySQL returns a value from an arbitrary row of the group (and with it on, the query fails). Add it to GROUP BY or wrap it in an aggregate / ANY_VALUE().',
    check: (ctx) => {
      const root = astRoot(ctx);
      if (!root || root.type !== 'select' || !root.groupby || !Array.isArray(root.columns)) return [];
      const gb = root.groupby as { columns?: Node[] } | Node[];
      const gcols = (Array.isArray(gb) ? gb : (gb.columns ?? [])) as Node[];
      const grouped = new Set(gcols.filter((c) => c && c.type === 'column_ref').map((c) => String(c!.column).toLowerCase()));
      if (grouped.size === 0) return [];
      const loose = (root.columns as Node[])
        .map((c) => c?.expr as Node)
        .filter((e) => e && e.type === 'column_ref' && (e.column === '*' || !grouped.has(String(e.column).toLowerCase())))
        .map((e) => String(e!.column));
      return when(loose.length > 0, loose.slice(0, 3).join(', '));
    },
  },
];
