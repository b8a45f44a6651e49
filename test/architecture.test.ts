/**
 * The dependency rule of src/, checked on every import (type-only imports, re-exports, import() and
 * require() included, as TypeScript's own pre-processor reads them):
 * - every folder of src/ belongs to one tier of LAYERS, and imports only folders of lower tiers, so
 *   folders form no cycle;
 * - the pure folders import no Slack, AWS, Lambda or MySQL package.
 * LAYERS is the one place the allowed layers are named; docs/architecture.md explains them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** src/ folders, bottom tier first. A folder may import only folders of a lower tier. */
const LAYERS: ReadonlyArray<{ tier: string; folders: readonly string[] }> = [
  { tier: 'core', folders: ['core'] },
  { tier: 'infrastructure', folders: ['config', 'aws', 'state', 'observability'] },
  { tier: 'pure engines', folders: ['digest', 'review'] },
  { tier: 'model', folders: ['model'] },
  { tier: 'analysis and AI', folders: ['analysis', 'ai'] },
  { tier: 'collection, rendering, publishing', folders: ['collectors', 'report', 'publish'] },
  { tier: 'use cases', folders: ['jobs'] },
  { tier: 'Slack ingress and views', folders: ['slack'] },
  { tier: 'alerts (SNS → Slack)', folders: ['alerts'] },
  { tier: 'worker', folders: ['worker'] },
  { tier: 'entry points', folders: ['handlers', 'cli'] },
];

/** Packages that tie code to Slack, AWS, Lambda or MySQL. */
const EDGE_PACKAGE = /^(@slack\/|@aws-sdk\/|aws-lambda$|mysql2(\/|$))/;

/** Code that must stay free of those packages (views may use @slack/types, the shapes of Block Kit). */
const PURE: ReadonlyArray<{ path: string; forbidden: RegExp }> = [
  ...['core', 'model', 'digest', 'review', 'analysis', 'report'].map((f) => ({ path: `${f}/`, forbidden: EDGE_PACKAGE })),
  { path: 'slack/views/', forbidden: /^(@slack\/(?!types$)|@aws-sdk\/|aws-lambda$|mysql2(\/|$))/ },
];

interface Import {
  /** File path relative to src/, e.g. `slack/views/report.ts`. */
  from: string;
  /** A src/ path relative to src/ (without extension), or a package name. */
  to: string;
  relative: boolean;
}

const SRC = join(__dirname, '..', 'src');

/** The TypeScript files under dir (AssemblyScript sources, `*.as.ts`, are not TypeScript: build/wasm.cjs). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.as.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every import of every file under src/. */
function readImports(): Import[] {
  const out: Import[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split(sep).join('/');
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) out.push({ from, to: posix.normalize(posix.join(posix.dirname(from), fileName)), relative: true });
      else out.push({ from, to: fileName, relative: false });
    }
  }
  return out;
}

const folderOf = (path: string): string => path.split('/')[0]!;

function tierOf(folder: string): number {
  return LAYERS.findIndex((l) => l.folders.includes(folder));
}

/** Imports that break the rule, each as a sentence. */
function violations(imports: readonly Import[]): string[] {
  const problems: string[] = [];
  for (const i of imports) {
    if (i.relative) {
      if (i.to.startsWith('..')) {
        problems.push(`src/${i.from} imports ${i.to}, outside src/`);
        continue;
      }
      const a = folderOf(i.from);
      const b = folderOf(i.to);
      if (a === b) continue;
      const ta = tierOf(a);
      const tb = tierOf(b);
      if (ta < 0) problems.push(`src/${a}/ is in no tier of LAYERS (test/architecture.test.ts): add it where it belongs`);
      else if (tb < 0) problems.push(`src/${b}/ is in no tier of LAYERS (test/architecture.test.ts): add it where it belongs`);
      else if (tb >= ta)
        problems.push(
          `src/${i.from} imports src/${i.to}: ${a} (${LAYERS[ta]!.tier}) may only import lower tiers, and ${b} is ${tb === ta ? 'in the same tier' : `above it (${LAYERS[tb]!.tier})`}`,
        );
    } else {
      const rule = PURE.find((p) => i.from.startsWith(p.path));
      if (rule && rule.forbidden.test(i.to)) problems.push(`src/${i.from} imports ${i.to}: src/${rule.path} stays free of Slack, AWS, Lambda and MySQL`);
    }
  }
  return [...new Set(problems)];
}

