import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/review/rules/index';
import { reviewScript, reviewStatement } from '../../src/review/review';
import { SCRIPT_RULES } from '../../src/review/rules/script';

const rulesOf = (sql: string) => [...new Set(reviewStatement(sql, 0).result.findings.map((f) => f.rule))];

describe('static rules', () => {
  it('has at least 60 rules with unique ids, severities, messages and why-and-fix', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.message.length).toBeGreaterThan(5);
      expect(r.why.length).toBeGreaterThan(20);
    }
  });

  it('carries at least one bad and one good example in every rule', () => {
    const missing = RULES.filter((r) => !r.examples || r.examples.bad.length === 0 || r.examples.good.length === 0).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const {
    id,
    examples: { bad, good },
  } of RULES) {
    describe(id, () => {
      for (const sql of bad) it(`fires on: ${sql.slice(0, 80)}`, () => expect(rulesOf(sql)).toContain(id));
      for (const sql of good) it(`is quiet on: ${sql.slice(0, 80)}`, () => expect(rulesOf(sql)).not.toContain(id));
    });
  }
});

describe('script rules', () => {
  for (const {
    id,
    examples: { bad, good },
  } of SCRIPT_RULES) {
    describe(id, () => {
      it('carries examples', () => expect(bad.length * good.length).toBeGreaterThan(0));
      const fired = async (sql: string) => (await reviewScript(sql)).statements.some((s) => s.findings.some((f) => f.rule === id));
      for (const sql of bad) it(`fires on: ${sql.slice(0, 80)}`, async () => expect(await fired(sql)).toBe(true));
      for (const sql of good) it(`is quiet on: ${sql.slice(0, 80)}`, async () => expect(await fired(sql)).toBe(false));
    });
  }
});

describe('token-level fallback', () => {
  it('still fires the rules that matter when the parser fails, and says the statement was only partly checked', () => {
    const r = reviewStatement('UPDATE users u FORCE INDEX (PRIMARY) SET a = 1 AND b = 2', 0).result;
    expect(r.parsed).toBe(false);
    const ids = r.findings.map((f) => f.rule);
    expect(ids).toEqual(expect.arrayContaining(['update-set-and', 'update-without-where', 'index-hint', 'partly-checked']));
  });

  it('reviews statements the parser cannot read (JSON_TABLE, PARTITION BY, INSERT … AS new, routines)', () => {
    const cases: [string, string][] = [
      ["SELECT * FROM t, JSON_TABLE(t.j, '$[*]' COLUMNS (x INT PATH '$')) AS jt", 'select-star'],
      ['CREATE TABLE p (id INT, d DATE) ENGINE=MyISAM PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2020))', 'non-innodb-engine'],
      ['INSERT INTO t VALUES (1) AS new ON DUPLICATE KEY UPDATE a = new.a', 'insert-without-column-list'],
      ['SELECT STRAIGHT_JOIN * FROM a JOIN b ON a.i = b.i', 'select-star'],
    ];
    for (const [sql, rule] of cases) {
      const r = reviewStatement(sql, 0).result;
      expect(r.parsed, sql).toBe(false);
      expect(
        r.findings.map((f) => f.rule),
        sql,
      ).toContain(rule);
    }
  });

  it('sees rules in hints and version comments the parser drops', () => {
    const r = reviewStatement('SELECT /*+ BKA(t) */ /*!40001 SQL_NO_CACHE */ id FROM t WHERE id = 1', 0).result;
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['optimizer-hint-comment', 'version-comment']));
  });
});
