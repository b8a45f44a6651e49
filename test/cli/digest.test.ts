import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

const FIXTURES = join(__dirname, '..', 'fixtures', 'slowlogs');

function io(stdin: NodeJS.ReadableStream = Readable.from([])): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin, env: {}, cwd: FIXTURES, out: () => out, err: () => err };
}

describe('dbassist digest', () => {
  it('prints the JSON shape: totals and classes sorted by total time, with ISO times', async () => {
    const t = io();
    expect(await main(['digest', 'mysql8.slowlog', '--format', 'json'], t)).toBe(0);
    const json = JSON.parse(t.out());
    expect(json.totals).toMatchObject({ events: 5, classes: 4, malformed: 0 });
    expect(json.classes).toHaveLength(4);
    const totals = json.classes.map((c: { totalTime: number }) => c.totalTime);
    expect(totals).toEqual([...totals].sort((a: number, b: number) => b - a));
    for (const c of json.classes) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'id',
          'fingerprint',
          'calls',
          'totalTime',
          'avgTime',
          'p95Time',
          'maxTime',
          'lockTime',
          'rowsSent',
          'rowsExamined',
          'firstSeen',
          'lastSeen',
          'databases',
          'users',
          'sample',
        ]),
      );
      expect(c.id).toMatch(/^[0-9A-F]{16}$/);
      expect(new Date(c.firstSeen).toISOString()).toBe(c.firstSeen);
    }
  });

  it('orders by calls and cuts to --top', async () => {
    const t = io();
    expect(await main(['digest', 'mysql8.slowlog', '--format=json', '--order-by', 'calls', '--top', '1'], t)).toBe(0);
    const json = JSON.parse(t.out());
    expect(json.classes).toHaveLength(1);
    expect(json.classes[0].calls).toBe(2);
    expect(json.totals.classes).toBe(4);
  });

  it('prints a pt-style text profile by default', async () => {
    const t = io();
    expect(await main(['digest', 'mysql8.slowlog'], t)).toBe(0);
    const text = t.out();
    expect(text).toMatch(/^# Overall: 5 events, 4 unique, 0 malformed/);
    expect(text).toContain('# Profile');
    expect(text).toMatch(/#\s+1 0x[0-9A-F]{16}\s+3\.0000\s+74\.8%\s+1\s+3\.0000/);
    expect(text).toContain('# Fingerprint: select count(*) from purchases where created_at >= ?');
    expect(text).toContain('# Query_time distribution');
  });

  it('reads stdin for -', async () => {
    const t = io(Readable.from([readFileSync(join(FIXTURES, 'aurora2.slowlog'))]));
    expect(await main(['digest', '-', '--format', 'json'], t)).toBe(0);
    expect(JSON.parse(t.out()).totals.events).toBe(3);
  });

  it('applies --since/--until', async () => {
    const t = io();
    expect(await main(['digest', 'mysql8.slowlog', '--format', 'json', '--since', '2024-05-01T10:00:01Z', '--until', '2024-05-01T10:00:03Z'], t)).toBe(0);
    const json = JSON.parse(t.out());
    // 10:00:01.5, 10:00:02 and 10:00:03 are inside (bounds included); 10:00:00.123 and 10:00:04 are not.
    expect(json.totals.events).toBe(3);
    expect(json.totals.filtered).toBe(2);
  });

  it('reports malformed entries on stderr and still succeeds', async () => {
    const t = io();
    expect(await main(['digest', 'edge-cases.slowlog', '--format', 'json'], t)).toBe(0);
    expect(JSON.parse(t.out()).totals.malformed).toBe(2);
    expect(t.err()).toContain('2 malformed entries skipped');
  });

  it('exits 3 for a missing or unreadable file', async () => {
    const t = io();
    expect(await main(['digest', 'no-such.slowlog'], t)).toBe(3);
    expect(t.err()).toContain('dbassist digest: no such file: no-such.slowlog\n');
    const d = io();
    expect(await main(['digest', '.'], d)).toBe(3);
    expect(d.err()).toContain('. is a directory, not a slow log');
    // A name that could be an instance says how to digest one from CloudWatch Logs.
    const n = io();
    expect(await main(['digest', 'gamedb9-1'], n)).toBe(3);
    expect(n.err()).toContain(
      'no such file: gamedb9-1 (for the slow log of instance gamedb9-1 in CloudWatch Logs, give a window: dbassist digest gamedb9-1 1h)',
    );
  });

  it.each([
    [['digest'], /give a slow log FILE/],
    [['digest', 'a', 'b'], /exactly one/],
    [['digest', 'mysql8.slowlog', '--top', 'x'], /--top/],
    [['digest', 'mysql8.slowlog', '--order-by', 'latency'], /--order-by/],
    [['digest', 'mysql8.slowlog', '--format', 'xml'], /--format/],
    [['digest', 'mysql8.slowlog', '--since', 'last tuesday'], /--since/],
    [['digest', 'mysql8.slowlog', '--since', '2024-02-01', '--until', '2024-01-01'], /after/],
    [['digest', 'mysql8.slowlog', '--limit', '3'], /unknown option --limit/],
    [['digest', 'mysql8.slowlog', '--tz', 'Mars/Olympus'], /--tz: unknown time zone/],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const t = io();
    expect(await main(argv, t)).toBe(2);
    expect(t.err()).toMatch(message);
    expect(t.out()).toBe('');
  });

  it('streams a large log from disk without reading it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbassist-digest-'));
    const entry = readFileSync(join(FIXTURES, 'aurora2.slowlog'), 'utf8');
    const path = join(dir, 'big.slowlog');
    writeFileSync(path, entry.repeat(20_000));
    const t = io();
    t.cwd = dir;
    expect(await main(['digest', 'big.slowlog', '--format', 'json'], t)).toBe(0);
    const json = JSON.parse(t.out());
    expect(json.totals.events).toBe(60_000);
    expect(json.classes.map((c: { calls: number }) => c.calls)).toEqual([40_000, 20_000]);
  });

  it('reads a server-local log in --tz and selects --since/--until in that zone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbassist-digest-'));
    const entry = (time: string, q: string) =>
      `# Time: ${time}\n# User@Host: app[app] @ localhost []\n# Query_time: 0.1  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 1\n${q};\n`;
    writeFileSync(join(dir, 'local.slowlog'), entry('240503  9:05:07', 'SELECT 1') + entry('240503 10:05:07', 'SELECT 2'));
    const t = io();
    t.cwd = dir;
    expect(await main(['digest', 'local.slowlog', '--format', 'json', '--tz', 'Asia/Seoul', '--since', '2024-05-03 10:00'], t)).toBe(0);
    const json = JSON.parse(t.out());
    expect(json.totals).toMatchObject({
      events: 1,
      filtered: 1,
      firstSeen: '2024-05-03T01:05:07.000Z',
      timeBase: { zone: 'Asia/Seoul', zoneSource: 'tz-option' },
    });
    expect(t.err()).toBe('');
    // Without --tz nothing in this log gives its zone: it is read as UTC, and the CLI says so.
    const u = io();
    u.cwd = dir;
    expect(await main(['digest', 'local.slowlog', '--format', 'json'], u)).toBe(0);
    expect(JSON.parse(u.out()).totals.firstSeen).toBe('2024-05-03T09:05:07.000Z');
    expect(u.err()).toMatch(/server-local .* read as UTC \(give --tz/);
  });
});
