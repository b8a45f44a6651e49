/**
 * Which diagnostic tables and columns this server has: one information_schema.COLUMNS read for the
 * tables the instance-state readers use. MySQL 8 / Aurora MySQL 3 and MariaDB differ (data_lock_waits vs
 * INNODB_LOCK_WAITS, consumers, sys), so every reader asks here before it builds its query.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

/** `schema.table` (upper case) → its column names (upper case). */
export type Probe = Map<string, Set<string>>;

export const PROBED_TABLES: readonly (readonly [string, string])[] = [
  ['performance_schema', 'data_lock_waits'],
  ['performance_schema', 'data_locks'],
  ['performance_schema', 'metadata_locks'],
  ['performance_schema', 'threads'],
  ['performance_schema', 'events_statements_history'],
  ['performance_schema', 'events_waits_summary_global_by_event_name'],
  ['performance_schema', 'table_io_waits_summary_by_index_usage'],
  ['information_schema', 'INNODB_LOCK_WAITS'],
  ['information_schema', 'INNODB_LOCKS'],
  ['information_schema', 'INNODB_TRX'],
  ['information_schema', 'INNODB_METRICS'],
  ['information_schema', 'PROCESSLIST'],
];

const key = (schema: string, table: string) => `${schema}.${table}`.toUpperCase();

export async function probeTables(conn: Connection): Promise<Probe> {
  const where = PROBED_TABLES.map(() => '(TABLE_SCHEMA = ? AND TABLE_NAME = ?)').join(' OR ');
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE ${where}`,
    PROBED_TABLES.flat(),
  );
  return probeFromRows(rows.map((r) => ({ schema: String(r.s), table: String(r.t), column: String(r.c) })));
}

export function probeFromRows(rows: readonly { schema: string; table: string; column: string }[]): Probe {
  const out: Probe = new Map();
  for (const r of rows) {
    const k = key(r.schema, r.table);
    let cols = out.get(k);
    if (!cols) out.set(k, (cols = new Set()));
    cols.add(r.column.toUpperCase());
  }
  return out;
}

/** True when the table exists with every column named. */
export function has(probe: Probe, schema: string, table: string, ...columns: string[]): boolean {
  const cols = probe.get(key(schema, table));
  return cols !== undefined && columns.every((c) => cols.has(c.toUpperCase()));
}
