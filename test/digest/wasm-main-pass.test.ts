/**
 * The engine's main pass (src/digest/wasm/engine/main-pass.as.ts, through wasm-engine.ts) gives what
 * fingerprint-bytes.ts's own main pass gives, statement by statement on every real slow log: the same
 * normalised text, the same -1 (string path) cases and the same nonAscii flag; likewise on every SQL
 * text of SOAR's tests (test/fixtures/soar), which has the non-ASCII statements the real logs lack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBytes, normalizeBytesInJs, normalizedBytes, normalizedText } from '../../src/digest/fingerprint-bytes';
import { BlockFeeder } from '../../src/digest/index';
import { SlowLogParser } from '../../src/digest/slowlog-parser';
import * as engine from '../../src/digest/wasm-engine';
import { ENGINE_WASM } from '../../src/digest/wasm/engine.wasm';
import { instantiate, type WasmMemoryExports } from '../../src/digest/wasm/instance';
import { readRealLog, realLogs } from '../../scripts/record-pt-classes';

/** The engine's main pass over a statement's bytes, as text decoded the way normalizedText decodes. */
const wasm = {
  /** The statement `stmt` followed by `next` (the byte after it in the log, which the pass may read; 0 at a log's end). */
  run(stmt: Uint8Array, next = 0): { w: number; text: string | null; nonAscii: boolean } {
    const b = Buffer.concat([stmt, Buffer.from([next])]);
    const w = engine.mainPass(engine.addressOf(b, 0, b.length), stmt.length);
    if (w < 0) return { w, text: null, nonAscii: false };
    const nonAscii = engine.normalizedNonAscii();
    return { w, text: engine.normalized().toString(nonAscii ? 'utf8' : 'latin1', 0, w), nonAscii };
  },
};

/** fingerprint-bytes.ts's main pass: its text and its nonAscii flag (read back through normalizedText). */
function jsMainPass(b: Buffer, s: number, e: number): { w: number; text: string | null; nonAscii: boolean } {
  const w = normalizeBytesInJs(b, s, e);
  if (w < 0) return { w, text: null, nonAscii: false };
  const text = normalizedText(w);
  // The flag says how normalizedText decodes: é's two UTF-8 bytes put after the output read as one
  // character when it decodes UTF-8, as two when it decodes Latin-1.
  const buf = normalizedBytes();
  const saved = Buffer.from(buf.subarray(w, w + 2));
  buf[w] = 0xc3;
  buf[w + 1] = 0xa9;
  const nonAscii = normalizedText(w + 2).length === text.length + 1;
  saved.copy(buf, w);
  return { w, text, nonAscii };
}

/**
 * "x " put before a statement makes normalizeBytes run its main pass on the whole statement, as the
 * WebAssembly pass does: no CALL, `use`, administrator-command or multi-row INSERT rule applies to a
 * statement that starts with x. Both passes then read the same bytes.
 */
const PREFIX = Buffer.from('x ');

/** Every statement of every real log: its bytes and the byte after it in the log (0 at the end). */
function realStatements(): Array<{ stmt: Buffer; next: number }> {
  const out: Array<{ stmt: Buffer; next: number }> = [];
  for (const name of realLogs()) {
    const parser = new SlowLogParser({
      event: () => {},
      malformed: () => {},
      raw: (_e, b, s, z) => out.push({ stmt: Buffer.from(b.subarray(s, z)), next: b[z] ?? 0 }),
    });
    const feeder = new BlockFeeder(parser);
    feeder.write(readRealLog(name));
    feeder.end();
  }
  return out;
}

/** Every SQL text of SOAR's heuristic tests and sakila corpus (real public SQL; some in CJK, NBSP, zero-width space). */
function soarStatements(): Buffer[] {
  const read = (f: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'soar', f), 'utf8')) as Array<{ sql: string }>;
  return [...read('cases.json'), ...read('sakila-queries.json')].map((c) => Buffer.from(c.sql));
}

/** Both passes over PREFIX + stmt (+ next, the byte the passes may read after it); their -1 and nonAscii counts. */
function compareAll(statements: Array<{ stmt: Buffer; next: number }>): { stringPath: number; nonAscii: number } {
  let stringPath = 0;
  let nonAscii = 0;
  for (const { stmt, next } of statements) {
    const b = Buffer.concat([PREFIX, stmt, Buffer.from([next])]);
    const js = jsMainPass(b, 0, b.length - 1);
    // Longer than the engine's output: normalizeBytes runs this module's own pass (the reference) on it.
    if (b.length - 1 > engine.OUT_BYTES) {
      expect(normalizeBytes(b, 0, b.length - 1)).toBe(js.w);
      continue;
    }
    expect(wasm.run(b.subarray(0, b.length - 1), next), stmt.toString('utf8').slice(0, 200)).toEqual(js);
    if (js.w < 0) stringPath++;
    else if (js.nonAscii) nonAscii++;
  }
  return { stringPath, nonAscii };
}

