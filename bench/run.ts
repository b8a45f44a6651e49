/**
 * `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or those whose file name contains a NAME),
 * prints one table (figure, value, unit, target) and writes bench/results.json.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchRow } from './types';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
    .sort();
  const results: Array<BenchRow & { bench: string }> = [];
  let failed = false;
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { benchmarks?: Bench[] };
    for (const b of mod.benchmarks ?? []) {
      process.stderr.write(`running ${b.name}…\n`);
      try {
        for (const row of await b.run()) results.push({ bench: b.name, ...row });
      } catch (e) {
        failed = true;
        process.stderr.write(`  ${b.name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      }
    }
  }
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
  const rows = results.map((r) => [r.figure, fmt(r.value), r.unit, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'ok' : 'MISSED']);
  const header = ['figure', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  // A filtered run replaces only its own benchmarks' rows; the others' figures stay.
  const file = join(__dirname, 'results.json');
  const ran = new Set(results.map((r) => r.bench));
  const previous =
    filters.length > 0 && existsSync(file)
      ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: typeof results }).results ?? []).filter((r) => !ran.has(r.bench))
      : [];
  const out = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, results: [...previous, ...results] };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote bench/results.json (${results.length} figures${previous.length ? `, ${previous.length} kept from earlier runs` : ''})`);
  if (failed) process.exitCode = 1;
}

void main();
