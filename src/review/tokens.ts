/**
 * A MySQL lexer of our own, independent of node-sql-parser: the splitter, the token-level rules and
 * the EXPLAIN vetting all read this stream, so what we check is what the server would see.
 * Handles '…' and "…" strings (backslash escapes and doubled quotes), `…` identifiers, `--`, `#` and
 * block comments, `/*! … *\/` version comments and `/*+ … *\/` hints, @vars, @@vars and any UTF-8 text.
 */

export type TokenType =
  | 'word' // keyword or unquoted identifier
  | 'qident' // `quoted identifier`
  | 'string' // '…', "…", N'…', X'…', B'…', _charset'…'
  | 'number'
  | 'variable' // @x, @@global.x, @'quoted'
  | 'param' // ?
  | 'op' // operators and punctuation: ( ) , ; . = <> …
  | 'comment' // -- … , # … , /* … */
  | 'version' // /*! … */ and /*M! … */
  | 'hint'; // /*+ … */

export interface Token {
  type: TokenType;
  /** Exact source text. */
  text: string;
  /** Text with ASCII letters upper-cased, for words (as the server matches keywords); the text itself otherwise. */
  upper: string;
  start: number;
  end: number;
  /** Whitespace or a comment precedes this token (used to rebuild text faithfully). */
  spaceBefore: boolean;
  /** Parenthesis depth: `(` and `)` carry the outer depth, tokens between them one more. */
  depth: number;
}

const OPS3 = ['<=>', '->>'];
const OPS2 = ['<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>', '->'];

/**
 * Upper-cases ASCII letters only. MySQL and MariaDB match keywords and built-in function names
 * byte-wise on ASCII; JavaScript's toUpperCase maps `ſ` to S, `ı` to I and `ß` to SS, which would
 * make `ſum(1)` (a stored function to the server) look like SUM.
 */
