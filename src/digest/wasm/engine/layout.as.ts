// The engine's memory, in fixed regions (the block last, so that it can grow): see src/digest/wasm/engine.ts.
/** Entries read by one scan: RECORD_F64 numbers and RECORD_I32 offsets each. */
export const MAX_RECORDS: i32 = 8192;
export const RECORD_F64: usize = 11;
export const RECORD_I32: usize = 13;
export const RECORDS_F64: usize = 1 << 16;
export const RECORDS_I32: usize = RECORDS_F64 + <usize>MAX_RECORDS * RECORD_F64 * 8;
/** pt's character classes and the lower-case table, 256 bytes each, written by the host. */
export const CLASS_TABLE: usize = RECORDS_I32 + <usize>MAX_RECORDS * RECORD_I32 * 4;
export const LOWER_TABLE: usize = CLASS_TABLE + 256;
/** Two statement memos (verbatim statements, normalised shapes): a table each, then an arena each. */
export const MEMO_TABLE_BITS: u32 = 16;
export const MEMO_MAX_ENTRIES: i32 = 1 << 15;
export const MEMO_ARENA_BYTES: usize = 8 << 20;
export const MEMO_TABLE_BYTES: usize = (4 << MEMO_TABLE_BITS) + 4 * 4 * <usize>MEMO_MAX_ENTRIES;
export const MEMO_STATE: usize = LOWER_TABLE + 256;
export const MEMO_TABLES: usize = MEMO_STATE + 2 * 64;
export const MEMO_ARENAS: usize = MEMO_TABLES + 2 * MEMO_TABLE_BYTES;
/** The main pass's output, and room for statements copied in from outside the block. */
export const OUT_BYTES: usize = 1 << 20;
export const OUT: usize = MEMO_ARENAS + 2 * MEMO_ARENA_BYTES;
export const SCRATCH: usize = OUT + OUT_BYTES;
/** The block being read, from here to the end of memory. */
export const BLOCK: usize = SCRATCH + OUT_BYTES;
