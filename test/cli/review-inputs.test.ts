/** expandInputs: the files a batch review reads from its arguments (stdin, files, directories, globs). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, InputError } from '../../src/cli/review-inputs';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-review-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const d of ['db/migrations/2026', 'db/.hidden', 'db/node_modules/pkg', 'empty']) mkdirSync(join(dir, d), { recursive: true });
for (const f of [
  'a.sql',
  'b.SQL',
  'c.txt',
  'db/migrations/001_init.sql',
  'db/migrations/002_users.sql',
  'db/migrations/010_items.sql',
  'db/migrations/2026/003_x.sql',
  'db/.hidden/h.sql',
  'db/node_modules/pkg/p.sql',
]) {
  writeFileSync(join(dir, f), 'SELECT 1;\n');
}

describe('expandInputs', () => {
  it('reads stdin when nothing is given, and keeps - and plain files in argument order', async () => {
    expect(await expandInputs(dir, [])).toEqual(['-']);
    expect(await expandInputs(dir, ['b.SQL', '-', 'a.sql'])).toEqual(['b.SQL', '-', 'a.sql']);
  });

  it('walks a directory for *.sql in name order, skipping hidden folders and node_modules', async () => {
    expect(await expandInputs(dir, ['db'])).toEqual([
      'db/migrations/001_init.sql',
      'db/migrations/002_users.sql',
      'db/migrations/010_items.sql',
      'db/migrations/2026/003_x.sql',
    ]);
  });

  it('expands *, ?, [..] and ** itself, so quoted patterns work without a shell', async () => {
    expect(await expandInputs(dir, ['db/migrations/*.sql'])).toEqual([
      'db/migrations/001_init.sql',
      'db/migrations/002_users.sql',
      'db/migrations/010_items.sql',
    ]);
    expect(await expandInputs(dir, ['db/migrations/00?_*.sql'])).toEqual(['db/migrations/001_init.sql', 'db/migrations/002_users.sql']);
    expect(await expandInputs(dir, ['db/migrations/0[01][!2]_*.sql'])).toEqual(['db/migrations/001_init.sql', 'db/migrations/010_items.sql']);
    expect(await expandInputs(dir, ['db/**/*.sql'])).toEqual([
      'db/migrations/001_init.sql',
      'db/migrations/002_users.sql',
      'db/migrations/010_items.sql',
      'db/migrations/2026/003_x.sql',
    ]);
    expect(await expandInputs(dir, ['*.sql'])).toEqual(['a.sql']);
  });

  it('reviews a file named twice once', async () => {
    expect(await expandInputs(dir, ['db/migrations/001_init.sql', 'db/migrations/*.sql', './db/migrations/001_init.sql'])).toEqual([
      'db/migrations/001_init.sql',
      'db/migrations/002_users.sql',
      'db/migrations/010_items.sql',
    ]);
  });

  it('says which argument named nothing to review', async () => {
    await expect(expandInputs(dir, ['nothing/*.sql'])).rejects.toThrow(new InputError('no file matches nothing/*.sql'));
    await expect(expandInputs(dir, ['empty'])).rejects.toThrow(/no \.sql file under empty/);
  });
});
