/**
 * Hostile SQL reviewed with root credentials: nothing may change — no row, table, user, routine,
 * global variable or file. Only EXPLAIN of vetted statements and information_schema reads reach the server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runReview } from '../../src/jobs/review';
import { prepareSession, type Queryable } from '../../src/review/explain';

const root = inject('mysqlUrl');
const flavor = inject('mysqlFlavor');
const dir = mkdtempSync(join(tmpdir(), 'dbassist-hostile-'));
const outfile = join(dir, 'leak.txt');
let admin: mysql.Connection;

async function snapshot() {
  const q = async <T>(sql: string) => (await admin.query(sql))[0] as T[];
  const counts: Record<string, number> = {};
  for (const t of ['users', 'characters', 'items', 'guilds', 'guild_members', 'inventories'])
    counts[t] = Number((await q<{ n: number }>(`SELECT COUNT(*) AS n FROM game.${t}`))[0]!.n);
  counts.victims = Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM hostile_t.victims'))[0]!.n);
  const tables = (
    await q<{ t: string }>(
      "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema') ORDER BY 1",
    )
  ).map((r) => r.t);
  const users = (await q<{ u: string }>("SELECT CONCAT(User, '@', Host) AS u FROM mysql.user ORDER BY 1")).map((r) => r.u);
  const routines = (await q<{ r: string }>("SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME) AS r FROM information_schema.ROUTINES ORDER BY 1")).map(
    (r) => r.r,
  );
  const maxConnections = Number((await q<{ v: number }>('SELECT @@GLOBAL.max_connections AS v'))[0]!.v);
  const nickname = (await q<{ n: string }>('SELECT nickname AS n FROM game.users WHERE id = 1'))[0]!.n;
  return { counts, tables, users, routines, maxConnections, nickname };
}

const HOSTILE = [
  'SELECT 1; DROP TABLE game.users',
  '/*!50000 DROP TABLE game.items */',
  'SELECT /*!50000 1); DROP TABLE game.items; -- */ 1',
  'SELECT hostile_t.evil()',
  'SELECT id FROM game.users WHERE id = (SELECT hostile_t.evil())',
  "UPDATE game.users SET nickname = 'pwned'",
  "UPDATE game.users SET nickname = 'pwned' WHERE id = 1",
  'DELETE FROM game.inventories',
  'DELETE FROM game.users WHERE id = hostile_t.evil()',
  'INSERT INTO game.items (name, rarity, price) SELECT name, rarity, price FROM game.items',
  'REPLACE INTO hostile_t.victims (id) SELECT id FROM game.users',
  'SET GLOBAL max_connections = 7',
  "PREPARE s FROM 'DROP TABLE game.users'",
  'EXECUTE s',
  "LOAD DATA INFILE '/etc/hostname' INTO TABLE hostile_t.victims",
  `SELECT id FROM game.users INTO OUTFILE '${outfile}'`,
  `SELECT id FROM game.users WHERE id = 1 UNION SELECT 1 INTO DUMPFILE '${outfile}'`,
  "CREATE USER 'evil'@'%' IDENTIFIED BY 'x'",
  "GRANT ALL ON *.* TO 'evil'@'%'",
  'DROP DATABASE hostile_t',
  'TRUNCATE TABLE hostile_t.victims',
  'CALL hostile_t.nope()',
  'DO hostile_t.evil()',
  'ANALYZE TABLE game.users',
  'SELECT @x := hostile_t.evil()',
  'WITH x AS (SELECT 1) DELETE FROM game.users',
  'SELECT id FROM game.users WHERE id = 1 FOR UPDATE',
  'SELECT * FROM hostile_t.evil_view',
  'SELECT id FROM game.users WHERE id IN (SELECT id FROM hostile_t.evil_view)',
  "SELECT * FROM game.users WHERE nickname = 'a\\'; DROP TABLE game.users; -- '",
  'DELIMITER //\nCREATE PROCEDURE hostile_t.p() BEGIN DROP TABLE game.users; END//\nDELIMITER ;\nCALL hostile_t.p()',
].join(';\n');

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: root, multipleStatements: false });
  await admin.query('DROP DATABASE IF EXISTS hostile_t');
  await admin.query('CREATE DATABASE hostile_t');
  await admin.query('CREATE TABLE hostile_t.victims (id BIGINT PRIMARY KEY)');
  await admin.query('INSERT INTO hostile_t.victims VALUES (1), (2), (3)');
  await admin.query(
    'CREATE FUNCTION hostile_t.evil() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO hostile_t.victims (id) VALUES (FLOOR(RAND() * 1000000) + 100); RETURN 1; END',
  );
  // A DETERMINISTIC writer hidden behind a view: the vetting cannot see it, the optimizer may evaluate it
  // as a constant during EXPLAIN — the read-only transaction is what stops it.
  await admin.query(
    'CREATE FUNCTION hostile_t.evil_det(x INT) RETURNS INT DETERMINISTIC MODIFIES SQL DATA BEGIN INSERT INTO hostile_t.victims (id) VALUES (x + FLOOR(RAND() * 1000000) + 100); RETURN x; END',
  );
  await admin.query('CREATE TABLE hostile_t.decoy (id BIGINT PRIMARY KEY)');
  await admin.query('INSERT INTO hostile_t.decoy VALUES (1)');
  await admin.query('CREATE VIEW hostile_t.evil_view AS SELECT id FROM hostile_t.decoy WHERE id = hostile_t.evil_det(1)');
});

