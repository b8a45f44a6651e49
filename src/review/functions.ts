/**
 * The positive allow-list of built-in functions a statement may call and still be EXPLAINed, per
 * server flavour, with how big each one's result can get. Everything not listed here is refused
 * (the statement is reviewed statically): stored functions, functions with side effects, waits or
 * state (SLEEP, GET_LOCK, LAST_INSERT_ID, NEXTVAL…), and built-ins whose cost is not linear in a
 * small input (REGEXP_*, JSON_SEARCH, UNCOMPRESS, WEIGHT_STRING, spatial, XML, full-text…).
 *
 * Names are matched the server's way: ASCII letters, digits and `_` only, ASCII case folding. A name
 * listed for one flavour only is a stored-function call on the other (MariaDB has no REGEXP_LIKE or
 * ANY_VALUE, MySQL no MEDIAN), so it is refused there. Functions that appeared late in a release line
 * (JSON_OVERLAPS, MySQL's JSON_VALUE) are left out: on an older server the same name would resolve to
 * a stored function.
 */
export type Flavor = 'mariadb' | 'mysql';

/** How the result size follows from the argument sizes (bytes); see bounds.ts. */
export type SizeRule =
  | 'num' // a number, date or short fixed text
  | 'same' // at most the largest argument
  | 'case' // LOWER/UPPER: case mapping can grow a string (×2)
  | 'sum' // at most the sum of the arguments
  | 'x2' // at most twice the largest argument (HEX, QUOTE, TO_BASE64)
  | 'x6' // JSON_QUOTE: \uXXXX escapes
  | 'repeat' // REPEAT(s, n): n must be a literal
  | 'pad' // LPAD/RPAD(s, n, p): n must be a literal
  | 'space' // SPACE(n): n must be a literal
  | 'replace' // REPLACE(s, from, to)
  | 'search' // LOCATE, INSTR, …: work is the product of the two arguments
  | 'export' // EXPORT_SET / MAKE_SET
  | 'format' // DATE_FORMAT / TIME_FORMAT: grows with the format string
  | 'char' // CHAR(n, …): 4 bytes per argument
  | 'cast' // CAST / CONVERT: the target type may pad (BINARY(n))
  | 'agg' // aggregate: evaluated per row at execution, never while planning
  | 'window'; // window function: likewise

interface Entry {
  rule: SizeRule;
  /** Which flavours have this name as a built-in. */
  on: 'both' | Flavor;
  /** String and hash functions count towards the string-nesting cap. */
  string?: boolean;
}

const entries: Record<string, Entry> = {};
function add(names: string, rule: SizeRule, on: Entry['on'] = 'both', string = false): void {
  for (const n of names.split(/\s+/).filter(Boolean)) entries[n] = string ? { rule, on, string } : { rule, on };
}

