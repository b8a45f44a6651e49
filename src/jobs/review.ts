/**
 * The review use case, shared by the CLI and the worker: static review of the pasted SQL and, when a
 * database is given, schema and EXPLAIN checks through the guarded session of review/guard.ts (a
 * read-only review connection and a watchdog connection, `multipleStatements` off, closed in
 * `finally`). When the database cannot be reached the answer says why (TLS, refused, timeout…).
 */
import type { ConnectionOptions } from 'mysql2';
import type { LiveConnection } from '../review/guard';
import { reviewScript, type LiveTarget } from '../review/review';
import type { ReviewLimits, ReviewResult } from '../review/types';
import type { ReviewConfig } from '../review/config';
import { withScratch, type ScratchConnection, type ScratchRequest } from '../review/scratch';

export type ReviewDb = { url: string; target?: string } | { connection: Omit<ConnectionOptions, 'multipleStatements'>; target?: string };

export interface ReviewRequest {
  sql: string;
  /** Target database; without it only static checks run. */
  db?: ReviewDb;
  limits?: Partial<ReviewLimits>;
  /**
   * When the database cannot be reached: `throw` (default, the CLI exits 3) or `static` (answer with
   * static checks and a note — what the Slack worker wants).
   */
  onConnectError?: 'throw' | 'static';
  /** Connect timeout in ms (default 5,000). */
  connectTimeoutMs?: number;
  /** Epoch ms after which no further EXPLAIN is started (e.g. the worker's deadline minus a margin). */
  deadline?: number;
  /** Thresholds and rule overrides. */
  config?: ReviewConfig;
  /**
   * A writable throwaway schema where index advice is verified (CLI `--scratch-db`); never the target.
   * The only way table rows of the target are read (`sampleRows`); the Slack worker never sets it.
   */
  scratch?: ScratchRequest;
}

export class ReviewConnectionError extends Error {
  override name = 'ReviewConnectionError';
}

function databaseOf(db: ReviewDb): string | undefined {
  if ('url' in db) {
    const path = new URL(db.url).pathname.replace(/^\//, '');
    return path ? decodeURIComponent(path) : undefined;
  }
  return db.connection.database;
}

/** Describes the target without credentials: user@host:port/db. */
export function describeDb(db: ReviewDb): string {
  if (db.target) return db.target;
  if ('url' in db) {
    const u = new URL(db.url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname.length > 1 ? u.pathname : ''}`;
  }
  return `${db.connection.host ?? 'localhost'}:${db.connection.port ?? 3306}${db.connection.database ? `/${db.connection.database}` : ''}`;
}

/** Why a connection attempt failed, in words a DBA acts on. */
export function connectFailure(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const text = `${code} ${err.message ?? ''}`;
  if (/HANDSHAKE_NO_SSL_SUPPORT/.test(text)) return 'the server does not offer TLS, and the review only connects over TLS';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|altnames/i.test(text))
    return `the TLS handshake failed (${code || err.message}); the review trusts the Amazon RDS certificate authorities only`;
  if (/ER_ACCESS_DENIED|ER_DBACCESS_DENIED/.test(code)) return `the server refused the review user (${code})`;
  if (/ETIMEDOUT|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(code)) return `the server could not be reached (${code})`;
  return code || err.message || String(e);
}

export async function runReview(request: ReviewRequest): Promise<ReviewResult> {
  const limits = request.limits ?? {};
  const config = request.config ? { config: request.config } : {};
  if (!request.db) return reviewScript(request.sql, { limits, ...config });
  const db = request.db;
  const deadline = request.deadline !== undefined ? { deadline: request.deadline } : {};
  const mysql = await import('mysql2/promise');
  const timeout = request.connectTimeoutMs ?? 5_000;
  const base = 'url' in db ? { uri: db.url } : db.connection;
  const open = async (): Promise<LiveConnection> =>
    (await mysql.createConnection({
      ...base,
      multipleStatements: false,
      connectTimeout: timeout,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    })) as unknown as LiveConnection;
  // The first connection is opened here, so an unreachable target is reported (or thrown) before any
  // review work; the session then uses it as one of its two connections.
  let spare: LiveConnection | undefined;
  try {
    spare = await open();
  } catch (e) {
    const why = `cannot connect to ${describeDb(db)}: ${connectFailure(e)}`;
    if (request.onConnectError === 'static') {
      const result = await reviewScript(request.sql, { limits, ...config });
      result.notes = result.notes.map((n) => (n.startsWith('Static checks only') ? `Static checks only: ${why}; schema and EXPLAIN checks were skipped.` : n));
      return result;
    }
    throw new ReviewConnectionError(why);
  }
  const connect = async (): Promise<LiveConnection> => {
    const c = spare;
    spare = undefined;
    return c ?? open();
  };
  const live: LiveTarget = { connect, target: describeDb(db) };
  const database = databaseOf(db);
  if (database) live.database = database;
  try {
    const result = await reviewScript(request.sql, { limits, live, ...deadline, ...config });
    // CLI only (--scratch-db): its own guarded session on the target, opened after the review's is closed.
    if (request.scratch) await withScratch(request.scratch, { target: open, scratch: connectScratch }, database, result);
    return result;
  } finally {
    const unused = spare as LiveConnection | undefined;
    if (unused) await unused.end().catch(() => unused.destroy());
  }
}

/** Opens the scratch schema of `--scratch-db` (writable: index advice is created and dropped there). */
async function connectScratch(url: string): Promise<ScratchConnection & LiveConnection> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    uri: url,
    multipleStatements: false,
    connectTimeout: 5_000,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return conn as unknown as ScratchConnection & LiveConnection;
}
