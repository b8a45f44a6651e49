/**
 * Names are matched on the server's own rules. Against the harness MariaDB: every allow-listed name
 * is a built-in there, every keyword let through before `(` can never be a stored function, and the
 * names JavaScript folds differently (ſ, ı, ﬁ), 0x/0b runs and quoted names are stored functions to
 * the server — so they are refused. Under every sql_mode a server may default to (ANSI_QUOTES and the
 * combined modes that carry it, NO_BACKSLASH_ESCAPES…), the session resets the mode before EXPLAIN,
 * so a call hidden in what our lexer reads as a string stays a string on the server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builtinNames, RESERVED_BEFORE_PAREN } from '../../src/review/functions';
import { ReviewSession, SAFE_SQL_MODES } from '../../src/review/guard';
import { reviewScript } from '../../src/review/review';
import { vetForExplain } from '../../src/review/vet';
import { recordingConnect, type Recorder } from './live-support';

const root = inject('mysqlUrl');
const flavor = inject('mysqlFlavor');
const DB = 'names_t';
/** This file's marker: the stored functions set it, so any call that reached the server shows. */
const MARKER = 'optimizer_search_depth';
let admin: mysql.Connection;

const marker = async () => Number(((await admin.query(`SELECT @@GLOBAL.${MARKER} AS v`))[0] as { v: number }[])[0]!.v);

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: root, multipleStatements: false });
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  // Columns named x\ and y make the ANSI_QUOTES reading of the smuggling statements valid SQL.
  await admin.query(`CREATE TABLE ${DB}.t (id INT PRIMARY KEY, name VARCHAR(32), \`x\\\` INT, y INT)`);
  await admin.query(`INSERT INTO ${DB}.t VALUES (1, 'a', 1, 1), (2, 'b', 2, 2)`);
  await admin.query(`CREATE FUNCTION ${DB}.smuggled(x INT) RETURNS INT DETERMINISTIC BEGIN SET GLOBAL ${MARKER} = 61; RETURN x; END`);
  for (const name of ['ſum', 'ınstr', 'ﬁeld', '0xevil', '0bevil', 'REGEXP_LIKE', 'ANY_VALUE', 'lateral', 'GROUPING']) {
    await admin.query(`CREATE FUNCTION ${DB}.\`${name}\`(x INT) RETURNS INT DETERMINISTIC RETURN ${DB}.smuggled(x)`);
  }
});

afterAll(async () => {
  await admin?.query(`SET GLOBAL ${MARKER} = DEFAULT`);
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.end();
});

describe('the allow-list against the servers', () => {
  it.runIf(flavor === 'mariadb')('has only MariaDB built-ins, and keywords before ( that never resolve to stored functions', async () => {
    const c = await mysql.createConnection({ uri: `${root}${DB}`, multipleStatements: false });
    const stored: string[] = [];
    try {
      for (const n of [...builtinNames('mariadb'), ...RESERVED_BEFORE_PAREN]) {
        for (const args of ['', '1', '1, 2']) {
          try {
            await c.query(`SELECT ${n}(${args})`);
          } catch (e) {
            const errno = (e as { errno?: number }).errno;
            // 1305/1630: "FUNCTION names_t.x does not exist" — the server looked for a stored function.
            if (errno === 1305 || errno === 1630) stored.push(`${n}(${args})`);
          }
        }
      }
    } finally {
      await c.end();
    }
    expect(stored).toEqual([]);
  });

  it.runIf(flavor === 'mariadb')('leaves out names MariaDB does not have: they are stored-function calls there', async () => {
    const c = await mysql.createConnection({ uri: `${root}${DB}`, multipleStatements: false });
    try {
      for (const n of ['REGEXP_LIKE', 'ANY_VALUE', 'GROUPING', 'lateral', 'ſum', 'ınstr', 'ﬁeld', '0xevil', '0bevil']) {
        const [rows] = await c.query(`SELECT ${n}(1) AS v`);
        expect((rows as { v: number }[])[0]!.v, n).toBe(1);
        expect(vetForExplain(`SELECT ${n}(1)`, { flavor: 'mariadb' }), n).toMatchObject({ ok: false });
      }
    } finally {
      await admin.query(`SET GLOBAL ${MARKER} = DEFAULT`);
      await c.end();
    }
  });

  it('has only MySQL 8 built-ins on the MySQL side (recorded lists from mysql-server)', () => {
    const dir = join(__dirname, '..', 'fixtures', 'mysql8');
    const read = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
    const known = new Set([...read('native-functions.txt'), ...read('grammar-functions.txt')]);
    expect(builtinNames('mysql').filter((n) => !known.has(n))).toEqual([]);
    // …and the MariaDB-only ones are refused on MySQL.
    for (const n of ['MEDIAN', 'CHR', 'LENGTHB', 'JSON_VALUE']) expect(vetForExplain(`SELECT ${n}(1)`, { flavor: 'mysql' }), n).toMatchObject({ ok: false });
  });

  it('folds case like the server: ASCII letters only', () => {
    for (const n of ['sum', 'SUM', 'Sum', 'coUNT']) expect(vetForExplain(`SELECT ${n}(id) FROM t`).ok, n).toBe(true);
    for (const n of ['ſum', 'ſUM', 'ınstr', 'ﬁeld', 'ｓｕｍ', 'sum\u200b', 'ѕum'])
      expect(vetForExplain(`SELECT ${n}(id) FROM t`), n).toMatchObject({ ok: false, reason: expect.stringMatching(/not an allow-listed built-in/) });
  });

  it('reads 0x and 0b runs as the server does', () => {
    expect(vetForExplain("SELECT 0x1F, 0b101, X'41', B'1' FROM t").ok).toBe(true);
    for (const s of ['SELECT 0xevil(1)', 'SELECT 0x1g(1)', 'SELECT 0b102(1)', 'SELECT 0x(1)', 'SELECT 0X1F(1)', 'SELECT 1e5x(1)'])
      expect(vetForExplain(s), s).toMatchObject({ ok: false });
    for (const s of ['SELECT 0x1F(1)', "SELECT 'f'(1)", 'SELECT "f"(1)', 'SELECT `f`(1)', 'SELECT `SUM`(1)'])
      expect(vetForExplain(s), s).toMatchObject({ ok: false, reason: expect.stringMatching(/not a plain built-in name/) });
  });
});