/** Folder-level cycles (each as `a → b → a`), found by depth-first search. */
function folderCycles(imports: readonly Import[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.relative || i.to.startsWith('..')) continue;
    const a = folderOf(i.from);
    const b = folderOf(i.to);
    if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  const cycles = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const loop = path.slice(at);
      const start = loop.indexOf([...loop].sort()[0]!);
      const canonical = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.add([...canonical, canonical[0]].join(' → '));
      return;
    }
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of edges.keys()) visit(node, []);
  return [...cycles].sort();
}

describe('the dependency rule of src/', () => {
  const imports = readImports();

  it('reads the imports of every file, type-only ones included', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'worker/types.ts', to: 'slack/reply', relative: true }); // `import type`
  });

  it('every folder of src/ is in exactly one tier', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const named = LAYERS.flatMap((l) => l.folders);
    expect(new Set(named).size).toBe(named.length);
    expect(folders.filter((f) => !named.includes(f))).toEqual([]);
    expect(readdirSync(SRC).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('imports point down the tiers only, and pure code imports no Slack, AWS, Lambda or MySQL package', () => {
    expect(violations(imports)).toEqual([]);
  });

  it('no folder cycle', () => {
    expect(folderCycles(imports)).toEqual([]);
  });
});

/** Reads of the real time outside core/clock.ts (comments and strings aside, roughly). */
function clockReads(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  return [...code.matchAll(/\bDate\.now\(\)|\bnew Date\(\s*\)/g)].map((m) => m[0]);
}

describe('the one clock', () => {
  it('only src/core/clock.ts reads the real time: everything else takes a Clock, so tests never depend on the date', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.endsWith(join('core', 'clock.ts')))
      .filter((f) => clockReads(readFileSync(f, 'utf8')).length > 0)
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('the check finds Date.now() and new Date(), not a date built from a value', () => {
    expect(clockReads('const t = Date.now(); const d = new Date(); // Date.now()')).toEqual(['Date.now()', 'new Date()']);
    expect(clockReads('const d = new Date(ms); /* new Date() */')).toEqual([]);
  });
});

describe('the check itself', () => {
  it('fails on a core → edge import, an upward import, a type-only cycle and an unknown folder', () => {
    const bad: Import[] = [
      { from: 'core/log.ts', to: '@aws-sdk/client-s3', relative: false },
      { from: 'core/grammar.ts', to: 'slack/reply', relative: true },
      { from: 'analysis/x.ts', to: 'ai/types', relative: true },
      { from: 'ai/y.ts', to: 'analysis/types', relative: true },
      { from: 'gadgets/z.ts', to: 'core/log', relative: true },
      { from: 'slack/views/x.ts', to: '@slack/web-api', relative: false },
      { from: 'slack/views/x.ts', to: '@slack/types', relative: false },
    ];
    const v = violations(bad);
    expect(v).toHaveLength(6);
    expect(v[0]).toMatch(/core\/log\.ts imports @aws-sdk\/client-s3/);
    expect(v[1]).toMatch(/core \(core\) may only import lower tiers, and slack is above it/);
    expect(v[2]).toMatch(/analysis .* same tier/);
    expect(v[4]).toMatch(/src\/gadgets\/ is in no tier/);
    expect(v[5]).toMatch(/slack\/views\/x\.ts imports @slack\/web-api/);
    expect(folderCycles(bad)).toEqual(['ai → analysis → ai']);
  });

  it('finds the imports of a file however they are written', () => {
    const info = ts.preProcessFile(
      `import type { A } from './a';\nexport { b } from '../b';\nconst c = await import('./c');\nconst d = require('d');`,
      true,
      true,
    );
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(['./a', '../b', './c', 'd']);
  });
});
