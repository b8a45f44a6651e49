/** Pasted SQL with backticks cannot close the review's code block in Slack. */
import { describe, expect, it } from 'vitest';
import { reviewScript } from '../../src/review/review';
import { codeBlock, reviewReply } from '../../src/slack/views/review';

/** The text between the first ``` and the next ``` (what Slack renders as code). */
const fenced = (text: string) => /```([\s\S]*?)```/.exec(text)?.[1];

describe('the SQL preview code block', () => {
  it('keeps every backtick run of the paste inside the block', () => {
    for (const sql of ['SELECT 1 ```', 'SELECT ```*bold*``` FROM t', '```', 'SELECT `a` FROM `t````', '`SELECT 1`', 'SELECT ````` x']) {
      const block = codeBlock(sql);
      expect(block.startsWith('```') && block.endsWith('```'), sql).toBe(true);
      const inner = block.slice(3, -3);
      expect(inner.includes('```'), sql).toBe(false);
      expect(inner.replace(/\u200B/g, ''), sql).toBe(sql);
      expect(fenced(block), sql).toBe(inner);
    }
  });

  it('is used for the statements of a review reply', async () => {
    const r = await reviewScript("SELECT * FROM t WHERE c = '```*x*```'");
    const section = reviewReply(r).blocks.map((b) => JSON.stringify(b)).find((b) => b.includes('#1'))!;
    const text = (JSON.parse(section) as { text: { text: string } }).text.text;
    expect(fenced(text)?.replace(/\u200B/g, '')).toContain("c = '```*x*```'");
  });
});