describe("the engine's main pass = fingerprint-bytes.ts main pass", () => {
  it('on every statement of every real log: same text, same -1 (string path) cases', () => {
    const statements = realStatements();
    expect(statements.length).toBeGreaterThan(3000);
    // 19 take the string path today. None sets nonAscii: the logs' one non-ASCII statement has a `"`.
    expect(compareAll(statements).stringPath).toBeGreaterThanOrEqual(10);
  });

  it("on every SQL text of SOAR's tests: the same, and the same nonAscii flag on CJK, NBSP and zero-width text", () => {
    const statements = soarStatements().map((stmt) => ({ stmt, next: 0 }));
    expect(statements.length).toBeGreaterThan(400);
    const { stringPath, nonAscii } = compareAll(statements);
    expect(stringPath).toBeGreaterThan(10);
    expect(nonAscii).toBeGreaterThanOrEqual(5);
  });

  it('on the real logs SELECT statements as they stand (leading white space, no prefix)', () => {
    let compared = 0;
    for (const { stmt, next } of realStatements()) {
      if (!/^\s*select\b/i.test(stmt.toString('latin1', 0, 64))) continue;
      const b = Buffer.concat([stmt, Buffer.from([next])]);
      expect(wasm.run(stmt, next), stmt.toString('utf8').slice(0, 200)).toEqual(jsMainPass(b, 0, stmt.length));
      compared++;
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('on the shapes each rule is for', () => {
    const cases = [
      "  \t SELECT * FROM t WHERE a = 'x' AND b IN (1, 2.5, -3) AND c = TRUE\n",
      "select 'é', 1 from dual where name = 'テスト'",
      'SELECT 한글, 1 FROM t',
      'SELECT a FROM t -- comment',
      'SELECT a FROM t /* comment */',
      'SELECT a FROM t # comment',
      'SELECT "a" FROM t',
      "SELECT 'it\\'s' FROM t",
      "SELECT 'unterminated",
      'SELECT 1--1',
      'SELECT x-1, b.5, +7, 0x1F, 1e-3, ?, falsehood, false',
      '\n',
    ];
    for (const text of cases) {
      const stmt = Buffer.from(text);
      expect(wasm.run(stmt), text).toEqual(jsMainPass(Buffer.concat([stmt, Buffer.from([0])]), 0, stmt.length));
    }
    expect(wasm.run(Buffer.from('SELECT a FROM t -- c')).w).toBe(-1);
    expect(wasm.run(Buffer.from("SELECT 'é' FROM T")).nonAscii).toBe(true);
    expect(wasm.run(Buffer.from('SELECT 1 FROM T'))).toEqual({ w: 15, text: 'select ? from t', nonAscii: false });
  });

  it('on a statement of 250 KB', () => {
    const stmt = Buffer.from(`SELECT * FROM t WHERE id IN (${Array.from({ length: 40_000 }, (_, i) => i).join(', ')})`);
    const got = wasm.run(stmt);
    expect(got).toEqual(jsMainPass(Buffer.concat([stmt, Buffer.from([0])]), 0, stmt.length));
    expect(got.w).toBeGreaterThan(40_000);
  });
});

describe('instantiate', () => {
  it('refuses a module that imports anything', () => {
    // A 25-byte module whose only content is an import of env.f (a function of no arguments).
    const withImport = Buffer.from('0061736d0100000001040160000002090103656e7601660000', 'hex').toString('base64');
    expect(() => instantiate(withImport)).toThrow(/imports env\.f: it must import nothing/);
  });

  it('gives a new instance, with its own memory, at each call', () => {
    const a = instantiate<WasmMemoryExports>(ENGINE_WASM);
    const b = instantiate<WasmMemoryExports>(ENGINE_WASM);
    new Uint8Array(a.memory.buffer)[100_000] = 7;
    expect(new Uint8Array(b.memory.buffer)[100_000]).toBe(0);
    expect(a.memory.buffer.byteLength).toBe(2 * 65536);
  });
});
