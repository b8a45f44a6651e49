/**
 * One review in a fresh process, for bench/review-safety.bench.ts: `review-once.ts FILE [LIMITS_JSON]`
 * reviews the file statically (parser worker started cold, as in a new Lambda container) and prints
 * the review's own wall and CPU time (all threads: the parser worker included), what it found, and
 * the process's CPU time so far (tsx start-up included).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { reviewScript } from '../src/review/review';

async function main(): Promise<void> {
  const [file, limitsJson] = process.argv.slice(2);
  if (!file) throw new Error('usage: review-once.ts FILE [LIMITS_JSON]');
  const sql = readFileSync(file, 'utf8');
  const limits = limitsJson ? (JSON.parse(limitsJson) as Record<string, number>) : {};
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await reviewScript(sql, { limits });
  const reviewMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const ru = process.resourceUsage();
  const out = {
    reviewMs,
    reviewCpuMs: (c.user + c.system) / 1000,
    chars: sql.length,
    statements: r.statements.length,
    parsed: r.statements.filter((s) => s.parsed).length,
    partly: r.statements.filter((s) => !s.parsed).length,
    notes: r.notes,
    cpuMs: (ru.userCPUTime + ru.systemCPUTime) / 1000,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
