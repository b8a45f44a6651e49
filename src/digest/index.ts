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

/**
 * Splits bytes arriving in arbitrary chunks into lines (without `\n`) and hands them to the parser. A line
 * cut by a chunk boundary is carried over (UTF-8 sequences therefore never split: lines end at `\n`).
 */
export class LineFeeder {
  private carry: Buffer | null = null;

  constructor(private readonly parser: SlowLogParser) {}

  write(chunk: Buffer): void {
    const n = chunk.length;
    let from = 0;
    if (this.carry) {
      let i = 0;
      while (i < n && chunk[i] !== 10) i++;
      if (i === n) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, i)]);
      this.carry = null;
      this.parser.lineBytes(line, 0, line.length);
      from = i + 1;
    }
    const p = this.parser;
    let nl = chunk.indexOf(10, from);
    while (nl >= 0) {
      p.lineBytes(chunk, from, nl);
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    if (from < n) this.carry = Buffer.from(chunk.subarray(from, n));
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.parser.lineBytes(this.carry, 0, this.carry.length);
    this.carry = null;
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
    feeder.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
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
export function digestCloudWatchEvents(
  events: Iterable<{ timestamp: number; message: string }>,
  options: DigestOptions = {},
): DigestResult {
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
