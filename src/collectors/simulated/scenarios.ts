/**
 * The simulator's planted scenarios: for each, how the incident moves the CloudWatch metrics, which
 * Performance Insights wait events and statements gain load, which RDS events happen, and what the
 * instance looks like at the end of the window (locks, long transactions). The statements are the game
 * schema's. Every source is driven by the same incident curve, so metrics, PI, the slow log and events
 * agree. The analysis never sees the scenario's name.
 */
import type { RdsEventRecord } from '../../model/collected-data';

export { DEFAULT_SCENARIO, isScenario, SCENARIOS, type ScenarioName } from './scenario-names';
import type { ScenarioName } from './scenario-names';

/** How a metric moves at full incident intensity: `value × mul + add`, or towards the level `to`. */
export interface MetricEffect {
  mul?: number;
  add?: number;
  to?: number;
  /** `step` (default): up within two points, held, down; `grow`: linear over the incident; `late`: second half only. */
  shape?: 'step' | 'grow' | 'late';
}

/** A statement of the game workload. */
export interface SimStatement {
  key: string;
  /** pt-query-digest style fingerprint (the slow-log class). */
  fingerprint: string;
  /** As logged, with literals. */
  sample: string;
  /** Seconds per call. */
  avgTime: number;
  rowsExamined: number;
  rowsSent: number;
  /** Seconds of lock time per call. */
  lockTime: number;
  /** Average active sessions it carries in quiet hours and at the daily peak. */
  base: [number, number];
  /** Where its time goes, by PI wait event (fractions summing to 1). */
  waits: Record<string, number>;
  fullScan?: boolean;
  db?: string;
}

export const STATEMENTS: readonly SimStatement[] = [
  {
    key: 'characters',
    fingerprint: 'select id, name, level, class_id from characters where user_id = ?',
    sample: 'SELECT id, name, level, class_id FROM characters WHERE user_id = 55120;',
    avgTime: 0.0012,
    rowsExamined: 4,
    rowsSent: 3,
    lockTime: 0.00002,
    base: [0.12, 1.0],
    waits: { cpu: 0.85, 'io/table/sql/handler': 0.1, 'io/aurora_respond_to_client': 0.05 },
  },
  {
    key: 'inventories',
    fingerprint: 'select i.* from inventories i join items it on it.id = i.item_id where i.character_id = ?',
    sample: 'SELECT i.* FROM inventories i JOIN items it ON it.id = i.item_id WHERE i.character_id = 77;',
    avgTime: 0.003,
    rowsExamined: 40,
    rowsSent: 38,
    lockTime: 0.00003,
    base: [0.06, 0.45],
    waits: { cpu: 0.8, 'io/table/sql/handler': 0.2 },
  },
  {
    key: 'item-logs-insert',
    fingerprint: 'insert into item_logs (character_id, item_id, action, created_at) values (?+)',
    sample: "INSERT INTO item_logs (character_id, item_id, action, created_at) VALUES (77, 123456, 'loot', NOW());",
    avgTime: 0.004,
    rowsExamined: 0,
    rowsSent: 0,
    lockTime: 0.00003,
    base: [0.05, 0.35],
    waits: { cpu: 0.5, 'io/aurora_redo_log_flush': 0.4, 'io/table/sql/handler': 0.1 },
  },
  {
    key: 'guilds-update',
    fingerprint: 'update guilds set member_count = member_count + ?, updated_at = now() where id = ?',
    sample: 'UPDATE guilds SET member_count = member_count + 1, updated_at = NOW() WHERE id = 4411;',
    avgTime: 0.008,
    rowsExamined: 1,
    rowsSent: 0,
    lockTime: 0.001,
    base: [0.03, 0.2],
    waits: { cpu: 0.5, 'synch/cond/innodb/row_lock_wait': 0.15, 'io/aurora_redo_log_flush': 0.35 },
  },
  {
    key: 'guild-ranking',
    fingerprint:
      'select g.id, g.name, count(*) from guild_members gm join guilds g on g.id = gm.guild_id where gm.joined_at > ? group by g.id, g.name order by count(*) desc limit ?',
    sample:
      "SELECT g.id, g.name, COUNT(*) FROM guild_members gm JOIN guilds g ON g.id = gm.guild_id WHERE gm.joined_at > '2026-11-01' GROUP BY g.id, g.name ORDER BY COUNT(*) DESC LIMIT 20;",
    avgTime: 1.9,
    rowsExamined: 2_400_000,
    rowsSent: 20,
    lockTime: 0.0001,
    base: [0.02, 0.15],
    waits: { cpu: 0.6, 'io/table/sql/handler': 0.4 },
  },
  {
    key: 'items-scan',
    fingerprint: 'select * from items where owner_id = ? and expires_at < ? order by acquired_at desc limit ?',
    sample: 'SELECT * FROM items WHERE owner_id = 918273 AND expires_at < NOW() ORDER BY acquired_at DESC LIMIT 50;',
    avgTime: 0.84,
    rowsExamined: 182_000,
    rowsSent: 50,
    lockTime: 0.00004,
    base: [0, 0],
    waits: { cpu: 0.95, 'io/table/sql/handler': 0.05 },
  },
  {
    key: 'item-logs-report',
    fingerprint: 'select character_id, item_id, action, created_at from item_logs where created_at >= ? and action = ?',
    sample: "SELECT character_id, item_id, action, created_at FROM item_logs WHERE created_at >= '2026-10-01' AND action = 'trade';",
    avgTime: 24,
    rowsExamined: 38_000_000,
    rowsSent: 1_200,
    lockTime: 0.0002,
    fullScan: true,
    base: [0, 0],
    waits: { 'io/table/sql/handler': 0.62, 'io/file/innodb/innodb_data_file': 0.24, cpu: 0.14 },
  },
  {
    key: 'session-init',
    fingerprint: 'select @@session.transaction_read_only',
    sample: 'SELECT @@session.transaction_read_only;',
    avgTime: 0.0004,
    rowsExamined: 0,
    rowsSent: 1,
    lockTime: 0,
    base: [0.005, 0.02],
    waits: { cpu: 0.6, 'io/socket/sql/client_connection': 0.4 },
  },
];

