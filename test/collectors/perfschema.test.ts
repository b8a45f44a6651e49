import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { collectPerfSchema, deltaRows } from '../../src/collectors/perfschema';
import { openReadOnlySession } from '../../src/collectors/mysql-session';

const url = new URL(inject('mysqlUrl'));
const endpoint = { host: url.hostname, port: Number(url.port) };
const credentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
const flavor = inject('mysqlFlavor');
let admin: mysql.Connection;

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: inject('mysqlUrl') });
  await admin.query('CREATE DATABASE IF NOT EXISTS ps_collect');
  await admin.query('CREATE TABLE IF NOT EXISTS ps_collect.scores (id INT PRIMARY KEY, player INT, points INT)');
  await admin.query('DELETE FROM ps_collect.scores');
  const values = Array.from({ length: 500 }, (_, i) => `(${i}, ${i % 37}, ${(i * 7919) % 1000})`).join(',');
  await admin.query(`INSERT INTO ps_collect.scores VALUES ${values}`);
});
afterAll(async () => {
  await admin.end();
});

describe('openReadOnlySession', () => {
  test('probes the statement time limit and refuses writes', async () => {
    const s = await openReadOnlySession({ endpoint, credentials });
    try {
      expect(s.flavor).toBe(flavor);
      expect(s.timeLimit).toBe(flavor === 'mariadb' ? 'max_statement_time' : 'max_execution_time');
      const [[limit]] = await s.conn.query<mysql.RowDataPacket[]>(`SELECT @@SESSION.${s.timeLimit} AS v`);
      expect(Number(limit!.v)).toBe(flavor === 'mariadb' ? 5 : 5000);
      await expect(s.conn.query('INSERT INTO ps_collect.scores VALUES (100000, 1, 1)')).rejects.toMatchObject({ errno: 1792 });
      await expect(s.conn.query('SELECT 1; SELECT 2')).rejects.toMatchObject({ code: 'ER_PARSE_ERROR' });
    } finally {
      await s.conn.end();
    }
  });
});

describe('collectPerfSchema', () => {
  test('delta mode: counts exactly the statements run between the two snapshots', async () => {
    const other = await mysql.createConnection({ uri: inject('mysqlUrl') });
    try {
      const r = await collectPerfSchema({
        endpoint,
        credentials,
        budgetMs: 30_000,
        intervalS: 2,
        wait: async () => {
          // The "workload" during the interval: a full scan without an index, 6 times, and a sort.
          for (let i = 0; i < 6; i++) await other.query(`SELECT COUNT(*) FROM ps_collect.scores WHERE points > ${i}`);
          await other.query('SELECT player, SUM(points) FROM ps_collect.scores GROUP BY player ORDER BY 2 DESC');
        },
      });
      const snap = r.snapshot;
      expect(r.note).toBeUndefined();
      expect(snap.mode).toBe('delta');
      expect(snap.intervalS).toBe(2);
      expect(snap.columns).toContain('SUM_ROWS_EXAMINED');
      expect(snap.columns.includes('SUM_CPU_TIME')).toBe(flavor === 'mysql');
      const scan = snap.byTotalTime.find((s) => /FROM `ps_collect`\s*\.\s*`scores` WHERE `points` >/i.test(s.digestText));
      expect(scan).toBeDefined();
      expect(scan!.calls).toBe(6);
      expect(scan!.rowsExamined).toBe(6 * 500);
      expect(scan!.rowsSent).toBe(6);
      expect(scan!.noIndexUsed).toBe(6);
      expect(scan!.totalTimeS).toBeGreaterThan(0);
      expect(scan!.avgTimeMs).toBeCloseTo((scan!.totalTimeS * 1000) / 6, 6);
      expect(snap.byNoIndexUsed.some((s) => s.digest === scan!.digest)).toBe(true);
      expect(snap.byRowsExamined[0]!.rowsExamined).toBeGreaterThanOrEqual(3000);
      // The collector's own snapshot reads are not part of the workload.
      expect(snap.byTotalTime.some((s) => /events_statements_summary_by_digest/i.test(s.digestText))).toBe(false);
    } finally {
      await other.end();
    }
  });

  test('falls back to cumulative counters with a note when the budget leaves no time for an interval', async () => {
    await admin.query('SELECT MAX(points) FROM ps_collect.scores WHERE player = 3');
    const r = await collectPerfSchema({ endpoint, credentials, budgetMs: 3_500, intervalS: 10, top: 10_000 });
    expect(r.snapshot.mode).toBe('cumulative');
    expect(r.snapshot.intervalS).toBeUndefined();
    expect(r.note).toMatch(/cumulative/);
    const hit = r.snapshot.byTotalTime.find((s) => /MAX \( `points` \)|MAX\(`points`\)/i.test(s.digestText));
    expect(hit?.calls).toBeGreaterThanOrEqual(1);
    const times = r.snapshot.byTotalTime.map((s) => s.totalTimeS);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('wrong credentials fail with the server error, not a hang', async () => {
    await expect(collectPerfSchema({ endpoint, credentials: { username: 'nobody', password: 'x' }, budgetMs: 5_000 })).rejects.toMatchObject({
      code: 'ER_ACCESS_DENIED_ERROR',
    });
  });
});

test('deltaRows subtracts per digest, counts new digests from zero and drops idle ones', () => {
  const before = [
    { SCHEMA_NAME: 'g', DIGEST: 'a', DIGEST_TEXT: 'A', COUNT_STAR: '10', SUM_TIMER_WAIT: '1000' },
    { SCHEMA_NAME: 'g', DIGEST: 'b', DIGEST_TEXT: 'B', COUNT_STAR: '5', SUM_TIMER_WAIT: '500' },
    { SCHEMA_NAME: 'g', DIGEST: 'r', DIGEST_TEXT: 'R', COUNT_STAR: '50', SUM_TIMER_WAIT: '9000' },
  ];
  const after = [
    { SCHEMA_NAME: 'g', DIGEST: 'a', DIGEST_TEXT: 'A', COUNT_STAR: '13', SUM_TIMER_WAIT: '1600' },
    { SCHEMA_NAME: 'g', DIGEST: 'b', DIGEST_TEXT: 'B', COUNT_STAR: '5', SUM_TIMER_WAIT: '500' },
    { SCHEMA_NAME: 'g', DIGEST: 'c', DIGEST_TEXT: 'C', COUNT_STAR: '2', SUM_TIMER_WAIT: '70' },
    { SCHEMA_NAME: 'g', DIGEST: 'r', DIGEST_TEXT: 'R', COUNT_STAR: '4', SUM_TIMER_WAIT: '80' },
  ];
  expect(deltaRows(before, after).map((r) => [r.DIGEST, r.COUNT_STAR, r.SUM_TIMER_WAIT])).toEqual([
    ['a', 3, 600],
    ['c', 2, 70],
    ['r', 4, 80],
  ]);
});