export function asciiUpper(text: string): string {
  return /[\u0080-\uFFFF]/.test(text) ? text.replace(/[a-z]+/g, (m) => m.toUpperCase()) : text.toUpperCase();
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** Index just past a quoted run starting at `i` (the opening quote); unterminated runs end at the input's end. */
export function skipQuoted(s: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j];
    if (backslash && ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (s[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

/** `--` starts a comment only when followed by whitespace, a control character or the end. */
export function isDashComment(s: string, i: number): boolean {
  if (s[i] !== '-' || s[i + 1] !== '-') return false;
  const c = s.charCodeAt(i + 2);
  return Number.isNaN(c) || c <= 32;
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let space = false;
  let depth = 0;
  const n = sql.length;
  const push = (type: TokenType, start: number, end: number) => {
    const text = sql.slice(start, end);
    let d = depth;
    if (type === 'op' && text === ')') {
      depth = Math.max(0, depth - 1);
      d = depth;
    }
    out.push({ type, text, upper: type === 'word' ? asciiUpper(text) : text, start, end, spaceBefore: space, depth: d });
    if (type === 'op' && text === '(') depth++;
    space = type === 'comment' || type === 'version' || type === 'hint';
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    const ch = sql[i]!;
    if (isSpace(c)) {
      space = true;
      i++;
      continue;
    }
    if (ch === '#' || isDashComment(sql, i)) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      push('comment', i, j);
      i = j;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      const kind: TokenType = sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!') ? 'version' : sql[i + 2] === '+' ? 'hint' : 'comment';
      push(kind, i, j);
      i = j;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const j = skipQuoted(sql, i, ch, true);
      push('string', i, j);
      i = j;
      continue;
    }
    if (ch === '`') {
      const j = skipQuoted(sql, i, '`', false);
      push('qident', i, j);
      i = j;
      continue;
    }
    if (ch === '@') {
      let j = i + 1;
      if (sql[j] === '@') j++;
      if (sql[j] === "'" || sql[j] === '"' || sql[j] === '`') j = skipQuoted(sql, j, sql[j]!, sql[j] !== '`');
      else while (j < n && (isWordChar(sql.charCodeAt(j)) || sql[j] === '.')) j++;
      push('variable', i, j);
      i = j;
      continue;
    }
    if (ch === '?') {
      push('param', i, i + 1);
      i++;
      continue;
    }
    if (isDigit(c) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)) && !(out.length && /^(word|qident)$/.test(out[out.length - 1]!.type) && !space))) {
      let j = i;
      if (ch === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'b')) {
        // 0x1F and 0b101 are literals only when every following word character is a hex (binary)
        // digit; otherwise the server reads the whole run as an identifier (`0xevil(1)` is a call).
        j = i + 2;
        while (j < n && isWordChar(sql.charCodeAt(j))) j++;
        const digits = sql.slice(i + 2, j);
        const literal = digits.length > 0 && (sql[i + 1] === 'x' ? /^[0-9a-fA-F]+$/ : /^[01]+$/).test(digits);
        push(literal ? 'number' : 'word', i, j);
        i = j;
        continue;
      } else {
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        if (sql[j] === '.') {
          j++;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
        if (
          (sql[j] === 'e' || sql[j] === 'E') &&
          (isDigit(sql.charCodeAt(j + 1)) || ((sql[j + 1] === '+' || sql[j + 1] === '-') && isDigit(sql.charCodeAt(j + 2))))
        ) {
          j += 2;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
        // 1abc is an identifier in MySQL
        if (j < n && isWordChar(sql.charCodeAt(j))) {
          while (j < n && isWordChar(sql.charCodeAt(j))) j++;
          push('word', i, j);
          i = j;
          continue;
        }
      }
      push('number', i, j);
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j);
      // N'…', X'…', B'…', _utf8mb4'…' are one string literal
      if (sql[j] === "'" && (/^[NnXxBb]$/.test(word) || /^_[A-Za-z0-9]+$/.test(word))) {
        const k = skipQuoted(sql, j, "'", !/^[XxBb]$/.test(word));
        push('string', i, k);
        i = k;
        continue;
      }
      push('word', i, j);
      i = j;
      continue;
    }
    const three = sql.slice(i, i + 3);
    if (OPS3.includes(three)) {
      push('op', i, i + 3);
      i += 3;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (OPS2.includes(two)) {
      push('op', i, i + 2);
      i += 2;
      continue;
    }
    push('op', i, i + 1);
    i++;
  }
  return out;
}

/** Tokens the rules read: no comments, no version comments, no hints. */
export function codeTokens(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.type !== 'comment' && t.type !== 'version' && t.type !== 'hint');
}

/** The unquoted name of an identifier token (`a``b` → a`b). */
export function identName(t: Token): string {
  if (t.type === 'qident') return t.text.slice(1, t.text.endsWith('`') ? -1 : undefined).replace(/``/g, '`');
  return t.text;
}

export function isIdent(t: Token | undefined): boolean {
  return !!t && (t.type === 'word' || t.type === 'qident');
}

/** The value of a string literal token, without quotes or introducer (escapes kept simple). */
export function stringValue(t: Token): string {
  const q = t.text.indexOf(t.text.endsWith('"') ? '"' : "'");
  const body = t.text.slice(q + 1, t.text.length > q + 1 ? -1 : undefined);
  return body.replace(/''/g, "'").replace(/""/g, '"').replace(/\\(.)/g, '$1');
}

/** Rebuilds SQL from tokens: a single space wherever the source had whitespace or a comment. */
export function joinTokens(tokens: readonly Token[]): string {
  let s = '';
  for (const [k, t] of tokens.entries()) s += (k > 0 && t.spaceBefore ? ' ' : '') + t.text;
  return s;
}

/** The statement from its first code token on (leading comments dropped), for one-line previews. */
export function withoutLeadingComments(sql: string): string {
  const first = tokenize(sql).find((t) => t.type !== 'comment');
  return first ? sql.slice(first.start) : sql;
}
