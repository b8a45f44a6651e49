/**
 * The hostile corpus, reviewed as root and as the README's recommended user: nothing may change — no
 * row, table, user, routine, sequence, global variable or file; no thread, lock or transaction left
 * behind; no review over its budget. Heavy shapes must be refused before they reach the server: the
 * review connections record everything they send, and a safety net refuses to send anything that would
 * run away on this shared test server (so a vetting bug fails the test instead of wedging the suite).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ReviewSession } from '../../src/review/guard';
import { reviewScript } from '../../src/review/review';
import { TABLE_QUERY } from '../../src/review/schema-queries';
import { createReviewUser, recordingConnect, threadsOf, type Recorder } from './live-support';

const root = inject('mysqlUrl');
const flavor = inject('mysqlFlavor');
const DB = 'hostile_t';
const HIDDEN = 'hostile_hidden';
const USER = 'dbassist_ro_hostile';
const dir = mkdtempSync(join(tmpdir(), 'dbassist-hostile-'));
const outfile = join(dir, 'leak.txt');
let admin: mysql.Connection;
let roUrl = '';

const LIMITS = { statementTimeoutMs: 2_000, killGraceMs: 2_000 };
/** No single-statement review may take longer than this (its EXPLAIN budget plus connection set-up). */
const REVIEW_BUDGET_MS = 3_000;

/** Server state this file's reviews could touch (other test files work on their own schemas and users in parallel). */
async function snapshot() {
  const q = async <T>(sql: string, values?: unknown[]) => (await admin.query(sql, values))[0] as T[];
  const counts: Record<string, number> = {};
  for (const t of ['users', 'characters', 'items', 'guilds', 'guild_members', 'inventories'])
    counts[t] = Number((await q<{ n: number }>(`SELECT COUNT(*) AS n FROM game.${t}`))[0]!.n);
  counts.victims = Number((await q<{ n: number }>(`SELECT COUNT(*) AS n FROM ${DB}.victims`))[0]!.n);
  const mine = [DB, HIDDEN, 'game', 'mysql'];
  const tables = (
    await q<{ t: string }>(
      "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, ' ', IFNULL(CREATE_TIME, ''), ' ', IFNULL(UPDATE_TIME, '')) AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) ORDER BY 1",
      [mine],
    )
  ).map((r) => r.t);
  const users = (
    await q<{ u: string }>("SELECT CONCAT(User, '@', Host) AS u FROM mysql.user WHERE User NOT LIKE 'dbassist\\_ro\\_%' OR User = ? ORDER BY 1", [USER])
  ).map((r) => r.u);
  const routines = (
    await q<{ r: string }>("SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME) AS r FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?) ORDER BY 1", [
      mine,
    ])
  ).map((r) => r.r);
  // optimizer_search_depth is the marker of names.test.ts, which runs in parallel.
  const globals = Object.fromEntries(
    (await q<{ Variable_name: string; Value: string }>('SHOW GLOBAL VARIABLES'))
      .filter((v) => !/^gtid_|^optimizer_search_depth$/.test(v.Variable_name))
      .map((v) => [v.Variable_name, v.Value]),
  );
  const nickname = (await q<{ n: string }>('SELECT nickname AS n FROM game.users WHERE id = 1'))[0]!.n;
  const sequence = flavor === 'mariadb' ? (await q<{ v: string }>(`SELECT next_not_cached_value AS v FROM ${DB}.seq`))[0]!.v : null;
  const lockFree = Number((await q<{ f: number }>("SELECT IS_FREE_LOCK('dbassist-hostile') AS f"))[0]!.f);
  const inUse = (await q<{ Table: string }>(`SHOW OPEN TABLES FROM ${DB} WHERE In_use > 0`)).map((r) => r.Table);
  return { counts, tables, users, routines, globals, nickname, sequence, lockFree, inUse, files: readdirSync(dir) };
}

/** Nothing holds a metadata lock on this file's tables: a writer gets them at once. */
async function noMetadataLocks(): Promise<void> {
  const c = await mysql.createConnection({ uri: root, multipleStatements: false });
  try {
    await c.query('SET SESSION lock_wait_timeout = 1');
    await c.query(`LOCK TABLES ${DB}.victims WRITE, ${DB}.decoy WRITE`);
    await c.query('UNLOCK TABLES');
  } finally {
    await c.end();
  }
}

const SET_GLOBAL = `SET GLOBAL eq_range_index_dive_limit = 199`;

