// The digest engine's WebAssembly module: the block scanner, the statement memos and pt's main pass,
// sharing one memory (layout.ts) so that a block is copied in once and never copied out.
export { BLOCK, CLASS_TABLE, LOWER_TABLE, MAX_RECORDS, OUT, OUT_BYTES, RECORD_F64, RECORD_I32, RECORDS_F64, RECORDS_I32, SCRATCH } from './engine/layout.as';
export { MEMO_MAX_KEY, MEMO_MAX_SAME, memoAdd, memoClears, memoFind } from './engine/memo.as';
export { mainPass, nonAscii } from './engine/main-pass.as';
export { scan, stoppedAt } from './engine/scan.as';
