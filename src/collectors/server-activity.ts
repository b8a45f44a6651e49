/**
 * Server-wide counters read twice over a short interval: wait events
 * (events_waits_summary_global_by_event_name) and temporary-table / sort status; plus cumulative table
 * I/O since start (tables read by full scans, indexes never used) from
 * table_io_waits_summary_by_index_usage. The deltas and rankings are pure.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { waitClassOf } from '../analysis/wait-classes';
import type { InstanceState, TableIo, WaitEventDelta } from '../model/instance-state-model';
import { has, type Probe } from './instance-probe';

const PS_PER_S = 1e12;
const SYSTEM_SCHEMAS = ['mysql', 'performance_schema', 'information_schema', 'sys'];
export const STATUS_NAMES = ['Created_tmp_tables', 'Created_tmp_disk_tables', 'Sort_merge_passes', 'Sort_scan', 'Select_full_join'] as const;

export interface ActivitySnapshot {
  waits?: Map<string, { count: number; timer: number }>;
  status?: Map<string, number>;
}

export async function snapshotActivity(conn: Connection, probe: Probe): Promise<ActivitySnapshot> {
  const out: ActivitySnapshot = {};
  if (has(probe, 'performance_schema', 'events_waits_summary_global_by_event_name', 'EVENT_NAME', 'COUNT_STAR', 'SUM_TIMER_WAIT')) {
    const [rows] = await conn.query<RowDataPacket[]>(
      "SELECT EVENT_NAME AS name, COUNT_STAR AS n, SUM_TIMER_WAIT AS t FROM performance_schema.events_waits_summary_global_by_event_name WHERE COUNT_STAR > 0 AND EVENT_NAME NOT LIKE 'idle%'",
    );
    out.waits = new Map(rows.map((r) => [String(r.name), { count: Number(r.n), timer: Number(r.t) }]));
  }
  const [status] = await conn.query<RowDataPacket[]>(`SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_NAMES.map(() => '?').join(', ')})`, [
    ...STATUS_NAMES,
  ]);
  out.status = new Map(status.map((r) => [String(r.Variable_name), Number(r.Value)]));
  return out;
}

/** Wait events over the interval (or cumulative when there is no second snapshot), longest first. */
export function waitDeltas(before: ActivitySnapshot['waits'], after: ActivitySnapshot['waits'], top = 12): WaitEventDelta[] {
  if (!after) return [];
  const out: WaitEventDelta[] = [];
  for (const [name, a] of after) {
    const b = before?.get(name);
    const reset = b !== undefined && a.count < b.count;
    const count = b && !reset ? a.count - b.count : a.count;
    const timer = b && !reset ? a.timer - b.timer : a.timer;
    if (count <= 0) continue;
    out.push({ name, cls: waitClassOf(name), count, waitS: timer / PS_PER_S });
  }
  return out.sort((x, y) => y.waitS - x.waitS || y.count - x.count).slice(0, top);
}

export function tempSortOf(before: ActivitySnapshot['status'], after: ActivitySnapshot['status'], intervalS?: number): InstanceState['tempSort'] {
  if (!after) return undefined;
  const d = (name: string) => {
    const a = after.get(name) ?? 0;
    const b = before?.get(name);
    return b !== undefined && a >= b ? a - b : a;
  };
  return {
    cumulative: before === undefined,
    ...(before !== undefined && intervalS !== undefined ? { intervalS } : {}),
    tmpTables: d('Created_tmp_tables'),
    tmpDiskTables: d('Created_tmp_disk_tables'),
    sortMergePasses: d('Sort_merge_passes'),
    sortScans: d('Sort_scan'),
    selectFullJoin: d('Select_full_join'),
  };
}

/** Tables read the most without an index, and secondary indexes with no reads, since the server started. */
export async function readTableIo(
  conn: Connection,
  probe: Probe,
): Promise<{ fullScanTables: TableIo[]; unusedIndexes: { schema: string; table: string; index: string }[] } | undefined> {
  if (!has(probe, 'performance_schema', 'table_io_waits_summary_by_index_usage', 'OBJECT_SCHEMA', 'OBJECT_NAME', 'INDEX_NAME', 'COUNT_READ', 'COUNT_STAR'))
    return undefined;
  const skip = SYSTEM_SCHEMAS.map(() => '?').join(', ');
  const [scans] = await conn.query<RowDataPacket[]>(
    `SELECT OBJECT_SCHEMA AS s, OBJECT_NAME AS t, SUM(IF(INDEX_NAME IS NULL, COUNT_READ, 0)) AS scanned, SUM(COUNT_READ) AS total
     FROM performance_schema.table_io_waits_summary_by_index_usage WHERE OBJECT_SCHEMA NOT IN (${skip})
     GROUP BY OBJECT_SCHEMA, OBJECT_NAME HAVING scanned > 0 ORDER BY scanned DESC LIMIT 10`,
    SYSTEM_SCHEMAS,
  );
  const [unused] = await conn.query<RowDataPacket[]>(
    `SELECT OBJECT_SCHEMA AS s, OBJECT_NAME AS t, INDEX_NAME AS i FROM performance_schema.table_io_waits_summary_by_index_usage
     WHERE INDEX_NAME IS NOT NULL AND INDEX_NAME <> 'PRIMARY' AND COUNT_STAR = 0 AND OBJECT_SCHEMA NOT IN (${skip})
     ORDER BY OBJECT_SCHEMA, OBJECT_NAME, INDEX_NAME LIMIT 50`,
    SYSTEM_SCHEMAS,
  );
  return {
    fullScanTables: scans.map((r) => {
      const total = Number(r.total);
      return { schema: String(r.s), table: String(r.t), rowsRead: total, fullScans: Number(r.scanned), scanShare: total > 0 ? Number(r.scanned) / total : 0 };
    }),
    unusedIndexes: unused.map((r) => ({ schema: String(r.s), table: String(r.t), index: String(r.i) })),
  };
}
