/**
 * Decides, on our own token stream, whether a statement may be EXPLAINed, and builds the exact text
 * that is sent. Positive rules only: one statement; SELECT/WITH, UPDATE, DELETE, INSERT … SELECT or
 * REPLACE … SELECT; no comments that the server would read (version comments, hints), no control
 * characters, no variables or placeholders; every `name(` is an allow-listed built-in of this server
 * flavour (functions.ts) or a reserved word in a position where it cannot be a call; every value the
 * statement can build and all the work it can cause while planning stay under the caps (bounds.ts);
 * no table of the system schemas. UPDATE/DELETE/INSERT … SELECT are rewritten to the SELECT that
 * finds the same rows, because a read-only session refuses to EXPLAIN writes (MariaDB error 1792).
 *
 * The text is matched as the server lexes it under the sql_mode the review session sets (no
 * ANSI_QUOTES, backslash escapes on; see guard.ts), so what is vetted is what is run.
 */
import { checkBounds } from './bounds';
import { builtin, RESERVED_BEFORE_PAREN, RESERVED_BEFORE_PAREN_MYSQL, SYSTEM_SCHEMAS, type Flavor } from './functions';
import { closeParen, findAt, isOp, isWord, statementType, writeClauses } from './statement';
import { codeTokens, identName, joinTokens, tokenize, type Token } from './tokens';

export interface TableRef {
  /** Schema when the name was qualified. */
  schema?: string;
  name: string;
}

export type Vetted =
  | {
      ok: true;
      /** SQL to put after `EXPLAIN `. */
      sql: string;
      /** Set when the plan is of a rewritten statement. */
      note?: string;
      /** Every name that could be a table or view (for the check of view definitions). */
      names: TableRef[];
    }
  | { ok: false; reason: string };

export interface VetOptions {
  /** The server's flavour; without it only names both flavours have as built-ins pass. */
  flavor?: Flavor;
}

/** Never allowed as a bare word anywhere in a vetted statement. */
const DENY_WORDS = new Set(
  'INTO OUTFILE DUMPFILE PREPARE EXECUTE DEALLOCATE CALL HANDLER LOCK UNLOCK DO GRANT REVOKE CREATE DROP ALTER TRUNCATE RENAME FLUSH KILL SHUTDOWN INSTALL UNINSTALL LOAD PROCEDURE ANALYZE EXPLAIN DESCRIBE SIGNAL RESIGNAL PURGE RESET COMMIT ROLLBACK SAVEPOINT XA OPTIMIZE REPAIR REGEXP RLIKE MATCH AGAINST'.split(
    ' ',
  ),
);

/** Built-ins that are named in the reason so it is clear why (side effects, waits, state, unbounded cost). */
const NAMED_REFUSALS: Record<string, string> = Object.fromEntries(
  [
    [
      'SLEEP BENCHMARK GET_LOCK RELEASE_LOCK RELEASE_ALL_LOCKS IS_FREE_LOCK IS_USED_LOCK MASTER_POS_WAIT SOURCE_POS_WAIT MASTER_GTID_WAIT WAIT_FOR_EXECUTED_GTID_SET WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS',
      'waits or takes locks',
    ],
    ['LOAD_FILE SYS_EXEC SYS_EVAL', 'reads files or runs commands'],
    ['NEXTVAL SETVAL LASTVAL LAST_INSERT_ID ROW_COUNT FOUND_ROWS UUID_SHORT', 'reads or changes session state'],
    [
      'REGEXP_LIKE REGEXP_REPLACE REGEXP_SUBSTR REGEXP_INSTR JSON_SEARCH JSON_TABLE JSON_PRETTY JSON_DETAILED WEIGHT_STRING COMPRESS UNCOMPRESS UNCOMPRESSED_LENGTH EXTRACTVALUE UPDATEXML AES_ENCRYPT AES_DECRYPT',
      'can run for a time no cap bounds (and may not stop when killed)',
    ],
  ].flatMap(([names, why]) => names!.split(' ').map((n) => [n, why!] as const)),
);

const CAST_TYPES = new Set('BINARY CHAR NCHAR VARCHAR DECIMAL DEC NUMERIC DATETIME TIME FLOAT DOUBLE'.split(' '));
const COMPARISON = new Set(['=', '<>', '!=', '<', '<=', '>', '>=', '<=>']);

