import { describe, expect, it } from 'vitest';
import { reviewScript } from '../../../src/review/review';
import { codeBlock, reviewReply } from '../../../src/slack/views/review';

type AnyBlock = { type: string; text?: { text: string }; elements?: { text: string }[] };
const texts = (blocks: unknown[]) => (blocks as AnyBlock[]).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]);

describe('reviewReply', () => {
  it('renders a header with the count and worst severity, one section per statement with findings', async () => {
    const r = await reviewScript("SELECT * FROM users WHERE name LIKE '%a';\nSELECT id FROM users WHERE id = 1;\nDELETE FROM items");
    const reply = reviewReply(r, { target: 'gamedb1' });
    const header = reply.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text).toBe('SQL review on gamedb1: 3 statements, worst critical');
    const all = texts(reply.blocks).join('\n');
    expect(all).toContain('*#1*');
    expect(all).toContain('*#3*');
    expect(all).toMatch(/No findings: #2/);
    expect(all).toContain('static checks only');
  });

  it('previews the SQL without its leading comments', async () => {
    const r = await reviewScript('-- 한국어 설명\n/* more */\nDELETE FROM items');
    const all = texts(reviewReply(r).blocks).join('\n');
    expect(all).toContain('```DELETE FROM items```');
  });

  it('escapes &, < and > in user SQL and messages', async () => {
    const r = await reviewScript("SELECT * FROM t WHERE a <> 1 AND b = '<@U123> & <!channel>'");
    const all = texts(reviewReply(r).blocks).join('\n');
    expect(all).not.toMatch(/<@U123>|<!channel>/);
    expect(all).toContain('&lt;@U123&gt; &amp; &lt;!channel&gt;');
  });

  it('stays within 50 blocks and 3,000 characters per section, and links the full result when truncated', async () => {
    const script = Array.from({ length: 200 }, (_, i) => `SELECT * FROM t${i} WHERE name LIKE '%${'x'.repeat(500)}' OR id IN (NULL) ORDER BY RAND()`).join(
      ';\n',
    );
    const r = await reviewScript(script);
    const reply = reviewReply(r, { fullResultUrl: 'https://example.com/r/abc' });
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    for (const t of texts(reply.blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts(reply.blocks).join('\n')).toMatch(/more statements with findings not shown\. <https:\/\/example\.com\/r\/abc\|Full result>/);
  });

  it('appends the AI explanation when given and is complete without it', async () => {
    const r = await reviewScript('DELETE FROM items');
    const without = reviewReply(r);
    const withAi = reviewReply(r, { ai: { verdict: 'Deletes <everything>', bullets: ['No WHERE'], actions: ['Add a WHERE'], citations: [], source: 'model' } });
    expect(withAi.blocks.length).toBe(without.blocks.length + 2);
    expect(texts(withAi.blocks).join('\n')).toContain('*Deletes &lt;everything&gt;*');
  });
});

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
    const section = reviewReply(r)
      .blocks.map((b) => JSON.stringify(b))
      .find((b) => b.includes('#1'))!;
    const text = (JSON.parse(section) as { text: { text: string } }).text.text;
    expect(fenced(text)?.replace(/\u200B/g, '')).toContain("c = '```*x*```'");
  });
});
