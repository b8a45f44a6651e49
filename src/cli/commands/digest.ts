/**
 * `dbassist digest FILE|-`: the slow-query digest of a MySQL / Aurora MySQL / MariaDB slow log. A file
 * is read synchronously into one reused buffer (digestFile); stdin is streamed. `dbassist digest
 * <instance> <window>` reads the instance's slow log from CloudWatch Logs instead (live/digest.ts,
 * loaded only then).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock } from '../../core/clock';
import { NAME_PATTERN } from '../../core/grammar';
import { parseWindow, WindowError } from '../../core/window';
import { setFlagsFromString } from 'node:v8';
import { digestFile, digestStream } from '../../digest/index';
import { parseInstant, parseZone, type Zone } from '../../digest/time-base';
import { renderDigestText } from '../../digest/text-report';
import type { DigestOrder, DigestResult } from '../../digest/types';
import { AWS_VALUES, awsOptions, formatOption, parseArgs, type ParsedArgs } from '../args';
import { fileError } from '../file-errors';
import { type CliIo, CliUsageError, EXIT } from '../io';
import { progress } from '../progress';
import { noteTerminalInput } from '../terminal';
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

/** A name that can only be an instance: no dot, slash or other file-name sign (slow.log, ./x, x.txt are files). */
const looksLikeInstance = (word: string): boolean => NAME_PATTERN.test(word);

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function writeResult(io: CliIo, result: DigestResult, format: 'json' | 'text', source?: object): void {
  io.stdout.write(format === 'json' ? `${JSON.stringify(source ? { source, ...result } : result, null, 2)}\n` : renderDigestText(result));
  if (result.totals.timeBase?.zoneSource === 'assumed-utc') {
    io.stderr.write("dbassist digest: the log's times are server-local and nothing in it gives their zone: read as UTC (give --tz, e.g. --tz Asia/Seoul)\n");
  }
  if (result.totals.malformed > 0) {
    io.stderr.write(`dbassist digest: ${result.totals.malformed} malformed entr${result.totals.malformed === 1 ? 'y' : 'ies'} skipped\n`);
  }
}

export const command: CliCommand = {
  run: async (argv, io) => {
    const args = parseArgs(argv, { values: ['format', 'top', 'order-by', 'since', 'until', 'tz', ...AWS_VALUES], switches: ['quiet'] });
    const format = formatOption(args);
    const top = topOption(args);
    const orderBy = orderOption(args);
    const zone = zoneOption(args);
    const since = timeOption(args, 'since', zone);
    const until = timeOption(args, 'until', zone);
    const aws = awsOptions(args);
    if (since !== undefined && until !== undefined && since > until) throw new CliUsageError('--since is after --until');
    const options = { orderBy, top: top ?? (format === 'text' ? DEFAULT_TEXT_TOP : undefined), since, until, ...(zone ? { zone } : {}) };
    const [first, ...rest] = args.positional;
    if (first === undefined) throw new CliUsageError('give a slow log FILE, - for stdin, or an instance and a window (dbassist digest gamedb1-1 1h)');

    // Live: an instance and a window (or --profile/--region), when no file of that name is here.
    const path = first === '-' ? null : resolve(io.cwd, first);
    const live = path !== null && (rest.length > 0 || aws.profile !== undefined || aws.region !== undefined) && looksLikeInstance(first) && !exists(path);
    if (live) {
      let window;
      try {
        window = rest.length > 0 ? parseWindow(rest.join(' ')) : parseWindow('1h');
      } catch (e) {
        if (e instanceof WindowError)
          throw new CliUsageError(`${e.message} (an instance takes one window; a file is given alone: give exactly one slow log FILE)`);
        throw e;
      }
      const end = new Date(systemClock.now());
      const p = progress(io, { quiet: args.has('quiet') });
      const { digestLive } = await import('../live/digest');
      let digested: Awaited<ReturnType<typeof digestLive>>;
      try {
        digested = await digestLive({ aws, env: io.env, name: first, window: { start: new Date(end.getTime() - window.ms), end }, options, progress: p });
      } finally {
        p.done();
      }
      const source = {
        instance: digested.instance.instance,
        cluster: digested.instance.cluster,
        region: digested.region,
        logGroup: digested.logGroup,
        window: { start: new Date(end.getTime() - window.ms).toISOString(), end: end.toISOString(), label: window.label },
        events: digested.events,
      };
      if (format === 'text')
        io.stdout.write(
          `${source.instance} (cluster ${source.cluster}, ${source.region}), ${source.logGroup}, last ${window.label}: ${source.events} events\n\n`,
        );
      writeResult(io, digested.result, format, format === 'json' ? source : undefined);
      return EXIT.ok;
    }
    if (rest.length > 0)
      throw new CliUsageError(
        `give exactly one slow log FILE${looksLikeInstance(first) ? ` (${first} is a file here; to digest an instance named so, run from another directory)` : ''}`,
      );

    if (path !== null) {
      let isDirectory: boolean;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch (e) {
        const error = fileError(first, e, 'slow log');
        if (looksLikeInstance(first) && (e as NodeJS.ErrnoException).code === 'ENOENT')
          error.message += ` (for the slow log of instance ${first} in CloudWatch Logs, give a window: dbassist digest ${first} 1h)`;
        throw error;
      }
      if (isDirectory) throw fileError(first, Object.assign(new Error('directory'), { code: 'EISDIR' }), 'slow log');
      // Set before the digest's loops first run, so before any of them is compiled (docs/digest-engine.md).
      if (statSync(path).size < NO_INLINING_BELOW_BYTES) setFlagsFromString('--no-turbo-inlining');
    } else noteTerminalInput(io, 'digest');

    let result: DigestResult;
    const p = progress(io, { quiet: args.has('quiet') });
    try {
      if (path === null) result = await digestStream(io.stdin, options);
      else {
        // The file is read synchronously: the progress line is drawn from the read loop itself.
        const total = statSync(path).size;
        const mb = (n: number) => (n / 1_048_576).toFixed(n < 10_485_760 ? 1 : 0);
        p.step(`digesting ${first}`);
        result = digestFile(path, options, (bytes) => {
          p.detail(`${mb(bytes)} of ${mb(total)} MB`);
          p.tick();
        });
      }
    } catch (e) {
      throw fileError(first, e, 'slow log');
    } finally {
      p.done();
    }
    writeResult(io, result, format);
    return EXIT.ok;
  },
};
