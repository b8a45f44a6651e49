/**
 * Decides whether a statement has a real syntax error, and where. node-sql-parser fails on valid MySQL
 * it does not know (index hints, PARTITION BY, routines…), so a parser failure alone is only "partly
 * checked"; a syntax error is reported when the evidence is strong: an unterminated quote or comment,
 * unbalanced parentheses, an unknown first word, a misspelt clause keyword, a statement that ends early,
 * or a second statement starting on a new line without a delimiter.
 */
import { CLAUSE_WORDS, RESERVED, STATEMENT_STARTS } from './rules/reserved';
import { nearWord } from './rules/refs';
import { isOp, isWord } from './statement';
import type { Token } from './tokens';

export interface SyntaxProblem {
  message: string;
  /** 1-based line and column inside the statement. */
  line: number;
  column: number;
}

/** Constructs node-sql-parser (5.4) cannot read although MySQL/MariaDB accept them. */
export function hasUnsupportedConstruct(tokens: readonly Token[]): boolean {
  return tokens.some((t, k) => {
    if (t.type !== 'word') return false;
    const next = tokens[k + 1];
    if (/^(FORCE|USE|IGNORE)$/.test(t.upper) && isWord(next, 'INDEX', 'KEY')) return true;
    if (
      /^(STRAIGHT_JOIN|JSON_TABLE|PROCEDURE|FUNCTION|TRIGGER|EVENT|ROW|PARTITION|TRANSACTION|FORMAT|LATERAL|RETURNING|SKIP|NOWAIT|ROLLUP|CONVERT|SOUNDS|OVER|WINDOW|GENERATED|SPATIAL|FULLTEXT|CHECK|CONSTRAINT|INVISIBLE|VISIBLE|SYSTEM_TIME|VERSIONING|SEQUENCE|ALGORITHM|LOCK|INTERVAL|MATCH|COLUMN|DEFINER|VIEW|USER|ROLE|TABLESPACE|SERVER|DATABASE|SCHEMA)$/.test(
        t.upper,
      )
    )
      return true;
    if (t.upper === 'AS' && isWord(tokens[k + 2], 'ON') && isWord(tokens[k + 3], 'DUPLICATE')) return true;
    return false;
  });
}

function position(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < sql.length; i++)
    if (sql.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return { line, column: offset - last };
}

function unterminated(t: Token): boolean {
  if (t.type === 'comment') return t.text.startsWith('/*') && (t.text.length < 4 || !t.text.endsWith('*/'));
  if (t.type === 'version' || t.type === 'hint') return t.text.length < 5 || !t.text.endsWith('*/');
  const q = t.type === 'qident' ? '`' : t.type === 'string' ? t.text.match(/['"]/)?.[0] : undefined;
  if (!q) return false;
  const body = t.text.slice(t.text.indexOf(q) + 1);
  if (!body.endsWith(q)) return true;
  // the closing quote must not be escaped by a backslash (strings) — count trailing backslashes
  if (t.type === 'string' && !/^[XxBb]'/.test(t.text)) {
    let n = 0;
    for (let i = body.length - 2; i >= 0 && body[i] === '\\'; i--) n++;
    if (n % 2 === 1) return true;
  }
  return body.length === 0;
}

const parserLocation = /at line (\d+), column (\d+)$/;

function offsetOf(sql: string, line: number, column: number): number {
  const lineStart =
    line === 1
      ? 0
      : sql
          .split('\n')
          .slice(0, line - 1)
          .join('\n').length + 1;
  return lineStart + column - 1;
}

/** The syntax problem of one statement, or undefined when there is none or the evidence is weak. */
export function syntaxProblem(sql: string, all: readonly Token[], code: readonly Token[], parseError: string | undefined): SyntaxProblem | undefined {
  const at = (t: Token, message: string): SyntaxProblem => ({ message, ...position(sql, t.start) });
  for (const t of all)
    if (unterminated(t))
      return at(t, `unterminated ${t.type === 'qident' ? 'quoted identifier' : t.type === 'string' ? 'string literal' : 'comment'} starting here`);
  let open = 0;
  for (const t of code) {
    if (isOp(t, '(')) open++;
    else if (isOp(t, ')')) {
      open--;
      if (open < 0) return at(t, 'unmatched closing parenthesis');
    }
  }
  if (open > 0) {
    const last = code[code.length - 1]!;
    return { message: `${open} unclosed parenthes${open === 1 ? 'is' : 'es'}`, ...position(sql, last.end) };
  }
  let first = 0;
  while (isOp(code[first], '(')) first++;
  const head = code[first];
  if (head && head.type === 'word' && !STATEMENT_STARTS.has(head.upper)) {
    const guess = [...STATEMENT_STARTS].find((w) => nearWord(head.upper, w));
    return at(head, `unknown statement ${head.text}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  if (parseError === undefined) return undefined;
  const loc = parserLocation.exec(parseError);
  const stopAt = loc ? offsetOf(sql, Number(loc[1]), Number(loc[2])) : sql.length;
  for (const t of code) {
    if (t.type !== 'word' || RESERVED.has(t.upper) || t.upper === 'VALUE' || t.start > stopAt) continue;
    // a misspelling is a substitution, a swap or a dropped letter; a longer word (ORDERS, LIMITS) is a name
    const meant = CLAUSE_WORDS.find((w) => t.upper.length <= w.length && nearWord(t.upper, w));
    if (meant && !isOp(code[code.indexOf(t) + 1], '(', '.') && !isOp(code[code.indexOf(t) - 1], '.')) return at(t, `${t.text} looks like a misspelt ${meant}`);
  }
  if (hasUnsupportedConstruct(code)) return undefined;
  if (/end of input/.test(parseError)) {
    const last = code[code.length - 1];
    return last ? { message: `the statement ends early, after ${last.text}`, ...position(sql, last.end) } : undefined;
  }
  if (loc) {
    const offset = stopAt;
    const t = code.find((x) => x.start <= offset && offset < x.end) ?? code.find((x) => x.start >= offset);
    if (t && t.type === 'word' && STATEMENT_STARTS.has(t.upper) && code.indexOf(t) > 0) {
      const before = sql.slice(0, t.start);
      if (/\n[ \t]*$/.test(before)) return at(t, `${t.text} starts a new statement: a ; is missing before it`);
    }
  }
  return undefined;
}

/** Where the parser stopped, as "line L, column C" of the statement, when it says. */
export function parserStop(parseError: string): { line: number; column: number } | undefined {
  const loc = parserLocation.exec(parseError);
  return loc ? { line: Number(loc[1]), column: Number(loc[2]) } : undefined;
}
