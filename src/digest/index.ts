/**
 * The slow-query digest: slow log (file, stream or CloudWatch Logs events) → query classes.
 * Streaming: input is read block by block into one buffer; memory is bounded by the number of classes
 * and the largest entry, not by the size of the log.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { DigestAggregator, type AggregateOptions } from './aggregate';
import { HASH, opensEntry, SlowLogParser, type ParserOptions } from './slowlog-parser';
import type { Zone } from './time-base';
import type { DigestResult } from './types';
import * as wasm from './wasm-engine';

export type DigestOptions = AggregateOptions;
export type { DigestClass, DigestOrder, DigestResult, DigestTotals } from './types';
export type { SlowEvent } from './event';
export { classId, fingerprint } from './fingerprint';
export { DigestAggregator } from './aggregate';
export { SlowLogParser } from './slowlog-parser';
export { renderDigestText } from './text-report';
export { parseInstant, parseZone, type DigestTimeBase, type Zone } from './time-base';

/** Blocks are cut at entry boundaries about this often (the buffer grows only for a bigger entry). */
const BLOCK_BYTES = 1 << 20;

/**
 * Gathers bytes arriving in arbitrary chunks into blocks of whole entries and hands each block to the
 * parser: a block is cut just before a line that can only open an entry (`# Time:`, `# User@Host:`,
 * `# Query_time:`, `# Thread_id:`), so no statement, line or UTF-8 sequence is ever split. Memory is one
 * block buffer (about 1 MB, or twice the largest entry), whatever the size of the input.
 */
export class BlockFeeder {
  private buf: Buffer;
  private len = 0;
  /** No boundary lies at or before this offset of buf (already searched). */
  private searched = 0;
  private first = true;

  /**
   * inEngine: the buffer is the WebAssembly engine's block (wasm-engine.ts), so blocks are scanned where
   * they were read, without a copy; only for a caller that reads synchronously to the end (digestFile).
   */
  constructor(
    private readonly parser: SlowLogParser,
    blockBytes = BLOCK_BYTES,
    private readonly inEngine = false,
  ) {
    const size = Math.max(64, blockBytes);
    this.buf = inEngine ? wasm.blockBuffer(size) : Buffer.allocUnsafe(size);
  }

  write(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.len === this.buf.length) this.makeRoom();
      const n = Math.min(chunk.length - off, this.buf.length - this.len);
      this.buf.set(n === chunk.length ? chunk : chunk.subarray(off, off + n), this.len);
      this.len += n;
      off += n;
    }
  }

  /** Reads straight into the block buffer: `read(buf, offset, room)` returns the bytes read, 0 at the end. */
  fill(read: (buf: Buffer, offset: number, room: number) => number): number {
    if (this.len === this.buf.length) this.makeRoom();
    const n = read(this.buf, this.len, this.buf.length - this.len);
    this.len += n;
    return n;
  }

  end(): void {
    if (this.len > 0) this.pass(this.len);
    this.len = 0;
    this.parser.end();
  }

  private makeRoom(): void {
    const cut = this.boundary();
    if (cut > 0) {
      this.pass(cut);
      this.buf.copy(this.buf, 0, cut, this.len);
      this.len -= cut;
      this.searched = 0;
    }
    if (this.len > this.buf.length / 2) {
      // One entry fills most of the buffer: grow it (the engine's block grows in place).
      if (this.inEngine) {
        this.buf = wasm.blockBuffer(this.buf.length * 2);
        return;
      }
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
  }

  private pass(cut: number): void {
    const block = this.buf.subarray(0, cut);
    if (this.first) {
      this.first = false;
      this.parser.learnZone(block);
    }
    this.parser.block(block);
  }

  /**
   * The first line of the run of entry-opening header lines that ends with the one at h: a block cut
   * there keeps an entry's `# Time:`, `# User@Host:` and `# Query_time:` together, the shape the
   * WebAssembly scanner reads (the parser reads a cut anywhere alike).
   */
  private headerStart(h: number): number {
    const b = this.buf;
    let cut = h;
    while (cut > 1) {
      const prev = b.lastIndexOf(10, cut - 2) + 1;
      if (prev <= this.searched || b[prev] !== HASH || !opensEntry(b, prev, cut - 1)) break;
      cut = prev;
    }
    return cut;
  }

  /** The last line start after `searched` that opens an entry, or -1. */
  private boundary(): number {
    const b = this.buf;
    let p = this.len - 1;
    while (p > this.searched) {
      const h = b.lastIndexOf(HASH, p);
      if (h <= this.searched) break;
      if (b[h - 1] === 10 && opensEntry(b, h, this.len)) return this.headerStart(h);
      p = h - 1;
    }
    // A header line may still be arriving at the very end: look at it again next time.
    this.searched = Math.max(0, this.len - 16);
    return -1;
  }
}

