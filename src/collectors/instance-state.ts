/**
 * The instance's state right now, read on its own endpoint in one guarded read-only session: lock waits
 * and blocking chains, long and idle-in-transaction sessions, the history list, table I/O, and wait
 * events plus temporary-table/sort counters over a short interval. Tables and columns are probed first;
 * each reader that fails becomes a note, never the whole reading.
 */
import { dateNow, systemClock } from '../core/clock';
import type { RowDataPacket } from 'mysql2/promise';
import type { InstanceState } from '../model/instance-state-model';
import { checkAborted, sleep } from './concurrency';
import { probeTables } from './instance-probe';
import { blockingChains, readLockWaits } from './locks';
import { openReadOnlySession, type SessionOptions } from './mysql-session';
import { snapshotActivity, tempSortOf, readTableIo, waitDeltas, type ActivitySnapshot } from './server-activity';
import { fillLastStatements, readSessions } from './sessions';

export interface InstanceStateOptions extends SessionOptions {
  /** Total time this collector may take, ms. */
  budgetMs: number;
  /** Seconds between the two counter snapshots (default 5), shortened to fit the budget; 0 = cumulative. */
  intervalS?: number;
  signal?: AbortSignal;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => Date;
}

/** Kept for connecting, probing and the reads themselves when sizing the interval. */
const RESERVE_MS = 3_000;

const reason = (e: unknown) => (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));

export async function collectInstanceState(options: InstanceStateOptions): Promise<InstanceState> {
  const startedAt = systemClock.now();
  const session = await openReadOnlySession(options);
  const { conn } = session;
  try {
    const [[own]] = await conn.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    const ownId = Number(own?.id ?? 0);
    const probe = await probeTables(conn);
    const notes: string[] = [];
    const state: InstanceState = {
      at: (options.now?.() ?? dateNow()).toISOString(),
      flavor: session.flavor,
      version: session.version,
      lockWaits: [],
      chains: [],
      longTransactions: [],
      longQueries: [],
      notes,
    };

    let first: ActivitySnapshot | undefined;
    try {
      first = await snapshotActivity(conn, probe);
    } catch (e) {
      notes.push(`wait events and status counters: ${reason(e)}`);
    }
    checkAborted(options.signal);

    const locks = await readLockWaits(conn, probe, ownId);
    notes.push(...locks.notes);
    const sessions = await readSessions(conn, probe, ownId);
    notes.push(...sessions.notes);
    state.lockWaits = locks.waits;
    state.longTransactions = sessions.longTransactions;
    state.longQueries = sessions.longQueries;
    if (sessions.historyListLength !== undefined) state.historyListLength = sessions.historyListLength;
    // Idle blockers and idle open transactions: their last statement, when the server keeps history.
    const idle = [...state.lockWaits.map((w) => w.blocking), ...state.longTransactions];
    const lastNote = await fillLastStatements(conn, probe, idle);
    if (lastNote && idle.some((s) => !s.statement)) notes.push(lastNote);
    state.chains = blockingChains(state.lockWaits);
    checkAborted(options.signal);

    try {
      const io = await readTableIo(conn, probe);
      if (io) {
        state.fullScanTables = io.fullScanTables;
        state.unusedIndexes = io.unusedIndexes;
      } else notes.push('table I/O: performance_schema.table_io_waits_summary_by_index_usage is not readable');
    } catch (e) {
      notes.push(`table I/O: ${reason(e)}`);
    }

    if (first) {
      const elapsed = systemClock.now() - startedAt;
      const intervalMs = Math.min((options.intervalS ?? 5) * 1000, options.budgetMs - elapsed - RESERVE_MS);
      let second: ActivitySnapshot | undefined;
      let intervalS: number | undefined;
      if (intervalMs >= 500) {
        await (options.wait ?? sleep)(intervalMs, options.signal);
        try {
          second = await snapshotActivity(conn, probe);
          intervalS = Math.round((systemClock.now() - startedAt - elapsed) / 100) / 10;
        } catch (e) {
          notes.push(`second counter snapshot: ${reason(e)}`);
        }
      }
      const before = second ? first : undefined;
      const after = second ?? first;
      if (after.waits)
        state.waits = { cumulative: !second, ...(second && intervalS !== undefined ? { intervalS } : {}), events: waitDeltas(before?.waits, after.waits) };
      const tempSort = tempSortOf(before?.status, after.status, intervalS);
      if (tempSort) state.tempSort = tempSort;
    }
    return state;
  } finally {
    await conn.end().catch(() => {});
  }
}
