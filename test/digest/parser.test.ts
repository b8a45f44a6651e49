import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SlowEvent } from '../../src/digest/event';
import { digestStream, digestText, LineFeeder } from '../../src/digest/index';
import { SlowLogParser } from '../../src/digest/slowlog-parser';

const FIXTURES = join(__dirname, '..', 'fixtures', 'slowlogs');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function parse(bytes: Buffer, chunkSize = bytes.length): { events: SlowEvent[]; malformed: number } {
  const events: SlowEvent[] = [];
  let malformed = 0;
  const feeder = new LineFeeder(new SlowLogParser({ event: (e) => events.push(e), malformed: () => malformed++ }));
  for (let i = 0; i < bytes.length; i += chunkSize) feeder.write(bytes.subarray(i, i + chunkSize));
  feeder.end();
  return { events, malformed };
}

describe('slow-log parser', () => {
  it('reads MySQL 8 entries: time, user@host, counters, use, SET timestamp, multi-line, admin commands, banner', () => {
    const { events, malformed } = parse(fixture('mysql8.slowlog'));
    expect(malformed).toBe(0);
    expect(events).toHaveLength(5);
    const [first, , multi, admin, insert] = events;
    expect(first).toMatchObject({
      user: 'app',
      host: 'web-1.internal',
      db: 'game',
      queryTime: 0.25,
      lockTime: 0.0001,
      rowsSent: 10,
      rowsExamined: 5000,
      admin: false,
    });
    expect(first!.query).toBe('SELECT id, name FROM characters WHERE guild_id = 42 ORDER BY level DESC LIMIT 10');
    expect(new Date(first!.ts).toISOString()).toBe('2024-05-01T10:00:00.123Z');
    expect(multi!.query).toBe("SELECT COUNT(*)\n  FROM purchases\n WHERE created_at >= '2024-04-01'");
    expect(multi).toMatchObject({ db: 'analytics', user: 'report', host: '10.0.2.9', rowsExamined: 2_000_000 });
    expect(admin).toMatchObject({ query: 'administrator command: Quit', admin: true });
    // `SET last_insert_id=…,insert_id=…,timestamp=…` is metadata, not the statement.
    expect(insert!.query).toBe("INSERT INTO events (user_id, kind) VALUES (1, 'login'), (2, 'logout')");
  });

  it('reads MySQL 8 log_slow_extra fields', () => {
    const { events } = parse(fixture('mysql8-slow-extra.slowlog'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ queryTime: 1.5, rowsExamined: 100000, bytesSent: 60, tmpTables: 2, tmpDiskTables: 1, fullScan: true, host: 'localhost' });
    expect(events[1]).toMatchObject({ fullScan: false, tmpDiskTables: 0 });
  });

  it('reads Aurora MySQL 2 entries with an IP-only host', () => {
    const { events } = parse(fixture('aurora2.slowlog'));
    expect(events.map((e) => [e.user, e.host, e.db])).toEqual([
      ['admin', '172.31.5.9', 'shop'],
      ['admin', '172.31.5.9', ''],
      ['rdsadmin', 'localhost', ''],
    ]);
    expect(events[0]!.queryTime).toBeCloseTo(2.000123, 9);
  });

  it('reads MariaDB entries: legacy # Time carried forward, Schema, empty Schema, extra counters, explain lines', () => {
    const { events, malformed } = parse(fixture('mariadb.slowlog'));
    expect(malformed).toBe(0);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ db: 'game', tmpTables: 1, tmpDiskTables: 1, fullScan: true, filesort: true, rowsAffected: 0, bytesSent: 220 });
    expect(events[0]!.query).toBe('SELECT rarity, COUNT(*) FROM items GROUP BY rarity ORDER BY 2 DESC');
    // The second entry has no # Time line: SET timestamp gives its time.
    expect(events[1]!.ts).toBe(1714727107000);
    expect(events[2]).toMatchObject({ db: '', user: 'root', host: 'localhost', query: 'CREATE DATABASE scratch' });
  });

  it('counts cut-short and garbled entries as malformed and keeps going', () => {
    const { events, malformed } = parse(fixture('edge-cases.slowlog'));
    expect(malformed).toBe(2);
    expect(events.map((e) => e.queryTime)).toEqual([0.1, 0.3, 0.05, 0.06, 0.4]);
  });

  it('keeps # comment lines inside a multi-line statement and UTF-8 text intact', () => {
    const { events } = parse(fixture('edge-cases.slowlog'));
    const q = events[0]!.query;
    expect(q).toContain('# a hash comment line inside the statement');
    expect(q).toContain("'사용자 🚀 Ünïcödé'");
    expect(q.split('\n')).toHaveLength(6);
  });

  it('takes a final statement without `;` or newline at end of input', () => {
    const { events } = parse(fixture('edge-cases.slowlog'));
    expect(events.at(-1)!.query).toBe("UPDATE users SET bio = 'line one\nline two; still the string\nline three' WHERE id = 1");
  });

  it('gives the same events whatever the chunk size (chunks split lines and UTF-8 characters)', () => {
    const bytes = Buffer.concat(['mysql8.slowlog', 'mariadb.slowlog', 'edge-cases.slowlog'].map((f) => Buffer.concat([fixture(f), Buffer.from('\n')])));
    const whole = parse(bytes);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      expect(parse(bytes, size)).toEqual(whole);
    }
  });

  it('handles CRLF line endings like LF', () => {
    const lf = fixture('aurora2.slowlog');
    const crlf = Buffer.from(lf.toString('utf8').replace(/\n/g, '\r\n'));
    expect(parse(crlf)).toEqual(parse(lf));
  });

  it('ignores a server restart banner between entries', () => {
    const text = `${fixture('aurora2.slowlog').toString()}/rdsdbbin/oscar/bin/mysqld, Version: 5.7.12-log (MySQL Community Server (GPL)). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n${fixture('aurora2.slowlog').toString()}`;
    const { events, malformed } = parse(Buffer.from(text));
    expect(malformed).toBe(0);
    expect(events).toHaveLength(6);
    expect(events[2]!.query).toBe('SELECT 1');
  });
});

