/**
 * The fast path (blocks of whole entries, statements as byte ranges, byte fingerprints, the statement
 * memo) gives exactly what the line-by-line reference path gives: on every real and hand-made fixture
 * log, on logs damaged at random, and statement by statement for the byte fingerprint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { DigestAggregator } from '../../src/digest/aggregate';
import type { SlowEvent } from '../../src/digest/event';
import { fingerprint } from '../../src/digest/fingerprint';
import { fingerprintBytes } from '../../src/digest/fingerprint-bytes';
import { BlockFeeder, digestText } from '../../src/digest/index';
import { SlowLogParser } from '../../src/digest/slowlog-parser';
import { readRealLog, realLogs } from '../../scripts/record-pt-classes';

const FIXTURES = join(__dirname, '..', 'fixtures', 'slowlogs');
const handMade = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.slowlog'))
  .map((f) => ({ name: f, bytes: readFileSync(join(FIXTURES, f)) }));
const real = realLogs().map((name) => ({ name, bytes: readRealLog(name) }));
const all = [...handMade, ...real];

function events(bytes: Buffer, lineByLine: boolean, chunk = bytes.length || 1): { events: SlowEvent[]; malformed: number } {
  const out: SlowEvent[] = [];
  let malformed = 0;
  const feeder = new BlockFeeder(new SlowLogParser({ event: (e) => out.push(e), malformed: () => malformed++ }, { lineByLine }), 256);
  for (let i = 0; i < bytes.length; i += chunk) feeder.write(bytes.subarray(i, i + chunk));
  feeder.end();
  return { events: out, malformed };
}

/** The digest through the reference path: line by line, string statements, string fingerprints. */
function referenceDigest(bytes: Buffer) {
  const agg = new DigestAggregator();
  const parser = new SlowLogParser({ event: agg.add, malformed: agg.malformed }, { lineByLine: true });
  const feeder = new BlockFeeder(parser);
  feeder.write(bytes);
  feeder.end();
  return agg.result(parser.timeBase());
}

describe('block path = line-by-line reference', () => {
  it.each(all.map((l) => [l.name, l.bytes] as const))('%s: same events and the same digest', (_name, bytes) => {
    expect(events(bytes, false)).toEqual(events(bytes, true));
    expect(digestText(bytes)).toEqual(referenceDigest(bytes));
    expect(digestText(bytes, { memo: false })).toEqual(digestText(bytes));
  });

  it('whatever the chunk and block sizes', () => {
    const bytes = Buffer.concat([...handMade.map((l) => l.bytes), readRealLog('beats/percona-ubuntu-8.0.15.log'), readRealLog('go-mysql/slow002.log')]);
    const reference = events(bytes, true);
    for (const chunk of [1, 7, 64, 1000]) expect(events(bytes, false, chunk)).toEqual(reference);
  });

  it('on logs damaged at random: lines dropped, cut anywhere, CRLF mixed in, banners spliced', () => {
    const pieces = [
      ...handMade.map((l) => l.bytes.toString('utf8')),
      readRealLog('rds/mysql-slowquery.log').toString('utf8').slice(0, 60_000),
      readRealLog('percona-toolkit/slow014.txt').toString('utf8'),
    ];
    const lines = pieces.join('\n').split('\n');
    const rand = mulberry32(7);
    for (let round = 0; round < 150; round++) {
      const kept = lines.filter(() => rand() > 0.08).map((l) => (rand() < 0.01 ? `${l}\r` : l));
      const bytes = Buffer.from(kept.join('\n'));
      const cut = bytes.subarray(0, Math.floor(rand() * bytes.length));
      const chunk = 1 + Math.floor(rand() * 4000);
      expect(events(cut, false, chunk)).toEqual(events(cut, true, chunk));
      expect(digestText(cut)).toEqual(referenceDigest(cut));
    }
  });
});

describe('fingerprintBytes = fingerprint', () => {
  it('on every statement of every fixture log', () => {
    let compared = 0;
    for (const { bytes } of all) {
      const parser = new SlowLogParser({
        event: () => {},
        malformed: () => {},
        raw: (_e, b, s, z) => {
          const fp = fingerprintBytes(b, s, z);
          if (fp === null) return;
          expect(fp).toBe(fingerprint(b.toString('utf8', s, z)));
          compared++;
        },
      });
      const feeder = new BlockFeeder(parser);
      feeder.write(bytes);
      feeder.end();
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('on random SQL-like text (quotes, numbers, booleans, NULL, lists, UTF-8, white space)', () => {
    const words = [
      'SELECT',
      'select',
      'FROM',
      't1',
      'x',
      'b',
      "'a'",
      "'it''s'",
      "'unterminated",
      '0x1F',
      '1.5e-3',
      '-7',
      '+',
      '.5',
      'TRUE',
      'false',
      'NULL',
      'nullable',
      'IN',
      '(1, 2)',
      '( ? , ?)',
      'VALUES',
      '(1),(2)',
      'LIMIT',
      '10',
      'OFFSET',
      '?',
      'ORDER BY',
      'a ASC',
      'UNION',
      'UNION ALL',
      '사용자',
      'Ü',
      '🚀',
      '\n',
      '\t',
      '  ',
      '\r\n',
      ',',
      ';',
      '`col9`',
      'x?',
      'f',
      'insert',
      'INTO',
    ];
    const rand = mulberry32(11);
    let compared = 0;
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(rand() * 25);
      let sql = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]!).join(rand() < 0.5 ? ' ' : '');
      if (rand() < 0.2) sql = `INSERT INTO t (a) VALUES ${sql}`;
      const b = Buffer.from(sql);
      const fp = fingerprintBytes(b, 0, b.length);
      if (fp === null) continue;
      expect(fp, sql).toBe(fingerprint(sql));
      compared++;
    }
    expect(compared).toBeGreaterThan(4000);
  });

  it('leaves comments, backslashes, double quotes, CALL and `use` to the string path', () => {
    for (const sql of [
      'SELECT 1 /* c */',
      'SELECT 1 -- c',
      'SELECT 1 # c',
      "SELECT 'a\\'b'",
      'SELECT "x"',
      'CALL p(1)',
      'use game',
      'administrator command: Ping',
    ]) {
      const b = Buffer.from(sql);
      expect(fingerprintBytes(b, 0, b.length), sql).toBeNull();
    }
  });
});
