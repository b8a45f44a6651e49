/**
 * `dbassist digest FILE|-`: the slow-query digest of a MySQL / Aurora MySQL / MariaDB slow log. A file
 * is read synchronously into one reused buffer (digestFile); stdin is streamed.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { digestFile, digestStream } from '../../digest/index';
import { parseInstant, parseZone, type Zone } from '../../digest/time-base';
import { renderDigestText } from '../../digest/text-report';
import type { DigestOrder } from '../../digest/types';
import { formatOption, parseArgs, type ParsedArgs } from '../args';
import { CliRuntimeError, CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

const ORDERS: readonly DigestOrder[] = ['total', 'calls', 'rows-examined'];
/** Text shows the top 20 classes unless --top says otherwise; JSON lists every class unless --top is given. */
const DEFAULT_TEXT_TOP = 20;
/**
 * Below this size a digest process lives a few hundred ms, and V8's optimising compiler is a large
 * share of its CPU: without inlining it compiles far less, and the whole process uses ~15% less CPU on
 * a ~60 MB log (bench/digest-real.bench.ts). On much bigger logs the compiled code runs long enough
 * for inlining to pay back (~10% less CPU with it on 250 MB), so it stays on there and for stdin.
 */
const NO_INLINING_BELOW_BYTES = 128 * 1024 * 1024;

function topOption(args: ParsedArgs): number | undefined {
  const v = args.get('top');
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliUsageError(`--top must be a positive whole number, not ${v}`);
  return Number(v);
}

function orderOption(args: ParsedArgs): DigestOrder {
  const v = args.get('order-by') ?? 'total';
  if (!(ORDERS as readonly string[]).includes(v)) throw new CliUsageError(`--order-by must be one of ${ORDERS.join(', ')}, not ${v}`);
  return v as DigestOrder;
}

function zoneOption(args: ParsedArgs): Zone | undefined {
  const v = args.get('tz');
  if (v === undefined) return undefined;
  try {
    return parseZone(v);
  } catch (e) {
    throw new CliUsageError(`--tz: ${(e as Error).message}`);
  }
}

/** --since/--until: an instant in ms; a time without a zone is read in --tz, or UTC. */
function timeOption(args: ParsedArgs, name: string, zone: Zone | undefined): number | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  const ms = parseInstant(v, zone);
  if (Number.isNaN(ms)) throw new CliUsageError(`--${name} must be an ISO-8601 time (e.g. 2024-05-01T00:00:00Z, or 2024-05-01 09:00 in --tz), not ${v}`);
  return ms;
}

export const command: CliCommand = {
  run: async (argv, io) => {
    const args = parseArgs(argv, { values: ['format', 'top', 'order-by', 'since', 'until', 'tz'] });
    const format = formatOption(args);
    const top = topOption(args);
    const orderBy = orderOption(args);
    const zone = zoneOption(args);
    const since = timeOption(args, 'since', zone);
    const until = timeOption(args, 'until', zone);
    if (since !== undefined && until !== undefined && since > until) throw new CliUsageError('--since is after --until');
    if (args.positional.length !== 1)
      throw new CliUsageError(args.positional.length === 0 ? 'give a slow log FILE, or - for stdin' : 'give exactly one slow log FILE');
    const file = args.positional[0]!;

    let path: string | null = null;
    if (file !== '-') {
      path = resolve(io.cwd, file);
      try {
        const s = statSync(path);
        if (s.isDirectory()) throw new CliRuntimeError(`${file} is a directory, not a slow log`);
        // Set before the digest's loops first run, so before any of them is compiled.
        if (s.size < NO_INLINING_BELOW_BYTES) setFlagsFromString('--no-turbo-inlining');
      } catch (e) {
        if (e instanceof CliRuntimeError) throw e;
        throw new CliRuntimeError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
    }

    let result;
    const options = { orderBy, top: top ?? (format === 'text' ? DEFAULT_TEXT_TOP : undefined), since, until, ...(zone ? { zone } : {}) };
    try {
      result = path === null ? await digestStream(io.stdin, options) : digestFile(path, options);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliRuntimeError(`cannot read ${file}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
    }
    io.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderDigestText(result));
    if (result.totals.timeBase?.zoneSource === 'assumed-utc') {
      io.stderr.write("dbassist digest: the log's times are server-local and nothing in it gives their zone: read as UTC (give --tz, e.g. --tz Asia/Seoul)\n");
    }
    if (result.totals.malformed > 0) {
      io.stderr.write(`dbassist digest: ${result.totals.malformed} malformed entr${result.totals.malformed === 1 ? 'y' : 'ies'} skipped\n`);
    }
    return EXIT.ok;
  },
};
