#!/usr/bin/env node
// Compiles every AssemblyScript module src/digest/wasm/<name>.as.ts (with the files it imports, e.g.
// src/digest/wasm/<name>/*.as.ts) into src/digest/wasm/<name>.wasm.ts,
// a generated TypeScript module that exports the WebAssembly bytes as a base64 string (run by
// `npm run build:wasm`; the generated modules are committed, so neither `prepare` nor an install needs
// assemblyscript). Every module is compiled with the same fixed options (ASC_FLAGS) and must import
// nothing. test/digest/wasm-build.test.ts compiles them again and fails when a committed module is stale.
'use strict';
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { basename, join, relative, resolve, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const WASM_DIR = join(ROOT, 'src', 'digest', 'wasm');

/**
 * asc's options for every module: optimise for speed with a bias to small code (-O3s: as fast here, and
 * less for V8 to compile), the 128-bit SIMD instructions (in every Node since 16), the stub runtime (no GC, nothing exported but what
 * the source exports), assertions compiled out, 2 pages (128 KiB) of memory to start with, and `abort`
 * aliased to nothing, so a `throw` or a failed check traps instead of importing `env.abort`.
 */
const ASC_FLAGS = ['-O3s', '--enable', 'simd', '--runtime', 'stub', '--noAssert', '--initialMemory', '2', '--use', 'abort='];

/** The names of the AssemblyScript sources (`main-pass` for main-pass.as.ts), sorted. */
function wasmSources() {
  return readdirSync(WASM_DIR)
    .filter((f) => f.endsWith('.as.ts'))
    .map((f) => f.slice(0, -'.as.ts'.length))
    .sort();
}

/**
 * The WebAssembly bytes of <dir>/<name>.as.ts (dir: src/digest/wasm unless a test says otherwise),
 * compiled in memory with ASC_FLAGS. Throws on a compile error and on a module that imports anything.
 */
async function compileModule(name, dir = WASM_DIR) {
  const asc = await import('assemblyscript/asc');
  const source = relative(ROOT, join(dir, `${name}.as.ts`))
    .split(sep)
    .join('/');
  let binary = null;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([source, '--outFile', `${name}.wasm`, '--baseDir', ROOT, '--noColors', ...ASC_FLAGS], {
    stderr,
    // No asconfig.json is ever read: the options above are the whole configuration.
    readFile: (file, base) => {
      if (basename(file) === 'asconfig.json') return null;
      try {
        return readFileSync(resolve(base, file), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (file, contents) => {
      if (file === `${name}.wasm`) binary = contents;
    },
    listFiles: () => [],
  });
  if (error || !binary) throw new Error(`asc failed on ${source}: ${error ? error.message : 'no output'}\n${stderr.toString()}`);
  const bytes = Buffer.from(binary);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
  if (imports.length > 0)
    throw new Error(`${source} compiles to a module that imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}: it must import nothing`);
  return bytes;
}

/** `main-pass` → `MAIN_PASS_WASM`, the constant the generated module exports. */
function constantName(name) {
  return `${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_WASM`;
}

/** The text of src/digest/wasm/<name>.wasm.ts for these bytes (formatted as Biome formats it). */
function moduleSource(name, bytes, version) {
  return [
    `// Generated from ${name}.as.ts by \`npm run build:wasm\` (build/wasm.cjs): do not edit.`,
    `// assemblyscript ${version}, asc ${ASC_FLAGS.join(' ')}; ${bytes.length} bytes of WebAssembly.`,
    `export const ${constantName(name)} =`,
    `  '${bytes.toString('base64')}';`,
    '',
  ].join('\n');
}

/** Every source's generated module: its path in the repo, its text and the size of its WebAssembly. */
async function generate() {
  const { version } = await import('assemblyscript/asc');
  const out = [];
  for (const name of wasmSources()) {
    const bytes = await compileModule(name);
    out.push({ path: `src/digest/wasm/${name}.wasm.ts`, text: moduleSource(name, bytes, version), size: bytes.length });
  }
  return out;
}

module.exports = { ASC_FLAGS, wasmSources, compileModule, generate };

if (require.main === module) {
  generate()
    .then((modules) => {
      for (const { path, text, size } of modules) {
        writeFileSync(join(ROOT, path), text);
        console.log(`${path}: ${size} bytes of WebAssembly`);
      }
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
