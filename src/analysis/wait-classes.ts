/**
 * Wait events grouped the way a DBA reads load: CPU, I/O, lock (row and metadata), commit/log, network,
 * other. Names from Performance Insights (Aurora MySQL: `cpu`, `io/table/sql/handler`,
 * `synch/cond/innodb/row_lock_wait`, …) and from performance_schema (`wait/io/…`, `wait/lock/…`) alike.
 */

export type WaitClass = 'cpu' | 'io' | 'lock' | 'commit' | 'network' | 'other';

export const WAIT_CLASSES: readonly WaitClass[] = ['cpu', 'io', 'lock', 'commit', 'network', 'other'];

export const WAIT_CLASS_LABEL: Record<WaitClass, string> = {
  cpu: 'CPU',
  io: 'I/O',
  lock: 'locks',
  commit: 'commit/log',
  network: 'network/connections',
  other: 'other waits',
};

const RULES: [RegExp, WaitClass][] = [
  [/^cpu$/i, 'cpu'],
  [/MDL|metadata/i, 'lock'],
  [/row_lock|lock_thread_slot|lock_wait|wait\/lock\/|^lock\/|innodb_row_lock|lock_sys/i, 'lock'],
  [/redo_log|log_file|binlog|BIN_LOG|log_flush|group_commit|commit|innodb_log/i, 'commit'],
  [/socket|respond_to_client|client_connection|net_|\/net\//i, 'network'],
  [/^(wait\/)?io\/|buf_pool|hash_table_locks|innodb_data_file|table\/sql\/handler|temp_pool/i, 'io'],
];

/** The class of a wait event name; metadata-lock waits count as locks (see isMetadataLockWait). */
export function waitClassOf(name: string): WaitClass {
  for (const [re, cls] of RULES) if (re.test(name)) return cls;
  return 'other';
}

export function isMetadataLockWait(name: string): boolean {
  return /MDL|metadata/i.test(name);
}
