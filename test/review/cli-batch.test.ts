import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Ajv from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-cli-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'migrations', 'sub'), { recursive: true });
writeFileSync(join(dir, 'a.sql'), 'SELECT id FROM users WHERE id = 1;\n');
writeFileSync(join(dir, 'b.sql'), 'DELETE FROM items;\nSELEC * FORM t;\n');
writeFileSync(join(dir, 'migrations', '001_init.sql'), "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT 'id') ENGINE=InnoDB COMMENT='t';\n");
writeFileSync(join(dir, 'migrations', '002_alter.sql'), "ALTER TABLE t ADD COLUMN ok INT NULL DEFAULT NULL COMMENT 'x', ALGORITHM=INSTANT;\n");
writeFileSync(join(dir, 'migrations', 'sub', '003.sql'), 'SELECT 1;\n');
writeFileSync(join(dir, 'migrations', 'notes.txt'), 'not sql');

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

describe('dbassist review, several files', () => {
  it('reviews files, directories and quoted globs and prints one consolidated summary', async () => {
    const { code, out } = await run(['a.sql', 'b.sql', 'migrations/', 'migrations/*.sql', '--fail-on', 'high']);
    expect(code).toBe(1);
    expect(out).toMatch(/== a\.sql/);
    expect(out).toMatch(/Summary: 5 files, 6 statements, \d+ findings, worst: critical; 1 failed \(fail on high\)/);
    expect(out).toMatch(/b\.sql\s+2\s+\d+\s+critical\s+FAIL/);
    expect(out).toMatch(/migrations\/sub\/003\.sql\s+1\s+\d+\s+\w+\s+pass/);
    expect(out).not.toContain('notes.txt');
  });

  it('reports the syntax error with its line and column and fails --fail-on', async () => {
    const { code, out } = await run(['b.sql', '--format', 'json', '--fail-on', 'high']);
    expect(code).toBe(1);
    const j = JSON.parse(out);
    const syn = j.statements[1].findings.find((f: { rule: string }) => f.rule === 'syntax-error');
    expect(syn).toMatchObject({ severity: 'high', line: 2, column: 1 });
    expect(syn.message).toMatch(/unknown statement SELEC \(did you mean SELECT\?\)/);
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema, with a location on every result', async () => {
    const { out } = await run(['a.sql', 'b.sql', 'migrations/**/*.sql', '--format', 'sarif']);
    const doc = JSON.parse(out);
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const ok = ajv.validate(schema, doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = doc.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[] }[];
    expect(results.length).toBeGreaterThanOrEqual(2);
    for (const r of results) expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    const syn = results.find((r) => r.ruleId === 'syntax-error')!;
    expect(syn.level).toBe('error');
    expect(syn.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'b.sql' }, region: { startLine: 2, startColumn: 1 } });
    const ids = doc.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    for (const r of results) expect(ids).toContain(r.ruleId);
  });

  it('writes JUnit XML: a testsuite per file, a failing testcase per statement at or above --fail-on', async () => {
    const { out } = await run(['a.sql', 'b.sql', '--format', 'junit', '--fail-on', 'critical']);
    expect(out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="dbassist review" tests="3" failures="1" errors="0">/);
    expect(out).toContain('<testsuite name="a.sql" tests="1" failures="0"');
    expect(out).toContain('<testsuite name="b.sql" tests="2" failures="1"');
    expect(out).toMatch(/<failure message="1 finding\(s\) at or above critical: delete-without-where" type="critical">/);
  });

  it('reads thresholds and rule overrides from .dbassist.json and flags, and rejects unknown ones', async () => {
    writeFileSync(join(dir, 'in.sql'), 'SELECT id FROM t WHERE id IN (1, 2, 3, 4);\n');
    const fired = async (args: string[]) => JSON.parse((await run(['in.sql', '--format', 'json', ...args])).out).statements[0].findings.map((f: { rule: string }) => f.rule);
    expect(await fired([])).not.toContain('huge-in-list');
    expect(await fired(['--max-in-count', '3'])).toContain('huge-in-list');
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ review: { thresholds: { 'max-in-count': 2 }, rules: { 'huge-in-list': 'critical' } } }));
    const j = JSON.parse((await run(['in.sql', '--format', 'json', '--config', 'cfg.json'])).out);
    expect(j.statements[0].findings.find((f: { rule: string }) => f.rule === 'huge-in-list').severity).toBe('critical');
    expect(await fired(['--config', 'cfg.json', '--rule', 'huge-in-list=off'])).not.toContain('huge-in-list');
    expect((await run(['in.sql', '--max-in-count', 'lots'])).code).toBe(2);
    expect((await run(['in.sql', '--rule', 'no-such-rule=off'])).err).toMatch(/unknown rule no-such-rule/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ review: { thresholds: { 'max-in-cnt': 2 } } }));
    expect((await run(['in.sql', '--config', 'bad.json'])).err).toMatch(/unknown threshold max-in-cnt/);
  });

  it('says when a pattern matches nothing, and refuses --scratch-db without --db', async () => {
    expect((await run(['nothing/*.sql'])).err).toMatch(/no file matches nothing\/\*\.sql/);
    expect((await run(['a.sql', '--scratch-db', 'mysql://root@127.0.0.1:1/scratch'])).err).toMatch(/give --db too/);
  });

  it('writes the whole review as one Markdown page', async () => {
    const { out } = await run(['a.sql', 'b.sql', '--format', 'markdown']);
    expect(out).toMatch(/^# SQL review\n/);
    expect(out).toContain('| b.sql | 2 |');
    expect(out).toContain('## b.sql');
    expect(out).toContain('`delete-without-where`');
  });
});