const MODES = [
  'ANSI_QUOTES',
  'ANSI',
  'ORACLE',
  'MSSQL',
  'DB2',
  'POSTGRESQL',
  'MAXDB',
  'NO_BACKSLASH_ESCAPES',
  'ANSI_QUOTES,NO_BACKSLASH_ESCAPES',
  'PIPES_AS_CONCAT,IGNORE_SPACE,HIGH_NOT_PRECEDENCE',
  'TRADITIONAL',
  '',
];

/**
 * Calls that a server in some mode reads as code while our lexer (default mode) reads a string: under
 * ANSI_QUOTES `"x\"` is the column x\ and the call sits in a WHERE evaluated on a const row; under
 * NO_BACKSLASH_ESCAPES `'a\'` is a whole string.
 */
const SMUGGLED = [
  `SELECT "x\\" FROM ${DB}.t WHERE id = 1 AND ${DB}.smuggled(1) = 1 AND "y" = 1`,
  `SELECT id FROM ${DB}.t WHERE id = 1 AND "x\\" = 1 AND ${DB}.smuggled(2) = 2 AND "y" = 1`,
  `SELECT id FROM ${DB}.t WHERE id = 1 AND 'a\\' = 'a\\' AND ${DB}.smuggled(3) = 3 AND 'b' = 'b'`,
];

describe.runIf(flavor === 'mariadb')('every sql_mode the server may default to', () => {
  it.each(MODES)('mode %j: the session resets it, and smuggled calls stay strings', async (mode) => {
    const before = await marker();
    const recorder: Recorder = { sent: [], blocked: [], threads: [] };
    for (const sql of SMUGGLED) {
      const r = await reviewScript(sql, { live: { connect: recordingConnect(`${root}${DB}`, recorder, [`SET SESSION sql_mode = '${mode}'`]), database: DB } });
      expect(r.live.explain, sql).toBe(true);
    }
    expect(await marker()).toBe(before);
    const session = await ReviewSession.open(recordingConnect(`${root}${DB}`, recorder, [`SET SESSION sql_mode = '${mode}'`]));
    try {
      for (const m of session.info.sqlMode.split(',').filter(Boolean)) expect(SAFE_SQL_MODES.has(m), m).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('only safe flags survive the reset, whatever the server default', () => {
    for (const m of [
      'ANSI_QUOTES',
      'NO_BACKSLASH_ESCAPES',
      'PIPES_AS_CONCAT',
      'IGNORE_SPACE',
      'HIGH_NOT_PRECEDENCE',
      'ORACLE',
      'MSSQL',
      'DB2',
      'POSTGRESQL',
      'MAXDB',
      'ANSI',
      'EMPTY_STRING_IS_NULL',
      'SIMULTANEOUS_ASSIGNMENT',
    ])
      expect(SAFE_SQL_MODES.has(m), m).toBe(false);
  });

  it('without the reset the smuggled call runs: the test can fail', async () => {
    const c = await mysql.createConnection({ uri: `${root}${DB}`, multipleStatements: false });
    try {
      await c.query("SET SESSION sql_mode = 'ANSI_QUOTES'");
      await c.query(`EXPLAIN ${SMUGGLED[0]}`);
      expect(await marker()).toBe(61);
    } finally {
      await admin.query(`SET GLOBAL ${MARKER} = DEFAULT`);
      await c.end();
    }
  });
});
