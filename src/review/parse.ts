/**
 * node-sql-parser adapter: the MySQL-only build (≈ 300 KB, loaded on first use), MySQL dialect even for
 * MariaDB. A parse failure is a normal outcome: the token-level rules still run.
 */
type ParserLike = { astify(sql: string, opts: { database: string }): unknown };

let parser: ParserLike | undefined;

function load(): ParserLike {
  if (!parser) {
    // require, not import: loaded on first use only (≈ 30 ms), and esbuild keeps it lazy in the bundle.
    const mod = require('node-sql-parser/build/mysql') as { Parser: new () => ParserLike };
    parser = new mod.Parser();
  }
  return parser;
}

export type ParseOutcome = { ok: true; ast: unknown } | { ok: false; error: string };

export function parseSql(sql: string): ParseOutcome {
  try {
    const ast = load().astify(sql, { database: 'MySQL' });
    return { ok: true, ast: Array.isArray(ast) ? ast[0] : ast };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const loc = (e as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    const short = message.replace(/^Expected .* but (.*) found\.$/s, 'unexpected $1');
    return { ok: false, error: loc ? `${short} at line ${loc.line}, column ${loc.column}` : short };
  }
}
