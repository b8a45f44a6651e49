/**
 * The digest's two memos (statement-cache.ts): a value comes back only for exactly the bytes it was
 * stored under, lookups stay bounded when many keys share length and sampled bytes, the adaptive memo
 * rests when it does not pay and comes back; and on a real log whose literals differ from copy to copy
 * (so only the shape memo can help), the digest is exactly the one computed without any memo.
 */
import { describe, expect, it } from 'vitest';
import { variedCopies } from '../../bench/lib/vary-literals';
import { digestText } from '../../src/digest/index';
import { MAX_SAME, StatementCache } from '../../src/digest/statement-cache';
import { readRealLog } from '../../scripts/record-pt-classes';

/** A 2,000-byte key that differs from its siblings only at byte 1,000 (never among the sampled bytes). */
function sibling(k: number): Buffer {
  const b = Buffer.alloc(2000, 'a');
  b.write(String(k).padStart(4, '0'), 1000, 'latin1');
  return b;
}

describe('StatementCache', () => {
  it('answers only for exactly the bytes stored, even when their hashes collide', () => {
    const memo = new StatementCache<number>();
    for (let k = 0; k < 4; k++) {
      const key = sibling(k);
      expect(memo.get(key, 0, key.length)).toBeUndefined();
      memo.set(key, 0, key.length, k);
    }
    for (let k = 0; k < 4; k++) expect(memo.get(sibling(k), 0, 2000)).toBe(k);
    expect(memo.get(sibling(99), 0, 2000)).toBeUndefined();
    // A key inside a larger buffer: only its range counts.
    const framed = Buffer.concat([Buffer.from('xx'), sibling(2), Buffer.from('yy')]);
    expect(memo.get(framed, 2, 2002)).toBe(2);
  });

  it('keeps at most a few keys of one hash and length, the newest kept, never a wrong answer', () => {
    const memo = new StatementCache<number>();
    for (let k = 0; k < 40; k++) {
      const key = sibling(k);
      expect(memo.get(key, 0, key.length)).toBeUndefined();
      memo.set(key, 0, key.length, k);
      expect(memo.get(key, 0, key.length)).toBe(k);
    }
    const found = Array.from({ length: 40 }, (_, k) => memo.get(sibling(k), 0, 2000));
    for (const [k, v] of found.entries()) expect(v === undefined || v === k).toBe(true);
    expect(found.filter((v) => v !== undefined).length).toBeLessThanOrEqual(MAX_SAME);
    expect(found[39]).toBe(39);
  });

  it('an adaptive memo rests after a window of misses, then looks again', () => {
    const memo = new StatementCache<string>(true);
    const known = Buffer.from('SELECT 1');
    memo.get(known, 0, known.length);
    memo.set(known, 0, known.length, 'one');
    let lookups = 1;
    // A window (256 lookups) where almost nothing hits.
    while (lookups < 256) {
      const other = Buffer.from(`SELECT ${1000 + lookups}`);
      memo.get(other, 0, other.length);
      lookups++;
    }
    // Resting: even a stored key is not looked up, and nothing is stored.
    expect(memo.get(known, 0, known.length)).toBeUndefined();
    lookups = 1;
    while (lookups < 63 * 256) {
      memo.get(known, 0, known.length);
      lookups++;
    }
    expect(memo.get(known, 0, known.length)).toBe('one');
  });
});

describe('digest of a real log whose literals differ from copy to copy', () => {
  const log = readRealLog('rds/mysql-slowquery.log');
  const varied = Buffer.concat([...variedCopies(log, 4)]);

  it('is exactly the digest without memos, with each class of the log and 4× its calls', () => {
    const withMemo = digestText(varied);
    expect(withMemo).toEqual(digestText(varied, { memo: false }));
    const once = new Map(digestText(log).classes.map((c) => [c.id, c.calls]));
    expect(new Map(withMemo.classes.map((c) => [c.id, c.calls / 4]))).toEqual(once);
    // The copies really differ: no statement of the first copy is repeated verbatim in the second.
    const [a, b] = [...variedCopies(log, 2)];
    expect(a!.equals(b!)).toBe(false);
  });
});
