import { describe, expect, inject, it } from 'vitest';
import { runReview } from '../../src/jobs/review';
import { planFindings } from '../../src/review/explain';
import { WITHHELD } from '../../src/review/plan-disclosure';
import type { PlanRow } from '../../src/review/types';

const url = `${inject('mysqlUrl')}game`;

async function one(sql: string) {
  const r = await runReview({ sql, db: { url } });
  expect(r.live.explain).toBe(true);
  return r.statements[0]!;
}
const rules = (s: { findings: { rule: string; source: string }[] }) => s.findings.filter((f) => f.source === 'explain').map((f) => f.rule);

describe('EXPLAIN on the real game schema', () => {
  it('flags a full scan with its row estimate for a leading-wildcard LIKE', async () => {
    const s = await one("SELECT id FROM users WHERE nickname LIKE '%kim%'");
    expect(s.error).toBeNull();
    expect(s.plan?.[0]).toMatchObject({ table: 'users', type: 'ALL' });
    const scan = s.findings.find((f) => f.rule === 'plan-full-scan');
    expect(scan?.message).toMatch(/users \(≈ [\d,]+ rows\)/);
    expect(s.plan![0]!.rows).toBeGreaterThan(10_000);
  });

  it('withholds the plan of a lookup by a unique key (the server reads the row while planning)', async () => {
    const s = await one("SELECT id FROM users WHERE email = 'player1@example.com'");
    expect(s.plan).toBeNull();
    expect(s.error).toBe(`not explained: ${WITHHELD}`);
    expect(rules(s)).toEqual([]);
  });

  it('shows row estimates only where they are table statistics, and never `filtered`', async () => {
    const s = await one("SELECT c.id FROM characters c JOIN users u ON u.id = c.user_id WHERE u.country = 'KR'");
    expect(s.plan!.length).toBe(2);
    for (const p of s.plan!) {
      expect(p.filtered).toBeNull();
      if (p.type !== 'ALL' && p.type !== 'index') expect(p.rows, p.type ?? '').toBeNull();
    }
    const scan = await one('SELECT id FROM characters WHERE level > 10 ORDER BY gold');
    expect(scan.plan![0]).toMatchObject({ type: 'ALL' });
    expect(scan.plan![0]!.rows).toBeGreaterThan(0);
  });

  it('flags filesort and temporary tables', async () => {
    expect(rules(await one('SELECT id FROM characters WHERE level > 10 ORDER BY gold'))).toContain('plan-filesort');
    expect(rules(await one('SELECT class, COUNT(*) FROM characters GROUP BY class'))).toContain('plan-temporary-table');
  });

  it('flags a dependent subquery', async () => {
    const s = await one(
      'SELECT c.name, (SELECT COUNT(*) FROM inventories i WHERE i.character_id = c.id AND i.quantity > 1) AS n FROM characters c WHERE c.level > 90',
    );
    expect(rules(s)).toContain('plan-dependent-subquery');
  });

  it('flags a join buffer when the join has no usable index', async () => {
    expect(rules(await one('SELECT i.id FROM items i JOIN inventories v ON v.quantity = i.price WHERE i.rarity = "epic"'))).toContain('plan-join-buffer');
  });

  it('explains UPDATE and DELETE through the equivalent SELECT and says so', async () => {
    const s = await one("UPDATE characters SET gold = gold + 1 WHERE DATE(created_at) = '2024-03-01'");
    expect(s.plan?.[0]).toMatchObject({ table: 'characters', type: 'ALL' });
    expect(s.planNote).toMatch(/equivalent SELECT/);
    expect(rules(s)).toContain('plan-full-scan');
    const d = await one('DELETE FROM inventories WHERE character_id = 42');
    expect(d.plan?.[0]?.key).toBe('idx_inventories_character');
  });

  it('explains INSERT … SELECT and REPLACE … SELECT by their SELECT part', async () => {
    const s = await one("INSERT INTO items (name, rarity, price) SELECT name, rarity, price FROM items WHERE rarity = 'epic'");
    expect(s.plan?.[0]?.key).toBe('idx_items_rarity');
    expect(s.planNote).toMatch(/SELECT part/);
    const r = await one('REPLACE INTO items (id, name, rarity, price) SELECT id, name, rarity, price FROM items WHERE id < 100');
    expect(r.plan).not.toBeNull();
  });

  it('says why a statement is not explained', async () => {
    const s = await one('SELECT SLEEP(1)');
    expect(s.plan).toBeNull();
    expect(s.error).toMatch(/SLEEP/);
    const ddl = await one('CREATE INDEX i ON users (country)');
    expect(ddl.plan).toBeNull();
  });

  it('reports a server error from EXPLAIN as the statement error without hiding the others', async () => {
    const r = await runReview({ sql: 'SELECT nope FROM users WHERE id = 1; SELECT id FROM users WHERE id < 10', db: { url } });
    expect(r.statements[0]!.error).toMatch(/EXPLAIN failed: .*1054/);
    expect(r.statements[1]!.plan?.[0]?.type).toBe('range');
  });
});

