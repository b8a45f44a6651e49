/** One slow-log entry, as read by the parser (MySQL 5.7/8, Aurora MySQL 2/3, MariaDB). */
export interface SlowEvent {
  /** Milliseconds since the epoch: `SET timestamp=…`, else `# Time:`, else the CloudWatch event time; NaN if none. */
  ts: number;
  user: string;
  host: string;
  /** `use db;`, else MariaDB's `Schema:`; '' when unknown. */
  db: string;
  /** Seconds. */
  queryTime: number;
  lockTime: number;
  rowsSent: number;
  rowsExamined: number;
  /** The statement as logged, without the trailing `;`. Administrator commands read `administrator command: Quit`. */
  query: string;
  admin: boolean;
  /** Optional counters when the log has them (MariaDB, MySQL 8 log_slow_extra, Percona). */
  rowsAffected?: number;
  bytesSent?: number;
  tmpTables?: number;
  tmpDiskTables?: number;
  fullScan?: boolean;
  filesort?: boolean;
}
