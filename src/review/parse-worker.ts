/**
 * The parser worker thread: receives `{ id, sqls }`, answers `{ ready }` once the parser is loaded and
 * then one `{ id, index, outcome }` per statement. The main thread (parse-pool.ts) times each statement
 * and terminates this thread when one takes too long. ASTs are plain objects and cross by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseWith, type ParserLike } from './parse';

let parser: ParserLike | undefined;
// A literal require: the build bundles node-sql-parser into this thread's code.
const mysqlParser = (): ParserLike => (parser ??= new (require('node-sql-parser/build/mysql') as { Parser: new () => ParserLike }).Parser());
const parseSql = (sql: string) => parseWith(mysqlParser, sql);

if (parentPort && (workerData as { dbassistParser?: boolean } | null)?.dbassistParser) {
  const port = parentPort;
  parseSql('SELECT 1');
  port.postMessage({ ready: true });
  port.on('message', (m: { id: number; sqls: string[] }) => {
    m.sqls.forEach((sql, index) => {
      port.postMessage({ id: m.id, index, outcome: parseSql(sql) });
    });
  });
}