const no = (reason: string): Vetted => ({ ok: false, reason: reason.startsWith('not explained') ? reason : `not explained: ${reason}` });

/** Index of the `(` whose parenthesis encloses token i, or -1. */
function enclosingParen(t: readonly Token[], i: number): number {
  const d = t[i]!.depth - 1;
  for (let k = i - 1; k >= 0; k--) if (isOp(t[k], '(') && t[k]!.depth === d) return k;
  return -1;
}

/** `name (a, b) AS (` — a CTE with a column list. */
function isCteColumnList(t: readonly Token[], i: number): boolean {
  const close = closeParen(t, i + 1);
  if (close < 0 || !isWord(t[close + 1], 'AS') || !isOp(t[close + 2], '(')) return false;
  for (let k = i + 2; k < close; k++) if (!(t[k]!.type === 'word' || t[k]!.type === 'qident' || isOp(t[k], ','))) return false;
  return true;
}

/** A type in `CAST(x AS type(n))` or `CONVERT(x, type(n))`. */
function isCastType(t: readonly Token[], i: number): boolean {
  if (!CAST_TYPES.has(t[i]!.upper)) return false;
  const open = enclosingParen(t, i);
  const fn = open > 0 ? t[open - 1] : undefined;
  return (isWord(t[i - 1], 'AS') && isWord(fn, 'CAST')) || (isOp(t[i - 1], ',') && isWord(fn, 'CONVERT'));
}

/** Whether `(` at index k opens a subquery in a position where MySQL may execute it while planning. */
function isScalarSubquery(t: readonly Token[], k: number): boolean {
  let p = k - 1;
  while (isOp(t[p], '(')) p--;
  const prev = t[p];
  if (!prev) return false;
  if (isWord(prev, 'IN', 'EXISTS', 'ANY', 'SOME', 'ALL', 'FROM', 'JOIN', 'UNION', 'INTERSECT', 'EXCEPT', 'AS', 'LATERAL', 'STRAIGHT_JOIN', 'DISTINCT')) {
    // `SELECT DISTINCT (SELECT …)` and `SELECT STRAIGHT_JOIN (SELECT …)` are select-list values.
    return isWord(prev, 'DISTINCT') || (isWord(prev, 'STRAIGHT_JOIN') && isWord(t[p - 1], 'SELECT'));
  }
  if (isOp(prev, ',')) {
    // In a FROM list a subquery after a comma is a derived table.
    const d = prev.depth;
    for (let q = p - 1; q >= 0; q--) {
      const u = t[q]!;
      if (u.depth !== d || u.type !== 'word') continue;
      if (/^(FROM|JOIN)$/.test(u.upper)) return false;
      if (/^(SELECT|WHERE|ON|HAVING|BY|SET|VALUES|USING|WITH)$/.test(u.upper)) return true;
    }
    return true;
  }
  return true;
}