/**
 * [statement, expectation]: what the refusal must say; 'explained' for cheap shapes that are
 * EXPLAINed; 'static' for statements the review never EXPLAINs (DDL, administration).
 */
const CORPUS: [string, RegExp | 'explained' | 'static'][] = [
  // Writes, administration and files.
  ['SELECT 1; DROP TABLE game.users', 'explained'],
  ['/*!50000 DROP TABLE game.items */', 'static'],
  ['SELECT /*!50000 1); DROP TABLE game.items; -- */ 1', /version comment/],
  [`SELECT /*M!100000 1), ${DB}.evil() -- */ 1`, /version comment/],
  ["UPDATE game.users SET nickname = 'pwned'", 'explained'],
  ["UPDATE game.users SET nickname = 'pwned' WHERE id > 1", 'explained'],
  ['DELETE FROM game.inventories', 'explained'],
  [`DELETE FROM game.users WHERE id = ${DB}.evil()`, /not a built-in/],
  ['INSERT INTO game.items (name, rarity, price) SELECT name, rarity, price FROM game.items', 'explained'],
  [`REPLACE INTO ${DB}.victims (id) SELECT id FROM game.users`, 'explained'],
  ['SET GLOBAL max_connections = 7', 'static'],
  [SET_GLOBAL, 'static'],
  ["PREPARE s FROM 'DROP TABLE game.users'", 'static'],
  ['EXECUTE s', 'static'],
  [`LOAD DATA INFILE '/etc/hostname' INTO TABLE ${DB}.victims`, 'static'],
  [`SELECT id FROM game.users INTO OUTFILE '${outfile}'`, /INTO/],
  [`SELECT id FROM game.users WHERE id = 1 UNION SELECT 1 INTO DUMPFILE '${outfile}'`, /INTO/],
  ["SELECT LOAD_FILE('/etc/passwd')", /LOAD_FILE\(\), which reads files/],
  ["CREATE USER 'evil'@'%' IDENTIFIED BY 'x'", 'static'],
  ["GRANT ALL ON *.* TO 'evil'@'%'", 'static'],
  [`DROP DATABASE ${DB}`, 'static'],
  [`TRUNCATE TABLE ${DB}.victims`, 'static'],
  [`CALL ${DB}.nope()`, 'static'],
  [`DO ${DB}.evil()`, 'static'],
  ['ANALYZE TABLE game.users', 'static'],
  ['ANALYZE SELECT SLEEP(5)', 'static'],
  ['HANDLER game.users OPEN', 'static'],
  ['LOCK TABLES game.users WRITE', 'static'],
  ['WITH x AS (SELECT 1) DELETE FROM game.users', /DELETE/],
  ['SELECT id FROM game.users WHERE id > 1 FOR UPDATE', 'explained'],
  ["SELECT * FROM game.users WHERE nickname = 'a\\'; DROP TABLE game.users; -- '", 'explained'],
  [`DELIMITER //\nCREATE PROCEDURE ${DB}.p() BEGIN DROP TABLE game.users; END//\nDELIMITER ;\nCALL ${DB}.p()`, 'static'],
  ['SELECT 1\u0000; DROP TABLE game.users', /control characters/],
  // Stored functions, directly and behind names the server reads differently from JavaScript.
  [`SELECT ${DB}.evil()`, /not a built-in/],
  [`SELECT id FROM game.users WHERE id = (SELECT ${DB}.evil())`, /not a built-in/],
  [`SELECT @x := ${DB}.evil()`, /variable/],
  ['SELECT 0xevil(1)', /0xevil\(\), which is not an allow-listed built-in/],
  ['SELECT 0Xevil(1)', /not an allow-listed built-in/],
  ['SELECT 0bevil(1)', /not an allow-listed built-in/],
  ['SELECT 1evil(1)', /not an allow-listed built-in/],
  ['SELECT ſum(1)', /ſum\(\), which is not an allow-listed built-in/],
  ['SELECT SUM(id), ſum(id) FROM game.users', /ſum/],
  ['SELECT aſcii(1)', /aſcii/],
  ['SELECT REGEXP_LIKE(1, 1)', /REGEXP_LIKE/],
  ['SELECT ANY_VALUE(id) FROM game.users', /ANY_VALUE/],
  ['SELECT lateral(1)', /lateral/],
  ['SELECT `evil`(1)', /not a plain built-in name/],
  [`SELECT \`${DB}\`.\`evil\`()`, /not a plain built-in name|not a built-in/],
  [`SELECT ${DB} . evil ()`, /not a built-in/],
  [`SELECT "evil"(1)`, /not a plain built-in name/],
  [`SELECT 'a'(1)`, /not a plain built-in name/],
  [`SELECT evil /* comment */ (1)`, /not an allow-listed built-in/],
  // Views: their functions run with the definer's rights while the optimizer plans.
  [`SELECT * FROM ${DB}.evil_view`, /view hostile_t\.evil_view.*not a plain built-in name/],
  [`SELECT * FROM ${DB}.global_view`, /view hostile_t\.global_view/],
  [`SELECT id FROM game.users WHERE id IN (SELECT id FROM ${DB}.global_view)`, /view hostile_t\.global_view/],
  [`SELECT * FROM ${DB}.view_of_view`, /view hostile_t\.(view_of_view|global_view)/],
  [`SELECT * FROM ${DB}.regexp_view`, /view hostile_t\.regexp_view.*REGEXP/],
  [`SELECT * FROM global_view`, /view hostile_t\.global_view/],
  [`UPDATE ${DB}.decoy d JOIN ${DB}.global_view g ON g.id = d.id SET d.id = 2`, /view hostile_t\.global_view/],
  // Heavy built-ins: runaway work that survives KILL.
  ["SELECT * FROM game.users WHERE id = LENGTH(REGEXP_REPLACE(REPEAT('ab',600000),'(a|b)','xyz'))", /REGEXP_REPLACE\(\), which can run/],
  ["SELECT * FROM game.users WHERE id = LENGTH(REPEAT('ab', 600000))", /REPEAT\(\) can build a value of up to 1,172 KB/],
  [`SELECT * FROM game.users WHERE id IN (${Array.from({ length: 300 }, () => "CRC32(SHA2(REPEAT('x',16000000),512))").join(', ')})`, /REPEAT\(\) can build/],
  [`SELECT * FROM game.users WHERE id IN (${Array.from({ length: 300 }, () => "CRC32(SHA2(REPEAT('x',60000),512))").join(', ')})`, /million operations/],
  ["SELECT LPAD('a', 100000000, 'b')", /LPAD\(\) can build/],
  ["SELECT RPAD('a', 1e9, 'b')", /RPAD\(\) can build/],
  ['SELECT SPACE(99999999999999999999999)', /SPACE\(\) can build/],
  ["SELECT REPEAT('a', id) FROM game.users", /count that is not a literal/],
  ["SELECT REPEAT('a', 10 * 10000000)", /count that is not a literal/],
  ["SELECT REPLACE(REPLACE(REPLACE(REPEAT('a', 1000), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa')", /REPLACE\(\) can build/],
  [`SELECT ${'HEX('.repeat(10)}'a'${')'.repeat(10)}`, /nests string and hash functions/],
  [`SELECT ${'ABS('.repeat(13)}1${')'.repeat(13)}`, /nests function calls more than 12 deep/],
  ["SELECT CONCAT(REPEAT('a', 40000), REPEAT('b', 40000))", /CONCAT\(\) can build/],
  ["SELECT UNCOMPRESS(COMPRESS(REPEAT('a', 60000)))", /UNCOMPRESS\(\), which can run/],
  ["SELECT CONVERT(REPEAT('a', 60000) USING utf32)", /CONVERT\(\) can build/],
  ["SELECT CAST('a' AS BINARY(100000000))", /CAST\(\) can build/],
  ["SELECT CAST('a' AS CHAR(4294967295))", /CAST\(\) can build/],
  ['SELECT BENCHMARK(1000000000, MD5(1))', /BENCHMARK\(\), which waits/],
  ['SELECT SLEEP(100)', /SLEEP\(\), which waits/],
  ['SELECT * FROM game.users WHERE id = 1 AND SLEEP(5)', /SLEEP/],
  ["SELECT GET_LOCK('dbassist-hostile', 100)", /GET_LOCK/],
  ["SELECT JSON_SEARCH(REPEAT('[\"a\",', 1000), 'all', '%a%a%a%')", /JSON_SEARCH/],
  ["SELECT JSON_ARRAY(REPEAT('a', 40000), REPEAT('a', 40000))", /JSON_ARRAY\(\) can build/],
  ["SELECT WEIGHT_STRING('a' AS CHAR(100000000))", /WEIGHT_STRING/],
  ["SELECT * FROM game.users WHERE nickname LIKE '%a%a%a%a%a%a%a%a%b'", /% wildcards/],
  ["SELECT * FROM game.users WHERE nickname LIKE CONCAT('%', 'a', '%')", /pattern is not a literal/],
  ["SELECT * FROM game.users WHERE nickname REGEXP '(a+)+$'", /REGEXP/],
  ["SELECT * FROM game.users WHERE MATCH(nickname) AGAINST ('x')", /MATCH/],
  ["SELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (a INT PATH '$')) t", /JSON_TABLE/],
  [`SELECT ${'('.repeat(41)}1${')'.repeat(41)}`, /nested 41 levels deep/],
  // State, variables and sequences.
  ['SELECT * FROM game.users WHERE id = @x', /variable @x/],
  ["SELECT REPEAT('a', @@max_allowed_packet)", /variable @@max_allowed_packet/],
  ['SELECT @@GLOBAL.version', /variable/],
  ['SET @x = 1', 'static'],
  ['SELECT LAST_INSERT_ID(5)', /LAST_INSERT_ID\(\), which reads or changes session state/],
  [`SELECT NEXT VALUE FOR ${DB}.seq`, /sequence/],
  [`SELECT NEXTVAL(${DB}.seq)`, /NEXTVAL/],
  ['SELECT id FROM game.users WHERE id = ?', /placeholder/],
  // System schemas: grants, password hashes, server internals.
  ["SELECT * FROM mysql.global_priv WHERE User = 'root'", /system schema mysql/],
  ['SELECT * FROM `mysql`.`user`', /system schema mysql/],
  ['SELECT * FROM information_schema.PROCESSLIST', /system schema information_schema/],
  ['SELECT * FROM performance_schema.threads', /system schema performance_schema/],
  // Cheap shapes that are explained (they must still change nothing).
  ["SELECT * FROM game.users WHERE id = LENGTH(REPEAT('ab', 20000))", 'explained'],
  ['WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT * FROM r', 'explained'],
  ['SELECT * FROM game.users WHERE id = (SELECT COUNT(*) FROM game.items a, game.items b)', 'explained'],
  ['SELECT id, ROW_NUMBER() OVER (PARTITION BY country ORDER BY id) FROM game.users', 'explained'],
  ["SELECT * FROM game.users WHERE nickname = 'a' COLLATE utf8mb4_unicode_ci", 'explained'],
  [`SELECT * FROM game.users WHERE id = ${'9'.repeat(2000)}`, 'explained'],
  [`SELECT ${'('.repeat(39)}1${')'.repeat(39)}`, 'explained'],
  [`SELECT * FROM ${DB}.seq`, 'explained'],
];

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: root, multipleStatements: false });
  for (const s of [DB, HIDDEN]) await admin.query(`DROP DATABASE IF EXISTS ${s}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`CREATE DATABASE ${HIDDEN}`);
  await admin.query(`CREATE TABLE ${DB}.victims (id BIGINT PRIMARY KEY)`);
  await admin.query(`INSERT INTO ${DB}.victims VALUES (1), (2), (3)`);
  await admin.query(`CREATE TABLE ${DB}.decoy (id BIGINT PRIMARY KEY)`);
  await admin.query(`INSERT INTO ${DB}.decoy VALUES (1)`);
  if (flavor === 'mariadb') await admin.query(`CREATE SEQUENCE ${DB}.seq`);
  await admin.query(
    `CREATE FUNCTION ${DB}.evil() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO ${DB}.victims (id) VALUES (FLOOR(RAND() * 1000000) + 100); RETURN 1; END`,
  );
  await admin.query(
    `CREATE FUNCTION ${DB}.evil_det(x INT) RETURNS INT DETERMINISTIC MODIFIES SQL DATA BEGIN INSERT INTO ${DB}.victims (id) VALUES (x + FLOOR(RAND() * 1000000) + 100); RETURN x; END`,
  );
  // A READ ONLY transaction does not stop this one: SET GLOBAL is not a write to a table.
  await admin.query(`CREATE FUNCTION ${DB}.evil_global(x INT) RETURNS INT DETERMINISTIC BEGIN ${SET_GLOBAL}; RETURN x; END`);
  // Names that look like built-ins to JavaScript or to the other server flavour.
  for (const name of ['0xevil', '0bevil', '1evil', 'ſum', 'aſcii', 'REGEXP_LIKE', 'ANY_VALUE', 'lateral']) {
    await admin.query(`CREATE FUNCTION ${DB}.\`${name}\`(x INT) RETURNS INT DETERMINISTIC RETURN ${DB}.evil_global(x)`);
  }
  await admin.query(`CREATE VIEW ${DB}.evil_view AS SELECT id FROM ${DB}.decoy WHERE id = ${DB}.evil_det(1)`);
  await admin.query(`CREATE VIEW ${DB}.global_view AS SELECT id FROM ${DB}.decoy WHERE id = ${DB}.evil_global(1)`);
  await admin.query(`CREATE VIEW ${DB}.view_of_view AS SELECT id FROM ${DB}.global_view`);
  // Small enough to be harmless if it ever reached the server; the vetting must refuse it anyway.
  await admin.query(`CREATE VIEW ${DB}.regexp_view AS SELECT id FROM ${DB}.decoy WHERE id = LENGTH(REGEXP_REPLACE(REPEAT('ab', 200), '(a|b)', 'xyz'))`);
  await admin.query(`CREATE TABLE ${HIDDEN}.t (id INT PRIMARY KEY)`);
  await admin.query(`CREATE VIEW ${HIDDEN}.hidden_view AS SELECT id FROM ${HIDDEN}.t`);
  // The README's grants: SELECT and SHOW VIEW on the application schemas; on HIDDEN only SELECT.
  roUrl = await createReviewUser(admin, root, USER, ['game', DB], [`GRANT SELECT ON ${HIDDEN}.* TO $USER`]);
  // Start the parser's worker thread now, so that its start-up is not counted in a review's budget.
  await reviewScript('SELECT 1');
});

