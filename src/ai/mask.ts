/**
 * SQL for the model: `maskSql` replaces SQL literals with `?` (the fingerprint form) while keeping
 * table and column names, then runs the one redactor (src/core/redact.ts) over what is left.
 *
 * Self-contained on purpose: the digest engine has its own fingerprint(); this one is tuned for
 * privacy (strings in double quotes are literals, comments are dropped) rather than for grouping.
 */
import { redact } from '../core/redact';

type TokenKind = 'word' | 'literal' | 'ident' | 'punct' | 'space' | 'hint';
interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGITS = /^\d+$/;
/** Keywords after which a `-` or `+` is a sign rather than an operator. */
const SIGN_CONTEXT = new Set(['(', ',', '=', '<', '>', '<=', '>=', '<>', '!=', '*', '/', '+', '-', '%']);
const SIGN_KEYWORDS = new Set([
  'select',
  'where',
  'and',
  'or',
  'not',
  'in',
  'values',
  'value',
  'set',
  'between',
  'like',
  'limit',
  'offset',
  'then',
  'else',
  'when',
  'return',
  'by',
  'is',
  'interval',
  'having',
  'on',
]);

/** Reads a quoted run starting at `i` (the opening quote); returns the index after the closing quote. */
function readQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (c === '\\' && quote !== '`') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length;
}

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j] as string)) j++;
      out.push({ kind: 'space', text: ' ' });
      i = j;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      const body = sql.slice(i + 2, end < 0 ? sql.length : end);
      if (body.startsWith('!')) {
        // Executable comment: its content is SQL that runs on MySQL, so mask it like the rest.
        out.push({ kind: 'space', text: ' ' }, ...tokenize(body.replace(/^!\d*/, '')), { kind: 'space', text: ' ' });
      } else if (body.startsWith('+')) {
        out.push({ kind: 'hint', text: `/*${body.replace(/'[^']*'|"[^"]*"/g, '?')}*/` });
      } else {
        out.push({ kind: 'space', text: ' ' });
      }
      i = stop;
    } else if ((c === '-' && next === '-' && (sql[i + 2] === undefined || /\s/.test(sql[i + 2] as string))) || c === '#') {
      const end = sql.indexOf('\n', i);
      out.push({ kind: 'space', text: ' ' });
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "'" || c === '"') {
      out.push({ kind: 'literal', text: '?' });
      i = readQuoted(sql, i, c);
    } else if (c === '`') {
      const j = readQuoted(sql, i, '`');
      out.push({ kind: 'ident', text: sql.slice(i, j) });
      i = j;
    } else if ((c === 'x' || c === 'X' || c === 'b' || c === 'B' || c === 'n' || c === 'N') && next === "'") {
      out.push({ kind: 'literal', text: '?' });
      i = readQuoted(sql, i + 1, "'");
    } else if (c === '_' && /^_[a-z0-9]+'/i.test(sql.slice(i, i + 20))) {
      // Charset introducer: _utf8mb4'text'
      const q = sql.indexOf("'", i);
      out.push({ kind: 'literal', text: '?' });
      i = readQuoted(sql, q, "'");
    } else if (c === '.' && next !== undefined && /\d/.test(next) && !isAfterWord(out)) {
      let j = i + 1;
      while (j < sql.length && /[\d]/.test(sql[j] as string)) j++;
      j = readExponent(sql, j);
      out.push({ kind: 'literal', text: '?' });
      i = j;
    } else if (WORD_CHAR.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_CHAR.test(sql[j] as string)) j++;
      const word = sql.slice(i, j);
      if (/^0x[0-9a-f]+$/i.test(word) || /^0b[01]+$/.test(word)) {
        out.push({ kind: 'literal', text: '?' });
        i = j;
      } else if (DIGITS.test(word) || /^\d+e\d+$/i.test(word)) {
        if (sql[j] === '.' && !isAfterDot(out)) {
          j++;
          while (j < sql.length && /\d/.test(sql[j] as string)) j++;
        }
        j = readExponent(sql, j);
        out.push({ kind: 'literal', text: '?' });
        i = j;
      } else {
        out.push({ kind: 'word', text: word });
        i = j;
      }
    } else {
      const two = sql.slice(i, i + 2);
      const op = ['<=', '>=', '<>', '!=', ':=', '||', '&&', '->'].includes(two) ? two : c;
      out.push({ kind: 'punct', text: op });
      i += op.length;
    }
  }
  return out;
}

function readExponent(sql: string, j: number): number {
  if ((sql[j] === 'e' || sql[j] === 'E') && /[-+\d]/.test(sql[j + 1] ?? '')) {
    let k = j + 1;
    if (sql[k] === '-' || sql[k] === '+') k++;
    if (!/\d/.test(sql[k] ?? '')) return j;
    while (k < sql.length && /\d/.test(sql[k] as string)) k++;
    return k;
  }
  return j;
}

function lastSolid(tokens: Token[]): Token | undefined {
  for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k]?.kind !== 'space') return tokens[k];
  return undefined;
}
function isAfterWord(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && (last.kind === 'word' || last.kind === 'ident' || last.kind === 'literal');
}
function isAfterDot(tokens: Token[]): boolean {
  return tokens[tokens.length - 1]?.text === '.';
}

/** Folds a unary sign into the literal that follows it: `= -5` → `= ?`. */
function foldSigns(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      let n = k + 1;
      while (tokens[n]?.kind === 'space') n++;
      const prev = lastSolid(out);
      const signContext =
        prev === undefined || (prev.kind === 'punct' && SIGN_CONTEXT.has(prev.text)) || (prev.kind === 'word' && SIGN_KEYWORDS.has(prev.text.toLowerCase()));
      if (tokens[n]?.kind === 'literal' && signContext) {
        k = n - 1; // drop the sign (and the spaces); the literal is pushed next iteration
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

function render(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text;
  return s;
}

/** Collapses `(?, ?, ?)` to `(?+)` and repeated identical row groups `(…), (…)` to one. */
function collapseLists(text: string): string {
  let s = text.replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, '(?+)');
  let prev: string;
  do {
    prev = s;
    s = s.replace(/(\([^()]*\))(\s*,\s*\1)+/g, '$1');
  } while (s !== prev);
  return s;
}

/**
 * SQL with every literal replaced by `?`, comments dropped and whitespace collapsed. Identifiers
 * (bare or back-quoted), keywords, functions and operators stay as written.
 */
export function maskSql(sql: string): string {
  const tokens = foldSigns(tokenize(sql));
  return redact(collapseLists(render(tokens)).replace(/ +/g, ' ').trim());
}
