/**
 * Recall and false alarms of `dbassist review` on the dev corpora, measured through the real CLI
 * (one whole `dbassist review DIR --format json` process per threshold group):
 * - SOAR's heuristic test cases (test/fixtures/soar/cases.json): a bad case counts as found when a rule
 *   mapped to one of its SOAR items fires; a good case is a false alarm when one does.
 * - with --db URL (a server where scripts/lib/sakila.ts loaded sakila): SOAR's sakila-bound queries
 *   (test/fixtures/soar/sakila-queries.json), recall over the (query, item) pairs SOAR reports.
 * - the project's own set (test/fixtures/review-corpus/project.json): expected rule ids per statement.
 * Usage: node bin/run-ts.js scripts/review-corpus.ts [--db mysql://root@127.0.0.1:PORT/sakila | --start-db] [--verbose]
 * (--start-db starts a throwaway MariaDB/MySQL from the system's binaries and loads sakila into it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../src/review/rules/index';
import { SCRIPT_RULES } from '../src/review/rules/script';
import { SOAR_ITEMS } from '../src/review/rules/soar';

const ROOT = join(__dirname, '..');
const args = process.argv.slice(2);
let db = args.includes('--db') ? args[args.indexOf('--db') + 1] : undefined;
const verbose = args.includes('--verbose');

/** SOAR item → our rule ids (static rules, script rules and live checks). */
export function soarMap(): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  const add = (item: string, id: string) => (m.get(item) ?? m.set(item, new Set()).get(item)!).add(id);
  for (const r of [...RULES, ...SCRIPT_RULES]) for (const s of r.soar ?? []) add(s, r.id);
  for (const it of SOAR_ITEMS) for (const id of it.live ?? []) add(it.item, id);
  return m;
}

interface Case {
  source: string;
  soar: string[];
  expect: 'bad' | 'good';
  sql: string;
  thresholds?: Record<string, number>;
  needsDb?: boolean;
  /** Project cases: the rule ids that must fire (bad) or must not (good). */
  rules?: string[];
}

/** Runs the CLI once over a directory of one-case files; returns the rule ids found per case index. */
function runCli(cases: Case[], extra: string[]): Map<number, Set<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'dbassist-corpus-'));
  try {
    cases.forEach((c, i) => writeFileSync(join(dir, `case-${String(i).padStart(4, '0')}.sql`), c.sql));
    let out: string;
    try {
      out = execFileSync(process.execPath, [join(ROOT, 'bin', 'dbassist.js'), 'review', dir, '--format', 'json', ...extra], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
      if (!out) throw e;
    }
    const doc = JSON.parse(out) as {
      files?: { file: string; statements: { findings: { rule: string }[] }[] }[];
      statements?: { findings: { rule: string }[] }[];
    };
    const files = doc.files ?? [{ file: 'case-0000.sql', statements: doc.statements ?? [] }];
    const res = new Map<number, Set<string>>();
    for (const f of files) {
      const i = Number(/case-(\d+)\.sql$/.exec(f.file)?.[1]);
      res.set(i, new Set(f.statements.flatMap((s) => s.findings.map((x) => x.rule))));
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function thresholdFlags(t: Record<string, number> | undefined): string[] {
  return Object.entries(t ?? {}).flatMap(([k, v]) => [`--${k}`, String(v)]);
}

function measure(
  name: string,
  cases: Case[],
  map: Map<string, Set<string>>,
  dbFlags: string[],
): { bad: number; found: number; good: number; alarms: number; na: number } {
  const groups = new Map<string, number[]>();
  cases.forEach((c, i) => {
    const k = JSON.stringify(c.thresholds ?? {});
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  const fired = new Map<number, Set<string>>();
  for (const [k, idx] of groups) {
    const sub = idx.map((i) => cases[i]!);
    const res = runCli(sub, [...thresholdFlags(JSON.parse(k)), ...dbFlags]);
    idx.forEach((i, j) => fired.set(i, res.get(j) ?? new Set()));
  }
  let bad = 0;
  let found = 0;
  let good = 0;
  let alarms = 0;
  let na = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  cases.forEach((c, i) => {
    const want = c.rules ? new Set(c.rules) : new Set(c.soar.flatMap((s) => [...(map.get(s) ?? [])]));
    if (want.size === 0) {
      na++;
      return;
    }
    const got = fired.get(i) ?? new Set();
    const hit = [...want].some((r) => got.has(r));
    if (c.expect === 'bad') {
      bad++;
      if (hit) found++;
      else misses.push(`${c.soar.join('/')} ${c.source}: ${c.sql.replace(/\s+/g, ' ').slice(0, 90)} (fired: ${[...got].join(', ') || 'nothing'})`);
    } else {
      good++;
      if (hit) {
        alarms++;
        falseAlarms.push(
          `${c.soar.join('/')} ${c.source}: ${c.sql.replace(/\s+/g, ' ').slice(0, 90)} (fired: ${[...want].filter((r) => got.has(r)).join(', ')})`,
        );
      }
    }
  });
  console.log(
    `\n## ${name}\nbad cases ${bad}, found ${found}, recall ${(found / Math.max(1, bad)).toFixed(3)}; good cases ${good}, false alarms ${alarms}; cases of not-applicable items ${na}`,
  );
  if (verbose || misses.length <= 40) for (const m of misses) console.log(`  miss: ${m}`);
  for (const f of falseAlarms) console.log(`  FALSE ALARM: ${f}`);
  return { bad, found, good, alarms, na };
}

async function main(): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  if (args.includes('--start-db')) {
    const { startMysqlServer } = await import('./lib/mysql-server');
    const { loadSakila } = await import('./lib/sakila');
    const server = await startMysqlServer();
    stop = () => server.stop();
    await loadSakila(server.url);
    db = `${server.url}sakila`;
  }
  try {
    const map = soarMap();
    const soarCases = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/soar/cases.json'), 'utf8')) as Case[]).filter((c) => db !== undefined || !c.needsDb);
    measure(
      `SOAR heuristic_test.go cases${db ? ' (with --db)' : ' (static; the cases that need a database are left out)'}`,
      soarCases,
      map,
      db ? ['--db', db] : [],
    );

    const project = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/review-corpus/project.json'), 'utf8')) as Case[];
    measure(
      'project-written cases (static)',
      project.filter((c) => !c.needsDb),
      map,
      [],
    );
    if (db)
      measure(
        'project-written cases (with --db)',
        project.filter((c) => c.needsDb),
        map,
        ['--db', db],
      );

    if (db) {
      const queries = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/soar/sakila-queries.json'), 'utf8')) as { sql: string; soarReports: string[] | null }[];
      const pairs: Case[] = [];
      for (const q of queries)
        for (const item of q.soarReports ?? [])
          if (/^[A-Z]{3}\.\d{3}$/.test(item) && !/^(IDX|EXP|ERR)/.test(item))
            pairs.push({ source: 'common/cases.go', soar: [item], expect: 'bad', sql: q.sql });
      measure('SOAR sakila-bound queries, (query, item) pairs SOAR reports (with --db)', pairs, map, ['--db', db]);
    }
  } finally {
    await stop?.();
  }
}

void main();
