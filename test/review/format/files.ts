/** Two reviewed files shared by the format tests: a clean SELECT, and a DELETE without WHERE followed by a syntax error. */
import type { FileReview } from '../../../src/review/format/batch';
import { reviewScript } from '../../../src/review/review';

export async function sampleFiles(): Promise<FileReview[]> {
  return [
    { file: 'a.sql', result: await reviewScript('SELECT id FROM users WHERE id = 1;\n') },
    { file: 'migrations/b.sql', result: await reviewScript('DELETE FROM items;\nSELEC * FORM t;\n') },
  ];
}
