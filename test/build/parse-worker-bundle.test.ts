/**
 * The SQL parser's worker thread works from an esbuild bundle built as serverless-esbuild builds the
 * Lambda functions: the worker's code is inlined by build/parse-worker.cjs, so the bundle runs with no
 * node_modules and no TypeScript beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from '../../bench/bundle';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-parse-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parser worker in a bundle', () => {
  it('parses in a worker thread started from the inlined source', async () => {
    const out = join(dir, 'review.js');
    await bundle('test/build/review-entry.ts', out);
    const sql = `SELECT a.id FROM a LEFT JOIN b ON b.a_id = a.id WHERE b.x = 1;\nSELECT ${'CAST('.repeat(16)}1${' AS CHAR)'.repeat(16)}`;
    // cwd and NODE_PATH point away from the repository: nothing can be resolved from node_modules.
    const text = execFileSync(process.execPath, [out, sql], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const statements = JSON.parse(text) as { parsed: boolean; rules: string[] }[];
    expect(statements[0]).toMatchObject({ parsed: true });
    expect(statements[0]!.rules).toContain('outer-join-nullified');
    expect(statements[1]).toMatchObject({ parsed: false });
    expect(statements[1]!.rules).toContain('partly-checked');
  });
});
