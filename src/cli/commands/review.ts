/** `dbassist review [FILE|-] [--db URL] [--format json|text] [--fail-on SEVERITY]` */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { atLeast } from '../../core/severity';
import { ReviewConnectionError, runReview } from '../../jobs/review';
import { withoutLeadingComments } from '../../review/tokens';
import type { ReviewResult } from '../../review/types';
import { failOnOption, formatOption, parseArgs } from '../args';
import { type CliIo, CliRuntimeError, CliUsageError, EXIT } from '../io';
import type { CliCommand } from './index';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON contract of issue 3 (plus `notes` and `live`). */
export function reviewJson(result: ReviewResult): unknown {
  return {
    statements: result.statements.map((s) => ({
      index: s.index,
      sql: s.sql,
      type: s.type,
      parsed: s.parsed,
      findings: s.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, source: f.source })),
      plan: s.plan,
      ...(s.planNote ? { planNote: s.planNote } : {}),
      error: s.error,
    })),
    summary: result.summary,
    notes: result.notes,
    live: result.live,
  };
}

export function reviewText(result: ReviewResult): string {
  const lines: string[] = [];
  const { summary } = result;
  lines.push(
    `${summary.statements} statement${summary.statements === 1 ? '' : 's'}, ${summary.findings} finding${summary.findings === 1 ? '' : 's'}, worst: ${summary.worst}`,
  );
  for (const n of result.notes) lines.push(`note: ${n}`);
  for (const s of result.statements) {
    const head = withoutLeadingComments(s.sql).replace(/\s+/g, ' ').trim();
    lines.push('', `#${s.index + 1} (line ${s.line}, ${s.type}${s.parsed ? '' : ', partly checked'}) ${head.length > 100 ? `${head.slice(0, 99)}…` : head}`);
    for (const f of s.findings) lines.push(`  [${f.severity}] ${f.rule} (${f.source}): ${f.message}`);
    if (s.plan) {
      if (s.planNote) lines.push(`  plan (${s.planNote}):`);
      for (const p of s.plan)
        lines.push(
          `  plan: ${p.selectType ?? ''} ${p.table ?? '-'} type=${p.type ?? '-'} key=${p.key ?? '-'} rows=${p.rows ?? '-'}${p.extra ? ` (${p.extra})` : ''}`,
        );
    }
    if (s.error) lines.push(`  not explained: ${s.error}`);
  }
  return `${lines.join('\n')}\n`;
}

export const command: CliCommand = {
  usage: 'review [FILE|-] [--db mysql://user:pass@host:port/db] [--format json|text] [--fail-on SEVERITY]',
  summary: 'review SQL statically; with --db also against the live schema and EXPLAIN (read-only)',
  run: async (argv: string[], io: CliIo) => {
    const args = parseArgs(argv, { values: ['db', 'format', 'fail-on'] });
    const format = formatOption(args);
    const failOn = failOnOption(args);
    if (args.positional.length > 1) throw new CliUsageError('review takes one FILE (or - for stdin)');
    const file = args.positional[0] ?? '-';
    let sql: string;
    try {
      sql = file === '-' ? await readStdin(io.stdin) : await readFile(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw new CliRuntimeError(`cannot read ${file}: ${(e as { code?: string }).code ?? String(e)}`);
    }
    const url = args.get('db');
    if (url !== undefined && !/^mysql:\/\//.test(url)) throw new CliUsageError('--db must be a mysql:// URL, e.g. mysql://user:pass@host:3306/game');
    let result: ReviewResult;
    try {
      result = await runReview(url ? { sql, db: { url } } : { sql });
    } catch (e) {
      if (e instanceof ReviewConnectionError) throw new CliRuntimeError(`${e.message} (use --db with a reachable server, or omit it for static checks only)`);
      throw e;
    }
    io.stdout.write(format === 'json' ? `${JSON.stringify(reviewJson(result), null, 2)}\n` : reviewText(result));
    if (failOn && result.statements.some((s) => s.findings.some((f) => atLeast(f.severity, failOn)))) return EXIT.findings;
    return EXIT.ok;
  },
};
