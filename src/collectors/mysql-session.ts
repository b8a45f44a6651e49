/**
 * A guarded session on one instance's own endpoint: read-only transaction mode, a per-statement time
 * limit (MySQL `max_execution_time` in ms, MariaDB `max_statement_time` in s — probed), one statement
 * per query, a connect timeout, TLS with the RDS CA bundle when the host is not loopback.
 */
import mysql from 'mysql2/promise';
import type { DbCredentials } from './secrets';

export interface SessionInfo {
  conn: mysql.Connection;
  version: string;
  flavor: 'mysql' | 'mariadb';
  /** Which variable limits a statement's time here, or none when neither exists. */
  timeLimit: 'max_execution_time' | 'max_statement_time' | 'none';
}

export interface SessionOptions {
  endpoint: { host: string; port: number };
  credentials: DbCredentials;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

export async function openReadOnlySession(options: SessionOptions): Promise<SessionInfo> {
  const { host, port } = options.endpoint;
  const conn = await mysql.createConnection({
    host,
    port,
    user: options.credentials.username,
    password: options.credentials.password,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    ...(isLoopback(host) ? {} : { ssl: 'Amazon RDS' }),
  });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    const version = String(rows[0]?.version ?? '');
    const [vars] = await conn.query<mysql.RowDataPacket[]>("SHOW SESSION VARIABLES WHERE Variable_name IN ('max_execution_time', 'max_statement_time')");
    const names = new Set(vars.map((v) => String(v.Variable_name)));
    const ms = options.statementTimeoutMs ?? 5_000;
    let timeLimit: SessionInfo['timeLimit'] = 'none';
    if (names.has('max_execution_time')) {
      await conn.query(`SET SESSION max_execution_time = ${Math.max(1, Math.round(ms))}`);
      timeLimit = 'max_execution_time';
    } else if (names.has('max_statement_time')) {
      await conn.query(`SET SESSION max_statement_time = ${Math.max(0.001, ms / 1000)}`);
      timeLimit = 'max_statement_time';
    }
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    return { conn, version, flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql', timeLimit };
  } catch (e) {
    await conn.end().catch(() => {});
    throw e;
  }
}
