/**
 * Replicates a real slow log so that no statement repeats verbatim while every statement keeps its
 * query class: in statement lines, each digit is replaced by a pseudo-random digit and each letter
 * inside a single-quoted string by a pseudo-random letter of the same case. Digits stay digits and
 * letters stay letters, so every character keeps its class in pt-query-digest's fingerprint rules (a
 * number is still a number, `t1` still `t?`, a quoted string still `?`), and the classes and their call
 * counts are those of the log times the number of copies. Header lines (`# …`), `use`, `SET timestamp=`
 * and server banners are copied as they are.
 *
 * This is what a log of ORM statements whose literals differ (ids, dates, names) looks like to the
 * digest: its statement memo never hits, so every statement is decoded and fingerprinted.
 */

/** xorshift32: deterministic, so the benchmark input is the same on every run and machine. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function startsWith(b: Buffer, s: number, prefix: string): boolean {
  for (let k = 0; k < prefix.length; k++) if (b[s + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

/** Lines copied verbatim: headers, meta lines and server start-up banners. */
function keepLine(b: Buffer, s: number, e: number): boolean {
  if (s === e) return true;
  const c = b[s]!;
  if (c === 35 /* # */) return true;
  if (startsWith(b, s, 'SET timestamp=') || startsWith(b, s, 'use ') || startsWith(b, s, 'Tcp port: ')) return true;
  if (startsWith(b, s, 'Time ') && b.subarray(s, e).includes('Id Command')) return true;
  return b.subarray(s, e).includes(', Version: ');
}

/** `copies` copies of `log`, each one's statement literals rewritten with its own random stream. */
export function varyLiterals(log: Buffer, copies: number, seed = 20251205): Buffer {
  return Buffer.concat([...variedCopies(log, copies, seed)]);
}

/** The same copies one at a time (to write a large log without holding it in memory). */
export function* variedCopies(log: Buffer, copies: number, seed = 20251205): Generator<Buffer> {
  const next = rng(seed);
  for (let copy = 0; copy < copies; copy++) {
    const out = Buffer.allocUnsafe(log.length);
    let w = 0;
    /** The quote character of the string being read, or 0. */
    let quote = 0;
    let i = 0;
    while (i < log.length) {
      let nl = log.indexOf(10, i);
      nl = nl < 0 ? log.length : nl + 1;
      if (keepLine(log, i, nl)) {
        // A header ends any statement (and any unterminated quote in it).
        if (log[i] === 35) quote = 0;
        log.copy(out, w, i, nl);
        w += nl - i;
        i = nl;
        continue;
      }
      for (; i < nl; i++) {
        let c = log[i]!;
        if (c === 92 /* \ */ && quote !== 0 && i + 1 < nl) {
          // An escaped character inside a string is copied as it is.
          out[w++] = c;
          out[w++] = log[++i]!;
          continue;
        }
        if (c === 39 /* ' */ || c === 34 /* " */) {
          if (quote === 0) quote = c;
          else if (quote === c) quote = 0;
        } else if (c >= 48 && c <= 57) c = 48 + (next() % 10);
        else if (quote === 39 && c >= 97 && c <= 122) c = 97 + (next() % 26);
        else if (quote === 39 && c >= 65 && c <= 90) c = 65 + (next() % 26);
        out[w++] = c;
      }
    }
    yield out;
  }
}
