/**
 * Decides, on our own token stream, whether a statement may be EXPLAINed, and builds the exact text
 * that is sent. Whitelist-based: one statement; SELECT/WITH, UPDATE, DELETE, INSERT … SELECT or
 * REPLACE … SELECT; no version comments or hints; only allow-listed built-in functions (a stored
 * function could write, and EXPLAIN may evaluate constant subqueries); no INTO, no variable assignment,
 * no administrative keyword anywhere. UPDATE/DELETE/INSERT … SELECT are rewritten to the SELECT that
 * finds the same rows, because a read-only session refuses to EXPLAIN writes (MariaDB error 1792).
 */
import { codeTokens, joinTokens, tokenize, type Token } from './tokens';
import { findAt, isOp, isWord, statementType, writeClauses } from './statement';

export type Vetted =
  | { ok: true /** SQL to put after `EXPLAIN `. */; sql: string /** Set when the plan is of a rewritten statement. */; note?: string }
  | { ok: false; reason: string };

/** Built-in functions that read only their arguments (no side effects, no waiting, no file access). */
const FUNCTIONS = new Set(
  `ABS ACOS ADDDATE ADDTIME AES_DECRYPT AES_ENCRYPT ANY_VALUE ASCII ASIN ATAN ATAN2 AVG BIN BIN_TO_UUID BIT_AND BIT_COUNT BIT_LENGTH BIT_OR BIT_XOR
  CAST CEIL CEILING CHAR CHAR_LENGTH CHARACTER_LENGTH CHARSET COALESCE COERCIBILITY COLLATION COMPRESS CONCAT CONCAT_WS CONV CONVERT CONVERT_TZ COS COT COUNT CRC32
  CUME_DIST CURDATE CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURTIME DATABASE DATE DATE_ADD DATE_FORMAT DATE_SUB DATEDIFF DAY DAYNAME DAYOFMONTH DAYOFWEEK DAYOFYEAR
  DECIMAL DEGREES DENSE_RANK ELT EXP EXPORT_SET EXTRACT FIELD FIND_IN_SET FIRST_VALUE FLOOR FORMAT FROM_BASE64 FROM_DAYS FROM_UNIXTIME GREATEST GROUP_CONCAT HEX HOUR
  IF IFNULL IN INET_ATON INET_NTOA INET6_ATON INET6_NTOA INSERT INSTR INTERVAL ISNULL JSON_ARRAY JSON_ARRAYAGG JSON_CONTAINS JSON_CONTAINS_PATH JSON_DEPTH JSON_EXTRACT
  JSON_KEYS JSON_LENGTH JSON_MERGE_PATCH JSON_MERGE_PRESERVE JSON_OBJECT JSON_OBJECTAGG JSON_OVERLAPS JSON_QUOTE JSON_REMOVE JSON_REPLACE JSON_SEARCH JSON_SET JSON_TABLE
  JSON_TYPE JSON_UNQUOTE JSON_VALID JSON_VALUE LAG LAST_DAY LAST_VALUE LCASE LEAD LEAST LEFT LENGTH LN LOCATE LOG LOG10 LOG2 LOWER LPAD LTRIM MAKEDATE MAKETIME MAX MD5
  MEMBER MICROSECOND MID MIN MINUTE MOD MONTH MONTHNAME NOW NTH_VALUE NTILE NULLIF OCT OCTET_LENGTH ORD PERCENT_RANK PERIOD_ADD PERIOD_DIFF PI POSITION POW POWER QUARTER
  QUOTE RADIANS RAND RANK REGEXP_INSTR REGEXP_LIKE REGEXP_REPLACE REGEXP_SUBSTR REPEAT REPLACE REVERSE RIGHT ROUND ROW_NUMBER RPAD RTRIM SEC_TO_TIME SECOND SHA SHA1 SHA2
  SIGN SIN SOUNDEX SPACE SQRT STD STDDEV STDDEV_POP STDDEV_SAMP STR_TO_DATE STRCMP SUBDATE SUBSTR SUBSTRING SUBSTRING_INDEX SUBTIME SUM SYSDATE TAN TIME TIME_FORMAT
  TIME_TO_SEC TIMEDIFF TIMESTAMP TIMESTAMPADD TIMESTAMPDIFF TO_BASE64 TO_DAYS TO_SECONDS TRIM TRUNCATE UCASE UNCOMPRESS UNHEX UNIX_TIMESTAMP UPPER UTC_DATE UTC_TIME
  UTC_TIMESTAMP UUID UUID_TO_BIN VAR_POP VAR_SAMP VARIANCE WEEK WEEKDAY WEEKOFYEAR WEIGHT_STRING YEAR YEARWEEK
  BINARY VARCHAR NCHAR DATETIME SIGNED UNSIGNED INTEGER INT BIGINT DOUBLE FLOAT DEC NUMERIC`
    .split(/\s+/)
    .filter(Boolean),
);

/** Keywords that legitimately precede `(` without being a function call. */
const PAREN_KEYWORDS = new Set(
  'SELECT FROM JOIN ON USING WHERE AND OR NOT XOR IN EXISTS ANY ALL SOME AS OVER PARTITION BY ORDER GROUP HAVING UNION INTERSECT EXCEPT VALUES ROW WHEN THEN ELSE CASE LIKE BETWEEN IS INDEX KEY LATERAL COLUMNS PATH NESTED ESCAPE DISTINCT AGAINST MATCH WITH RECURSIVE LIMIT DIV MOD REGEXP RLIKE SET INTO'.split(
    ' ',
  ),
);