afterAll(async () => {
  await admin?.query('DROP DATABASE IF EXISTS hostile_t');
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile SQL, reviewed as root', () => {
  it('changes no row, table, user, routine, global variable or file', async () => {
    const before = await snapshot();
    const r = await runReview({ sql: HOSTILE, db: { url: `${root}game` } });
    expect(r.live.explain).toBe(true);
    expect(r.statements.length).toBeGreaterThanOrEqual(28);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(existsSync(outfile)).toBe(false);
  });

  it('explains only vetted statements and gives a reason for each refusal', async () => {
    const r = await runReview({ sql: HOSTILE, db: { url: `${root}game` } });
    const explained = r.statements.filter((s) => s.plan !== null).map((s) => s.sql);
    // The splitter makes `SELECT 1; DROP TABLE …` two statements: the harmless SELECT 1 is explained, the DROP never sent.
    expect(explained).toEqual([
      'SELECT 1',
      "UPDATE game.users SET nickname = 'pwned'",
      "UPDATE game.users SET nickname = 'pwned' WHERE id = 1",
      'DELETE FROM game.inventories',
      'INSERT INTO game.items (name, rarity, price) SELECT name, rarity, price FROM game.items',
      'REPLACE INTO hostile_t.victims (id) SELECT id FROM game.users',
      'SELECT id FROM game.users WHERE id = 1 FOR UPDATE',
      "SELECT * FROM game.users WHERE nickname = 'a\\'; DROP TABLE game.users; -- '",
    ]);
    for (const s of r.statements.filter((x) => x.plan === null && ['select', 'update', 'delete', 'insert', 'replace'].includes(x.type))) {
      if (s.sql.includes('evil_view')) expect(s.error, s.sql).toMatch(/^EXPLAIN failed: .*\(1792\)/);
      else expect(s.error, s.sql).toMatch(/^not explained: /);
    }
  });

  it('needs the read-only transaction: without it, EXPLAIN of the view really runs the writing function', async () => {
    const count = async () => Number(((await admin.query('SELECT COUNT(*) AS n FROM hostile_t.victims'))[0] as { n: number }[])[0]!.n);
    const before = await count();
    await admin.query('EXPLAIN SELECT * FROM hostile_t.evil_view');
    expect(await count()).toBeGreaterThan(before);
  });

  it('leaves the session read-only and time-limited even for root', async () => {
    const conn = await mysql.createConnection({ uri: `${root}game`, multipleStatements: false });
    try {
      const info = await prepareSession(conn as unknown as Queryable, 2_000);
      expect(info.flavor).toBe(flavor);
      await expect(conn.query('INSERT INTO hostile_t.victims (id) VALUES (99)')).rejects.toMatchObject({ errno: 1792 });
      if (info.timeLimit === 'max_statement_time') {
        const [rows] = await conn.query('SELECT @@SESSION.max_statement_time AS t');
        expect(Number((rows as { t: number }[])[0]!.t)).toBe(2);
      }
      await expect(conn.query('SELECT 1; SELECT 2')).rejects.toMatchObject({ errno: 1064 });
    } finally {
      await conn.end();
    }
  });
});