/** Checks a SELECT-shaped token run; returns a reason to refuse, or undefined. */
function vetSelectTokens(t: readonly Token[], options: VetOptions): string | undefined {
  const flavor = options.flavor;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const next = t[i + 1];
    const prev = t[i - 1];
    if (x.type === 'op' && (x.text === ';' || x.text === ':=' || x.text === '\\'))
      return x.text === ';'
        ? 'more than one statement (a `;` outside a literal)'
        : x.text === ':='
          ? 'assigns a user variable (:=)'
          : 'contains a client command';
    if (x.type === 'param') return 'has a `?` placeholder; paste the statement with literal values';
    if (x.type === 'variable') return `uses the variable ${x.text} (its value cannot be vetted)`;
    if (isOp(next, '(')) {
      if (x.type === 'string' || x.type === 'number' || x.type === 'qident')
        return `calls ${x.text}(), which is not a plain built-in name (a quoted or number-like name is a stored function to the server)`;
      if (x.type === 'word') {
        if (isOp(prev, '.')) return `calls a function that is not a built-in (${identName(t[i - 2] ?? x)}.${x.text})`;
        const named = NAMED_REFUSALS[x.upper];
        if (named && /^[A-Za-z0-9_]+$/.test(x.text)) return `calls ${x.upper}(), which ${named}`;
        const ok =
          builtin(x.text, flavor) !== undefined ||
          RESERVED_BEFORE_PAREN.has(x.upper) ||
          (flavor === 'mysql' && RESERVED_BEFORE_PAREN_MYSQL.has(x.upper)) ||
          (x.upper === 'OVER' && isOp(prev, ')')) ||
          (/^(ANY|SOME)$/.test(x.upper) && !!prev && COMPARISON.has(prev.text) && isWord(t[i + 2], 'SELECT', 'WITH')) ||
          (/^(UNION|INTERSECT|EXCEPT)$/.test(x.upper) && (isWord(t[i + 2], 'SELECT', 'WITH') || isOp(t[i + 2], '('))) ||
          (flavor === 'mysql' && x.upper === 'OF' && isWord(prev, 'MEMBER')) ||
          isCastType(t, i) ||
          (isOp(prev, ',') || isWord(prev, 'WITH', 'RECURSIVE') ? isCteColumnList(t, i) : false);
        if (!ok)
          return `calls ${x.text}(), which is not an allow-listed built-in${flavor ? ` of ${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'}` : ''} (it could be a stored function)`;
      }
    }
    if (x.type === 'word' && DENY_WORDS.has(x.upper)) return `contains ${x.upper}`;
    if (isWord(x, 'NEXT', 'PREVIOUS') && isWord(next, 'VALUE')) return 'reads a sequence (NEXT/PREVIOUS VALUE FOR)';
    if (isWord(x, 'USE') && !isWord(next, 'INDEX', 'KEY')) return 'contains USE';
    if (x.type === 'word' && (x.upper === 'UPDATE' || x.upper === 'DELETE' || x.upper === 'INSERT' || x.upper === 'REPLACE') && !isOp(next, '('))
      return `contains ${x.upper} inside a query`;
    if (x.type === 'word' && x.upper === 'SET') return 'contains SET';
    if ((x.type === 'word' || x.type === 'qident') && isOp(next, '.') && !isOp(prev, '.') && SYSTEM_SCHEMAS.has(identName(x).toLowerCase()))
      return `reads the system schema ${identName(x)} (only application tables are explained)`;
    if (flavor === 'mysql' && isOp(x, '(') && isWord(next, 'SELECT', 'WITH') && isScalarSubquery(t, i))
      return 'has a scalar subquery, which MySQL may execute while planning (only IN, EXISTS and derived-table subqueries are explained on MySQL)';
  }
  return checkBounds(t, flavor);
}

/** Reserved in both servers, so never an unquoted table name (other keywords, like DATE, can be). */
const NEVER_NAMES = new Set(
  'SELECT FROM WHERE AND OR NOT IN IS NULL AS ON JOIN LEFT RIGHT INNER OUTER CROSS NATURAL GROUP BY ORDER HAVING LIMIT ASC DESC DISTINCT UNION ALL CASE WHEN THEN ELSE LIKE BETWEEN EXISTS WITH RECURSIVE INTERVAL USING INDEX KEY FORCE IGNORE USE FOR STRAIGHT_JOIN PARTITION DIV MOD XOR COLLATE BINARY TRUE FALSE'.split(
    ' ',
  ),
);

/** Names that could refer to tables or views: `a.b` pairs and single identifiers. */
function tableNames(t: readonly Token[]): TableRef[] {
  const out = new Map<string, TableRef>();
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (!(x.type === 'word' || x.type === 'qident') || isOp(t[i + 1], '(') || isOp(t[i - 1], '.')) continue;
    if (isOp(t[i + 1], '.') && (t[i + 2]?.type === 'word' || t[i + 2]?.type === 'qident')) {
      const ref = { schema: identName(x), name: identName(t[i + 2]!) };
      out.set(`${ref.schema}.${ref.name}`.toLowerCase(), ref);
      i += 2;
      continue;
    }
    if (x.type === 'word' && NEVER_NAMES.has(x.upper)) continue;
    const name = identName(x);
    out.set(name.toLowerCase(), { name });
  }
  return [...out.values()];
}

