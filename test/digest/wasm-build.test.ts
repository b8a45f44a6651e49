/**
 * The committed WebAssembly modules (src/digest/wasm/<name>.wasm.ts) are what `npm run build:wasm` makes
 * of their AssemblyScript sources today, byte for byte: a source changed without a rebuild fails here.
 * build/wasm.cjs compiles in memory, so nothing in the tree is written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const { ASC_FLAGS, wasmSources, compileModule, generate } = require('../../build/wasm.cjs') as {
  ASC_FLAGS: string[];
  wasmSources: () => string[];
  compileModule: (name: string, dir?: string) => Promise<Buffer>;
  generate: () => Promise<Array<{ path: string; text: string; size: number }>>;
};

const ROOT = join(__dirname, '..', '..');
const WASM_DIR = join(ROOT, 'src', 'digest', 'wasm');

let built: Array<{ path: string; text: string; size: number }>;

beforeAll(async () => {
  built = await generate();
}, 120_000);

describe('the WebAssembly modules of src/digest/wasm', () => {
  it('every AssemblyScript source has its generated module, and no generated module lacks its source', () => {
    expect(wasmSources()).toContain('engine');
    const generated = readdirSync(WASM_DIR)
      .filter((f) => f.endsWith('.wasm.ts'))
      .map((f) => f.slice(0, -'.wasm.ts'.length))
      .sort();
    expect(generated).toEqual(wasmSources());
  });

  it('each committed module is byte for byte what the build makes now (else: npm run build:wasm)', () => {
    expect(built.map((m) => m.path)).toEqual(wasmSources().map((n) => `src/digest/wasm/${n}.wasm.ts`));
    for (const { path, text } of built) expect(readFileSync(join(ROOT, path), 'utf8'), `${path} is stale: run npm run build:wasm`).toBe(text);
  });

  it('names its source, the build, the compiler version and the flags in its header', () => {
    const { version } = require('assemblyscript/package.json') as { version: string };
    const text = readFileSync(join(WASM_DIR, 'engine.wasm.ts'), 'utf8');
    expect(text).toMatch(/^\/\/ Generated from engine\.as\.ts by `npm run build:wasm`/);
    expect(text).toContain(`assemblyscript ${version}, asc ${ASC_FLAGS.join(' ')};`);
  });

  it('asc gives the same bytes run after run (the check above can only hold if it does)', async () => {
    const again = await compileModule('engine');
    expect(again.equals(await compileModule('engine'))).toBe(true);
    expect(built.find((m) => m.path.endsWith('engine.wasm.ts'))!.size).toBe(again.length);
  });

  it('refuses a source that does not compile, and a module that would import anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbassist-wasm-'));
    try {
      writeFileSync(join(dir, 'broken.as.ts'), 'export function g(: void {}\n');
      writeFileSync(join(dir, 'imports.as.ts'), 'declare function f(): void;\nexport function g(): void { f(); }\n');
      writeFileSync(join(dir, 'throws.as.ts'), 'export function g(x: i32): i32 { if (x > 3) throw new Error("big"); return x; }\n');
      await expect(compileModule('broken', dir)).rejects.toThrow(/asc failed on .*broken\.as\.ts[\s\S]*TS1003/);
      await expect(compileModule('imports', dir)).rejects.toThrow(/imports imports\.as\.f: it must import nothing/);
      // A throw traps (--use abort=) instead of importing env.abort.
      expect((await compileModule('throws', dir)).length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