/** Never allowed as a bare word anywhere in a vetted statement. */
const DENY_WORDS = new Set(
  'INTO OUTFILE DUMPFILE PREPARE EXECUTE DEALLOCATE CALL HANDLER LOCK UNLOCK DO GRANT REVOKE CREATE DROP ALTER TRUNCATE RENAME FLUSH KILL SHUTDOWN INSTALL UNINSTALL LOAD PROCEDURE ANALYZE EXPLAIN DESCRIBE SIGNAL RESIGNAL PURGE RESET COMMIT ROLLBACK SAVEPOINT XA OPTIMIZE REPAIR'.split(
    ' ',
  ),
);

/** Functions with side effects, waits or file access — named so the reason is clear. */
const DANGEROUS_FUNCTIONS = new Set(
  'SLEEP BENCHMARK GET_LOCK RELEASE_LOCK RELEASE_ALL_LOCKS IS_FREE_LOCK IS_USED_LOCK LOAD_FILE SYS_EXEC SYS_EVAL MASTER_POS_WAIT SOURCE_POS_WAIT MASTER_GTID_WAIT WAIT_FOR_EXECUTED_GTID_SET WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS NEXTVAL SETVAL LASTVAL LAST_INSERT_ID ROW_COUNT FOUND_ROWS'.split(
    ' ',
  ),
);

const no = (reason: string): Vetted => ({ ok: false, reason: reason.startsWith('not explained') ? reason : `not explained: ${reason}` });

/** Checks a SELECT-shaped token run; returns a reason to refuse, or undefined. */
function vetSelectTokens(t: readonly Token[]): string | undefined {
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const next = t[i + 1];
    if (x.type === 'op' && (x.text === ';' || x.text === ':=' || x.text === '\\'))
      return x.text === ';'
        ? 'more than one statement (a `;` outside a literal)'
        : x.text === ':='
          ? 'assigns a user variable (:=)'
          : 'contains a client command';
    if (x.type === 'param') return 'has a `?` placeholder; paste the statement with literal values';
    if (x.type === 'variable' && isOp(next, '=') && isWord(t[i - 1], 'SET')) return 'sets a variable';
    if ((x.type === 'word' || x.type === 'qident') && isOp(next, '(')) {
      // `db.func(` or `` `func`( `` are stored functions; only plain allow-listed names are accepted.
      if (x.type === 'qident' || isOp(t[i - 1], '.')) return `calls a function that is not a known built-in (${x.text})`;
      if (DANGEROUS_FUNCTIONS.has(x.upper)) return `calls ${x.upper}(), which has side effects or waits`;
      if (FUNCTIONS.has(x.upper) || PAREN_KEYWORDS.has(x.upper)) {
        if (x.upper === 'SET' || x.upper === 'INTO') return `uses ${x.upper}`;
        continue;
      }
      // WITH cte(a, b) AS (…): a CTE name with a column list
      if (isWord(t[i - 1], 'WITH', 'RECURSIVE')) continue;
      return `calls ${x.text}(), which is not an allow-listed built-in function (it could be a stored function)`;
    }
    if (x.type === 'word' && DENY_WORDS.has(x.upper)) return `contains ${x.upper}`;
    if (isWord(x, 'NEXT') && isWord(next, 'VALUE')) return 'advances a sequence (NEXT VALUE FOR)';
    if (isWord(x, 'USE') && !isWord(next, 'INDEX', 'KEY')) return 'contains USE';
    if (x.type === 'word' && (x.upper === 'UPDATE' || x.upper === 'DELETE' || x.upper === 'INSERT' || x.upper === 'REPLACE'))
      return `contains ${x.upper} inside a query`;
    if (x.type === 'word' && x.upper === 'SET') return 'contains SET';
  }
  return undefined;
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

export function vetForExplain(statement: string): Vetted {
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
    const reason = vetSelectTokens(body);
    if (reason) return no(`not explained: it ${reason}`);
    return stripped ? { ok: true, sql: joinTokens(body), note: 'plan without the locking clause (FOR UPDATE/SHARE)' } : { ok: true, sql: joinTokens(body) };
  }
  if (type === 'update' || type === 'delete') {
    const w = writeClauses(t);
    if (!w.tables || w.tables[1] <= w.tables[0]) return no('could not find the tables of this statement');
    const tail = (r?: [number, number], kw?: string) => (r ? [kw, joinTokens(t.slice(r[0], r[1]))].join(' ') : '');
    const tables = t.slice(w.tables[0], w.tables[1]);
    // LIMIT / ORDER BY of a multi-table write are invalid anyway; keep them for single-table writes.
    const sql = ['SELECT * FROM', joinTokens(tables), tail(w.where, 'WHERE'), tail(w.orderBy, 'ORDER BY'), tail(w.limit, 'LIMIT')].filter(Boolean).join(' ');
    const re = vetSelectTokens(codeTokens(tokenize(sql)));
    if (re) return no(`not explained: it ${re}`);
    return { ok: true, sql, note: `plan of the equivalent SELECT (the ${type.toUpperCase()} itself is never run; a read-only session cannot EXPLAIN a write)` };
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
    const body = t.slice(i, end);
    const reason = vetSelectTokens(body);
    if (reason) return no(`not explained: it ${reason}`);
    return { ok: true, sql: joinTokens(body), note: `plan of the SELECT part (the ${type.toUpperCase()} itself is never run)` };
  }
  return no('only SELECT, UPDATE, DELETE, INSERT … SELECT and REPLACE … SELECT are explained');
}
