/**
 * The instance-state readers: a real row-lock wait on the harness MariaDB named with both sessions, the
 * MySQL 8 query shapes against what mysql-test recorded (test/fixtures/mysql8), and the pure chain logic.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { collectInstanceState } from '../../src/collectors/instance-state';
import { probeFromRows } from '../../src/collectors/instance-probe';
import { blockingChains, metadataLockWaitQuery, rowLockWaitQuery, toLockWaits } from '../../src/collectors/locks';
import type { LockWait } from '../../src/model/instance-state-model';
import { holdRowLock } from '../../scripts/lib/lock-wait';
import { createTableColumns, explainNoteColumns, fixture, resultRows } from '../support/mtr-result';

const url = new URL(inject('mysqlUrl'));
const endpoint = { host: url.hostname, port: Number(url.port) };
const credentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
let admin: mysql.Connection;

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: inject('mysqlUrl') });
});
afterAll(async () => {
  await admin.end();
});

describe('collectInstanceState on the harness server', () => {
  test('a session holding a row lock in an open transaction and one waiting on it are both named', async () => {
    const lock = await holdRowLock(inject('mysqlUrl'));
    try {
      const state = await collectInstanceState({ endpoint, credentials, budgetMs: 10_000, intervalS: 1 });
      const wait = state.lockWaits.find((w) => w.waiting.id === lock.waiterId);
      expect(wait).toBeDefined();
      expect(wait!.kind).toBe('row');
      expect(wait!.waiting.statement).toBe('UPDATE locks_test.guilds SET member_count = member_count + ? WHERE id = ?');
      expect(wait!.blocking.id).toBe(lock.holderId);
      expect(wait!.blocking.user).toBe(credentials.username);
      expect(wait!.blocking.host).toMatch(/^(localhost|127\.0\.0\.1)/);
      expect(wait!.blocking.trxAgeS).toBeGreaterThanOrEqual(0);
      expect(wait!.blocking.command).toBe('Sleep');
      expect(wait!.blocking.rowsModified).toBe(1);
      expect(wait!.object).toContain('guilds');
      const chain = state.chains.find((c) => c.root.id === lock.holderId);
      expect(chain).toMatchObject({ blocked: 1, depth: 1 });
      // The collector's own connection never appears, and the rest of the reading is there.
      expect(state.flavor).toBe(inject('mysqlFlavor'));
      expect(state.historyListLength).toBeGreaterThanOrEqual(0);
      expect(state.tempSort).toMatchObject({ cumulative: false });
      expect(state.waits?.cumulative).toBe(false);
    } finally {
      await lock.release();
    }
  });

  test('with nothing blocked there are no waits and no chains', async () => {
    const state = await collectInstanceState({ endpoint, credentials, budgetMs: 10_000, intervalS: 0 });
    expect(state.lockWaits).toEqual([]);
    expect(state.chains).toEqual([]);
    expect(state.waits?.cumulative).toBe(true);
    expect(state.fullScanTables).toBeDefined();
  });
});

describe('MySQL 8 shapes (mysql-test results)', () => {
  const liveProbe = async () => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      "SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME IN ('INNODB_TRX', 'PROCESSLIST')",
    );
    return rows.map((r) => ({ schema: String(r.s), table: String(r.t), column: String(r.c) }));
  };

  test('row-lock waits read performance_schema.data_lock_waits with only the columns MySQL 8 has', async () => {
    const waitCols = createTableColumns(fixture('idx_data_lock_waits.result'), 'data_lock_waits');
    expect(waitCols).toContain('BLOCKING_ENGINE_TRANSACTION_ID');
    const probe = probeFromRows([...(await liveProbe()), ...waitCols.map((c) => ({ schema: 'performance_schema', table: 'data_lock_waits', column: c }))]);
    const q = rowLockWaitQuery(probe)!;
    expect(q.source).toBe('data_lock_waits');
    // Every column taken from data_lock_waits exists in MySQL 8's table; data_locks is not joined when absent.
    for (const m of q.sql.matchAll(/\bw\.(\w+)/g)) expect(waitCols).toContain(m[1]);
    expect(q.sql).not.toContain('data_locks l');
  });

  test('metadata-lock waits use threads columns MySQL 8 has', () => {
    const threadCols = explainNoteColumns(fixture('idx_threads.result'), 'threads');
    expect(threadCols).toContain('PROCESSLIST_INFO');
    const probe = probeFromRows([
      ...threadCols.map((c) => ({ schema: 'performance_schema', table: 'threads', column: c })),
      ...['OBJECT_TYPE', 'OBJECT_SCHEMA', 'OBJECT_NAME', 'LOCK_TYPE', 'LOCK_STATUS', 'OWNER_THREAD_ID'].map((c) => ({
        schema: 'performance_schema',
        table: 'metadata_locks',
        column: c,
      })),
    ]);
    const sql = metadataLockWaitQuery(probe)!;
    for (const m of sql.matchAll(/\b[wb]t\.(\w+)/g)) expect(threadCols).toContain(m[1]);
    // Without the threads table there is no query rather than a broken one.
    expect(metadataLockWaitQuery(probeFromRows([]))).toBeUndefined();
  });

  test('a recorded metadata-lock wait (ALTER TABLE behind LOCK TABLE … WRITE) maps to a named wait', () => {
    const header =
      'object_schema\tobject_name\twaiting_account\twaiting_lock_type\twaiting_query\tblocking_account\tblocking_lock_type\tblocking_lock_duration';
    const [rec] = resultRows(fixture('v_schema_table_lock_waits.result'), header);
    expect(resultRows(fixture('v_schema_table_lock_waits.result'), header, 1)).toEqual([]); // released after UNLOCK
    const [wu, wh] = rec!.waiting_account!.split('@');
    const [bu, bh] = rec!.blocking_account!.split('@');
    const [w] = toLockWaits(
      [
        {
          waiting_id: 9,
          waiting_user: wu,
          waiting_host: wh,
          waiting_query: rec!.waiting_query,
          blocking_id: 8,
          blocking_user: bu,
          blocking_host: bh,
          blocking_command: 'Sleep',
          locked_table: `${rec!.object_schema}.${rec!.object_name}`,
          lock_mode: rec!.waiting_lock_type,
        },
      ],
      'metadata',
    );
    expect(w).toMatchObject({
      kind: 'metadata',
      object: 'test.lock_waits',
      lockMode: 'SHARED_UPGRADABLE',
      waiting: { id: 9, user: 'root', host: 'localhost', statement: 'ALTER TABLE test.lock_waits ADD k VARCHAR(?)' },
      blocking: { id: 8, user: 'root' },
    });
  });
});

describe('blockingChains', () => {
  const s = (id: number, trxAgeS = 10) => ({ id, user: 'app', host: '10.0.0.1', trxAgeS });
  const w = (waiting: number, blocking: number): LockWait => ({ kind: 'row', waiting: s(waiting), blocking: s(blocking, blocking === 1 ? 900 : 10) });

  test('folds waits under the root blocker, counting everyone behind it and the depth', () => {
    const chains = blockingChains([w(2, 1), w(3, 1), w(4, 2), w(6, 5)]);
    expect(chains.map((c) => [c.root.id, c.blocked, c.depth])).toEqual([
      [1, 3, 2],
      [5, 1, 1],
    ]);
  });

  test('a cycle still yields one chain, rooted at the oldest transaction', () => {
    const chains = blockingChains([w(2, 1), w(1, 2)]);
    expect(chains).toHaveLength(1);
    expect(chains[0]!.root.id).toBe(1);
  });
});
