/**
 * The digest of a slow log written by the real test server (long_query_time=0, so every statement is
 * logged) under a varied workload run here, in a database of its own: other test files share the server
 * and its log, so only this database's classes are asserted.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { digestStream } from '../../src/digest/index';
import type { DigestClass, DigestResult } from '../../src/digest/types';

const DB = `digest_${process.pid}_${Date.now().toString(36)}`;
const POINT_LOOKUPS = 40;
const IN_LISTS = [1, 2, 5, 17, 40];
const INSERT_BATCHES = [1, 3, 10, 25];

let result: DigestResult;
let ours: DigestClass[];
const byFp = (prefix: string) => ours.find((c) => c.fingerprint.startsWith(prefix));

beforeAll(async () => {
  const slowLog = inject('mysqlSlowLog');
  expect(slowLog, 'the test harness server must write a slow log').not.toBe('');
  const offset = statSync(slowLog).size;
  const conn = await mysql.createConnection(inject('mysqlUrl'));
  try {
    await conn.query(`CREATE DATABASE ${DB} CHARACTER SET utf8mb4`);
    await conn.query(`USE ${DB}`);
    await conn.query('CREATE TABLE players (id INT PRIMARY KEY, name VARCHAR(64), level INT, KEY (level)) ENGINE=InnoDB');
    await conn.query('CREATE TABLE scores (player_id INT, season INT, score INT) ENGINE=InnoDB');
    let id = 0;
    for (const n of INSERT_BATCHES) {
      const rows = Array.from({ length: n }, () => [++id, `player-${id}`, id % 50]);
      await conn.query('INSERT INTO players (id, name, level) VALUES ?', [rows]);
    }
    for (let i = 0; i < POINT_LOOKUPS; i++) {
      if (i % 2) await conn.query(`SELECT * FROM players WHERE id = ${1 + (i % id)}`);
      else await conn.execute('SELECT * FROM players WHERE id = ?', [1 + (i % id)]);
    }
    for (const n of IN_LISTS) {
      await conn.query(`SELECT name FROM players WHERE id IN (${Array.from({ length: n }, (_, k) => 1 + k).join(', ')})`);
    }
    await conn.query(`SELECT p.name, COUNT(s.score) AS n
  FROM players p
  LEFT JOIN scores s ON s.player_id = p.id
 WHERE p.level > 3 /* multi-line, with a comment */
 GROUP BY p.name
 ORDER BY n DESC
 LIMIT 5`);
    await conn.query("UPDATE players SET name = '용사 🚀 Ünïcödé' WHERE id = 1");
    await conn.query("SELECT id FROM players WHERE name = '용사 🚀 Ünïcödé'");
    await conn.query('SELECT SLEEP(0.05)');
    await conn.query('SELECT SLEEP(0.06)');
    // Wait until the server has logged the last statement of this connection.
    const marker = `digest-end-${DB}`;
    await conn.query(`SELECT '${marker}'`);
    for (let i = 0; i < 100 && !readFileSync(slowLog, 'utf8').includes(marker); i++) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await conn.query(`DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
    await conn.end();
  }
  result = await digestStream(createReadStream(slowLog, { start: offset }), { orderBy: 'total' });
  ours = result.classes.filter((c) => c.databases.includes(DB));
});

describe('digest of the real server slow log', () => {
  it('parses every entry the server wrote, with no malformed entries', () => {
    expect(result.totals.malformed).toBe(0);
    expect(result.totals.events).toBeGreaterThanOrEqual(POINT_LOOKUPS + IN_LISTS.length + INSERT_BATCHES.length + 6);
  });

  it('puts point lookups with different ids, text and binary protocol, in one class', () => {
    const c = byFp('select * from players where id = ?')!;
    expect(c).toBeDefined();
    expect(c.calls).toBe(POINT_LOOKUPS);
    expect(c.rowsSent).toBe(POINT_LOOKUPS);
    expect(c.users).toEqual(['root']);
    expect(c.firstSeen! <= c.lastSeen!).toBe(true);
  });

  it('collapses IN lists of any length and multi-row INSERTs of any size', () => {
    const inList = byFp('select name from players where id in(?+)')!;
    expect(inList.calls).toBe(IN_LISTS.length);
    // Each list asks for ids 1…n; only the players inserted exist.
    const players = INSERT_BATCHES.reduce((a, b) => a + b, 0);
    expect(inList.rowsSent).toBe(IN_LISTS.reduce((a, n) => a + Math.min(n, players), 0));
    const insert = byFp('insert into players (id, name, level) values(?+)')!;
    expect(insert.calls).toBe(INSERT_BATCHES.length);
  });

  it('keeps multi-line statements and UTF-8 literals intact in the sample', () => {
    const join = byFp('select p.name, count(s.score) as n from players p left join scores s')!;
    expect(join.fingerprint).toBe(
      'select p.name, count(s.score) as n from players p left join scores s on s.player_id = p.id where p.level > ? group by p.name order by n desc limit ?',
    );
    expect(join.sample.split('\n').length).toBeGreaterThan(5);
    const utf8 = byFp('select id from players where name = ?')!;
    expect(utf8.sample).toContain('용사 🚀 Ünïcödé');
  });

  it('ranks the sleeping statement first by total time in this database', () => {
    const sleep = ours[0]!;
    expect(sleep.fingerprint).toBe('select sleep(?)');
    expect(sleep.calls).toBe(2);
    expect(sleep.minTime).toBeGreaterThanOrEqual(0.05);
    expect(sleep.maxTime).toBeGreaterThanOrEqual(0.06);
    expect(sleep.totalTime).toBeCloseTo(sleep.minTime + sleep.maxTime, 5);
  });

  it('sums the class totals to the overall totals', () => {
    const all = result.classes;
    expect(all.reduce((a, c) => a + c.calls, 0)).toBe(result.totals.events);
    expect(all.reduce((a, c) => a + c.totalTime, 0)).toBeCloseTo(result.totals.totalTime, 4);
    expect(all.reduce((a, c) => a + c.rowsExamined, 0)).toBe(result.totals.rowsExamined);
  });
});
