/**
 * vitest global setup: one real MariaDB/MySQL server for the whole run, started from the system's
 * binaries (or DBASSIST_TEST_MYSQL_URL), seeded with the game schema. Tests read its URL with
 * `inject('mysqlUrl')`. With no binary the run fails and says how to install one.
 */
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { seedGameSchema } from '../../scripts/lib/game-schema';
import { INSTALL_HINT, startMysqlServer } from '../../scripts/lib/mysql-server';

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlUrl: string;
    /** Slow log file of the harness server, or '' when DBASSIST_TEST_MYSQL_URL points elsewhere. */
    mysqlSlowLog: string;
    mysqlFlavor: 'mariadb' | 'mysql';
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DBASSIST_TEST_MYSQL_URL;
  if (external) {
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection(external);
    const [rows] = await conn.query<import('mysql2').RowDataPacket[]>('SELECT VERSION() AS v');
    await conn.end();
    // An external server is not ours to reset: seed `game` there only when asked to.
    if (process.env.DBASSIST_TEST_SEED_GAME === '1') await seedGameSchema(external);
    project.provide('mysqlUrl', external);
    project.provide('mysqlSlowLog', '');
    project.provide('mysqlFlavor', /mariadb/i.test(String(rows[0]?.v)) ? 'mariadb' : 'mysql');
    return async () => {};
  }
  let server;
  try {
    server = await startMysqlServer();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.includes(INSTALL_HINT) ? message : `Could not start the test database: ${message}\n${INSTALL_HINT}`);
  }
  // The harness's own throwaway server always gets a fresh `game` database (≈ 3 s).
  try {
    await seedGameSchema(server.url);
  } catch (e) {
    await server.stop();
    throw e;
  }
  project.provide('mysqlUrl', server.url);
  project.provide('mysqlSlowLog', server.slowLog);
  project.provide('mysqlFlavor', server.flavor);
  return () => server.stop();
}