/** Removes a trailing locking clause (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE [NOWAIT|SKIP LOCKED]). */
function stripLocking(t: Token[]): [Token[], boolean] {
  const i = findAt(t, 0, t.length, 0, (x, k) => (isWord(x, 'FOR') && isWord(t[k + 1], 'UPDATE', 'SHARE')) || (isWord(x, 'LOCK') && isWord(t[k + 1], 'IN')));
  if (i < 0) return [t, false];
  // Only locking words (and the table names after OF) may follow; anything else stays and is vetted.
  const ok = t
    .slice(i)
    .every(
      (x) =>
        x.type === 'qident' ||
        (x.type === 'op' && x.text === ',') ||
        (x.type === 'word' && /^(FOR|UPDATE|SHARE|LOCK|IN|MODE|NOWAIT|SKIP|LOCKED|OF|WAIT)$/.test(x.upper)) ||
        x.type === 'number' ||
        (x.type === 'word' && isWord(t[i], 'FOR') && t.slice(i).some((y) => isWord(y, 'OF'))),
    );
  return ok ? [t.slice(0, i), true] : [t, false];
}

function accept(body: Token[], options: VetOptions, note?: string, sql = joinTokens(body)): Vetted {
  const reason = vetSelectTokens(body, options);
  if (reason) return no(`not explained: it ${reason}`);
  return note ? { ok: true, sql, note, names: tableNames(body) } : { ok: true, sql, names: tableNames(body) };
}

export function vetForExplain(statement: string, options: VetOptions = {}): Vetted {
  // Control characters (NUL, ESC…) have no place in SQL text and lex differently across clients.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.test(statement)) return no('contains control characters');
  const all = tokenize(statement);
  if (all.some((t) => t.type === 'version')) return no('contains a /*! … */ version comment, which the server would execute');
  if (all.some((t) => t.type === 'hint')) return no('contains a /*+ … */ optimizer hint that cannot be vetted');
  let t = codeTokens(all);
  if (isOp(t[t.length - 1], ';')) t = t.slice(0, -1);
  if (t.length === 0) return no('empty statement');
  const type = statementType(t);
  if (t.some((x) => isOp(x, ';'))) return no('more than one statement (a `;` outside a literal)');
  if (type === 'select') {
    if (!isWord(t[0], 'SELECT', 'WITH') && !isOp(t[0], '(')) return no('only SELECT, UPDATE, DELETE, INSERT … SELECT and REPLACE … SELECT are explained');
    const [body, stripped] = stripLocking(t);
    return accept(body, options, stripped ? 'plan without the locking clause (FOR UPDATE/SHARE)' : undefined);
  }
  if (type === 'update' || type === 'delete') {
    const w = writeClauses(t);
    if (!w.tables || w.tables[1] <= w.tables[0]) return no('could not find the tables of this statement');
    const tail = (r?: [number, number], kw?: string) => (r ? [kw, joinTokens(t.slice(r[0], r[1]))].join(' ') : '');
    const tables = t.slice(w.tables[0], w.tables[1]);
    // LIMIT / ORDER BY of a multi-table write are invalid anyway; keep them for single-table writes.
    const sql = ['SELECT * FROM', joinTokens(tables), tail(w.where, 'WHERE'), tail(w.orderBy, 'ORDER BY'), tail(w.limit, 'LIMIT')].filter(Boolean).join(' ');
    return accept(
      codeTokens(tokenize(sql)),
      options,
      `plan of the equivalent SELECT (the ${type.toUpperCase()} itself is never run; a read-only session cannot EXPLAIN a write)`,
      sql,
    );
  }
  if (type === 'insert' || type === 'replace') {
    let i = 1;
    while (isWord(t[i], 'LOW_PRIORITY', 'HIGH_PRIORITY', 'DELAYED', 'IGNORE')) i++;
    if (isWord(t[i], 'INTO')) i++;
    i++;
    if (isOp(t[i], '.')) i += 2;
    if (isOp(t[i], '(')) {
      const d = t[i]!.depth;
      while (i < t.length && !(isOp(t[i], ')') && t[i]!.depth === d)) i++;
      i++;
    }
    let start = i;
    while (isOp(t[start], '(')) start++;
    if (!isWord(t[start], 'SELECT', 'WITH')) return no('INSERT/REPLACE with VALUES has no plan worth taking; only INSERT … SELECT is explained');
    let end = findAt(t, i, t.length, 0, (x, k) => isWord(x, 'ON') && isWord(t[k + 1], 'DUPLICATE'));
    if (end < 0) end = t.length;
    return accept(t.slice(i, end), options, `plan of the SELECT part (the ${type.toUpperCase()} itself is never run)`);
  }
  return no('only SELECT, UPDATE, DELETE, INSERT … SELECT and REPLACE … SELECT are explained');
}