/** @deprecated The old name of BlockFeeder (it fed lines; it now feeds blocks of whole entries). */
export const LineFeeder = BlockFeeder;

function toBuffer(chunk: string | Buffer | Uint8Array): Buffer {
  return typeof chunk === 'string'
    ? Buffer.from(chunk, 'utf8')
    : Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export interface DigestInputOptions extends DigestOptions {
  /** Zone of server-local `# Time:` lines (legacy format); see time-base.ts. */
  zone?: Zone;
}

function engine(options: DigestInputOptions, parserOptions: ParserOptions = {}): { agg: DigestAggregator; parser: SlowLogParser } {
  const agg = new DigestAggregator(options);
  const parser = new SlowLogParser(agg, { ...parserOptions, ...(options.zone ? { zone: options.zone } : {}) });
  return { agg, parser };
}

/** Digest a slow log read from a stream (a file, stdin, an S3 body …). UTF-8; chunks may split characters. */
export async function digestStream(
  input: AsyncIterable<string | Buffer | Uint8Array> | NodeJS.ReadableStream,
  options: DigestInputOptions = {},
): Promise<DigestResult> {
  const { agg, parser } = engine(options);
  const feeder = new BlockFeeder(parser);
  for await (const chunk of input as AsyncIterable<string | Buffer | Uint8Array>) feeder.write(toBuffer(chunk));
  feeder.end();
  return agg.result(parser.timeBase());
}

/**
 * Digest a slow log file, read synchronously block by block into one reused buffer (the CLI's path).
 * `onRead` hears the bytes read so far after each block (the CLI's progress line).
 */
export function digestFile(path: string, options: DigestInputOptions = {}, onRead?: (bytes: number) => void): DigestResult {
  const { agg, parser } = engine(options);
  const feeder = new BlockFeeder(parser, BLOCK_BYTES, true);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const n = feeder.fill((buf, offset, room) => readSync(fd, buf, offset, room, null));
      if (n <= 0) break;
      bytes += n;
      onRead?.(bytes);
    }
  } finally {
    closeSync(fd);
  }
  feeder.end();
  return agg.result(parser.timeBase());
}

/** Digest a slow log already in memory (tests, small inputs). */
export function digestText(text: string | Buffer, options: DigestInputOptions = {}): DigestResult {
  const { agg, parser } = engine(options);
  const feeder = new BlockFeeder(parser);
  feeder.write(toBuffer(text));
  feeder.end();
  return agg.result(parser.timeBase());
}

/** A CloudWatch Logs event of a slow-query log group: one slow-log entry. */
export interface CloudWatchSlowEvent {
  timestamp: number;
  message: string;
}

function feedEvents(parser: SlowLogParser, events: Iterable<CloudWatchSlowEvent>): void {
  for (const ev of events) {
    parser.defaultTs = ev.timestamp;
    parser.block(Buffer.from(ev.message, 'utf8'));
    parser.end();
  }
}

/**
 * Digest CloudWatch Logs events of an Aurora MySQL slow-query log group: each message is one slow-log
 * entry, often without `# Time:`; entries without their own time take the event's timestamp (ms).
 */
export function digestCloudWatchEvents(events: Iterable<CloudWatchSlowEvent>, options: DigestInputOptions = {}): DigestResult {
  const { agg, parser } = engine(options, { carryTime: false });
  feedEvents(parser, events);
  return agg.result(parser.timeBase());
}

/** The same, from pages of events as they arrive (FilterLogEvents pages): only one page is held at a time. */
export async function digestCloudWatchPages(pages: AsyncIterable<Iterable<CloudWatchSlowEvent>>, options: DigestInputOptions = {}): Promise<DigestResult> {
  const { agg, parser } = engine(options, { carryTime: false });
  for await (const page of pages) feedEvents(parser, page);
  return agg.result(parser.timeBase());
}
