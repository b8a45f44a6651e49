/** Writes, locking and safety: statements that change or expose data, or hold locks. */
import { isOp, isWord, findAt } from '../statement';
import { calls, firstWord, hasWord, hit, when, type Rule, type RuleContext } from './rule';

function isWrite(ctx: RuleContext): boolean {
  return ctx.type === 'update' || ctx.type === 'delete';
}

/** INSERT/REPLACE … SELECT (not VALUES). */
function insertSelect(ctx: RuleContext): boolean {
  if (ctx.type !== 'insert' && ctx.type !== 'replace') return false;
  return ctx.tokens.some((t) => t.depth <= 1 && isWord(t, 'SELECT', 'TABLE')) && !ctx.tokens.some((t) => t.depth === 0 && isWord(t, 'VALUES', 'VALUE'));
}

export const writeRules: Rule[] = [
  {
    id: 'update-without-where',
    examples: { bad: ['UPDATE users SET a = 1'], good: ['UPDATE users SET a = 1 WHERE id = 1'] },
    soar: ['CLA.015'],
    area: 'writes',
    severity: 'critical',
    message: 'UPDATE without WHERE changes every row',
    why: 'Every row is rewritten and locked, and the binlog carries all of it. Add the WHERE you meant; for a deliberate full update, batch it by primary key ranges.',
    check: (ctx) => when(ctx.type === 'update' && !ctx.write().where),
  },
  {
    id: 'delete-without-where',
    examples: { bad: ['DELETE FROM users'], good: ['DELETE FROM users WHERE id = 1'] },
    soar: ['CLA.014'],
    area: 'writes',
    severity: 'critical',
    message: 'DELETE without WHERE removes every row',
    why: 'It deletes row by row, locks the table’s rows and floods the binlog. Add the WHERE you meant; to empty a table on purpose, use TRUNCATE in a maintenance window.',
    check: (ctx) => when(ctx.type === 'delete' && !ctx.write().where),
  },
  {
    id: 'write-limit-without-order-by',
    examples: { bad: ['DELETE FROM logs WHERE ts < NOW() LIMIT 1000'], good: ['DELETE FROM logs WHERE ts < NOW() ORDER BY id LIMIT 1000'] },
    soar: ['RES.003'],
    area: 'writes',
    severity: 'medium',
    message: 'UPDATE/DELETE with LIMIT but no ORDER BY',
    why: 'Which rows are changed depends on the plan, so replicas using statement-based binlog can diverge. Add ORDER BY on the primary key.',
    check: (ctx) => when(isWrite(ctx) && !!ctx.write().limit && !ctx.write().orderBy),
  },
  {
    id: 'multi-table-write',
    examples: {
      bad: ['UPDATE a JOIN b ON a.i = b.i SET a.x = b.x WHERE b.y = 1', 'DELETE a FROM a JOIN b ON a.i = b.i WHERE b.y = 1'],
      good: ['UPDATE a SET x = 1 WHERE i = 1', 'DELETE FROM a WHERE i = 1'],
    },
    soar: ['JOI.007'],
    area: 'writes',
    severity: 'medium',
    message: 'UPDATE/DELETE across several tables',
    why: 'Multi-table writes lock rows in every joined table, cannot use ORDER BY/LIMIT, and are easy to get wrong. Check the join, or select the ids first and write by primary key.',
    check: (ctx) => {
      if (!isWrite(ctx)) return [];
      const w = ctx.write();
      const r = w.tables;
      if (!r) return [];
      const t = ctx.tokens.slice(r[0], r[1]);
      return when(t.some((x) => x.depth === 0 && (isWord(x, 'JOIN') || isOp(x, ','))) || (ctx.type === 'delete' && !!w.targets && w.targets[1] > w.targets[0]));
    },
  },
  {
    id: 'insert-select-locking',
    examples: { bad: ['INSERT INTO a (x) SELECT x FROM b WHERE y = 1'], good: ['INSERT INTO a (x) VALUES (1)'] },
    soar: ['LCK.001'],
    area: 'writes',
    severity: 'medium',
    message: 'INSERT … SELECT locks the rows it reads',
    why: 'Under REPEATABLE READ with statement-based logging, InnoDB takes shared next-key locks on the source rows for the whole statement. Run it in batches by key range, or from a snapshot (SELECT into the app, then insert).',
    check: (ctx) => when(insertSelect(ctx) || (ctx.type === 'create_table' && ctx.tokens.some((t) => t.depth === 0 && isWord(t, 'SELECT')))),
  },
  {
    id: 'insert-without-column-list',
    examples: {
      bad: ["INSERT INTO users VALUES (1, 'x')"],
      good: ["INSERT INTO users (id, name) VALUES (1, 'x')", "INSERT INTO users SET id = 1, name = 'x'"],
    },
    soar: ['COL.002'],
    area: 'writes',
    severity: 'medium',
    message: 'INSERT without a column list',
    why: 'Values map to columns by position, so adding or reordering a column breaks (or silently corrupts) the insert. Name the columns.',
    check: (ctx) => {
      if (ctx.type !== 'insert' && ctx.type !== 'replace') return [];
      const into = ctx.tokens.findIndex((t) => isWord(t, 'INTO'));
      let i = into >= 0 ? into + 1 : 1;
      while (isWord(ctx.tokens[i], 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO')) i++;
      i++;
      if (isOp(ctx.tokens[i], '.')) i += 2;
      if (isWord(ctx.tokens[i], 'PARTITION')) return [];
      return when(!isOp(ctx.tokens[i], '(') && !isWord(ctx.tokens[i], 'SET'));
    },
  },
  {
    id: 'insert-many-rows',
    soar: ['ARG.012'],
    area: 'writes',
    severity: 'low',
    message: 'One INSERT/REPLACE with too many rows (max-value-count)',
    examples: {
      bad: [`INSERT INTO t (id, n) VALUES ${Array.from({ length: 1200 }, (_, i) => `(${i}, 'x')`).join(',')}`],
      good: ["INSERT INTO t (id, n) VALUES (1, 'x'), (2, 'y')"],
    },
    why: 'A huge multi-row insert is one long transaction: undo, locks and replica lag grow with it. Batch in chunks of a few hundred to a thousand rows.',
    check: (ctx) => {
      if (ctx.type !== 'insert' && ctx.type !== 'replace') return [];
      const v = findAt(ctx.tokens, 0, ctx.tokens.length, 0, (t) => isWord(t, 'VALUES', 'VALUE'));
      if (v < 0) return [];
      let rows = 0;
      for (let i = v + 1; i < ctx.tokens.length; i++) if (ctx.tokens[i]!.depth === 0 && isOp(ctx.tokens[i], '(')) rows++;
      return when(rows > ctx.limits['max-value-count'], `${rows} rows`);
    },
  },
  {
    id: 'replace-into',
    examples: { bad: ["REPLACE INTO t (id, n) VALUES (1, 'x')"], good: ["INSERT INTO t (id, n) VALUES (1, 'x') ON DUPLICATE KEY UPDATE n = 'x'"] },
    area: 'writes',
    severity: 'medium',
    message: 'REPLACE deletes and re-inserts conflicting rows',
    why: 'A duplicate key becomes DELETE + INSERT: a new auto-increment id, ON DELETE CASCADE fires, delete triggers run. Use INSERT … ON DUPLICATE KEY UPDATE.',
    check: (ctx) => when(ctx.type === 'replace'),
  },
  {
    id: 'insert-ignore',
    examples: { bad: ["INSERT IGNORE INTO t (id, n) VALUES (1, 'x')"], good: ["INSERT INTO t (id, n) VALUES (1, 'x')"] },
    area: 'writes',
    severity: 'low',
    message: 'INSERT IGNORE hides errors',
    why: 'IGNORE turns duplicate keys, truncation and invalid values into warnings, so bad data goes in silently. Handle duplicates with ON DUPLICATE KEY UPDATE.',
    check: (ctx) => when((ctx.type === 'insert' || ctx.type === 'update') && ctx.tokens.slice(1, 3).some((t) => isWord(t, 'IGNORE'))),
  },
  {
    id: 'on-duplicate-values-function',
    examples: {
      bad: ["INSERT INTO t (id, n) VALUES (1, 'x') ON DUPLICATE KEY UPDATE n = VALUES(n)"],
      good: ["INSERT INTO t (id, n) VALUES (1, 'x') AS new ON DUPLICATE KEY UPDATE n = new.n"],
    },
    area: 'writes',
    severity: 'low',
    message: 'VALUES() in ON DUPLICATE KEY UPDATE is deprecated',
    why: 'MySQL 8.0.20 deprecates VALUES(col) there. Use a row alias: INSERT … VALUES (…) AS new ON DUPLICATE KEY UPDATE c = new.c (MySQL 8.0.19+; keep VALUES() on MariaDB).',
    check: (ctx) => {
      const dup = ctx.tokens.findIndex((t, k) => isWord(t, 'DUPLICATE') && isWord(ctx.tokens[k - 1], 'ON'));
      return when(dup >= 0 && ctx.tokens.slice(dup).some((t, k, a) => isWord(t, 'VALUES') && isOp(a[k + 1], '(')));
    },
  },
  {
    id: 'load-data',
    examples: { bad: ["LOAD DATA LOCAL INFILE '/tmp/x.csv' INTO TABLE t"], good: ['SELECT id FROM t WHERE id = 1'] },
    soar: ['RES.008'],
    area: 'writes',
    severity: 'high',
    message: 'LOAD DATA reads a file into a table',
    why: 'LOAD DATA [LOCAL] INFILE reads files from the server or client and is one big transaction. Run it from a controlled job, in chunks, never from a chat paste.',
    check: (ctx) => when(firstWord(ctx) === 'LOAD' && hasWord(ctx, 'DATA')),
  },
  {
    id: 'into-outfile',
    examples: { bad: ["SELECT id FROM t WHERE id = 1 INTO OUTFILE '/tmp/x'"], good: ['SELECT id FROM t WHERE id = 1'] },
    soar: ['RES.008'],
    area: 'writes',
    severity: 'high',
    message: 'SELECT … INTO OUTFILE/DUMPFILE writes a file on the server',
    why: 'It needs the FILE privilege and writes wherever secure_file_priv allows. Export through the client instead. The bot never runs it.',
    check: (ctx) => when(ctx.tokens.some((t, k) => isWord(t, 'INTO') && isWord(ctx.tokens[k + 1], 'OUTFILE', 'DUMPFILE'))),
  },
  {
    id: 'sleep-or-benchmark',
    examples: { bad: ['SELECT SLEEP(5)', "SELECT BENCHMARK(1000000, MD5('x'))"], good: ['SELECT 1', 'select * from `sleep`'] },
    soar: ['SEC.004'],
    area: 'writes',
    severity: 'critical',
    message: 'SLEEP(), BENCHMARK() or GET_LOCK() in a statement',
    why: 'These hold a connection (and any locks) on purpose; they are typical of injection probes. Remove them.',
    check: (ctx) => when(['SLEEP', 'BENCHMARK', 'GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'IS_USED_LOCK'].some((f) => calls(ctx, f).length > 0)),
  },
  {
    id: 'stored-program',
    examples: {
      bad: ['CREATE PROCEDURE p() SELECT 1', 'CALL p()', 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1'],
      good: ['CREATE TABLE p (id INT PRIMARY KEY)'],
    },
    soar: ['FUN.007', 'FUN.008', 'FUN.009'],
    area: 'writes',
    severity: 'medium',
    message: 'Stored program (procedure, function, trigger, event) or CALL',
    why: 'Their bodies are not reviewed here and they run with their definer’s rights. Review the body separately and deploy through migrations.',
    check: (ctx) => {
      const w = firstWord(ctx);
      if (w === 'CALL') return [hit('CALL')];
      if (w !== 'CREATE' && w !== 'ALTER' && w !== 'DROP') return [];
      const kind = ctx.tokens.slice(1, 8).find((t) => isWord(t, 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT'));
      return when(!!kind, kind ? `${w} ${kind.upper}` : undefined);
    },
  },
  {
    id: 'set-variable',
    examples: { bad: ['SET GLOBAL max_connections = 10', 'SET SESSION sql_log_bin = 0'], good: ['SELECT @@max_connections'] },
    area: 'writes',
    severity: 'medium',
    message: 'SET changes a server or session variable',
    why: 'SET GLOBAL/PERSIST changes the server for everyone; SET SESSION (sql_log_bin, foreign_key_checks, sql_mode…) changes how this script behaves. Make such changes through configuration, deliberately.',
    check: (ctx) => {
      if (firstWord(ctx) !== 'SET') return [];
      const global = ctx.tokens.some((t) => isWord(t, 'GLOBAL', 'PERSIST', 'PERSIST_ONLY') || (t.type === 'variable' && /^@@(global|persist)/i.test(t.text)));
      return [hit(undefined, global ? 'high' : undefined)];
    },
  },
  {
    id: 'dynamic-sql',
    examples: { bad: ["PREPARE s FROM 'SELECT 1'", 'EXECUTE s'], good: ['SELECT 1'] },
    area: 'writes',
    severity: 'medium',
    message: 'PREPARE/EXECUTE runs SQL built at run time',
    why: 'The statement actually executed is not visible to review. Review the final SQL instead.',
    check: (ctx) => when(['PREPARE', 'EXECUTE', 'DEALLOCATE'].includes(firstWord(ctx))),
  },
  {
    id: 'privilege-change',
    examples: { bad: ["GRANT ALL ON *.* TO 'x'@'%'", "CREATE USER 'x'@'%' IDENTIFIED BY 'y'"], good: ['SELECT user FROM t WHERE id = 1'] },
    area: 'writes',
    severity: 'high',
    message: 'Account or privilege change (GRANT, REVOKE, CREATE/ALTER/DROP USER)',
    why: 'Access changes belong in your access-management process, with review and audit, not in a migration script.',
    check: (ctx) => {
      const w = firstWord(ctx);
      return when(
        w === 'GRANT' || w === 'REVOKE' || ((w === 'CREATE' || w === 'ALTER' || w === 'DROP' || w === 'RENAME') && isWord(ctx.tokens[1], 'USER', 'ROLE')),
      );
    },
  },
  {
    id: 'table-lock',
    examples: { bad: ['LOCK TABLES t WRITE', 'FLUSH TABLES WITH READ LOCK'], good: ['FLUSH LOGS'] },
    area: 'writes',
    severity: 'high',
    message: 'LOCK TABLES / FLUSH TABLES WITH READ LOCK',
    why: 'Explicit table locks block every other writer (FTWRL blocks the whole server). Rely on InnoDB row locks and short transactions.',
    check: (ctx) => when((firstWord(ctx) === 'LOCK' && isWord(ctx.tokens[1], 'TABLES', 'TABLE')) || (firstWord(ctx) === 'FLUSH' && hasWord(ctx, 'LOCK'))),
  },
  {
    id: 'admin-command',
    examples: { bad: ['KILL 1234', 'SHUTDOWN', 'STOP SLAVE'], good: ['SELECT 1'] },
    area: 'writes',
    severity: 'critical',
    message: 'Administrative command (KILL, SHUTDOWN, RESET, PURGE, CHANGE MASTER/REPLICATION…)',
    why: 'These act on the server or replication, not on data. They do not belong in a reviewed script.',
    check: (ctx) =>
      when(
        ['KILL', 'SHUTDOWN', 'RESET', 'PURGE', 'INSTALL', 'UNINSTALL', 'RESTART'].includes(firstWord(ctx)) ||
          (firstWord(ctx) === 'CHANGE' && isWord(ctx.tokens[1], 'MASTER', 'REPLICATION')) ||
          (['START', 'STOP'].includes(firstWord(ctx)) && isWord(ctx.tokens[1], 'SLAVE', 'REPLICA')),
      ),
  },
];
