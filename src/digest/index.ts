/**
 * The slow-query digest: slow log (file, stream or CloudWatch Logs events) → query classes.
 * Pure and streaming: input is read chunk by chunk; memory is bounded by the number of classes.
 */
import { StringDecoder } from 'node:string_decoder';
import { DigestAggregator, type AggregateOptions } from './aggregate';
import { SlowLogParser } from './slowlog-parser';
import type { DigestResult } from './types';

export type DigestOptions = AggregateOptions;
export type { DigestClass, DigestOrder, DigestResult, DigestTotals } from './types';
export type { SlowEvent } from './event';
export { classId, fingerprint } from './fingerprint';
export { DigestAggregator } from './aggregate';
export { SlowLogParser } from './slowlog-parser';

/** Splits text arriving in arbitrary pieces into lines (without `\n`) and hands them to the parser. */
export class LineFeeder {
  private rest = '';

  constructor(private readonly parser: SlowLogParser) {}

  write(text: string): void {
    const s = this.rest.length > 0 ? this.rest + text : text;
    let from = 0;
    let nl = s.indexOf('\n');
    while (nl >= 0) {
      this.parser.line(s.slice(from, nl));
      from = nl + 1;
      nl = s.indexOf('\n', from);
    }
    this.rest = from === 0 ? s : s.slice(from);
  }

  end(): void {
    if (this.rest.length > 0) this.parser.line(this.rest);
    this.rest = '';
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
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input as AsyncIterable<string | Buffer | Uint8Array>) {
    feeder.write(typeof chunk === 'string' ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  }
  feeder.write(decoder.end());
  feeder.end();
  return agg.result();
}

/** Digest a slow log already in memory (tests, small inputs). */
export function digestText(text: string, options: DigestOptions = {}): DigestResult {
  const agg = new DigestAggregator(options);
  const feeder = new LineFeeder(new SlowLogParser({ event: agg.add, malformed: agg.malformed }));
  feeder.write(text);
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
    feeder.write(ev.message);
    feeder.end();
  }
  return agg.result();
}
