/**
 * Who blocks whom right now. InnoDB row-lock waits come from performance_schema.data_lock_waits (MySQL 8,
 * Aurora MySQL 3) or information_schema.INNODB_LOCK_WAITS (MariaDB, MySQL 5.7), each joined to INNODB_TRX
 * and the processlist so both sessions are named (id, user, host, statement, transaction age). Metadata
 * lock waits come from performance_schema.metadata_locks (PENDING against GRANTED on the same table).
 * Waits are then folded into blocking chains under their root blockers. The queries are built from the
 * probe (only columns the server has); the row mapping and the chains are pure.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { maskSql } from '../ai/mask';
import type { BlockingChain, LockWait, SessionRef } from '../model/instance-state-model';
import { has, type Probe } from './instance-probe';

export const MAX_LOCK_WAITS = 200;
const MAX_STATEMENT = 1_000;

type Row = Record<string, unknown>;

const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** A statement as shown: literals masked, one line, bounded. */
export function normaliseStatement(sql: unknown): string | undefined {
  if (sql === null || sql === undefined || String(sql).trim() === '') return undefined;
  const one = maskSql(String(sql)).replace(/\s+/g, ' ').trim();
  return one.length > MAX_STATEMENT ? `${one.slice(0, MAX_STATEMENT - 1)}…` : one;
}

const SESSION_COLUMNS = (p: string, trx: string, proc: string) => [
  `${trx}.trx_mysql_thread_id AS ${p}_id`,
  `${proc}.USER AS ${p}_user`,
  `${proc}.HOST AS ${p}_host`,
  `${proc}.DB AS ${p}_db`,
  `${proc}.COMMAND AS ${p}_command`,
  `${proc}.TIME AS ${p}_time`,
  `${trx}.trx_query AS ${p}_query`,
  `${trx}.trx_state AS ${p}_trx_state`,
  `TIMESTAMPDIFF(SECOND, ${trx}.trx_started, NOW()) AS ${p}_trx_age`,
  `${trx}.trx_rows_locked AS ${p}_rows_locked`,
  `${trx}.trx_rows_modified AS ${p}_rows_modified`,
];

/**
 * The row-lock wait query for this server, or undefined when it has neither lock-wait table (or lacks
 * INNODB_TRX / PROCESSLIST). Every variant returns the same column aliases.
 */
export function rowLockWaitQuery(probe: Probe): { sql: string; source: 'data_lock_waits' | 'INNODB_LOCK_WAITS' } | undefined {
  if (!has(probe, 'information_schema', 'INNODB_TRX', 'trx_id', 'trx_mysql_thread_id', 'trx_query', 'trx_started', 'trx_wait_started')) return undefined;
  if (!has(probe, 'information_schema', 'PROCESSLIST', 'ID', 'USER', 'HOST', 'DB', 'COMMAND', 'TIME')) return undefined;
  const sessions = [
    ...SESSION_COLUMNS('waiting', 'r', 'rp'),
    ...SESSION_COLUMNS('blocking', 'b', 'bp'),
    'TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_s',
  ];
  const processJoins =
    'LEFT JOIN information_schema.PROCESSLIST rp ON rp.ID = r.trx_mysql_thread_id LEFT JOIN information_schema.PROCESSLIST bp ON bp.ID = b.trx_mysql_thread_id';
  if (has(probe, 'performance_schema', 'data_lock_waits', 'REQUESTING_ENGINE_TRANSACTION_ID', 'BLOCKING_ENGINE_TRANSACTION_ID', 'REQUESTING_ENGINE_LOCK_ID')) {
    const locks = has(probe, 'performance_schema', 'data_locks', 'ENGINE_LOCK_ID', 'OBJECT_SCHEMA', 'OBJECT_NAME', 'INDEX_NAME', 'LOCK_MODE');
    const lockCols = locks ? ["CONCAT(l.OBJECT_SCHEMA, '.', l.OBJECT_NAME) AS locked_table", 'l.INDEX_NAME AS locked_index', 'l.LOCK_MODE AS lock_mode'] : [];
    return {
      source: 'data_lock_waits',
      sql: [
        `SELECT ${[...sessions, ...lockCols].join(', ')}`,
        'FROM performance_schema.data_lock_waits w',
        'JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID',
        'JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID',
        locks ? 'LEFT JOIN performance_schema.data_locks l ON l.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID' : '',
        processJoins,
        `LIMIT ${MAX_LOCK_WAITS}`,
      ]
        .filter((x) => x !== '')
        .join(' '),
    };
  }
  if (has(probe, 'information_schema', 'INNODB_LOCK_WAITS', 'requesting_trx_id', 'blocking_trx_id', 'requested_lock_id')) {
    const locks = has(probe, 'information_schema', 'INNODB_LOCKS', 'lock_id', 'lock_table', 'lock_index', 'lock_mode');
    const lockCols = locks ? ['l.lock_table AS locked_table', 'l.lock_index AS locked_index', 'l.lock_mode AS lock_mode'] : [];
    return {
      source: 'INNODB_LOCK_WAITS',
      sql: [
        `SELECT ${[...sessions, ...lockCols].join(', ')}`,
        'FROM information_schema.INNODB_LOCK_WAITS w',
        'JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id',
        'JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id',
        locks ? 'LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id' : '',
        processJoins,
        `LIMIT ${MAX_LOCK_WAITS}`,
      ]
        .filter((x) => x !== '')
        .join(' '),
    };
  }
  return undefined;
}