describe('planFindings', () => {
  const row = (p: Partial<PlanRow>): PlanRow => ({
    id: 1,
    selectType: 'SIMPLE',
    table: 't',
    type: 'ref',
    possibleKeys: null,
    key: 'k',
    keyLen: null,
    ref: null,
    rows: 10,
    filtered: null,
    extra: null,
    ...p,
  });
  it('reads range-checked, large estimates and unused possible keys', () => {
    const ids = planFindings(
      [row({ extra: 'Range checked for each record (index map: 0x1)' }), row({ type: 'ALL', key: null, possibleKeys: 'idx_a', rows: 5_000_000 })],
      1_000_000,
    ).map((f) => f.rule);
    expect(ids).toEqual(expect.arrayContaining(['plan-range-checked', 'plan-large-row-estimate', 'plan-index-not-used', 'plan-full-scan']));
    expect(planFindings([row({})], 1_000_000)).toEqual([]);
  });

  it('sizes a full scan without a row statistic as medium and never reads `filtered`', () => {
    expect(planFindings([row({ type: 'ALL', key: null, rows: null })], 1_000_000).map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['plan-full-scan', 'medium', 'Full scan of t'],
    ]);
    expect(planFindings([row({ rows: null, filtered: 2 })], 1_000_000)).toEqual([]);
  });
});

describe('request deadline', () => {
  it('starts no EXPLAIN after the deadline and says so per statement', async () => {
    const r = await runReview({ sql: 'SELECT id FROM users WHERE id = 1; SELECT id FROM items WHERE id = 2', db: { url }, deadline: Date.now() - 1 });
    expect(r.statements.map((s) => s.plan)).toEqual([null, null]);
    expect(r.statements.map((s) => s.error)).toEqual([
      'not explained: the time for this request ran out before this statement',
      'not explained: the time for this request ran out before this statement',
    ]);
  });
});

describe('scripts that create what they query', () => {
  it('explains why a statement on a table created earlier in the script has no plan', async () => {
    const r = await runReview({ sql: 'CREATE TABLE season_scores (id BIGINT UNSIGNED PRIMARY KEY);\nSELECT id FROM season_scores WHERE id = 1', db: { url } });
    expect(r.statements[1]!.error).toBe('not explained: table season_scores is created earlier in this script and does not exist on the server yet');
    expect(r.statements[1]!.findings.map((f) => f.rule)).not.toContain('schema-table-missing');
  });

  it('explains why a statement on a column added earlier in the script has no plan', async () => {
    const r = await runReview({ sql: 'ALTER TABLE users ADD COLUMN season_rank INT NULL;\nSELECT season_rank FROM users WHERE id = 1', db: { url } });
    expect(r.statements[1]!.error).toBe('not explained: column season_rank is added earlier in this script and does not exist on the server yet');
    expect(r.statements[1]!.findings.map((f) => f.rule)).not.toContain('schema-column-missing');
  });
});

describe('statements the server would refuse', () => {
  it('a query on a table or column that does not exist is a high finding, not only a missing plan', async () => {
    const r = await runReview({
      sql: 'SELECT id FROM userz WHERE id = 1;\nSELECT u.nickname_typo FROM users u WHERE u.id = 1;\nSELECT id FROM users WHERE id = 1',
      db: { url },
    });
    const found = r.statements.map((s) => s.findings.filter((f) => f.source === 'schema').map((f) => [f.rule, f.severity, f.message]));
    expect(found[0]).toEqual([['schema-table-missing', 'high', 'Table userz does not exist']]);
    expect(found[1]).toEqual([['schema-column-missing', 'high', expect.stringMatching(/^Unknown column u\.nickname_typo/)]]);
    expect(found[2]).toEqual([]);
    expect(r.summary.worst).toBe('high');
  });
});
