import { describe, expect, it } from 'vitest';
import { MAX_REVIEW_BYTES, tooLargeReply } from '../../src/core/limits';
import { reviewScript } from '../../src/review/review';

describe('request limits', () => {
  it('reviews only the first 200 statements and says so', async () => {
    const r = await reviewScript('SELECT id FROM t WHERE id = 1;'.repeat(250));
    expect(r.statements).toHaveLength(200);
    expect(r.notes[0]).toBe('Only the first 200 of 250 statements were reviewed (limit per request). Review the rest separately.');
  });

  it('refuses more than 176 KB with the same message the Slack ingress gives', async () => {
    const sql = `SELECT '${'x'.repeat(300 * 1024)}'`;
    const r = await reviewScript(sql);
    expect(r.statements).toEqual([]);
    expect(r.notes[0]).toBe('Not reviewed: the SQL is 301 KB, over the 176 KB limit per request. Split the script into smaller parts.');
    expect(r.notes[0]).toBe(tooLargeReply(sql));
    expect(tooLargeReply('x'.repeat(MAX_REVIEW_BYTES))).toBeUndefined();
  });

  it('does not analyse absurdly nested statements, and says why, without hiding the others', async () => {
    const deep = `SELECT 1 FROM t WHERE a IN ${'(SELECT a FROM t WHERE a IN '.repeat(60)}(1)${')'.repeat(60)}`;
    const r = await reviewScript(`${deep};\nDELETE FROM t`);
    expect(r.statements[0]!.findings.map((f) => f.rule)).toEqual(['too-complex-to-review']);
    expect(r.statements[0]!.error).toMatch(/^not explained: parentheses nested 61 levels deep/);
    expect(r.statements[1]!.findings.map((f) => f.rule)).toContain('delete-without-where');
  });

  it('keeps reviewing with token-level rules once the parser time budget is spent', async () => {
    const r = await reviewScript('SELECT * FROM t WHERE id = 1;\nUPDATE t SET a = 1', { limits: { parseBudgetMs: 0 } });
    expect(r.statements.map((s) => s.parsed)).toEqual([false, false]);
    expect(r.statements[1]!.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['update-without-where', 'partly-checked']));
    expect(r.statements[0]!.findings.find((f) => f.rule === 'partly-checked')?.message).toMatch(/parser time budget/);
  });
});
