/**
 * The slow-query digest: slow log (file, stream or CloudWatch Logs events) → query classes.
 * Pure and streaming: input is read chunk by chunk; memory is bounded by the number of classes.
 */
import { DigestAggregator, type AggregateOptions } from './aggregate';
import { SlowLogParser } from './slowlog-parser';
import type { DigestResult } from './types';

export type DigestOptions = AggregateOptions;
export type { DigestClass, DigestOrder, DigestResult, DigestTotals } from './types';
export type { SlowEvent } from './event';
export { classId, fingerprint } from './fingerprint';
export { DigestAggregator } from './aggregate';
export { SlowLogParser } from './slowlog-parser';
export { renderDigestText } from './text-report';

/**
 * Splits bytes arriving in arbitrary chunks into lines (without `\n`) and hands them to the parser. A line
 * cut by a chunk boundary is carried over (UTF-8 sequences therefore never split: lines end at `\n`).
 */
export class LineFeeder {
  /** Pieces of a line that spans chunks (a list, so a multi-megabyte line is joined once, not per chunk). */
  private carry: Buffer[] = [];

  constructor(private readonly parser: SlowLogParser) {}

  write(chunk: Buffer): void {
    const p = this.parser;
    let from = 0;
    let nl = chunk.indexOf(10);
    if (this.carry.length > 0) {
      if (nl < 0) {
        this.carry.push(Buffer.from(chunk));
        return;
      }
      this.carry.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.carry);
      this.carry = [];
      p.lineBytes(line, 0, line.length);
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    while (nl >= 0) {
      p.lineBytes(chunk, from, nl);
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    // Copy the tail: the caller may reuse its chunk buffer.
    if (from < chunk.length) this.carry.push(Buffer.from(chunk.subarray(from)));
  }

  end(): void {
    if (this.carry.length > 0) {
      const line = Buffer.concat(this.carry);
      if (line.length > 0) this.parser.lineBytes(line, 0, line.length);
    }
    this.carry = [];
    this.parser.end();
  }
}

/** Digest a slow log read from a stream (a file, stdin, an S3 body …). UTF-8; chunks may split characters. */
export async function digestStream(
  input: AsyncIterable<string | Buffer | Uint8Array> | NodeJS.ReadableStream,
  options: DigestOptions = {},
): Promise<DigestResult> {
  const agg = new DigestAggregator(options);
  const parser = new SlowLogParser({ event: agg.add, malformed: agg.malformed });
  const feeder = new LineFeeder(parser);
  for await (const chunk of input as AsyncIterable<string | Buffer | Uint8Array>) {
    feeder.write(
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }
  feeder.end();
  return agg.result();
}

/** Digest a slow log already in memory (tests, small inputs). */
export function digestText(text: string, options: DigestOptions = {}): DigestResult {
  const agg = new DigestAggregator(options);
  const feeder = new LineFeeder(new SlowLogParser({ event: agg.add, malformed: agg.malformed }));
  feeder.write(Buffer.from(text, 'utf8'));
  feeder.end();
  return agg.result();
}

/**
 * Digest CloudWatch Logs events of an Aurora MySQL slow-query log group: each message is one slow-log
 * entry, often without `# Time:`; entries without their own time take the event's timestamp (ms).
 */
export function digestCloudWatchEvents(events: Iterable<{ timestamp: number; message: string }>, options: DigestOptions = {}): DigestResult {
  const agg = new DigestAggregator(options);
  const parser = new SlowLogParser({ event: agg.add, malformed: agg.malformed }, NaN, false);
  for (const ev of events) {
    parser.defaultTs = ev.timestamp;
    const feeder = new LineFeeder(parser);
    feeder.write(Buffer.from(ev.message, 'utf8'));
    feeder.end();
  }
  return agg.result();
}
