/**
 * Static upper bounds on what a vetted statement can make the server compute while it plans: EXPLAIN
 * folds constant expressions (and expressions over rows it reads by primary key), and some of that
 * work does not stop on KILL. Every function call gets a bound on the size of its result and on its
 * work from the allow-list's size rule (functions.ts); a statement whose bounds pass the caps is
 * cheap by construction, whatever the values.
 *
 * Sizes are bytes. A column, a subquery's result or any other non-literal operand counts as
 * COLUMN_BYTES: for a row the server reads while planning that is the real value, which the paste
 * cannot make larger — the caps are about what a paste can build, not about the data.
 */
import { closeParen, isOp, isWord, splitCommas } from './statement';
import { builtin, type Flavor } from './functions';
import type { Token } from './tokens';

export interface Caps {
  /** Largest value any expression may build. */
  valueBytes: number;
  /** Total work (≈ byte operations) of all functions in the statement. */
  work: number;
  /** String and hash functions nested in one another. */
  stringNesting: number;
  /** Function calls nested in one another. */
  callNesting: number;
  /** `%` wildcards in a LIKE pattern, not counting a trailing one (each can multiply the work by the value's length). */
  likeWildcards: number;
}

export const CAPS: Caps = { valueBytes: 64 * 1024, work: 16_000_000, stringNesting: 6, callNesting: 12, likeWildcards: 1 };

export const COLUMN_BYTES = 256;
const NUMBER_BYTES = 64;

class Refusal extends Error {}

const kb = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en-US')} KB`;

/** The integer a literal argument holds (`5`, `+5`, `0x10`), or undefined when it is not a plain literal. */
function literalInt(t: readonly Token[], [s, e]: [number, number]): number | undefined {
  let i = s;
  if (isOp(t[i], '+')) i++;
  if (e - i !== 1 || t[i]!.type !== 'number') return undefined;
  const text = t[i]!.text;
  const n = /^0x/.test(text) ? parseInt(text.slice(2), 16) : /^0b/.test(text) ? parseInt(text.slice(2), 2) : Number(text);
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : Infinity;
}

/** A string literal's introducer (N, X, B, _utf8mb4…) and its text between the quotes. */
function literalParts(tok: Token): { prefix: string; body: string } {
  const text = tok.text;
  const q = text[0] === '"' || text[0] === "'" ? 0 : Math.max(0, text.indexOf("'"));
  const quote = text[q]!;
  const end = text.length > q + 1 && text.endsWith(quote) ? text.length - 1 : text.length;
  return { prefix: text.slice(0, q).toUpperCase(), body: text.slice(q + 1, end) };
}

/** Bytes of a string literal's value (hex and bit literals hold half/eighth of their digits). */
function literalBytes(tok: Token): number {
  const { prefix, body } = literalParts(tok);
  if (prefix === 'X') return Math.ceil(body.length / 2);
  if (prefix === 'B') return Math.ceil(body.length / 8);
  return Buffer.byteLength(body);
}

/** `%` wildcards in a LIKE pattern that can make matching super-linear (a trailing run is free). */
function likeWildcards(pattern: string): number {
  const body = pattern.replace(/\\./g, 'x').replace(/%+$/, '');
  return (body.match(/%+/g) ?? []).length;
}

/**
 * Checks a vetted token run: returns why it is refused, or undefined when every bound is under the
 * caps. `t` must already have passed the name checks of vet.ts (every `name(` is a built-in or a
 * keyword).
 */
