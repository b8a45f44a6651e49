/**
 * The one choke point between pasted SQL and a live server (docs/safety.md). A ReviewSession owns two
 * connections: the review connection, prepared before anything else is sent (sql_mode reset to a
 * known value, utf8mb4, read-only transactions, lock waits of 1 s, no constant subqueries evaluated
 * while planning on MariaDB, a statement time limit as a second line), and a watchdog connection that
 * kills the review thread at each query's deadline and verifies it is gone.
 *
 * Pasted SQL reaches the server only through `explain()`: vetted (vet.ts), views it reaches vetted
 * (views.ts), sent once as `EXPLAIN <vetted text>`, answered through plan-disclosure.ts. The schema checks
 * (schema.ts, schema-predicates.ts and the rules' live extras, schema-extras.ts) get `reader()`, which
 * runs only the bot's own information_schema reads of schema-queries.ts with bound parameters.
 *
 * Two more reads exist for the CLI's `--scratch-db` only (scratch.ts), never for pasted SQL:
 * `tableDefinition()` (SHOW CREATE TABLE of a base table) and `sampleRows()` (the first N rows of a
 * base table), the latter only in a session opened with `sampleRows` — the operator's explicit opt-in.
 */
import { UserFacingError } from '../core/errors';
import type { ExplainOutcome, Queryable } from './explain';
import { normalisePlanRow, planFindings } from './explain';
import { SYSTEM_SCHEMAS, type Flavor } from './functions';
import { explainError, disclosedPlan, WITHHELD } from './plan-disclosure';
import { BASE_TABLE_QUERY, readRefusal } from './schema-queries';
import type { PlanRow } from './types';
import { vetForExplain } from './vet';
import { ViewChecker } from './views';
import { Watchdog, type Guarded } from './watchdog';

/** A connection the session can kill and abandon (a mysql2 promise connection). */
export interface LiveConnection extends Queryable {
  readonly threadId: number | null;
  destroy(): void;
  end(): Promise<void>;
}

export interface SessionLimits {
  /** Hard deadline of each query on the review connection, in ms. */
  statementTimeoutMs: number;
  /** How long the watchdog waits for a killed thread to go. */
  killGraceMs: number;
  /** information_schema row estimate from which a plan is called large. */
  largeTableRows: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { statementTimeoutMs: 2_000, killGraceMs: 2_000, largeTableRows: 1_000_000 };

/** What a session may do beyond EXPLAIN and schema reads; the Slack path opens sessions without any. */
export interface SessionOptions {
  /**
   * Rows per table `sampleRows()` may read (CLI `--scratch-db … --sample-rows N` only; at most
   * SAMPLE_ROWS_MAX). Without it the session reads no table rows at all.
   */
  sampleRows?: number;
}

/** The most rows of one table a --scratch-db copy may read (SOAR's sampling-data-limit). */
export const SAMPLE_ROWS_MAX = 10_000;

/**
 * sql_mode flags that change meaning, not lexing or parsing: the session keeps those of the server's
 * that are on this list and drops every other (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, PIPES_AS_CONCAT,
 * IGNORE_SPACE, HIGH_NOT_PRECEDENCE and the combined modes ORACLE, MSSQL, DB2, POSTGRESQL, MAXDB, ANSI…).
 */
export const SAFE_SQL_MODES = new Set([
  'ONLY_FULL_GROUP_BY',
  'STRICT_TRANS_TABLES',
  'STRICT_ALL_TABLES',
  'NO_ZERO_IN_DATE',
  'NO_ZERO_DATE',
  'ERROR_FOR_DIVISION_BY_ZERO',
  'NO_ENGINE_SUBSTITUTION',
  'NO_AUTO_CREATE_USER',
  'NO_AUTO_VALUE_ON_ZERO',
  'NO_UNSIGNED_SUBTRACTION',
  'ALLOW_INVALID_DATES',
  'PAD_CHAR_TO_FULL_LENGTH',
  'REAL_AS_FLOAT',
  'TIME_TRUNCATE_FRACTIONAL',
  'NO_DIR_IN_CREATE',
]);

export interface SessionInfo {
  flavor: Flavor;
  version: string;
  /** The sql_mode the session runs with. */
  sqlMode: string;
  database?: string;
}

/** Why the session could not be used; its message is written for the user (it goes into the answer's notes). */
export class SessionError extends UserFacingError {
  override name = 'SessionError';
}

const first = async <T>(conn: Queryable, sql: string, values?: unknown[]): Promise<T> => ((await conn.query(sql, values))[0] as T[])[0]!;

/** Why the session stopped sending anything (a killed thread, a lost connection), shown once per review. */
export type Stop = { reason: string; threadStillRunning: boolean };

export class ReviewSession {
  private stop: Stop | undefined;
  private readonly views: ViewChecker;

