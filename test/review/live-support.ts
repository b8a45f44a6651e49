/**
 * Helpers for the review tests against the harness server: the recommended least-privilege user of
 * the README, and a connection factory for the review session that records every statement sent and,
 * as a safety net for the shared test server, refuses to send text that would make it run away.
 */
import mysql from 'mysql2/promise';
import type { LiveConnection } from '../../src/review/guard';

/** Creates (or re-creates) a review user with the README's grants on `schemas`; returns its URL. */
export async function createReviewUser(admin: mysql.Connection, rootUrl: string, user: string, schemas: string[], extra: string[] = []): Promise<string> {
  const password = 'review-pw-1';
  await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  for (const s of schemas) await admin.query(`GRANT SELECT, SHOW VIEW ON \`${s}\`.* TO '${user}'@'%'`);
  for (const g of extra) await admin.query(g.replace('$USER', `'${user}'@'%'`));
  const u = new URL(rootUrl);
  u.username = user;
  u.password = password;
  return u.toString();
}

export interface Recorder {
  /** Every statement sent on review connections, in order. */
  sent: string[];
  /** Statements the safety net stopped (must stay empty). */
  blocked: string[];
  /** Server thread ids of the review connections. */
  threads: number[];
}

/**
 * Text the vetting must never let through; if it did, the net refuses to send it so that a bug fails
 * the test instead of wedging the shared server.
 */
export const NET =
  /REGEXP|RLIKE|SLEEP\s*\(|BENCHMARK|GET_LOCK|RELEASE_LOCK|LOAD_FILE|INTO\s+(OUT|DUMP)FILE|REPEAT\s*\(\s*'[^']*'\s*,\s*\d{6,}|UNCOMPRESS|JSON_SEARCH|evil|ſum|0xevil|@@|NEXT\s+VALUE|NEXTVAL|global_view|view_of_view|regexp_view/i;

/** A connect function for reviewScript: `url`, then `sessionSql` (e.g. a server default sql_mode), recording and netting what is sent. */
export function recordingConnect(url: string, recorder: Recorder, sessionSql: string[] = []): () => Promise<LiveConnection> {
  return async () => {
    const conn = await mysql.createConnection({ uri: url, multipleStatements: false, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    for (const s of sessionSql) await conn.query(s);
    recorder.threads.push(conn.threadId);
    const query = conn.query.bind(conn) as (sql: string, values?: unknown[]) => Promise<[unknown, unknown]>;
    return {
      get threadId() {
        return conn.threadId;
      },
      destroy: () => conn.destroy(),
      end: () => conn.end(),
      query: async (sql: string, values?: unknown[]) => {
        recorder.sent.push(sql);
        if (/^EXPLAIN /.test(sql) && NET.test(sql)) {
          recorder.blocked.push(sql);
          throw new Error('test net: this statement must never reach the server');
        }
        return query(sql, values);
      },
    };
  };
}

/** Which of `ids` are still server threads, after giving closing connections a moment to go. */
export async function threadsOf(admin: mysql.Connection, ids: number[]): Promise<{ id: number; command: string; state: string }[]> {
  let rows: { id: number; command: string; state: string }[] = [];
  if (ids.length === 0) return rows;
  for (let k = 0; k < 20; k++) {
    rows = (
      await admin.query('SELECT ID AS id, COMMAND AS command, STATE AS state FROM information_schema.PROCESSLIST WHERE ID IN (?)', [ids])
    )[0] as typeof rows;
    if (rows.length === 0) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return rows;
}
