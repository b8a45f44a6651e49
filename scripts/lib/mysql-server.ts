/**
 * Starts a throwaway MariaDB or MySQL server from the system's binaries, in a temp dir, on a free
 * loopback port, with performance_schema and the slow log on. Used by the test harness, the demo and
 * the benchmarks. Stops the server by its PID.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MysqlServer {
  /** mysql://root@127.0.0.1:PORT/ */
  url: string;
  port: number;
  flavor: 'mariadb' | 'mysql';
  /** Slow query log file of this server. */
  slowLog: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'No MySQL or MariaDB server binary found. Install one (Debian/Ubuntu: `apt-get install -y mariadb-server`), or point the tests at an existing server with DBASSIST_TEST_MYSQL_URL=mysql://user:pass@host:port/.';

const SEARCH_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/usr/local/mysql/bin'];

function which(names: string[]): string | undefined {
  for (const n of names) {
    for (const d of [...(process.env.PATH ?? '').split(':'), ...SEARCH_DIRS]) {
      if (d && existsSync(join(d, n))) return join(d, n);
    }
  }
  return undefined;
}

export function findServerBinaries(): { flavor: 'mariadb' | 'mysql'; server: string; install?: string } | undefined {
  const mariadbd = which(['mariadbd']);
  const installDb = which(['mariadb-install-db', 'mysql_install_db']);
  if (mariadbd && installDb) return { flavor: 'mariadb', server: mariadbd, install: installDb };
  const mysqld = which(['mysqld']);
  if (mysqld) {
    const version = execFileSync(mysqld, ['--version'], { encoding: 'utf8' });
    if (/mariadb/i.test(version)) return installDb ? { flavor: 'mariadb', server: mysqld, install: installDb } : undefined;
    return { flavor: 'mysql', server: mysqld };
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, errorLog: string, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database server exited with code ${child.exitCode}:\n${tail(errorLog)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`database server did not listen on ${port} within ${timeoutMs} ms:\n${tail(errorLog)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no error log)';
  }
}

export async function startMysqlServer(options: { timeoutMs?: number } = {}): Promise<MysqlServer> {
  const bin = findServerBinaries();
  if (!bin) throw new Error(INSTALL_HINT);
  // Short path: the socket path must stay under ~107 characters.
  const dir = mkdtempSync(join(tmpdir(), 'dbat-'));
  const dataDir = join(dir, 'd');
  const errorLog = join(dir, 'error.log');
  const slowLog = join(dir, 'slow.log');
  const port = await freePort();
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];

  if (bin.flavor === 'mariadb') {
    execFileSync(bin.install!, ['--no-defaults', `--datadir=${dataDir}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], {
      stdio: 'pipe',
    });
  } else {
    execFileSync(bin.server, ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, ...user], { stdio: 'pipe' });
  }
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${join(dir, 's.sock')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    ...user,
    `--pid-file=${join(dir, 'server.pid')}`,
    `--log-error=${errorLog}`,
    '--skip-log-bin',
    '--performance-schema=ON',
    '--performance-schema-consumer-events-statements-history=ON',
    '--slow-query-log=ON',
    `--slow-query-log-file=${slowLog}`,
    '--long-query-time=0',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--innodb-buffer-pool-size=128M',
    '--innodb-log-file-size=48M',
    '--innodb-flush-log-at-trx-commit=2',
    '--max-connections=200',
    ...(bin.flavor === 'mysql' ? ['--mysqlx=OFF'] : []),
  ];
  const child = spawn(bin.server, args, { stdio: 'ignore', detached: false });
  try {
    await waitForPort(port, child, errorLog, options.timeoutMs ?? 30_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `mysql://root@127.0.0.1:${port}/`, port, flavor: bin.flavor, slowLog, dataDir, stop };
}
