/**
 * The WebAssembly scanner (src/digest/wasm/engine/scan.as.ts through wasm-engine.ts) reads the entries it
 * takes exactly as the JavaScript parser reads them, and leaves every other entry to it: events with the
 * scanner equal events without it and line by line, on every fixture log, on variants of a real Amazon
 * RDS MySQL 8.0 entry made to leave its shape one way at a time (log_slow_extra and Percona Server
 * header lines included), and on real logs with their headers damaged at random. Also: a file read straight into the engine's memory (digestFile) digests as the same
 * bytes given as text, and two digests that take turns keep their memos apart.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import type { SlowEvent } from '../../src/digest/event';
import { BlockFeeder, digestFile, digestStream, digestText } from '../../src/digest/index';
import { SlowLogParser } from '../../src/digest/slowlog-parser';
import { readRealLog, realLogs } from '../../scripts/record-pt-classes';

const FIXTURES = join(__dirname, '..', 'fixtures', 'slowlogs');
const all = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.slowlog'))
    .map((name) => ({ name, bytes: readFileSync(join(FIXTURES, name)) })),
  ...realLogs().map((name) => ({ name, bytes: readRealLog(name) })),
];
const RDS = readRealLog('rds/mysql-slowquery.log');

type Path = 'scanner' | 'js' | 'lines';

/** The events a parser gives on these bytes by one path, and how many entries the scanner read. */
function read(bytes: Buffer, path: Path, blockBytes = 1 << 20): { events: SlowEvent[]; malformed: number; scanned: number } {
  const events: SlowEvent[] = [];
  let malformed = 0;
  const parser = new SlowLogParser(
    { event: (e) => events.push(e), malformed: () => malformed++ },
    { lineByLine: path === 'lines', scanner: path === 'scanner' },
  );
  const feeder = new BlockFeeder(parser, blockBytes);
  feeder.write(bytes);
  feeder.end();
  return { events, malformed, scanned: parser.scannedEntries };
}

/** Both paths of the same bytes: the scanner's result (with its count) equals the JavaScript one and the line-by-line one. */
function same(bytes: Buffer, blockBytes?: number): number {
  const scanned = read(bytes, 'scanner', blockBytes);
  const js = read(bytes, 'js', blockBytes);
  const { scanned: count, ...rest } = scanned;
  expect(rest).toEqual({ events: js.events, malformed: js.malformed });
  expect(rest).toEqual({ events: read(bytes, 'lines', blockBytes).events, malformed: read(bytes, 'lines', blockBytes).malformed });
  return count;
}

