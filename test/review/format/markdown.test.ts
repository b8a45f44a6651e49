/** reviewMarkdown: the whole review as one Markdown page. */
import { describe, expect, it } from 'vitest';
import { batchSummary } from '../../../src/review/format/batch';
import { reviewMarkdown } from '../../../src/review/format/markdown';
import { reviewScript } from '../../../src/review/review';
import { sampleFiles } from './files';

describe('reviewMarkdown', () => {
  it('writes the summary table, then each file and statement with its findings and why', async () => {
    const files = await sampleFiles();
    const out = reviewMarkdown(files, batchSummary(files, 'high'));
    expect(out).toMatch(/^# SQL review\n\n2 files, 3 statements, \d+ findings, worst: \*\*critical\*\*; 1 file\(s\) with findings at or above high\./);
    expect(out).toContain('| a.sql | 1 |');
    expect(out).toMatch(/\| migrations\/b\.sql \| 2 \| \d+ \| critical \| FAIL \|/);
    expect(out).toContain('## migrations/b.sql');
    expect(out).toContain('### #2 · line 2 · ');
    expect(out).toMatch(/- \*\*critical\*\* `delete-without-where` \(static\): .+\n {2}\S/);
    expect(out).toMatch(/`syntax-error` \(static, line 2 col 1\)/);
  });

  it('keeps a pipe in a file name inside its cell and fences SQL that itself holds backticks', async () => {
    const files = [{ file: 'a|b.sql', result: await reviewScript('SELECT `id` FROM t /* ``` */ WHERE id = 1;\n') }];
    const out = reviewMarkdown(files, batchSummary(files, 'high'));
    expect(out).toContain('| a\\|b.sql |');
    expect(out).toContain('~~~~sql\n');
  });
});