/** The metadata-lock wait query (PENDING lock against a GRANTED one on the same object), when available. */
export function metadataLockWaitQuery(probe: Probe): string | undefined {
  if (!has(probe, 'performance_schema', 'metadata_locks', 'OBJECT_TYPE', 'OBJECT_SCHEMA', 'OBJECT_NAME', 'LOCK_TYPE', 'LOCK_STATUS', 'OWNER_THREAD_ID'))
    return undefined;
  if (
    !has(
      probe,
      'performance_schema',
      'threads',
      'THREAD_ID',
      'PROCESSLIST_ID',
      'PROCESSLIST_USER',
      'PROCESSLIST_HOST',
      'PROCESSLIST_DB',
      'PROCESSLIST_COMMAND',
      'PROCESSLIST_TIME',
      'PROCESSLIST_INFO',
    )
  )
    return undefined;
  const thread = (p: string, t: string) => [
    `${t}.PROCESSLIST_ID AS ${p}_id`,
    `${t}.PROCESSLIST_USER AS ${p}_user`,
    `${t}.PROCESSLIST_HOST AS ${p}_host`,
    `${t}.PROCESSLIST_DB AS ${p}_db`,
    `${t}.PROCESSLIST_COMMAND AS ${p}_command`,
    `${t}.PROCESSLIST_TIME AS ${p}_time`,
    `${t}.PROCESSLIST_INFO AS ${p}_query`,
  ];
  const trx = has(probe, 'information_schema', 'INNODB_TRX', 'trx_mysql_thread_id', 'trx_started');
  return [
    `SELECT ${[...thread('waiting', 'wt'), ...thread('blocking', 'bt'), 'wt.PROCESSLIST_TIME AS wait_s', "CONCAT(p.OBJECT_SCHEMA, '.', p.OBJECT_NAME) AS locked_table", 'p.LOCK_TYPE AS lock_mode', ...(trx ? ['TIMESTAMPDIFF(SECOND, bx.trx_started, NOW()) AS blocking_trx_age'] : [])].join(', ')}`,
    'FROM performance_schema.metadata_locks p',
    "JOIN performance_schema.metadata_locks g ON g.OBJECT_TYPE = p.OBJECT_TYPE AND g.OBJECT_SCHEMA <=> p.OBJECT_SCHEMA AND g.OBJECT_NAME <=> p.OBJECT_NAME AND g.LOCK_STATUS = 'GRANTED' AND g.OWNER_THREAD_ID <> p.OWNER_THREAD_ID",
    'JOIN performance_schema.threads wt ON wt.THREAD_ID = p.OWNER_THREAD_ID',
    'JOIN performance_schema.threads bt ON bt.THREAD_ID = g.OWNER_THREAD_ID',
    trx ? 'LEFT JOIN information_schema.INNODB_TRX bx ON bx.trx_mysql_thread_id = bt.PROCESSLIST_ID' : '',
    "WHERE p.LOCK_STATUS = 'PENDING' AND p.OBJECT_TYPE = 'TABLE' AND wt.PROCESSLIST_ID IS NOT NULL AND bt.PROCESSLIST_ID IS NOT NULL",
    `LIMIT ${MAX_LOCK_WAITS}`,
  ]
    .filter((x) => x !== '')
    .join(' ');
}

function session(r: Row, p: 'waiting' | 'blocking'): SessionRef {
  const s: SessionRef = { id: num(r[`${p}_id`]) ?? 0, user: str(r[`${p}_user`]) ?? '?', host: str(r[`${p}_host`]) ?? '?' };
  const db = str(r[`${p}_db`]);
  if (db) s.db = db;
  const command = str(r[`${p}_command`]);
  if (command) s.command = command;
  const time = num(r[`${p}_time`]);
  if (time !== undefined) s.timeS = time;
  const statement = normaliseStatement(r[`${p}_query`]);
  if (statement) s.statement = statement;
  const age = num(r[`${p}_trx_age`]);
  if (age !== undefined) s.trxAgeS = age;
  const state = str(r[`${p}_trx_state`]);
  if (state) s.trxState = state;
  const locked = num(r[`${p}_rows_locked`]);
  if (locked !== undefined) s.rowsLocked = locked;
  const modified = num(r[`${p}_rows_modified`]);
  if (modified !== undefined) s.rowsModified = modified;
  return s;
}

