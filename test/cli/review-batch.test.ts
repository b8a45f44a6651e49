/** `dbassist review` over several files: the consolidated summary, syntax errors, the output formats, .dbassist.json and flags. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { testIo } from '../support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-cli-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'migrations', 'sub'), { recursive: true });
writeFileSync(join(dir, 'a.sql'), 'SELECT id FROM users WHERE id = 1;\n');
writeFileSync(join(dir, 'b.sql'), 'DELETE FROM items;\nSELEC * FORM t;\n');
writeFileSync(
  join(dir, 'migrations', '001_init.sql'),
  "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT 'id') ENGINE=InnoDB COMMENT='t';\n",
);
writeFileSync(join(dir, 'migrations', '002_alter.sql'), "ALTER TABLE t ADD COLUMN ok INT NULL DEFAULT NULL COMMENT 'x', ALGORITHM=INSTANT;\n");
writeFileSync(join(dir, 'migrations', 'sub', '003.sql'), 'SELECT 1;\n');
writeFileSync(join(dir, 'migrations', 'notes.txt'), 'not sql');

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(dir, {}, Readable.from([stdin]));
  const code = await main(['review', ...argv], io);
  return { code, out: io.out(), err: io.err() };
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

  it('writes SARIF, JUnit and Markdown for the whole batch (the formats have their own tests in test/review/format)', async () => {
    const sarif = JSON.parse((await run(['b.sql', 'migrations/**/*.sql', '--format', 'sarif'])).out);
    expect(sarif.version).toBe('2.1.0');
    // the clean migrations produce no result; b.sql's are located at its path relative to the working directory
    const uris = new Set(
      sarif.runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri,
      ),
    );
    expect([...uris]).toEqual(['b.sql']);
    const junit = await run(['a.sql', 'b.sql', '--format', 'junit', '--fail-on', 'critical']);
    expect(junit.code).toBe(1);
    expect(junit.out).toMatch(/<testsuites name="dbassist review" tests="3" failures="1" errors="0">/);
    const md = await run(['a.sql', 'b.sql', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# SQL review\n/);
    expect(md.out).toContain('| b.sql | 2 |');
  });

  it('reads thresholds and rule overrides from .dbassist.json and flags, and rejects unknown ones', async () => {
    writeFileSync(join(dir, 'in.sql'), 'SELECT id FROM t WHERE id IN (1, 2, 3, 4);\n');
    const fired = async (args: string[]) =>
      JSON.parse((await run(['in.sql', '--format', 'json', ...args])).out).statements[0].findings.map((f: { rule: string }) => f.rule);
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
});