// Numbers and dates.
add(
  'ABS ACOS ASIN ATAN ATAN2 CEIL CEILING CONV COS COT DEGREES EXP FLOOR LN LOG LOG10 LOG2 MOD PI POW POWER RADIANS RAND ROUND SIGN SIN SQRT TAN TRUNCATE BIT_COUNT OCT BIN FORMAT INTERVAL',
  'num',
);
add(
  'ADDDATE ADDTIME CONVERT_TZ CURDATE CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURTIME DATE DATE_ADD DATE_SUB DATEDIFF DAY DAYNAME DAYOFMONTH DAYOFWEEK DAYOFYEAR EXTRACT FROM_DAYS FROM_UNIXTIME GET_FORMAT HOUR LAST_DAY LOCALTIME LOCALTIMESTAMP MAKEDATE MAKETIME MICROSECOND MINUTE MONTH MONTHNAME NOW PERIOD_ADD PERIOD_DIFF QUARTER SEC_TO_TIME SECOND STR_TO_DATE SUBDATE SUBTIME SYSDATE TIME TIME_TO_SEC TIMEDIFF TIMESTAMP TIMESTAMPADD TIMESTAMPDIFF TO_DAYS TO_SECONDS UNIX_TIMESTAMP UTC_DATE UTC_TIME UTC_TIMESTAMP WEEK WEEKDAY WEEKOFYEAR YEAR YEARWEEK',
  'num',
);
add('DATE_FORMAT TIME_FORMAT', 'format', 'both', true);
// Control flow and comparison.
add('IF IFNULL NULLIF COALESCE GREATEST LEAST ELT', 'same');
add('ISNULL FIELD STRCMP', 'num');
// Strings and hashes.
add(
  'ASCII BIT_LENGTH CHAR_LENGTH CHARACTER_LENGTH LENGTH OCTET_LENGTH ORD CRC32 MD5 SHA SHA1 SHA2 INET_ATON INET_NTOA INET6_ATON INET6_NTOA IS_IPV4 IS_IPV6 CHARSET COLLATION COERCIBILITY',
  'num',
  'both',
  true,
);
add('LEFT RIGHT SUBSTRING SUBSTR MID LTRIM RTRIM TRIM REVERSE UNHEX FROM_BASE64 SOUNDEX', 'same', 'both', true);
add('LOWER UPPER LCASE UCASE', 'case', 'both', true);
add('CONCAT CONCAT_WS INSERT', 'sum', 'both', true);
add('HEX QUOTE TO_BASE64', 'x2', 'both', true);
add('LOCATE INSTR POSITION FIND_IN_SET SUBSTRING_INDEX', 'search', 'both', true);
add('REPEAT', 'repeat', 'both', true);
add('LPAD RPAD', 'pad', 'both', true);
add('SPACE', 'space', 'both', true);
add('REPLACE', 'replace', 'both', true);
add('EXPORT_SET MAKE_SET', 'export', 'both', true);
add('CHAR', 'char', 'both', true);
add('CAST CONVERT', 'cast', 'both', true);
add('CHR LENGTHB', 'num', 'mariadb', true);
// JSON (documents are parsed in linear time; search-like ones multiply).
add(
  'JSON_ARRAY JSON_OBJECT JSON_SET JSON_INSERT JSON_REPLACE JSON_REMOVE JSON_ARRAY_APPEND JSON_ARRAY_INSERT JSON_MERGE_PATCH JSON_MERGE_PRESERVE',
  'sum',
  'both',
  true,
);
add('JSON_EXTRACT JSON_UNQUOTE JSON_KEYS', 'same', 'both', true);
add('JSON_LENGTH JSON_DEPTH JSON_TYPE JSON_VALID JSON_CONTAINS_PATH', 'num', 'both', true);
add('JSON_CONTAINS', 'search', 'both', true);
add('JSON_QUOTE', 'x6', 'both', true);
add('JSON_VALUE', 'same', 'mariadb', true);
// Identifiers of the session (no state, no waiting).
add('DATABASE SCHEMA UUID', 'num');
add('UUID_TO_BIN BIN_TO_UUID IS_UUID', 'num', 'mysql');
// Aggregates and window functions: computed per row at execution, never while planning.
add(
  'AVG BIT_AND BIT_OR BIT_XOR COUNT GROUP_CONCAT MAX MIN STD STDDEV STDDEV_POP STDDEV_SAMP SUM VAR_POP VAR_SAMP VARIANCE JSON_ARRAYAGG JSON_OBJECTAGG',
  'agg',
);
add('ANY_VALUE GROUPING', 'agg', 'mysql');
add('ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE LAG LEAD FIRST_VALUE LAST_VALUE NTH_VALUE', 'window');
add('MEDIAN PERCENTILE_CONT PERCENTILE_DISC', 'window', 'mariadb');

/** The allow-list entry for a name as written (a word token's text), or undefined. */
export function builtin(name: string, flavor: Flavor | undefined): Entry | undefined {
  // Only plain ASCII names can be built-ins; `ſum` or `aſcii` are stored functions to the server.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const e = entries[name.toUpperCase()];
  if (!e) return undefined;
  // Without a known flavour only names both servers have are accepted.
  if (e.on !== 'both' && e.on !== flavor) return undefined;
  return e;
}

/** Every allow-listed name for a flavour (tests check each one against a real server). */
export function builtinNames(flavor: Flavor): string[] {
  return Object.entries(entries)
    .filter(([, e]) => e.on === 'both' || e.on === flavor)
    .map(([n]) => n)
    .sort();
}

/**
 * Keywords that may stand before `(` without being a call: reserved in both servers, so no stored
 * function can carry the name unquoted. Context-dependent ones (OVER, ANY/SOME, set operators, CTE
 * column lists) are checked by vet.ts.
 */
export const RESERVED_BEFORE_PAREN = new Set(
  'SELECT FROM JOIN ON USING WHERE AND OR NOT XOR IN EXISTS ALL AS BY HAVING VALUES WHEN THEN ELSE CASE LIKE BETWEEN IS DISTINCT WITH RECURSIVE DIV INDEX KEY PARTITION STRAIGHT_JOIN NATURAL CROSS INNER OUTER GROUP'.split(
    ' ',
  ),
);

/** Reserved only on MySQL 8 (MariaDB would look these up as stored functions). */
export const RESERVED_BEFORE_PAREN_MYSQL = new Set(['LATERAL']);

/** Schemas whose tables the review never EXPLAINs (grants, password hashes, server internals). */
export const SYSTEM_SCHEMAS = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);
