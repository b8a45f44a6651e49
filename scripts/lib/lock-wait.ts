/**
 * A real row-lock wait on a local server, for tests and the demo: one session holds a row lock in an open
 * transaction and goes idle, another waits on the same row. `release()` rolls the holder back and waits
 * for the waiter to finish.
 */
import mysql from 'mysql2/promise';

export interface HeldLock {
  holderId: number;
  waiterId: number;
  release(): Promise<void>;
}

export interface LockOptions {
  /** `schema.table`; created with (id, member_count) unless `create` is false. */
  table?: string;
  /** The integer column both sessions update. */
  column?: string;
  /** The row's id. */
  id?: number;
  create?: boolean;
}

export async function holdRowLock(url: string, options: LockOptions = {}): Promise<HeldLock> {
  const table = options.table ?? 'locks_test.guilds';
  const column = options.column ?? 'member_count';
  const id = options.id ?? 4411;
  const admin = await mysql.createConnection({ uri: url });
  if (options.create !== false) {
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${table.split('.')[0]}`);
    await admin.query(`CREATE TABLE IF NOT EXISTS ${table} (id INT PRIMARY KEY, ${column} INT NOT NULL) ENGINE=InnoDB`);
    await admin.query(`REPLACE INTO ${table} (id, ${column}) VALUES (${id}, 10)`);
  }
  const holder = await mysql.createConnection({ uri: url });
  const waiter = await mysql.createConnection({ uri: url });
  const idOf = async (c: mysql.Connection) => Number((await c.query<mysql.RowDataPacket[]>('SELECT CONNECTION_ID() AS id'))[0][0]!.id);
  const holderId = await idOf(holder);
  const waiterId = await idOf(waiter);
  await holder.query('START TRANSACTION');
  await holder.query(`UPDATE ${table} SET ${column} = ${column} + 1 WHERE id = ${id}`);
  await waiter.query('SET SESSION innodb_lock_wait_timeout = 60');
  const blocked = waiter.query(`UPDATE ${table} SET ${column} = ${column} + 5 WHERE id = ${id}`).catch((e: unknown) => e);
  // Wait until the server shows the wait (slow on a loaded machine); a lock that never forms is an error,
  // not a silent pass that leaves the caller looking for a chain that is not there.
  // Poll slower than every 100 ms: InnoDB refreshes the INNODB_TRX cache only when it has not been read for
  // 100 ms (trx_i_s_cache's last_read), so faster polling can keep reading a cache from before the wait.
  let waiting = false;
  for (let i = 0; i < 80 && !waiting; i++) {
    const [[row]] = await admin.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'");
    waiting = Number(row!.n) > 0;
    if (!waiting) await new Promise((r) => setTimeout(r, 250));
  }
  if (!waiting) {
    await holder.query('ROLLBACK').catch(() => {});
    await blocked;
    await Promise.all([holder.end(), waiter.end(), admin.end()]);
    throw new Error(`session ${waiterId} never waited on the row lock held by session ${holderId} (20 s)`);
  }
  return {
    holderId,
    waiterId,
    async release() {
      await holder.query('ROLLBACK');
      await blocked;
      await Promise.all([holder.end(), waiter.end(), admin.end()]);
    },
  };
}