/** Load (AAS) of wait events that no statement above accounts for. */
export const BACKGROUND_WAITS: Record<string, [number, number]> = {
  cpu: [0.25, 0.9],
  'io/table/sql/handler': [0.04, 0.12],
  'synch/mutex/innodb/trx_sys_mutex': [0.01, 0.04],
  'io/aurora_respond_to_client': [0.02, 0.08],
};

export interface ScenarioContext {
  instance: string;
  reader: string;
  cluster: string;
  /** Incident start and end, epoch ms. */
  start: number;
  end: number;
  windowEnd: number;
}

export interface ScenarioSpec {
  name: ScenarioName;
  /** What is planted, in one line (help text and docs). */
  planted: string;
  placement: 'two-thirds' | 'to-end' | 'none';
  /** Incident length in minutes for a window of `windowMin` minutes. */
  minutes: (windowMin: number) => number;
  metrics: Record<string, MetricEffect>;
  /** Extra average active sessions per wait event at full intensity (work that is not a statement's). */
  waits?: Record<string, number>;
  /** Extra average active sessions per statement at full intensity. */
  sql?: Record<string, number>;
  /** Every statement's load × this at full intensity. */
  sqlScale?: number;
  /** Statements whose wait mix changes during the incident (e.g. an UPDATE that now waits on locks). */
  incidentWaits?: Record<string, Record<string, number>>;
  shape?: 'step' | 'grow';
  events?: (c: ScenarioContext) => RdsEventRecord[];
  errorLog?: (c: ScenarioContext) => { time: string; message: string }[];
}

const iso = (t: number) => new Date(t).toISOString();
/** An incident's length: its usual minutes, but at least a few points of a long window's period. */
const lasting = (minutes: number) => (windowMin: number) => Math.max(minutes, 0.006 * windowMin);

