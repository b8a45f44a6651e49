/**
 * The digest's WebAssembly engine (src/digest/wasm/engine.as.ts), instantiated once per process: the
 * block scanner (common MySQL 8 entries), the two statement memos and pt's main pass, in one memory. Its
 * code starts at compiled speed, with none of V8's warm-up for the hot byte loops, and a block is copied
 * into its memory once (docs/digest-engine.md).
 *
 * Everything here is synchronous and a block's work ends before another block starts, so one memory
 * serves every parser and aggregator in the process; a memo used by another aggregator in between is
 * emptied (claim), never shared.
 */
import { ENGINE_WASM } from './wasm/engine.wasm';
import { instantiate, type WasmMemoryExports } from './wasm/instance';

interface Exports extends WasmMemoryExports {
  scan(p: number, n: number, memoOwner: number, shapeOwner: number): number;
  stoppedAt: WebAssembly.Global;
  memoClears(t: number): number;
  MEMO_MAX_KEY: WebAssembly.Global;
  MEMO_MAX_SAME: WebAssembly.Global;
  memoFind(t: number, owner: number, p: number, n: number): number;
  memoAdd(t: number, owner: number, p: number, n: number, maxKey: number): number;
  mainPass(s: number, e: number, o: number): number;
  nonAscii: WebAssembly.Global;
  MAX_RECORDS: WebAssembly.Global;
  RECORD_F64: WebAssembly.Global;
  RECORD_I32: WebAssembly.Global;
  RECORDS_F64: WebAssembly.Global;
  RECORDS_I32: WebAssembly.Global;
  CLASS_TABLE: WebAssembly.Global;
  LOWER_TABLE: WebAssembly.Global;
  OUT: WebAssembly.Global;
  OUT_BYTES: WebAssembly.Global;
  SCRATCH: WebAssembly.Global;
  BLOCK: WebAssembly.Global;
}

const x = instantiate<Exports>(ENGINE_WASM);

const PAGE = 65536;
const MAX_RECORDS = x.MAX_RECORDS.value;
/** Numbers and ranges per record (wasm/engine/layout.as.ts). */
export const RECORD_F64 = x.RECORD_F64.value;
export const RECORD_I32 = x.RECORD_I32.value;
/** Where a loaded block starts: record offsets minus this are offsets in the block. */
export const BLOCK = x.BLOCK.value;
const OUT = x.OUT.value;
export const OUT_BYTES = x.OUT_BYTES.value;
const SCRATCH = x.SCRATCH.value;

let mem = Buffer.alloc(0);
let f64 = new Float64Array(0);
let i32 = new Int32Array(0);
let out = Buffer.alloc(0);
/** The block whose bytes are at BLOCK now (valid while that block is being read). */
let loaded: Buffer | null = null;

function views(): void {
  const buffer = x.memory.buffer;
  mem = Buffer.from(buffer);
  f64 = new Float64Array(buffer, x.RECORDS_F64.value, MAX_RECORDS * RECORD_F64);
  i32 = new Int32Array(buffer, x.RECORDS_I32.value, MAX_RECORDS * RECORD_I32);
  out = Buffer.from(buffer, OUT, OUT_BYTES);
}

function ensure(bytes: number): void {
  const have = x.memory.buffer.byteLength;
  if (bytes > have) x.memory.grow(Math.ceil((bytes - have) / PAGE));
  if (mem.buffer !== x.memory.buffer) views();
}
ensure(BLOCK + (1 << 20) + 64);

/** Writes pt's class and lower-case tables for the main pass (fingerprint-bytes.ts builds them). */
export function setTables(classes: Uint8Array, lower: Uint8Array): void {
  mem.set(classes, x.CLASS_TABLE.value);
  mem.set(lower, x.LOWER_TABLE.value);
}

/**
 * A buffer of `size` bytes at the engine's block, to read a file into (digestFile, which is synchronous:
 * no other block can come in between); a new one for a bigger size keeps the bytes. A buffer got earlier
 * is emptied (detached) when the memory grows.
 */