export function checkBounds(t: readonly Token[], flavor: Flavor | undefined, caps: Caps = CAPS): string | undefined {
  let work = 0;
  const addWork = (w: number) => {
    work += w;
    if (work > caps.work)
      throw new Refusal(`could make the server do about ${Math.round(work / 1e6)} million operations while planning (limit ${caps.work / 1e6} million)`);
  };
  const checkSize = (size: number, what: string) => {
    if (size > caps.valueBytes) throw new Refusal(`${what} can build a value of up to ${kb(size)} (limit ${kb(caps.valueBytes)})`);
    return size;
  };

  /** Largest value the operands of t[from, to) can hold. */
  const range = (from: number, to: number, calls: number, strings: number): number => {
    let size = 0;
    // Size of the operand just read: the subject of a following LIKE.
    let last = COLUMN_BYTES;
    const operand = (n: number) => {
      last = n;
      size = Math.max(size, n);
    };
    for (let i = from; i < to; i++) {
      const x = t[i]!;
      if (x.type === 'string') {
        operand(checkSize(literalBytes(x), 'a literal'));
        continue;
      }
      if (x.type === 'number') {
        operand(x.text.length);
        continue;
      }
      if (x.type === 'word' && isOp(t[i + 1], '(') && !isOp(t[i - 1], '.')) {
        const entry = builtin(x.text, flavor);
        if (entry) {
          const close = closeParen(t, i + 1);
          if (close < 0 || close > to) throw new Refusal(`has an unbalanced call to ${x.upper}()`);
          const nextCalls = calls + 1;
          const nextStrings = strings + (entry.string ? 1 : 0);
          if (nextCalls > caps.callNesting) throw new Refusal(`nests function calls more than ${caps.callNesting} deep`);
          if (nextStrings > caps.stringNesting) throw new Refusal(`nests string and hash functions more than ${caps.stringNesting} deep`);
          const argRanges = close > i + 2 ? splitCommas(t, [i + 2, close], t[i + 1]!.depth + 1) : [];
          const args = argRanges.map(([s, e]) => range(s, e, nextCalls, nextStrings));
          operand(checkSize(apply(x.upper, entry.rule, args, argRanges), `${x.upper}()`));
          i = close;
          continue;
        }
      }
      if (x.type === 'word' && x.upper === 'LIKE' && !isWord(t[i - 1], 'SOUNDS')) {
        let p = i + 1;
        if (isWord(t[p], 'BINARY')) p++;
        const pat = t[p];
        if (!pat || pat.type !== 'string') throw new Refusal('has a LIKE whose pattern is not a literal (its cost cannot be bounded)');
        const wild = likeWildcards(literalParts(pat).body);
        if (wild > caps.likeWildcards)
          throw new Refusal(
            `has a LIKE pattern with ${wild + 1} or more % wildcards (matching it can take time that grows with a power of the value's length)`,
          );
        addWork(literalBytes(pat) * Math.max(last, COLUMN_BYTES));
        continue;
      }
      if (x.type === 'word' && /^(TRUE|FALSE|NULL|UNKNOWN)$/.test(x.upper)) continue;
      if (x.type === 'word' || x.type === 'qident') {
        if (!/^(AND|OR|NOT|XOR|IS|IN|BETWEEN|ESCAPE|COLLATE|DIV|MOD)$/.test(x.upper)) operand(COLUMN_BYTES);
        continue;
      }
      if (isOp(x, '(')) {
        const close = closeParen(t, i);
        if (close < 0) throw new Refusal('has unbalanced parentheses');
        operand(range(i + 1, Math.min(close, to), calls, strings));
        i = close;
      }
    }
    return size;
  };

  const apply = (name: string, rule: string, a: number[], ranges: [number, number][]): number => {
    const max = Math.max(0, ...a);
    const sum = a.reduce((p, x) => p + x, 0);
    addWork(sum);
    const count = (k: number, what: string): number => {
      const n = ranges[k] ? literalInt(t, ranges[k]) : undefined;
      if (n === undefined) throw new Refusal(`calls ${name}() with a ${what} that is not a literal number (its result size cannot be bounded)`);
      return n;
    };
    switch (rule) {
      case 'num':
      case 'window':
        return name === 'FORMAT' ? 512 : NUMBER_BYTES;
      case 'same':
      case 'agg':
        return max;
      case 'case':
        return 2 * max;
      case 'sum':
        return sum;
      case 'x2':
        return 2 * max + 2;
      case 'x6':
        return 6 * max + 2;
      case 'repeat':
        return (a[0] ?? 0) * count(1, 'count');
      case 'pad':
        return 4 * count(1, 'length');
      case 'space':
        return count(0, 'length');
      case 'replace':
        addWork((a[0] ?? 0) * Math.max(1, a[1] ?? 0));
        return (a[0] ?? 0) * Math.max(1, a[2] ?? 0);
      case 'search': {
        const [x, y] = [...a].sort((p, q) => q - p);
        addWork((x ?? 0) * Math.max(1, y ?? 0));
        return max;
      }
      case 'export':
        return 64 * (sum + 1);
      case 'format':
        return 32 * (a[1] ?? 0) + NUMBER_BYTES;
      case 'char':
        return 4 * a.length;
      case 'cast': {
        // CAST(x AS BINARY(n)) pads to n bytes; CHAR(n), DECIMAL(m,d)… take their first number.
        const [s, e] = ranges[ranges.length - 1] ?? [0, 0];
        let n = 0;
        for (let k = s; k < e; k++) if (t[k]!.type === 'number' && isOp(t[k - 1], '(')) n = Math.max(n, Number(t[k]!.text) || Infinity);
        return Math.max(4 * max, n);
      }
      default:
        throw new Refusal(`calls ${name}(), whose cost is not modelled`);
    }
  };

  try {
    range(0, t.length, 0, 0);
    return undefined;
  } catch (e) {
    if (e instanceof Refusal) return e.message;
    throw e;
  }
}
