/**
 * Parses statements off the event loop: one worker thread running node-sql-parser (parse-worker.ts),
 * kept warm between reviews. Each statement has a hard time limit (500 ms plus 20 ms per KB) and the
 * request a total budget; a statement over its limit gets an error outcome and the worker is
 * terminated — V8 stops it even inside the parser's synchronous loop — and replaced for the rest.
 *
 * The worker's code is parse-worker.ts bundled with node-sql-parser into one script, run with
 * `eval: true`: in the Lambda bundle the build inlines that text (build/parse-worker.cjs); under tsx
 * and vitest esbuild (a dependency of tsx) bundles it once per process.
 */
import { systemClock } from '../core/clock';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseOutcome } from './parse';

export interface ParseBudget {
  /** Total time the parser may take for the request. */
  totalMs: number;
  /** Hard limit per statement (default statementParseMs). */
  statementMs?: (sql: string) => number;
}

/** Hard time limit for one statement. */
export const statementParseMs = (sql: string): number => 500 + Math.ceil(sql.length / 1024) * 20;

const STARTUP_MS = 15_000;

let code: string | undefined;

/** `require` of a name the bundler does not follow. */
const load = <T>(id: string): T => require(id) as T;

/**
 * Outside the bundle: parse-worker.ts bundled by esbuild, cached under node_modules/.cache by a hash
 * of its sources (test files run in parallel processes; one build serves them all).
 */
function devWorkerCode(): string {
  const sources = [join(__dirname, 'parse-worker.ts'), join(__dirname, 'parse.ts')];
  const hash = createHash('sha256');
  for (const f of sources) hash.update(readFileSync(f));
  hash.update(String(load<{ version: string }>('node-sql-parser/package.json').version));
  const dir = join(__dirname, '..', '..', 'node_modules', '.cache', 'dbassist');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `parse-worker-${hash.digest('hex').slice(0, 16)}.js`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  // Not a literal: the Lambda bundle must not pull esbuild in (this branch never runs there).
  const esbuild = load<typeof import('esbuild')>('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [join(__dirname, 'parse-worker.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const text = out.outputFiles[0]!.text;
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return text;
}

function workerCode(): string {
  if (code === undefined) {
    try {
      // Present only in the Lambda bundle (a virtual module of the build).
      code = require('dbassist:parse-worker-source') as string;
    } catch {
      code = devWorkerCode();
    }
  }
  return code;
}

interface Live {
  worker: Worker;
  ready: Promise<boolean>;
}

let live: Live | undefined;
let seq = 0;
let chain: Promise<unknown> = Promise.resolve();

function spawn(): Live {
  const worker = new Worker(workerCode(), { eval: true, workerData: { dbassistParser: true } });
  worker.unref();
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), STARTUP_MS);
    worker.once('message', (m: { ready?: boolean }) => {
      clearTimeout(timer);
      resolve(m.ready === true);
    });
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  // A crashed or exited worker is replaced on next use.
  worker.once('exit', () => {
    if (live?.worker === worker) live = undefined;
  });
  return { worker, ready };
}

async function retire(l: Live): Promise<void> {
  if (live === l) live = undefined;
  await l.worker.terminate().catch(() => undefined);
}

/** Parses `sqls` (null entries are skipped and stay undefined) within the budget. */
async function run(sqls: (string | null)[], budget: ParseBudget): Promise<(ParseOutcome | undefined)[]> {
  const out: (ParseOutcome | undefined)[] = new Array(sqls.length).fill(undefined);
  const todo = sqls.map((s, i) => (s === null ? -1 : i)).filter((i) => i >= 0);
  const deadline = systemClock.now() + budget.totalMs;
  const limit = budget.statementMs ?? statementParseMs;
  let k = 0;
  while (k < todo.length) {
    if (systemClock.now() >= deadline) break;
    const l = (live ??= spawn());
    if (!(await l.ready)) {
      await retire(l);
      for (; k < todo.length; k++) out[todo[k]!] = { ok: false, error: 'the SQL parser could not be started' };
      return out;
    }
    const id = ++seq;
    const batch = todo.slice(k);
    l.worker.postMessage({ id, sqls: batch.map((i) => sqls[i]!) });
    const stopped = await new Promise<'done' | 'timeout' | 'crash'>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        const ms = Math.min(limit(sqls[todo[k]!]!), deadline - systemClock.now());
        timer = setTimeout(() => finish('timeout'), Math.max(0, ms));
      };
      const onMessage = (m: { id?: number; outcome?: ParseOutcome }) => {
        if (m.id !== id || !m.outcome) return;
        out[todo[k]!] = m.outcome;
        k++;
        if (k >= todo.length) finish('done');
        else arm();
      };
      const onExit = () => finish('crash');
      const finish = (why: 'done' | 'timeout' | 'crash') => {
        clearTimeout(timer);
        l.worker.off('message', onMessage);
        l.worker.off('exit', onExit);
        l.worker.off('error', onExit);
        resolve(why);
      };
      l.worker.on('message', onMessage);
      l.worker.once('exit', onExit);
      l.worker.once('error', onExit);
      arm();
    });
    if (stopped === 'done') break;
    await retire(l);
    const i = todo[k]!;
    out[i] =
      stopped === 'timeout'
        ? { ok: false, error: `the SQL parser gave up after ${Math.min(limit(sqls[i]!), budget.totalMs)} ms` }
        : { ok: false, error: 'the SQL parser failed on this statement' };
    k++;
  }
  for (; k < todo.length; k++) if (!out[todo[k]!]) out[todo[k]!] = { ok: false, error: 'parser time budget for this request used up' };
  return out;
}

/** Parses in the worker thread; requests from concurrent reviews take turns. */
export function parseInWorker(sqls: (string | null)[], budget: ParseBudget): Promise<(ParseOutcome | undefined)[]> {
  const next = chain.then(() => run(sqls, budget));
  chain = next.catch(() => undefined);
  return next;
}
