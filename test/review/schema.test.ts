import { describe, expect, inject, it } from 'vitest';
import { runReview } from '../../src/jobs/review';

const url = `${inject('mysqlUrl')}game`;

async function schemaFindings(sql: string, largeTableRows = 1_000_000) {
  const r = await runReview({ sql, db: { url }, limits: { largeTableRows } });
  expect(r.live.schema).toBe(true);
  // index advice and existing-index checks have their own tests (schema-extras.test.ts)
  return r.statements.map((s) => s.findings.filter((f) => f.source === 'schema' && f.rule !== 'index-advice' && f.rule !== 'schema-existing-duplicate-index'));
}
const ids = (fs: { rule: string }[] | undefined) => (fs ?? []).map((f) => f.rule);

describe('live-schema DDL checks against information_schema', () => {
  it('knows whether a table exists, honouring IF [NOT] EXISTS', async () => {
    const [a, b, c, d, e] = await schemaFindings(
      [
        'CREATE TABLE users (id INT PRIMARY KEY)',
        'CREATE TABLE IF NOT EXISTS users (id INT PRIMARY KEY)',
        'ALTER TABLE no_such_table ADD COLUMN x INT',
        'DROP TABLE IF EXISTS no_such_table',
        'DROP TABLE no_such_table',
      ].join(';\n'),
    );
    expect(a).toEqual([expect.objectContaining({ rule: 'schema-table-exists', severity: 'high' })]);
    expect(b).toEqual([expect.objectContaining({ rule: 'schema-table-exists', severity: 'info' })]);
    expect(ids(c)).toEqual(['schema-table-missing']);
    expect(ids(d)).toEqual([]);
    expect(ids(e)).toEqual(['schema-table-missing']);
  });

  it('checks foreign-key targets, referenced columns and type compatibility', async () => {
    const [ok, badType, noTable, noCol] = await schemaFindings(
      [
        'CREATE TABLE pets (id BIGINT UNSIGNED PRIMARY KEY, owner_id BIGINT UNSIGNED NOT NULL, FOREIGN KEY (owner_id) REFERENCES characters (id))',
        'CREATE TABLE pets2 (id BIGINT UNSIGNED PRIMARY KEY, owner_id INT NOT NULL, FOREIGN KEY (owner_id) REFERENCES characters (id))',
        'CREATE TABLE pets3 (id BIGINT UNSIGNED PRIMARY KEY, owner_id BIGINT UNSIGNED, FOREIGN KEY (owner_id) REFERENCES monsters (id))',
        'CREATE TABLE pets4 (id BIGINT UNSIGNED PRIMARY KEY, owner_id BIGINT UNSIGNED, FOREIGN KEY (owner_id) REFERENCES characters (uid))',
      ].join(';\n'),
    );
    expect(ids(ok)).toEqual([]);
    expect(ids(badType)).toEqual(['schema-fk-type-mismatch']);
    expect(badType![0]!.message).toMatch(/owner_id \(int\).*characters\.id \(bigint\(20\) unsigned\)/);
    expect(ids(noTable)).toEqual(['schema-fk-target-missing']);
    expect(ids(noCol)).toContain('schema-fk-column-missing');
  });

  it('sees tables created earlier in the same script', async () => {
    const [, child] = await schemaFindings(
      [
        'CREATE TABLE guild_halls (id INT UNSIGNED PRIMARY KEY, name VARCHAR(20))',
        'CREATE TABLE hall_rooms (id INT UNSIGNED PRIMARY KEY, hall_id INT UNSIGNED, FOREIGN KEY (hall_id) REFERENCES guild_halls (id))',
      ].join(';\n'),
    );
    expect(ids(child)).toEqual([]);
  });

  it('checks indexed columns exist and finds duplicate and prefix indexes', async () => {
    const [missing, dup, prefix, widens, fresh] = await schemaFindings(
      [
        'ALTER TABLE users ADD INDEX idx_x (no_such_column)',
        'CREATE INDEX idx_u2 ON characters (user_id)',
        'ALTER TABLE users ADD INDEX idx_country (country)',
        'CREATE INDEX idx_users_created_login ON users (created_at, last_login_at)',
        'ALTER TABLE items ADD COLUMN weight INT NULL, ADD INDEX idx_weight (weight)',
      ].join(';\n'),
    );
    expect(ids(missing)).toContain('schema-index-column-missing');
    expect(ids(dup)).toContain('schema-duplicate-index');
    expect(ids(prefix)).toContain('schema-redundant-index');
    expect(ids(widens)).toContain('schema-existing-index-redundant');
    expect(ids(fresh)).toEqual([]);
  });

  it('flags ALTER on a large table with online-DDL advice, less severely when ALGORITHM/LOCK are set', async () => {
    const [blocking, online, small] = await schemaFindings(
      [
        'ALTER TABLE characters ADD COLUMN title VARCHAR(20) NULL',
        'ALTER TABLE characters ADD COLUMN title VARCHAR(20) NULL, ALGORITHM=INPLACE, LOCK=NONE',
        'ALTER TABLE items ADD COLUMN title VARCHAR(20) NULL',
      ].join(';\n'),
      10_000,
    );
    const f = blocking!.find((x) => x.rule === 'schema-large-table-alter');
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/characters holds ≈ [\d,]+ rows/);
    expect(f?.why).toMatch(/ALGORITHM=INPLACE/);
    expect(online!.find((x) => x.rule === 'schema-large-table-alter')?.severity).toBe('medium');
    expect(ids(small)).not.toContain('schema-large-table-alter');
  });

  it('checks every DDL statement of a script, including those after comments', async () => {
    const script =
      '-- 마이그레이션 스크립트\n/* step 1 */\nALTER TABLE users ADD COLUMN nickname VARCHAR(10);\n# step 2\nALTER TABLE users DROP COLUMN no_such;\n-- step 3\nALTER TABLE users DROP INDEX no_such_idx;';
    const [a, b, c] = await schemaFindings(script);
    expect(ids(a)).toContain('schema-column-exists');
    expect(ids(b)).toContain('schema-column-missing');
    expect(ids(c)).toContain('schema-index-missing');
  });
});

describe('typed predicates with the live schema', () => {
  it('flags a string column compared with a number, and not an integer column', async () => {
    const [nick, email, level, quoted] = await schemaFindings(
      [
        'SELECT id FROM users WHERE nickname = 12345',
        'SELECT c.id FROM characters c JOIN users u ON u.id = c.user_id WHERE u.email IN (1, 2)',
        'SELECT id FROM characters WHERE level = 10',
        "SELECT id FROM users WHERE nickname = '12345'",
      ].join(';\n'),
    );
    expect(nick).toEqual([expect.objectContaining({ rule: 'schema-implicit-conversion', severity: 'high' })]);
    expect(nick![0]!.message).toMatch(/users\.nickname is varchar\(64\)/);
    expect(ids(email)).toEqual(['schema-implicit-conversion']);
    expect(ids(level)).toEqual([]);
    expect(ids(quoted)).toEqual([]);
  });
});