/** Rows of either wait query (same aliases) → LockWait. */
export function toLockWaits(rows: readonly Row[], kind: LockWait['kind']): LockWait[] {
  return rows.map((r) => {
    const w: LockWait = { kind, waiting: session(r, 'waiting'), blocking: session(r, 'blocking') };
    const waitS = num(r.wait_s);
    if (waitS !== undefined) w.waitS = waitS;
    const table = str(r.locked_table);
    if (table) w.object = `${table.replace(/`/g, '')}${r.locked_index ? ` (${String(r.locked_index)})` : ''}`;
    const mode = str(r.lock_mode);
    if (mode) w.lockMode = mode;
    return w;
  });
}

/**
 * Folds waits into chains: a root is a blocker that waits on nobody; its chain holds every wait reachable
 * from it. Largest chains first. A cycle (a deadlock InnoDB has not resolved yet) still yields one chain,
 * rooted at the longest-open transaction in it.
 */
export function blockingChains(waits: readonly LockWait[]): BlockingChain[] {
  const byBlocker = new Map<number, LockWait[]>();
  const waiting = new Set<number>();
  const sessions = new Map<number, SessionRef>();
  for (const w of waits) {
    byBlocker.set(w.blocking.id, [...(byBlocker.get(w.blocking.id) ?? []), w]);
    waiting.add(w.waiting.id);
    const known = sessions.get(w.blocking.id);
    if (!known || Object.keys(w.blocking).length > Object.keys(known).length) sessions.set(w.blocking.id, w.blocking);
  }
  let roots = [...byBlocker.keys()].filter((id) => !waiting.has(id));
  if (roots.length === 0 && byBlocker.size > 0) {
    roots = [[...sessions.values()].sort((a, b) => (b.trxAgeS ?? 0) - (a.trxAgeS ?? 0))[0]!.id];
  }
  const chains = roots.map((root): BlockingChain => {
    const seen = new Set<number>([root]);
    const chainWaits: LockWait[] = [];
    let depth = 0;
    let frontier = [root];
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const id of frontier) {
        for (const w of byBlocker.get(id) ?? []) {
          chainWaits.push(w);
          if (!seen.has(w.waiting.id)) {
            seen.add(w.waiting.id);
            next.push(w.waiting.id);
          }
        }
      }
      if (next.length > 0) depth++;
      frontier = next;
    }
    return { root: sessions.get(root)!, waits: chainWaits, blocked: seen.size - 1, depth: Math.max(depth, 1) };
  });
  return chains.sort((a, b) => b.blocked - a.blocked || (b.root.trxAgeS ?? 0) - (a.root.trxAgeS ?? 0));
}

export interface LockReading {
  waits: LockWait[];
  notes: string[];
}

/** Reads row and metadata lock waits; anything unreadable becomes a note. `ownId` is left out. */
export async function readLockWaits(conn: Connection, probe: Probe, ownId: number): Promise<LockReading> {
  const notes: string[] = [];
  const waits: LockWait[] = [];
  const row = rowLockWaitQuery(probe);
  if (!row) notes.push('row-lock waits: neither performance_schema.data_lock_waits nor information_schema.INNODB_LOCK_WAITS is readable here');
  else {
    try {
      const [rows] = await conn.query<RowDataPacket[]>(row.sql);
      waits.push(...toLockWaits(rows as Row[], 'row'));
    } catch (e) {
      notes.push(`row-lock waits (${row.source}): ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  }
  const mdl = metadataLockWaitQuery(probe);
  if (mdl) {
    try {
      const [rows] = await conn.query<RowDataPacket[]>(mdl);
      waits.push(...toLockWaits(rows as Row[], 'metadata'));
    } catch (e) {
      notes.push(`metadata-lock waits: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  }
  // Sessions stuck on a metadata lock whose holder performance_schema does not show (instrument off).
  if (has(probe, 'information_schema', 'PROCESSLIST', 'STATE')) {
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table metadata lock%' AND ID <> ?",
        [ownId],
      );
      const n = Number(rows[0]?.n ?? 0);
      const shown = waits.filter((w) => w.kind === 'metadata').length;
      if (n > 0 && shown === 0)
        notes.push(
          `${n} session(s) wait for a table metadata lock but its holder is not visible: enable the performance_schema instrument wait/lock/metadata/sql/mdl`,
        );
    } catch {
      /* the processlist count is a hint only */
    }
  }
  return { waits: waits.filter((w) => w.waiting.id !== ownId && w.blocking.id !== ownId), notes };
}
