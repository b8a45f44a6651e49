/**
 * What Performance Insights says about database load for one instance and window: db.load.avg (average
 * active sessions) in total and split by wait event, SQL digest, user and host, on one time grid, plus the
 * top SQL of the window and of its busiest stretches. The collectors fill it; the analysis reads it.
 */

/** One dimension key's load over time (average active sessions per point, aligned with PiLoad.timestamps). */
export interface PiKeySeries {
  /** The dimension's id: wait event name, `db.sql_tokenized.id`, user or host name. */
  id: string;
  /** What a person reads: the wait event, the tokenized statement (≤ 500 bytes from PI), the user or host. */
  label: string;
  /** Wait events only: PI's wait type (e.g. `CPU`, `io`, `synch`). */
  waitType?: string;
  values: number[];
}

/** A tokenized statement ranked by load (DescribeDimensionKeys). */
export interface PiTopSql {
  /** `db.sql_tokenized.id`. */
  id: string;
  /** Tokenized statement text (literals already replaced by PI). */
  statement: string;
  /** The engine's own digest id, when PI has it. */
  dbId?: string;
  /** Average active sessions over the range asked for. */
  load: number;
  /** Load of this statement by wait event (PartitionBy db.wait_event), when asked for. */
  byWait?: Record<string, number>;
  /** True when the statement text is the full text (GetDimensionKeyDetails), not PI's 500-byte cut. */
  full?: boolean;
}

export interface PiLoad {
  /** Seconds between points (one of PI's periods: 60, 300, 3600). */
  periodS: number;
  /** Epoch ms, ascending. */
  timestamps: number[];
  /** db.load.avg in total. */
  total: number[];
  byWait: PiKeySeries[];
  bySql: PiKeySeries[];
  byUser: PiKeySeries[];
  byHost: PiKeySeries[];
  /** Top SQL by load over the whole window. */
  topSql: PiTopSql[];
  /** Top SQL of each of the window's busiest stretches (where the total load peaked). */
  peaks: { start: string; end: string; topSql: PiTopSql[] }[];
}