export const SCENARIO_SPECS: Record<ScenarioName, ScenarioSpec> = {
  'cpu-query-regression': {
    name: 'cpu-query-regression',
    planted: 'a new statement (items by owner, 182,000 rows examined per call) starts and saturates CPU for ~20 minutes',
    placement: 'two-thirds',
    minutes: lasting(20),
    metrics: {
      CPUUtilization: { to: 96 },
      SelectLatency: { add: 58 },
      DatabaseConnections: { mul: 1.4 },
      ReadIOPS: { mul: 1.2 },
      Queries: { mul: 1.1 },
      SelectThroughput: { mul: 1.1 },
    },
    sql: { 'items-scan': 9.6 },
    events: (c) => [
      {
        time: iso(c.start + 60_000),
        sourceId: c.instance,
        sourceType: 'db-instance',
        message: 'The DB instance has high CPU utilization',
        categories: ['notification'],
      },
    ],
  },
  'lock-contention': {
    name: 'lock-contention',
    planted: 'a batch session keeps a transaction open on a hot guilds row; UPDATEs queue on its row lock until the end of the window',
    placement: 'to-end',
    minutes: lasting(25),
    metrics: {
      DMLLatency: { add: 140 },
      UpdateLatency: { add: 180 },
      CommitLatency: { mul: 1.2 },
      BlockedTransactions: { add: 9 },
      RowLockTime: { add: 4_200 },
      DatabaseConnections: { mul: 1.3 },
      CPUUtilization: { mul: 0.92 },
      Deadlocks: { add: 0.02 },
    },
    sql: { 'guilds-update': 6.2 },
    incidentWaits: { 'guilds-update': { 'synch/cond/innodb/row_lock_wait': 0.96, cpu: 0.03, 'io/aurora_redo_log_flush': 0.01 } },
  },
  'replica-restart': {
    name: 'replica-restart',
    planted: 'the reader shuts down and restarts; for ~15 minutes its reads go to this writer',
    placement: 'two-thirds',
    minutes: lasting(15),
    metrics: {
      DatabaseConnections: { mul: 2.1 },
      ConnectionAttempts: { mul: 4 },
      Queries: { mul: 1.8 },
      SelectThroughput: { mul: 2 },
      CPUUtilization: { add: 24 },
      SelectLatency: { mul: 1.5 },
      NetworkTransmitThroughput: { mul: 1.8 },
      'cluster.AuroraReplicaLagMaximum': { mul: 0.2 },
    },
    sql: { characters: 2.2, inventories: 0.9 },
    waits: { 'io/socket/sql/client_connection': 0.2 },
    events: (c) => [
      { time: iso(c.start - 2 * 60_000), sourceId: c.reader, sourceType: 'db-instance', message: 'DB instance shutdown', categories: ['availability'] },
      { time: iso(c.end - 60_000), sourceId: c.reader, sourceType: 'db-instance', message: 'DB instance restarted', categories: ['availability'] },
    ],
  },
  'connection-storm': {
    name: 'connection-storm',
    planted: 'application pools open connections far past their usual count for ~15 minutes (no restart, no new query)',
    placement: 'two-thirds',
    minutes: lasting(15),
    metrics: {
      DatabaseConnections: { mul: 3.6 },
      ConnectionAttempts: { mul: 30 },
      AbortedClients: { add: 40 },
      CPUUtilization: { add: 20 },
      FreeableMemory: { add: -1.5 * 1024 ** 3 },
      NetworkReceiveThroughput: { mul: 1.3 },
    },
    sqlScale: 1.25,
    sql: { 'session-init': 0.5 },
    waits: { 'io/socket/sql/client_connection': 2.2, 'synch/mutex/innodb/trx_sys_mutex': 0.6, cpu: 1.2 },
    errorLog: (c) => [
      {
        time: iso(c.start + 120_000),
        message:
          '[Note] [MY-010914] [Server] Aborted connection 918273 to db: game user: game_app host: 10.0.13.7 (Got an error reading communication packets).',
      },
    ],
  },
  'io-full-scan': {
    name: 'io-full-scan',
    planted: 'a report query scans item_logs (38 M rows per call) from storage for ~25 minutes, evicting the working set',
    placement: 'two-thirds',
    minutes: lasting(25),
    metrics: {
      ReadIOPS: { mul: 5.5 },
      ReadThroughput: { mul: 6.5 },
      'cluster.VolumeReadIOPs': { mul: 5.5 },
      BufferCacheHitRatio: { add: -8.5 },
      ReadLatency: { mul: 3.2 },
      SelectLatency: { mul: 6 },
      CPUUtilization: { add: 12 },
    },
    sql: { 'item-logs-report': 5.9 },
    waits: { 'synch/sxlock/innodb/hash_table_locks': 0.4 },
  },
  'memory-pressure': {
    name: 'memory-pressure',
    planted: 'memory drains over ~30 minutes (per-session sort and join buffers) until the instance swaps',
    placement: 'two-thirds',
    minutes: lasting(30),
    shape: 'grow',
    metrics: {
      FreeableMemory: { to: 1.4 * 1024 ** 3 },
      SwapUsage: { to: 880 * 1024 ** 2, shape: 'late' },
      ReadLatency: { mul: 2, shape: 'late' },
      CPUUtilization: { add: 8 },
    },
    waits: { 'io/table/sql/handler': 0.8, 'synch/mutex/innodb/temp_pool_manager_mutex': 0.4, cpu: 0.5 },
  },
  'long-transaction': {
    name: 'long-transaction',
    planted: 'a reporting session opens a transaction and leaves it idle; the history list grows until the end of the window',
    placement: 'to-end',
    minutes: (w) => Math.max(45, Math.min(0.4 * w, 6 * 60)),
    shape: 'grow',
    metrics: {
      RollbackSegmentHistoryListLength: { to: 3_400_000 },
      SelectLatency: { mul: 2.6 },
      ReadIOPS: { mul: 1.4 },
      CPUUtilization: { add: 6 },
    },
    waits: { 'io/table/sql/handler': 0.5, cpu: 0.3 },
  },
  healthy: {
    name: 'healthy',
    planted: 'nothing: an ordinary window with its daily curve and backups',
    placement: 'none',
    minutes: () => 0,
    metrics: {},
  },
};
