/**
 * The review use case, shared by the CLI and the worker: static review of the pasted SQL and, when a
 * database is given, schema and EXPLAIN checks over one read-only, time-limited connection
 * (`multipleStatements` off, closed in `finally`).
 */
import type { ConnectionOptions } from 'mysql2';
import { reviewScript } from '../review/review';
import type { Queryable } from '../review/explain';
import type { ReviewLimits, ReviewResult } from '../review/types';

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

export async function runReview(request: ReviewRequest): Promise<ReviewResult> {
  const limits = request.limits ?? {};
  if (!request.db) return reviewScript(request.sql, { limits });
  const deadline = request.deadline !== undefined ? { deadline: request.deadline } : {};
  const mysql = await import('mysql2/promise');
  const timeout = request.connectTimeoutMs ?? 5_000;
  const base = 'url' in request.db ? { uri: request.db.url } : request.db.connection;
  let conn: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    conn = await mysql.createConnection({
      ...base,
      multipleStatements: false,
      connectTimeout: timeout,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const why = `cannot connect to ${describeDb(request.db)}: ${err.code ?? err.message ?? String(e)}`;
    if (request.onConnectError === 'static') {
      const result = await reviewScript(request.sql, { limits });
      result.notes = result.notes.map((n) => (n.startsWith('Static checks only') ? `Static checks only: ${why}; schema and EXPLAIN checks were skipped.` : n));
      return result;
    }
    throw new ReviewConnectionError(why);
  }
  try {
    const live: { conn: Queryable; database?: string; target?: string } = { conn: conn as unknown as Queryable, target: describeDb(request.db) };
    const database = databaseOf(request.db);
    if (database) live.database = database;
    return await reviewScript(request.sql, { limits, live, ...deadline });
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