export function blockBuffer(size: number): Buffer {
  ensure(BLOCK + size + 64);
  return Buffer.from(x.memory.buffer, BLOCK, size);
}

/** Block b[0, n) in the engine's memory, to be scanned and looked up: copied in unless it is there already. */
export function loadBlock(b: Buffer, n: number): void {
  if (b.buffer !== x.memory.buffer || b.byteOffset !== BLOCK) {
    ensure(BLOCK + n + 64);
    b.copy(mem, BLOCK, 0, n);
  }
  loaded = b;
}

/**
 * Scans the loaded block from p to n: the number of records read (recordNumbers, recordRanges);
 * stoppedAt() says where it stopped. memoOwner, shapeOwner: the owners of the verbatim memo (0) and the
 * shape memo (1) for the scanner to look each statement up in, or 0 for none.
 */
export function scan(p: number, n: number, memoOwner: number, shapeOwner: number): number {
  return x.scan(BLOCK + p, BLOCK + n, memoOwner, shapeOwner);
}

export function stoppedAt(): number {
  return x.stoppedAt.value - BLOCK;
}

/**
 * Per record r, at r * RECORD_F64: ts, queryTime, lockTime, rowsSent, rowsExamined, rowsAffected,
 * bytesSent, tmpTables, tmpDiskTables, fullScan (1/0), filesort (1/0); NaN for an optional counter the
 * entry does not have.
 */
export function recordNumbers(): Float64Array {
  return f64;
}

/**
 * Per record r, at r * RECORD_I32: user, host, use db, statement and Schema ranges (start, end; addresses),
 * 1 if the entry has optional counters or a Schema (else 0), the verbatim memo's entry for its
 * statement at the time of the scan (-1 none, -2 not looked up), and the shape memo's entry for its main
 * pass when the verbatim memo had none (-1 none, -2 not looked up).
 */
export function recordRanges(): Int32Array {
  return i32;
}

/**
 * The address of the bytes b[s, e) in the engine's memory: where they already are (the loaded block,
 * the main pass's output), else a copy; -1 when too long to copy.
 */
export function addressOf(b: Buffer, s: number, e: number): number {
  if (b === loaded) return BLOCK + s;
  if (b === out) return OUT + s;
  if (e - s > OUT_BYTES) return -1;
  b.copy(mem, SCRATCH, s, e);
  return SCRATCH;
}

/**
 * The entry of memo t (0 or 1) that holds exactly the n bytes at address, or -1. The memo is claimed for
 * owner (emptied if another owner had it): see memoClears.
 */
export function memoFind(t: number, owner: number, address: number, n: number): number {
  return x.memoFind(t, owner, address, n);
}

/** Stores the n bytes at address in memo t right after a memoFind of them that missed: the entry, or -1. */
export function memoAdd(t: number, owner: number, address: number, n: number, maxKey: number): number {
  return x.memoAdd(t, owner, address, n, maxKey);
}

/** Statements longer than this are not memoised. */
export const MEMO_MAX_KEY = x.MEMO_MAX_KEY.value;
/** Entries of one hash and length a memo lookup compares. */
export const MEMO_MAX_SAME = x.MEMO_MAX_SAME.value;

/** How many times memo t has been emptied (full, or claimed by another owner): entries of before are gone. */
export function memoClears(t: number): number {
  return x.memoClears(t);
}

/** pt's main pass over the n bytes at address into the output (normalized()); its length, or -1. */
export function mainPass(address: number, n: number): number {
  return x.mainPass(address, address + n, OUT);
}

/** The main pass's output (valid until the next call). */
export function normalized(): Buffer {
  return out;
}

/** Whether the last main pass wrote a byte ≥ 0x80. */
export function normalizedNonAscii(): boolean {
  return x.nonAscii.value !== 0;
}
