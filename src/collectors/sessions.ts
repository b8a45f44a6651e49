/**
 * Sessions worth a DBA's attention right now: transactions open longer than a minute (idle ones too,
 * which hold locks and the purge back), statements running longer than a few seconds, the InnoDB history
 * list length, and the last statement of idle sessions when performance_schema keeps statement history.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { SessionRef } from '../model/instance-state-model';
import { has, type Probe } from './instance-probe';
import { normaliseStatement } from './locks';

export const LONG_TRX_S = 60;
export const LONG_QUERY_S = 5;
const MAX_ROWS = 20;
/** Accounts that are the server's own, not the workload. */
const SYSTEM_USERS = ['system user', 'event_scheduler', 'rdsadmin', 'rdsrepladmin'];

type Row = Record<string, unknown>;
const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export function toSession(r: Row): SessionRef {
  const s: SessionRef = { id: num(r.id) ?? 0, user: str(r.user) ?? '?', host: str(r.host) ?? '?' };
  if (str(r.db)) s.db = str(r.db)!;
  if (str(r.command)) s.command = str(r.command)!;
  if (num(r.time) !== undefined) s.timeS = num(r.time)!;
  const statement = normaliseStatement(r.query);
  if (statement) s.statement = statement;
  if (num(r.trx_age) !== undefined) s.trxAgeS = num(r.trx_age)!;
  if (str(r.trx_state)) s.trxState = str(r.trx_state)!;
  if (num(r.rows_locked) !== undefined) s.rowsLocked = num(r.rows_locked)!;
  if (num(r.rows_modified) !== undefined) s.rowsModified = num(r.rows_modified)!;
  return s;
}

export interface SessionReading {
  longTransactions: SessionRef[];
  longQueries: SessionRef[];
  historyListLength?: number;
  notes: string[];
}

export async function readSessions(conn: Connection, probe: Probe, ownId: number): Promise<SessionReading> {
  const notes: string[] = [];
  const out: SessionReading = { longTransactions: [], longQueries: [], notes };
  const processlist = has(probe, 'information_schema', 'PROCESSLIST', 'ID', 'USER', 'HOST', 'DB', 'COMMAND', 'TIME', 'INFO');
  if (has(probe, 'information_schema', 'INNODB_TRX', 'trx_mysql_thread_id', 'trx_started', 'trx_query', 'trx_state')) {
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT t.trx_mysql_thread_id AS id, ${processlist ? 'p.USER AS user, p.HOST AS host, p.DB AS db, p.COMMAND AS command, p.TIME AS time,' : ''} t.trx_query AS query, t.trx_state AS trx_state,
                TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS trx_age, t.trx_rows_locked AS rows_locked, t.trx_rows_modified AS rows_modified
         FROM information_schema.INNODB_TRX t ${processlist ? 'LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id' : ''}
         WHERE t.trx_started <= NOW() - INTERVAL ${LONG_TRX_S} SECOND AND t.trx_mysql_thread_id <> ?
         ORDER BY t.trx_started LIMIT ${MAX_ROWS}`,
        [ownId],
      );
      out.longTransactions = (rows as Row[]).map(toSession);
    } catch (e) {
      notes.push(`open transactions: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  } else notes.push('open transactions: information_schema.INNODB_TRX is not readable (needs the PROCESS privilege)');
  if (processlist) {
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, TIME AS time, INFO AS query FROM information_schema.PROCESSLIST
         WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Killed') AND TIME >= ${LONG_QUERY_S} AND ID <> ? AND USER NOT IN (${SYSTEM_USERS.map(() => '?').join(', ')})
         ORDER BY TIME DESC LIMIT ${MAX_ROWS}`,
        [ownId, ...SYSTEM_USERS],
      );
      out.longQueries = (rows as Row[]).map(toSession);
    } catch (e) {
      notes.push(`running statements: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  }
  if (has(probe, 'information_schema', 'INNODB_METRICS', 'NAME', 'COUNT')) {
    try {
      const [rows] = await conn.query<RowDataPacket[]>("SELECT `COUNT` AS n FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'");
      if (rows[0]) out.historyListLength = Number(rows[0].n);
    } catch (e) {
      notes.push(`history list length: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  }
  return out;
}

/**
 * The last statement each of `sessions` ran, for the idle ones (no current statement), from
 * performance_schema.events_statements_history when its consumer is on. Fills `statement` in place.
 */
export async function fillLastStatements(conn: Connection, probe: Probe, sessions: SessionRef[]): Promise<string | undefined> {
  const idle = [...new Map(sessions.filter((s) => !s.statement && s.id > 0).map((s) => [s.id, s])).keys()].slice(0, 50);
  if (idle.length === 0) return undefined;
  if (
    !has(probe, 'performance_schema', 'events_statements_history', 'THREAD_ID', 'EVENT_ID', 'SQL_TEXT') ||
    !has(probe, 'performance_schema', 'threads', 'THREAD_ID', 'PROCESSLIST_ID')
  ) {
    return 'the last statement of idle sessions needs performance_schema.events_statements_history';
  }
  try {
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT t.PROCESSLIST_ID AS id, h.SQL_TEXT AS query FROM performance_schema.events_statements_history h JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID
       WHERE t.PROCESSLIST_ID IN (${idle.map(() => '?').join(', ')}) AND h.SQL_TEXT IS NOT NULL ORDER BY h.EVENT_ID DESC`,
      idle,
    );
    const last = new Map<number, string>();
    for (const r of rows) {
      const id = Number(r.id);
      const text = normaliseStatement(r.query);
      // COMMIT/ROLLBACK/SET are not what holds the lock: keep the last data statement.
      if (!last.has(id) && text && !/^(commit|rollback|set|begin|start transaction)\b/i.test(text)) last.set(id, text);
    }
    for (const s of sessions) {
      const text = last.get(s.id);
      if (!s.statement && text) {
        s.statement = text;
        s.lastStatement = true;
      }
    }
    return last.size === 0
      ? 'performance_schema keeps no statement history here (consumer events_statements_history, or events_statements_current, is off)'
      : undefined;
  } catch (e) {
    return `last statements: ${(e as { code?: string }).code ?? (e as Error).message}`;
  }
}
