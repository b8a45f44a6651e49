/**
 * Parsing is bounded in time and depth: node-sql-parser runs in a worker thread with a hard limit per
 * statement, so no paste blocks the event loop, and a statement it cannot read in time is reported as
 * only partly checked, never silently dropped.
 */
import { describe, expect, it } from 'vitest';
import { parseInWorker } from '../../src/review/parse-pool';
import { reviewScript } from '../../src/review/review';

/** node-sql-parser's slow shape: CAST nested in a WHERE (6 levels ≈ 0.4 s of CPU, 9 levels ≈ 80 s). */
const castWhere = (depth: number) => `SELECT * FROM t WHERE a = ${'CAST('.repeat(depth)}b${' AS SIGNED)'.repeat(depth)}`;

describe('the parser worker', () => {
  it('keeps the event loop free while a slow statement parses', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const t0 = Date.now();
      const [out] = await parseInWorker([castWhere(5)], { totalMs: 10_000, statementMs: () => 10_000 });
      const ms = Date.now() - t0;
      expect(out?.ok).toBe(true);
      // The main thread ran its timer throughout the parse.
      expect(ticks).toBeGreaterThan(ms / 10 / 4);
    } finally {
      clearInterval(timer);
    }
  });

  it('stops a statement at its limit, replaces the worker and parses the rest', async () => {
    const t0 = Date.now();
    const out = await parseInWorker(['SELECT 1', castWhere(8), 'SELECT a FROM t WHERE b = 2'], {
      totalMs: 10_000,
      statementMs: (sql) => (sql.includes('CAST') ? 200 : 5_000),
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(out.map((o) => o?.ok)).toEqual([true, false, true]);
    expect(out[1]).toEqual({ ok: false, error: 'the SQL parser gave up after 200 ms' });
  });

  it('gives the statements after the request budget a note instead of parsing them', async () => {
    const out = await parseInWorker([castWhere(8), 'SELECT 1'], { totalMs: 300, statementMs: () => 5_000 });
    expect(out[0]).toMatchObject({ ok: false, error: 'the SQL parser gave up after 300 ms' });
    expect(out[1]).toEqual({ ok: false, error: 'parser time budget for this request used up' });
  });
});

describe('reviews of parser-hostile pastes', () => {
  it('answers a 16-deep CAST at once, as only partly checked, with the token rules still run', async () => {
    const sql = `SELECT ${'CAST('.repeat(16)}1${' AS CHAR)'.repeat(16)} FROM t`;
    const t0 = Date.now();
    const r = await reviewScript(sql);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const s = r.statements[0]!;
    expect(s.parsed).toBe(false);
    expect(s.findings.find((f) => f.rule === 'partly-checked')?.message).toMatch(/CAST\/CONVERT nested 16 deep/);
  });

  it('reports a statement that outlives its parse limit as partly checked, never silence', async () => {
    const r = await reviewScript(`${castWhere(4)};\nSELECT id FROM t WHERE id = 1;\nDELETE FROM t`, { limits: { parseBudgetMs: 0 } });
    expect(r.statements).toHaveLength(3);
    for (const s of r.statements) expect(s.findings.find((f) => f.rule === 'partly-checked')?.message).toMatch(/budget/);
    expect(r.statements[2]!.findings.map((f) => f.rule)).toContain('delete-without-where');
  });
});
