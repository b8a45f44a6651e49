/**
 * The hard bound on server work: the watchdog kills the review thread at its deadline and verifies on
 * the server that it is gone, reporting a thread that survives the kill instead of hiding it — without
 * relying on max_statement_time. (The review connection's TLS: test/jobs/review-database.test.ts.)
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LiveConnection } from '../../src/review/guard';
import { reviewScript } from '../../src/review/review';
import { Watchdog } from '../../src/review/watchdog';
import { recordingConnect, threadsOf, type Recorder } from './live-support';

const root = inject('mysqlUrl');
let admin: mysql.Connection;

beforeAll(async () => {
  admin = await mysql.createConnection({ uri: root, multipleStatements: false });
});
afterAll(async () => {
  await admin?.end();
});

async function pair(): Promise<[mysql.Connection, mysql.Connection]> {
  return [await mysql.createConnection({ uri: root }), await mysql.createConnection({ uri: root })];
}

describe('the watchdog', () => {
  it('kills a query at its deadline and sees its thread gone', async () => {
    const [work, control] = await pair();
    try {
      const id = work.threadId;
      const t0 = Date.now();
      const out = await new Watchdog(control, { graceMs: 2_000 }).run(work.query('SELECT SLEEP(30)'), 300, id, () => work.destroy());
      expect(out).toMatchObject({ ok: false, timedOut: true, gone: true });
      expect(Date.now() - t0).toBeLessThan(2_500);
      expect(await threadsOf(admin, [id])).toEqual([]);
    } finally {
      await control.end();
    }
  });

  it('waits for a thread that outlives KILL, and says so when it is still there after the grace period', async () => {
    // REGEXP_REPLACE over a constant does not look at the kill flag; 2 × 40,000 characters is about a
    // second of server work on a quiet machine (12,000 was under 0.1 s, too short to outlive the KILL)
    // and several under load — bounded, so the shared test server is never wedged.
    const heavy = "SELECT LENGTH(REGEXP_REPLACE(REPEAT('ab', 40000), '(a|b)', 'xyz'))";
    const [work, control] = await pair();
    try {
      const id = work.threadId;
      const out = await new Watchdog(control, { graceMs: 30_000, pollMs: 20 }).run(work.query(heavy), 50, id, () => work.destroy());
      expect(out).toMatchObject({ ok: false, timedOut: true, gone: true });
      if (!out.ok && 'waitedMs' in out) expect(out.waitedMs).toBeGreaterThan(50);
    } finally {
      await control.end();
    }
    const [work2, control2] = await pair();
    try {
      const id = work2.threadId;
      const out = await new Watchdog(control2, { graceMs: 10, pollMs: 5 }).run(work2.query(heavy), 50, id, () => work2.destroy());
      expect(out).toMatchObject({ ok: false, timedOut: true, gone: false });
      // It does end on its own.
      for (let k = 0; k < 600 && (await threadsOf(admin, [id])).length > 0; k++) await new Promise((r) => setTimeout(r, 50));
      expect(await threadsOf(admin, [id])).toEqual([]);
    } finally {
      await control2.end();
    }
  });

  it('stops a review whose EXPLAIN overruns: the thread is killed and verified gone, the rest is not sent, the answer says so', async () => {
    const recorder: Recorder = { sent: [], blocked: [], threads: [] };
    const base = recordingConnect(`${root}game`, recorder);
    // Fault injection: the server answers the first EXPLAIN slowly.
    let slowed = false;
    const explains: string[] = [];
    const connect = async (): Promise<LiveConnection> => {
      const c = await base();
      return {
        get threadId() {
          return c.threadId;
        },
        destroy: () => c.destroy(),
        end: () => c.end(),
        query: (sql: string, values?: unknown[]) => {
          if (sql.startsWith('EXPLAIN')) explains.push(sql);
          if (sql.startsWith('EXPLAIN') && !slowed) {
            slowed = true;
            return c.query('SELECT SLEEP(30)');
          }
          return c.query(sql, values);
        },
      };
    };
    const sql = 'SELECT id FROM users WHERE id > 10;\nSELECT id FROM items WHERE id > 10';
    await reviewScript(sql); // the parser worker is started (under tsx that takes a moment) before the clock runs
    const t0 = Date.now();
    const r = await reviewScript(sql, { live: { connect }, limits: { statementTimeoutMs: 500, killGraceMs: 2_000 } });
    // Budget 500 ms + kill and verification (grace 2 s), with room for a loaded test machine.
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(r.statements[0]!.error).toBe('not explained: EXPLAIN ran past its 500 ms budget and was stopped');
    expect(r.statements[1]!.error).toMatch(
      /^not explained: live checks stopped earlier in this review \(a query ran past its 500 ms budget; its server thread was killed and is gone\)/,
    );
    expect(r.notes.at(-1)).toMatch(
      /^Live checks stopped: a query ran past its 500 ms budget; its server thread was killed and is gone\. Later statements were not explained\.$/,
    );
    expect(explains).toHaveLength(1);
    expect(await threadsOf(admin, recorder.threads)).toEqual([]);
  });
});
