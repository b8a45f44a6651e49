/** A CliIo for tests: captured stdout/stderr, a given cwd, env and stdin. */
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io';

export function testIo(
  cwd: string,
  env: Record<string, string> = {},
  stdin: NodeJS.ReadableStream = Readable.from([]),
): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin, env, cwd, out: () => out, err: () => err };
}