describe('digestStream', () => {
  it('reads a Node stream of Buffers and an async iterable of strings with the same result as digestText', async () => {
    const text = fixture('mysql8.slowlog').toString('utf8');
    const expected = digestText(text);
    expect(await digestStream(Readable.from([fixture('mysql8.slowlog')]))).toEqual(expected);
    async function* pieces() {
      for (let i = 0; i < text.length; i += 5) yield text.slice(i, i + 5);
    }
    expect(await digestStream(pieces())).toEqual(expected);
  });
});

describe('LineFeeder', () => {
  it('joins a statement line spread over thousands of chunks', () => {
    const longLine = `SELECT * FROM t WHERE id IN (${Array.from({ length: 200_000 }, (_, i) => i).join(',')});`;
    const log = Buffer.from(
      `# Time: 2024-05-01T00:00:00Z\n# User@Host: a[a] @ h []\n# Query_time: 1.0  Lock_time: 0 Rows_sent: 0  Rows_examined: 0\n${longLine}\n`,
    );
    const { events } = parse(log, 512);
    expect(events).toHaveLength(1);
    expect(events[0]!.query).toBe(longLine.slice(0, -1));
  });
});

describe('damaged logs', () => {
  it('never throws on a log cut, spliced or with lines dropped at random, and accounts for every entry', () => {
    const all = ['mysql8.slowlog', 'mysql8-slow-extra.slowlog', 'aurora2.slowlog', 'mariadb.slowlog', 'edge-cases.slowlog']
      .map((f) => fixture(f).toString('utf8'))
      .join('\n');
    const lines = all.split('\n');
    let seed = 99;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const queryTimeLines = (text: string) => text.split('\n').filter((l) => l.startsWith('# Query_time:')).length;
    for (let round = 0; round < 300; round++) {
      const kept = lines.filter(() => rand() > 0.1);
      const bytes = Buffer.from(kept.join('\n'));
      // Cut inside the byte stream, possibly inside a UTF-8 sequence, and feed it in odd chunk sizes.
      const cut = bytes.subarray(0, Math.floor(rand() * bytes.length));
      const { events, malformed } = parse(cut, 1 + Math.floor(rand() * 300));
      // Every `# Query_time:` line opens its own entry, which becomes one event or one malformed count.
      const n = queryTimeLines(cut.toString('utf8'));
      expect(events.length).toBeLessThanOrEqual(n);
      expect(events.length + malformed).toBeGreaterThanOrEqual(n);
      for (const e of events) {
        expect(e.queryTime).toBeGreaterThanOrEqual(0);
        expect(e.query.length).toBeGreaterThan(0);
      }
    }
  });
});