  private constructor(
    private readonly conn: LiveConnection,
    private readonly control: LiveConnection,
    private readonly watchdog: Watchdog,
    readonly info: SessionInfo,
    private readonly limits: SessionLimits,
    private readonly options: SessionOptions,
  ) {
    this.views = new ViewChecker((sql, values) => this.read(sql, values), info.database, info.flavor);
  }

  /** Opens and prepares the review connection and its watchdog; throws SessionError when either is not safe. */
  static async open(
    connect: () => Promise<LiveConnection>,
    limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    options: SessionOptions = {},
  ): Promise<ReviewSession> {
    const [a, b] = await Promise.allSettled([connect(), connect()]);
    const close = async () => {
      for (const r of [a, b]) if (r.status === 'fulfilled') await r.value.end().catch(() => r.value.destroy());
    };
    const failed = [a, b].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || a.status !== 'fulfilled' || b.status !== 'fulfilled') {
      await close();
      throw failed?.reason;
    }
    const conn = a.value;
    const control = b.value;
    // The set-up is our own statements, but a saturated server must not hang the review either.
    const setupMs = 3 * limits.statementTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SessionError(`the server did not answer the session set-up within ${setupMs} ms`)), setupMs);
    });
    try {
      const info = await Promise.race([prepare(conn, limits), timeout]);
      await Promise.race([control.query('SET SESSION TRANSACTION READ ONLY'), timeout]);
      return new ReviewSession(conn, control, new Watchdog(control, { graceMs: limits.killGraceMs }), info, limits, options);
    } catch (e) {
      conn.destroy();
      control.destroy();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Set once the review connection was killed or lost; nothing more is sent after that. */
  get stopped(): Stop | undefined {
    return this.stop;
  }

  private async guarded<T>(sql: string, values?: unknown[]): Promise<Guarded<T>> {
    const timeoutMs = this.limits.statementTimeoutMs;
    const threadId = this.conn.threadId;
    if (threadId === null) throw new SessionError('the review connection has no server thread id');
    const out = await this.watchdog.run(this.conn.query(sql, values) as Promise<T>, timeoutMs, threadId, () => this.conn.destroy());
    if (!out.ok && 'timedOut' in out) {
      this.stop = out.gone
        ? { reason: `a query ran past its ${timeoutMs} ms budget; its server thread was killed and is gone`, threadStillRunning: false }
        : {
            reason: `a query ran past its ${timeoutMs} ms budget; its server thread was killed but was still running ${out.waitedMs} ms later (thread ${threadId})`,
            threadStillRunning: true,
          };
    } else if (!out.ok && isConnectionLoss(out.error)) {
      this.stop = { reason: 'the connection to the server was lost', threadStillRunning: false };
    }
    return out;
  }

  /** The bot's own information_schema reads (schema-queries.ts), with bound parameters; under the same deadline. */
  private async read(sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    const refused = readRefusal(sql, values);
    if (refused) throw new SessionError(refused);
    return this.rows(sql, values);
  }

  /** Runs one of the session's own statements under the watchdog; rows, or the error to throw. */
  private async rows(sql: string, values: unknown[] | undefined): Promise<Record<string, unknown>[]> {
    if (this.stop) throw new SessionError(`live checks stopped: ${this.stop.reason}`);
    const out = await this.guarded<[Record<string, unknown>[], unknown]>(sql, values);
    if (out.ok) return out.value[0];
    if ('timedOut' in out) throw new SessionError(`live checks stopped: ${this.stopped?.reason ?? 'timeout'}`);
    throw out.error;
  }

  /** `db`.`table` with the server's own spelling, when it is a base table outside the system schemas. */
  private async baseTable(db: string, table: string): Promise<string> {
    if (SYSTEM_SCHEMAS.has(db.toLowerCase())) throw new SessionError(`${db} is a system schema; its tables are not read`);
    const [row] = await this.read(BASE_TABLE_QUERY, [db, table]);
    if (!row) throw new SessionError(`${db}.${table} is not a base table the review user can see`);
    return `${quoteName(String(row.s))}.${quoteName(String(row.n))}`;
  }

  /** SHOW CREATE TABLE of one base table (CLI --scratch-db: its structure is copied to the scratch schema). */
  async tableDefinition(db: string, table: string): Promise<string> {
    const [row] = await this.rows(`SHOW CREATE TABLE ${await this.baseTable(db, table)}`, undefined);
    const ddl = row?.['Create Table'];
    if (typeof ddl !== 'string') throw new SessionError(`cannot read the definition of ${db}.${table}`);
    return ddl;
  }

  /**
   * The first `n` rows of one base table, at most the session's `sampleRows` and SAMPLE_ROWS_MAX
   * (CLI --scratch-db --sample-rows only). A consistent read in the read-only session: no lock is
   * taken, and the watchdog stops it at its deadline like any other query.
   */
  async sampleRows(db: string, table: string, n: number): Promise<Record<string, unknown>[]> {
    const allowed = Math.min(Math.floor(this.options.sampleRows ?? 0), SAMPLE_ROWS_MAX);
    if (allowed <= 0) throw new SessionError('this session reads no table rows (sample rows are a --scratch-db option of the command line)');
    const limit = Math.max(0, Math.min(Math.floor(n), allowed));
    if (limit === 0) return [];
    return this.rows(`SELECT * FROM ${await this.baseTable(db, table)} LIMIT ${limit}`, undefined);
  }

  /** A Queryable for the schema checks: information_schema SELECTs only. */
  reader(): Queryable {
    return { query: async (sql, values) => [await this.read(sql, values ?? []), undefined] };
  }

  /** EXPLAIN of one pasted statement, if it passes vetting; the only path for pasted SQL. */
  async explain(statement: string): Promise<ExplainOutcome> {
    if (this.stop) return { plan: null, error: `not explained: live checks stopped earlier in this review (${this.stop.reason})`, findings: [] };
    if (this.info.database && SYSTEM_SCHEMAS.has(this.info.database.toLowerCase()))
      return { plan: null, error: `not explained: the default database ${this.info.database} is a system schema`, findings: [] };
    const vetted = vetForExplain(statement, { flavor: this.info.flavor });
    if (!vetted.ok) return { plan: null, error: vetted.reason, findings: [] };
    let viewReason: string | undefined;
    try {
      viewReason = await this.views.check(vetted.names);
    } catch (e) {
      return { plan: null, error: `not explained: the views it may read could not be checked (${e instanceof Error ? e.message : String(e)})`, findings: [] };
    }
    if (viewReason) return { plan: null, error: `not explained: ${viewReason}`, findings: [] };
    const out = await this.guarded<[Record<string, unknown>[], unknown]>(`EXPLAIN ${vetted.sql}`);
    if (!out.ok) {
      if ('timedOut' in out)
        return { plan: null, error: `not explained: EXPLAIN ran past its ${this.limits.statementTimeoutMs} ms budget and was stopped`, findings: [] };
      return { plan: null, error: explainError(out.error), findings: [] };
    }
    const plan: PlanRow[] | null = disclosedPlan(out.value[0].map(normalisePlanRow));
    if (!plan) return { plan: null, error: `not explained: ${WITHHELD}`, findings: [] };
    const result: ExplainOutcome = { plan, error: null, findings: planFindings(plan, this.limits.largeTableRows) };
    if (vetted.note) result.planNote = vetted.note;
    return result;
  }

  async close(): Promise<void> {
    for (const c of [this.conn, this.control]) await c.end().catch(() => c.destroy());
  }
}