afterAll(async () => {
  for (const s of [DB, HIDDEN]) await admin?.query(`DROP DATABASE IF EXISTS ${s}`);
  await admin?.query(`DROP USER IF EXISTS '${USER}'@'%'`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['root', () => `${root}${DB}`],
  ['the recommended user', () => `${roUrl.replace(/\/$/, '')}/${DB}`],
])('the hostile corpus, reviewed as %s', (_who, url) => {
  it('refuses each shape with its reason, explains only the cheap ones, and changes nothing on the server', async () => {
    const before = await snapshot();
    const recorder: Recorder = { sent: [], blocked: [], threads: [] };
    const slow: string[] = [];
    const wrong: string[] = [];
    for (const [sql, refusal] of CORPUS) {
      const t0 = Date.now();
      const r = await reviewScript(sql, { live: { connect: recordingConnect(url(), recorder), database: DB }, limits: LIMITS });
      const ms = Date.now() - t0;
      if (ms > REVIEW_BUDGET_MS) slow.push(`${ms} ms: ${sql.slice(0, 80)}`);
      const s = r.statements[0]!;
      const said = s.error ?? s.findings.map((f) => f.message).join(' | ');
      const ok =
        r.live.explain &&
        r.notes.every((n) => !/stopped|skipped/.test(n)) &&
        (refusal === 'static'
          ? s.plan === null && !['select', 'update', 'delete', 'insert', 'replace'].includes(s.type)
          : refusal === 'explained'
            ? s.error === null || /^not explained: plan not shown/.test(s.error)
            : s.plan === null && refusal.test(said));
      if (!ok) wrong.push(`${sql.slice(0, 120)}\n    → ${said}${r.notes.length ? ` [notes: ${r.notes.join(' / ')}]` : ''}`);
    }
    expect(wrong).toEqual([]);
    expect(recorder.blocked).toEqual([]);
    expect(slow).toEqual([]);
    // Only EXPLAIN of vetted text and the bot's own session and information_schema statements were sent.
    for (const s of recorder.sent)
      expect(s, s).toMatch(/^(EXPLAIN SELECT |EXPLAIN WITH |EXPLAIN \(|SELECT VERSION\(\)|SET |SELECT @@SESSION\.|SELECT [^;]* FROM information_schema\.)/);
    expect(await snapshot()).toEqual(before);
    expect(existsSync(outfile)).toBe(false);
    expect(await threadsOf(admin, recorder.threads)).toEqual([]);
    await noMetadataLocks();
  });
});

describe('views the review user cannot read the definition of', () => {
  it('are refused for the recommended user (SELECT without SHOW VIEW), and checked for root', async () => {
    const recorder: Recorder = { sent: [], blocked: [], threads: [] };
    const sql = `SELECT * FROM ${HIDDEN}.hidden_view`;
    const ro = await reviewScript(sql, { live: { connect: recordingConnect(`${roUrl.replace(/\/$/, '')}/${DB}`, recorder), database: DB }, limits: LIMITS });
    expect(ro.statements[0]!.error).toBe(
      `not explained: it reads view ${HIDDEN}.hidden_view, whose definition the review user cannot see (grant SHOW VIEW so it can be checked)`,
    );
    const asRoot = await reviewScript(sql, { live: { connect: recordingConnect(`${root}${DB}`, recorder), database: DB }, limits: LIMITS });
    expect(asRoot.statements[0]!.plan).not.toBeNull();
    expect(recorder.sent.filter((s) => s.startsWith('EXPLAIN'))).toEqual([`EXPLAIN ${sql}`]);
  });
});

describe('the session', () => {
  it('needs its view check: without it, EXPLAIN of the view runs SET GLOBAL even in a READ ONLY transaction', async () => {
    const c = await mysql.createConnection({ uri: root, multipleStatements: false });
    try {
      await c.query('SET SESSION TRANSACTION READ ONLY');
      await c.query(`EXPLAIN SELECT * FROM ${DB}.global_view`);
      const [rows] = await admin.query('SELECT @@GLOBAL.eq_range_index_dive_limit AS v');
      expect(Number((rows as { v: number }[])[0]!.v)).toBe(199);
    } finally {
      await admin.query('SET GLOBAL eq_range_index_dive_limit = DEFAULT');
      await c.end();
    }
  });

  it('is read-only, utf8mb4, with 1 s lock waits and a known sql_mode, even for root', async () => {
    const recorder: Recorder = { sent: [], blocked: [], threads: [] };
    const session = await ReviewSession.open(
      recordingConnect(`${root}${DB}`, recorder, ["SET SESSION sql_mode = 'ORACLE'", 'SET NAMES latin1', 'SET SESSION lock_wait_timeout = 31536000']),
    );
    try {
      expect(session.info.flavor).toBe(flavor);
      expect(session.info.sqlMode.split(',')).not.toContain('ANSI_QUOTES');
      const out = await session.explain(`SELECT id FROM ${DB}.victims WHERE id > 1`);
      expect(out.error).toBeNull();
      const reader = session.reader();
      const [rows] = (await reader.query(TABLE_QUERY, [DB, 'victims'])) as [{ engine: string }[], unknown];
      expect(rows.map((r) => r.engine)).toEqual(['InnoDB']);
      await expect(reader.query(`INSERT INTO ${DB}.victims VALUES (99)`)).rejects.toThrow(/only the review's own information_schema reads/);
      // An information_schema read that is not one of the bot's own texts (here with text inlined
      // instead of bound) is refused too, and so are parameters that are not plain strings or numbers.
      await expect(
        reader.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'victims'", [DB]),
      ).rejects.toThrow(/only the review's own information_schema reads/);
      await expect(reader.query(TABLE_QUERY, [DB, { toSqlString: () => 'victims' }])).rejects.toThrow(/only string and number parameters/);
      await expect(reader.query(TABLE_QUERY, [DB])).rejects.toThrow(/1 values for 2 placeholders/);
    } finally {
      await session.close();
    }
  });

  it('answers at once instead of queueing behind a metadata lock', async () => {
    await admin.query(`CREATE TABLE ${DB}.locked (id INT PRIMARY KEY, v INT)`);
    const holder = await mysql.createConnection({ uri: root, multipleStatements: false });
    try {
      await holder.query(`LOCK TABLES ${DB}.locked WRITE`);
      const t0 = Date.now();
      const r = await reviewScript(`SELECT * FROM ${DB}.locked WHERE v > 1`, {
        live: { connect: recordingConnect(`${root}${DB}`, { sent: [], blocked: [], threads: [] }), database: DB },
        limits: LIMITS,
      });
      expect(Date.now() - t0).toBeLessThan(REVIEW_BUDGET_MS);
      expect(r.statements[0]!.error).toMatch(/locked .* gives up after 1 s|Schema checks|not explained/);
      expect(r.statements[0]!.plan).toBeNull();
    } finally {
      await holder.query('UNLOCK TABLES');
      await holder.end();
      await admin.query(`DROP TABLE ${DB}.locked`);
    }
  });
});
