/**
 * node-sql-parser adapter: the MySQL-only build (≈ 300 KB, loaded on first use), MySQL dialect even for
 * MariaDB. A parse failure is a normal outcome: the token-level rules still run.
 *
 * node-sql-parser is synchronous and exponential on some small inputs (nested CAST: 7 levels ≈ 2 s,
 * 9 levels ≈ 80 s of CPU), so reviews parse in a worker thread with a hard timeout (parse-pool.ts);
 * `parserRefusal` keeps the known pathological shapes away from it altogether.
 */
import type { Token } from './tokens';

export type ParserLike = { astify(sql: string, opts: { database: string }): unknown };

let parser: ParserLike | undefined;

/** `require` of a name the bundler does not follow: the Lambda bundle carries the parser only inside the worker's code. */
const load = <T>(id: string): T => require(id) as T;

function local(): ParserLike {
  if (!parser) {
    // Loaded on first use only (≈ 30 ms).
    const mod = load<{ Parser: new () => ParserLike }>('node-sql-parser/build/mysql');
    parser = new mod.Parser();
  }
  return parser;
}

export type ParseOutcome = { ok: true; ast: unknown } | { ok: false; error: string };

/** What the parser is never given. */
export const PARSE_LIMITS = {
  /** Statement length in characters (a 16 KB statement takes node-sql-parser ≈ 100 ms; longer ones are mostly INSERT … VALUES, where no AST rule applies). */
  maxChars: 16_384,
  /** Parenthesis nesting. */
  maxDepth: 24,
  /** CAST/CONVERT nested in one another (each level multiplies node-sql-parser's time by ≈ 6). */
  maxCastNesting: 4,
  /** INSERT/REPLACE … VALUES length: their rows carry nothing an AST rule reads (data dumps, seed files). */
  maxValuesChars: 4_096,
} as const;

/** Why a statement is not given to the parser, or undefined. */
export function parserRefusal(sql: string, tokens: readonly Token[]): string | undefined {
  if (sql.length > PARSE_LIMITS.maxChars) return `statement longer than ${PARSE_LIMITS.maxChars / 1024} KB is not given to the parser`;
  if (
    sql.length > PARSE_LIMITS.maxValuesChars &&
    /^(INSERT|REPLACE)$/.test(tokens[0]?.upper ?? '') &&
    !tokens.some((t) => t.type === 'word' && t.upper === 'SELECT')
  ) {
    return `an INSERT/REPLACE … VALUES longer than ${PARSE_LIMITS.maxValuesChars / 1024} KB is not given to the parser (its rows hold nothing the parser-based rules check)`;
  }
  let depth = 0;
  let casts = 0;
  let maxCasts = 0;
  const castFrames: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'op') continue;
    if (t.text === '(') {
      const prev = tokens[i - 1];
      const isCast = !!prev && prev.type === 'word' && (prev.upper === 'CAST' || prev.upper === 'CONVERT');
      castFrames.push(isCast);
      if (isCast) maxCasts = Math.max(maxCasts, ++casts);
      depth = Math.max(depth, castFrames.length);
    } else if (t.text === ')' && castFrames.length) {
      if (castFrames.pop()) casts--;
    }
  }
  if (depth > PARSE_LIMITS.maxDepth) return `parentheses nested ${depth} deep; the parser is not given more than ${PARSE_LIMITS.maxDepth}`;
  if (maxCasts > PARSE_LIMITS.maxCastNesting) return `CAST/CONVERT nested ${maxCasts} deep; the parser is not given more than ${PARSE_LIMITS.maxCastNesting}`;
  return undefined;
}

/** Parses with `p` (the worker's own parser), turning a failure into an outcome. */
export function parseWith(p: () => ParserLike, sql: string): ParseOutcome {
  try {
    const ast = p().astify(sql, { database: 'MySQL' });
    return { ok: true, ast: Array.isArray(ast) ? ast[0] : ast };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const loc = (e as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    const short = message.replace(/^Expected .* but (.*) found\.$/s, 'unexpected $1');
    return { ok: false, error: loc ? `${short} at line ${loc.line}, column ${loc.column}` : short };
  }
}

/** Parses in the calling thread: for tests of single trusted statements (reviews parse in parse-pool.ts). */
export function parseSql(sql: string): ParseOutcome {
  return parseWith(local, sql);
}
