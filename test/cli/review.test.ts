import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { freePort } from '../../scripts/lib/mysql-server';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-cli-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([stdin]), env: {}, cwd: dir };
  const code = await main(['review', ...argv], io);
  return { code, out, err };
}

describe('dbassist review', () => {
  it('prints the JSON shape of issue 3 for a file, static only without --db', async () => {
    writeFileSync(join(dir, 'm.sql'), "-- 마이그레이션\nSELECT * FROM users WHERE nickname LIKE '%a';\nDELETE FROM items;\n");
    const { code, out } = await run(['m.sql', '--format', 'json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.statements).toHaveLength(2);
    expect(j.statements[0]).toMatchObject({ index: 0, type: 'select', parsed: true, plan: null, error: null });
    expect(j.statements[0].sql).toContain('SELECT * FROM users');
    expect(j.statements[0].findings[0]).toEqual({ rule: expect.any(String), severity: expect.any(String), message: expect.any(String), source: 'static' });
    expect(j.statements[1].findings.map((f: { rule: string }) => f.rule)).toContain('delete-without-where');
    expect(j.summary).toEqual({ statements: 2, findings: j.statements[0].findings.length + j.statements[1].findings.length, worst: 'critical' });
    expect(j.notes.join(' ')).toMatch(/schema and EXPLAIN checks were skipped/);
  });

  it('exits 1 when a finding reaches --fail-on, 0 otherwise', async () => {
    expect((await run(['-', '--fail-on', 'critical'], 'DELETE FROM items')).code).toBe(1);
    expect((await run(['-', '--fail-on', 'critical'], 'SELECT id FROM items WHERE id = 1')).code).toBe(0);
    expect((await run(['-', '--fail-on', 'bogus'], 'SELECT 1')).code).toBe(2);
  });

  it('checks schema and EXPLAIN with --db', async () => {
    const { code, out } = await run(['-', '--db', `${inject('mysqlUrl')}game`, '--format', 'json'], "SELECT id FROM users WHERE nickname LIKE '%a'");
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.statements[0].plan[0]).toMatchObject({ table: 'users', type: 'ALL' });
    expect(j.statements[0].findings.some((f: { source: string }) => f.source === 'explain')).toBe(true);
  });

  it('exits 3 with a clear message when the database is unreachable', async () => {
    const port = await freePort();
    const { code, err } = await run(['-', '--db', `mysql://root:secret@127.0.0.1:${port}/game`], 'SELECT 1');
    expect(code).toBe(3);
    expect(err).toMatch(/cannot connect to 127\.0\.0\.1:\d+\/game/);
    expect(err).not.toContain('secret');
  });

  it('prints readable text by default', async () => {
    const { out } = await run(['-'], 'UPDATE users SET a = 1 AND b = 2 WHERE id = 1');
    expect(out).toMatch(/^1 statement, \d+ findings?, worst: critical/);
    expect(out).toContain('[critical] update-set-and (static)');
  });
});
