/** batchSummary and fileFails: the consolidated summary of a batch review. */
import { describe, expect, it } from 'vitest';
import { batchSummary, fileFails } from '../../../src/review/format/batch';
import { sampleFiles } from './files';

describe('batchSummary', () => {
  it('adds up files and statements, takes the worst severity and fails files at or above --fail-on', async () => {
    const files = await sampleFiles();
    const s = batchSummary(files, 'high');
    expect(s).toMatchObject({ files: 2, statements: 3, worst: 'critical', failOn: 'high', failedFiles: 1 });
    expect(s.findings).toBe(files[0]!.result.summary.findings + files[1]!.result.summary.findings);
    expect(s.perFile.map((f) => [f.file, f.statements, f.worst, f.pass])).toEqual([
      ['a.sql', 1, files[0]!.result.summary.worst, true],
      ['migrations/b.sql', 2, 'critical', false],
    ]);
  });

  it('passes every file when nothing reaches --fail-on, and says none for an empty batch', async () => {
    const files = await sampleFiles();
    expect(fileFails(files[1]!.result, 'critical')).toBe(true);
    expect(fileFails(files[0]!.result, 'high')).toBe(false);
    expect(batchSummary([], 'low')).toMatchObject({ files: 0, statements: 0, findings: 0, worst: 'none', failedFiles: 0 });
  });
});
