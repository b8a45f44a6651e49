/**
 * What the instance's own endpoint says right now: who blocks whom (row and metadata locks), long and
 * idle-in-transaction sessions, the InnoDB history list, wait events, table and index I/O, temporary
 * table and sort pressure. Statements are normalised (literals replaced) before they get here.
 */

/** One session as a DBA names it. */
export interface SessionRef {
  /** Connection id (processlist id): what KILL takes. */
  id: number;
  user: string;
  host: string;
  db?: string;
  /** Processlist command, e.g. `Query`, `Sleep`. */
  command?: string;
  /** Seconds in the current command/state. */
  timeS?: number;
  /** Its current statement, normalised; for an idle session the last one it ran when known. */
  statement?: string;
  /** True when `statement` is the last statement of an idle session, not a running one. */
  lastStatement?: boolean;
  /** Age of its open transaction, seconds. */
  trxAgeS?: number;
  trxState?: string;
  rowsLocked?: number;
  rowsModified?: number;
}

export interface LockWait {
  kind: 'row' | 'metadata';
  waiting: SessionRef;
  blocking: SessionRef;
  /** Seconds the waiter has waited. */
  waitS?: number;
  /** `schema.table` (and index for row locks). */
  object?: string;
  lockMode?: string;
}

/** Sessions blocked, directly or not, behind one root blocker (a blocker that waits on nobody). */
export interface BlockingChain {
  root: SessionRef;
  /** Every wait in the chain, root first. */
  waits: LockWait[];
  /** Sessions waiting behind the root, directly or through others. */
  blocked: number;
  /** Longest path from the root, in waits. */
  depth: number;
}

export interface WaitEventDelta {
  name: string;
  /** Wait class as the analysis groups it. */
  cls: 'cpu' | 'io' | 'lock' | 'commit' | 'network' | 'other';
  count: number;
  waitS: number;
}

export interface TableIo {
  schema: string;
  table: string;
  /** Rows read through full scans / total rows read, when known. */
  rowsRead: number;
  fullScans?: number;
  /** Fraction of rows read without an index (0…1), when known. */
  scanShare?: number;
}

export interface InstanceState {
  /** ISO time of the reading. */
  at: string;
  flavor: 'mysql' | 'mariadb';
  version: string;
  lockWaits: LockWait[];
  chains: BlockingChain[];
  /** Open transactions older than a minute, oldest first (idle ones flagged by command `Sleep`). */
  longTransactions: SessionRef[];
  /** Statements running for more than a few seconds, longest first. */
  longQueries: SessionRef[];
  historyListLength?: number;
  /** Wait events over a short interval (or since start when `waitsCumulative`). */
  waits?: { intervalS?: number; cumulative: boolean; events: WaitEventDelta[] };
  /** Tables read the most through full scans. */
  fullScanTables?: TableIo[];
  /** Indexes with no reads since the server started (never the primary key). */
  unusedIndexes?: { schema: string; table: string; index: string }[];
  /** Counters of temporary tables and sorts (global status), over the interval or since start. */
  tempSort?: {
    cumulative: boolean;
    intervalS?: number;
    tmpTables: number;
    tmpDiskTables: number;
    sortMergePasses: number;
    sortScans: number;
    selectFullJoin: number;
  };
  /** What could not be read and why (missing privilege, table, column). */
  notes: string[];
}
