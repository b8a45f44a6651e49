/** `dbassist digest FILE|-`: the slow-query digest of a MySQL / Aurora MySQL / MariaDB slow log. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { digestStream } from '../../digest/index';
import { renderDigestText } from '../../digest/text-report';
import type { DigestOrder } from '../../digest/types';
import { formatOption, parseArgs, type ParsedArgs } from '../args';
import { CliRuntimeError, CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

const ORDERS: readonly DigestOrder[] = ['total', 'calls', 'rows-examined'];
/** Text shows the top 20 classes unless --top says otherwise; JSON lists every class unless --top is given. */
const DEFAULT_TEXT_TOP = 20;

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

function timeOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  if (Number.isNaN(Date.parse(v))) throw new CliUsageError(`--${name} must be an ISO-8601 time (e.g. 2024-05-01T00:00:00Z), not ${v}`);
  return v;
}

export const command: CliCommand = {
  usage: 'digest FILE|- [--format json|text] [--top N] [--order-by total|calls|rows-examined] [--since ISO] [--until ISO]',
  summary: 'slow-query digest: query classes of a slow log ranked like pt-query-digest (- reads stdin)',
  run: async (argv, io) => {
    const args = parseArgs(argv, { values: ['format', 'top', 'order-by', 'since', 'until'] });
    const format = formatOption(args);
    const top = topOption(args);
    const orderBy = orderOption(args);
    const since = timeOption(args, 'since');
    const until = timeOption(args, 'until');
    if (since && until && Date.parse(since) > Date.parse(until)) throw new CliUsageError('--since is after --until');
    if (args.positional.length !== 1)
      throw new CliUsageError(args.positional.length === 0 ? 'give a slow log FILE, or - for stdin' : 'give exactly one slow log FILE');
    const file = args.positional[0]!;

    let input: NodeJS.ReadableStream;
    if (file === '-') {
      input = io.stdin;
    } else {
      const path = resolve(io.cwd, file);
      try {
        const s = await stat(path);
        if (s.isDirectory()) throw new CliRuntimeError(`${file} is a directory, not a slow log`);
      } catch (e) {
        if (e instanceof CliRuntimeError) throw e;
        throw new CliRuntimeError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      input = createReadStream(path, { highWaterMark: 1 << 20 });
    }

    let result;
    try {
      result = await digestStream(input, { orderBy, top: top ?? (format === 'text' ? DEFAULT_TEXT_TOP : undefined), since, until });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliRuntimeError(`cannot read ${file}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
    }
    io.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderDigestText(result));
    if (result.totals.malformed > 0) {
      io.stderr.write(`dbassist digest: ${result.totals.malformed} malformed entr${result.totals.malformed === 1 ? 'y' : 'ies'} skipped\n`);
    }
    return EXIT.ok;
  },
};