/** A name as a backtick-quoted identifier (the names passed here come from information_schema). */
function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function isConnectionLoss(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return (
    /PROTOCOL_CONNECTION_LOST|ECONNRESET|EPIPE|ER_CONNECTION_KILLED|CONN_CLOSED|PROTOCOL_ENQUEUE_AFTER_/.test(code) || (e as { errno?: number }).errno === 1927
  );
}

/** Prepares the review connection and checks that every setting took. */
async function prepare(conn: LiveConnection, limits: SessionLimits): Promise<SessionInfo> {
  const server = await first<{ v: string; m: string; db: string | null }>(conn, 'SELECT VERSION() AS v, @@SESSION.sql_mode AS m, DATABASE() AS db');
  const version = String(server.v ?? '');
  const flavor: Flavor = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const sqlMode = String(server.m ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => SAFE_SQL_MODES.has(m))
    .join(',');
  // One SET per statement kind: sql_mode first, so the rest is read under the known mode.
  await conn.query('SET NAMES utf8mb4');
  await conn.query('SET SESSION sql_mode = ?', [sqlMode]);
  await conn.query('SET SESSION TRANSACTION READ ONLY');
  await conn.query('SET SESSION autocommit = 1, lock_wait_timeout = 1, innodb_lock_wait_timeout = 1');
  // The server's own limit is the second line, a second after the watchdog's deadline: the watchdog
  // acts first and verifies; the server limit covers a watchdog connection that died.
  const serverLimitMs = limits.statementTimeoutMs + 1_000;
  if (flavor === 'mariadb') await conn.query('SET SESSION expensive_subquery_limit = 0, max_statement_time = ?', [serverLimitMs / 1000]);
  else await conn.query('SET SESSION max_execution_time = ?', [serverLimitMs]);
  const ro = flavor === 'mariadb' ? '@@SESSION.tx_read_only' : '@@SESSION.transaction_read_only';
  const check = await first<Record<string, unknown>>(
    conn,
    `SELECT @@SESSION.sql_mode AS m, @@SESSION.character_set_client AS cs, ${ro} AS ro, @@SESSION.lock_wait_timeout AS lw, @@SESSION.autocommit AS ac${flavor === 'mariadb' ? ', @@SESSION.expensive_subquery_limit AS esl' : ''}`,
  );
  const modes = String(check.m ?? '')
    .split(',')
    .filter(Boolean);
  const problems: string[] = [];
  if (modes.some((m) => !SAFE_SQL_MODES.has(m.toUpperCase()))) problems.push(`sql_mode is still ${check.m}`);
  if (!/^utf8mb4$/i.test(String(check.cs))) problems.push(`character_set_client is ${check.cs}`);
  if (Number(check.ro) !== 1) problems.push('the session is not read-only');
  if (Number(check.lw) > 1) problems.push(`lock_wait_timeout is ${check.lw}`);
  if (Number(check.ac) !== 1) problems.push('autocommit is off');
  if (flavor === 'mariadb' && Number(check.esl) !== 0) problems.push('constant subqueries would still be evaluated while planning');
  if (problems.length) throw new SessionError(`the review session could not be made safe: ${problems.join('; ')}`);
  const info: SessionInfo = { flavor, version, sqlMode };
  if (server.db) info.database = String(server.db);
  return info;
}