/** The real log's entries, each from its `# Time:` line. */
const entries = (() => {
  const text = RDS.toString('utf8');
  const starts = [...text.matchAll(/^# Time: /gm)].map((m) => m.index!);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
})();
const entry = entries.find((e) => e.includes('\nuse ') && e.includes('\nSET timestamp='))!;

describe('WebAssembly scanner = JavaScript parser', () => {
  it('on every fixture log (and the scanner reads nearly all of the real RDS log)', () => {
    const counts = new Map<string, number>();
    for (const { name, bytes } of all) counts.set(name, same(bytes));
    const rdsEvents = read(RDS, 'js').events.length;
    expect(rdsEvents).toBe(730);
    // The rest: the banner at the head of the log, and entries the JavaScript parser reads after a block cut.
    expect(counts.get('rds/mysql-slowquery.log')!).toBeGreaterThanOrEqual(720);
  });

  it('whatever the block size (a block may end anywhere in an entry it opens)', () => {
    const head = RDS.subarray(0, 200_000);
    for (const blockBytes of [256, 1000, 4096, 65_536]) expect(same(head, blockBytes)).toBeGreaterThan(0);
  });

  it('on entries made to leave its shape one way at a time: each is read as JavaScript reads it', () => {
    const variants: Array<[string, (e: string) => string, boolean]> = [
      ['as logged', (e) => e, true],
      ['no use line', (e) => e.replace(/\nuse [^\n]*/, ''), true],
      ['use with backquotes', (e) => e.replace(/\nuse ([^;\n]*);/, '\nuse `$1`;'), true],
      ['blank lines before the statement', (e) => e.replace(/\nSET timestamp=/, '\n\n\nSET timestamp='), true],
      ['SET insert_id as well', (e) => e.replace(/\nSET timestamp=/, '\nSET insert_id=5;\nSET timestamp='), true],
      [
        'a restart banner after the statement',
        (e) =>
          `${e}/rdsdbbin/mysql/bin/mysqld, Version: 8.0.40 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n`,
        true,
      ],
      ['a banner and then more text', (e) => `${e}/rdsdbbin/mysql/bin/mysqld, Version: 8.0.40. started with:\nSELECT 1;\n`, false],
      [
        'log_slow_extra keys (MySQL 8)',
        (e) =>
          e.replace(
            /(# Query_time: [^\n]*)/,
            '$1 Thread_id: 7 Errno: 0 Killed: 0 Bytes_received: 0 Bytes_sent: 56 Read_first: 0 Select_scan: 1 Created_tmp_tables: 2 Created_tmp_disk_tables: 1 Start: 2025-09-26T03:00:12.274189Z End: 2025-09-26T03:00:29.449806Z',
          ),
        true,
      ],
      [
        "Percona Server's header lines",
        (e) =>
          e
            .replace(/(# User@Host: [^\n]*\n)/, '$1# Schema: omotenashi  Last_errno: 0  Killed: 0\n')
            .replace(
              /(# Query_time: [^\n]*\n)/,
              '$1# Bytes_sent: 312  Tmp_tables: 1  Tmp_disk_tables: 0  Tmp_table_sizes: 0\n# InnoDB_trx_id: 0\n# Full_scan: Yes  Full_join: No\n# Filesort: No  Filesort_on_disk: No  Merge_passes: 0\n#   InnoDB_IO_r_ops: 5491  InnoDB_IO_r_wait: 0.003183\n',
            ),
        true,
      ],
      ['a Schema and no use line', (e) => e.replace(/\nuse [^\n]*/, '').replace(/(# User@Host: [^\n]*\n)/, '$1# Schema: other  QC_hit: No\n'), true],
      ['an empty Schema', (e) => e.replace(/\nuse [^\n]*/, '').replace(/(# User@Host: [^\n]*\n)/, '$1# Thread_id: 8  Schema:   QC_hit: No\n'), true],
      ['an empty Lock_time', (e) => e.replace(/Lock_time: \S+/, 'Lock_time: '), true],
      ['an empty Query_time', (e) => e.replace(/Query_time: \S+/, 'Query_time: '), false],
      ['a Full_scan with no value', (e) => e.replace(/(# Query_time: [^\n]*\n)/, '$1# Full_scan:  Filesort: Yes\n'), true],
      ['Bytes_sent written as 1e3', (e) => e.replace(/(# Query_time: [^\n]*\n)/, '$1# Bytes_sent: 1e3\n'), false],
      ['a second User@Host after Query_time', (e) => e.replace(/(# Query_time: [^\n]*\n)/, '$1# User@Host: x[x] @ h []\n'), false],
      ['Query_time twice', (e) => e.replace(/(# Query_time: [^\n]*\n)/, '$1$1'), false],
      ['no User@Host', (e) => e.replace(/# User@Host: [^\n]*\n/, ''), true],
      ['a Query_time with an exponent', (e) => e.replace(/Query_time: \S+/, 'Query_time: 1e-3'), false],
      ['a 16-digit Rows_examined', (e) => e.replace(/Rows_examined: \S+/, 'Rows_examined: 1234567890123456'), false],
      ['no fraction in the time', (e) => e.replace(/(# Time: \S{19})\.\d+Z/, '$1Z'), true],
      ['a time with an offset, not Z (log_timestamps=SYSTEM)', (e) => e.replace(/(# Time: \S+)Z/, '$1+09:00'), true],
      ['an offset without a colon, west of UTC', (e) => e.replace(/(# Time: \S+)Z/, '$1-0700'), true],
      ['an offset and no fraction', (e) => e.replace(/(# Time: \S{19})\.\d+Z/, '$1+05:30'), true],
      ['an offset after a dot with no digits', (e) => e.replace(/(# Time: \S{19})\.\d+Z/, '$1.+05:30'), false],
      ['an offset after ten fraction digits', (e) => e.replace(/(# Time: \S{19})\.\d+Z/, '$1.0123456789+05:30'), false],
      ['an offset of 15 hours', (e) => e.replace(/(# Time: \S+)Z/, '$1+15:00'), false],
      ['a local time, no zone', (e) => e.replace(/(# Time: \S+)Z/, '$1'), false],
      ['a space instead of T', (e) => e.replace(/(# Time: \d{4}-\d\d-\d\d)T/, '$1 '), true],
      ['the 30th of February', (e) => e.replace(/# Time: \d{4}-\d\d-\d\d/, '# Time: 2025-02-30'), false],
      ['the 29th of February of a leap year', (e) => e.replace(/# Time: \d{4}-\d\d-\d\d/, '# Time: 2024-02-29'), true],
      ['the 29th of February of 2100', (e) => e.replace(/# Time: \d{4}-\d\d-\d\d/, '# Time: 2100-02-29'), false],
      ['before 1970', (e) => e.replace(/# Time: \d{4}/, '# Time: 1969'), false],
      ['hour 24', (e) => e.replace(/(# Time: \S{10}T)\d\d/, '$124'), false],
      ['a legacy time', (e) => e.replace(/# Time: \S+/, '# Time: 250926  3:00:29'), false],
      ['no Time line', (e) => e.replace(/# Time: [^\n]*\n/, ''), false],
      ['a host name, not an address', (e) => e.replace(/@ +\[[^\]]*\]/, '@ db-client.example [10.0.0.5]'), true],
      ['no host at all', (e) => e.replace(/ @ [^\n]*/, ''), true],
      ['a comment line among the headers', (e) => e.replace(/\n# Query_time/, '\n# explain: x\n#\n# Query_time'), true],
      ['a header line after the use line', (e) => e.replace(/(\nuse [^\n]*)/, '$1\n# Bytes_sent: 5'), false],
      ['a statement that ends in a non-ASCII character', (e) => e.replace(/;\n$/, ' -- 日本\n'), false],
      ['a statement run into the next entry (no newline)', (e) => e.replace(/\n$/, ''), false],
      ['two statements, the second on its own line', (e) => e.replace(/;\n$/, ';\nSELECT 2;\n'), true],
      ['an administrator command', (e) => e.replace(/\nSET timestamp=[^\n]*\n[\s\S]*$/, '\n# administrator command: Quit;\n'), false],
    ];
    for (const [what, change, scanned] of variants) {
      const one = change(entry);
      const log = Buffer.from(one + one + entries[0]);
      const count = same(log);
      // The scanner reads the changed entries (twice) and the plain one after them, or leaves them.
      expect(count >= 2, `${what}: scanned ${count}`).toBe(scanned);
    }
    // The last entry of a log that does not end with a newline.
    expect(same(Buffer.from(entry + entry.replace(/\n$/, '')))).toBe(2);
  });

  it('on real logs (RDS, Percona Server 8) with their header lines damaged at random', () => {
    const rand = mulberry32(11);
    const rds = RDS.toString('latin1').slice(0, 100_000);
    // The RDS log also as a server with log_timestamps=SYSTEM writes it: offsets instead of Z.
    const text = rds + rds.replace(/^(# Time: \S+)Z$/gm, '$1+09:00') + readRealLog('beats/percona-ubuntu-8.0.15.log').toString('latin1').repeat(20);
    for (let round = 0; round < 60; round++) {
      const chars = [...text];
      for (let k = 0; k < 40; k++) {
        // A byte of a header line: replaced, doubled or dropped.
        let at = Math.floor(rand() * chars.length);
        while (at > 0 && chars[at - 1] !== '\n') at--;
        if (chars[at] !== '#') continue;
        const p = at + 2 + Math.floor(rand() * 60);
        const r = rand();
        if (r < 0.4) chars[p] = ' 09:.Z-+Tx#'.charAt(Math.floor(rand() * 11));
        else if (r < 0.7) chars.splice(p, 0, chars[p] ?? '');
        else chars.splice(p, 1);
      }
      same(Buffer.from(chars.join(''), 'latin1'), 1 + Math.floor(rand() * 100_000));
    }
  });
});

describe("a file read into the engine's memory", () => {
  it('digests as the same bytes given as text: every real log, and an entry bigger than the block', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbassist-scan-'));
    try {
      const huge = entry.replace(/\nSELECT/, `\nSELECT '${'x'.repeat(3 << 20)}',`);
      const logs = [...all.map((l) => l.bytes), Buffer.concat([RDS.subarray(0, 300_000), Buffer.from(huge), RDS.subarray(0, 300_000)])];
      logs.forEach((bytes, i) => {
        const path = join(dir, `${i}.log`);
        writeFileSync(path, bytes);
        expect(digestFile(path)).toEqual(digestText(bytes));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('two digests taking turns', () => {
  it('each gives what it gives alone (the engine memos are claimed, never shared)', async () => {
    const a = RDS;
    const b = readRealLog('beats/percona-ubuntu-8.0.15.log');
    async function* chunks(bytes: Buffer): AsyncGenerator<Buffer> {
      for (let i = 0; i < bytes.length; i += 4096) {
        await new Promise((r) => setImmediate(r));
        yield bytes.subarray(i, i + 4096);
      }
    }
    const [ra, rb] = await Promise.all([digestStream(chunks(a)), digestStream(chunks(b))]);
    expect(ra).toEqual(digestText(a));
    expect(rb).toEqual(digestText(b));
  });
});

describe('the scanner’s memo lookups', () => {
  /** i in letters (pt's fingerprint replaces digits, even in names, so classes told apart by digits would merge). */
  const letters = (i: number): string => {
    let out = '';
    do {
      out += String.fromCharCode(97 + (i % 26));
      i = Math.floor(i / 26);
    } while (i > 0);
    return out;
  };
  const head = entry.slice(0, entry.indexOf('\nSET timestamp='));
  const withStatement = (sql: string) => `${head}\n${sql};\n`;
  const calls = (bytes: Buffer, memo: boolean) => digestText(bytes, { memo }).classes.map((c) => [c.fingerprint, c.calls]);

  it('never give a statement another one’s class when the memo replaces an entry (same length and sampled bytes)', () => {
    // 26 statements of one length that differ in one unsampled byte (a table name's letter), each twice in
    // a row (so the memo hits and does not rest), in turn, over several blocks: more than the 16 it
    // compares per hash, so entries are replaced while the scanner's lookups of a block are out.
    const sql = (j: number) => `SELECT a, b FROM t${String.fromCharCode(97 + j)}x WHERE ${'c = 1 AND '.repeat(20)}d = 2`;
    const round = Array.from({ length: 26 }, (_, j) => withStatement(sql(j)).repeat(2)).join('');
    const log = Buffer.from(round.repeat(400));
    expect(log.length).toBeGreaterThan(4 << 20);
    expect(calls(log, true)).toEqual(calls(log, false));
    expect(calls(log, true)).toHaveLength(26);
  });

  it('never give a statement another one’s class when the memo is emptied (full) during a block', () => {
    // Statements of ~60 KB, each new one after the first again: the first keeps entry 0 and the memo
    // hits half the time; its 8 MB arena fills after ~140 and it is emptied mid-block, so a new statement
    // takes entry 0 while the block's later lookups of the first still say 0.
    const sql = (i: number) => `SELECT ${'abcdefgh, '.repeat(6000)}z FROM t_${letters(i)}`;
    const parts: string[] = [];
    for (let i = 1; i <= 200; i++) parts.push(withStatement(sql(0)), withStatement(sql(i)));
    const log = Buffer.from(parts.join(''));
    expect(log.length).toBeGreaterThan(16 << 20);
    expect(calls(log, true)).toEqual(calls(log, false));
  });

  it('never give a statement another shape’s class when the shape memo replaces an entry', () => {
    // As above, with a literal that differs at every entry: the verbatim memo misses and rests, and the
    // scanner's lookups go to the shape memo (the main pass's bytes: `select a, b from tXx where …`).
    let id = 0;
    const sql = (j: number) => `SELECT a, b FROM t${String.fromCharCode(97 + j)}x WHERE id = ${id++} AND ${'c = 1 AND '.repeat(20)}d = 2`;
    const parts: string[] = [];
    for (let k = 0; k < 400; k++) for (let j = 0; j < 26; j++) parts.push(withStatement(sql(j)), withStatement(sql(j)));
    const log = Buffer.from(parts.join(''));
    expect(calls(log, true)).toEqual(calls(log, false));
    expect(calls(log, true)).toHaveLength(26);
  });

  it('never give a statement another shape’s class when the shape memo is emptied (full) during a block', () => {
    let id = 0;
    const sql = (i: number) => `SELECT ${'abcdefgh, '.repeat(6000)}z FROM t_${letters(i)} WHERE id = ${id++}`;
    const parts: string[] = [];
    for (let i = 1; i <= 200; i++) parts.push(withStatement(sql(0)), withStatement(sql(i)));
    const log = Buffer.from(parts.join(''));
    expect(calls(log, true)).toEqual(calls(log, false));
  });
});
