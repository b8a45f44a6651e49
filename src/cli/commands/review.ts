/**
 * `dbassist review [FILE|DIR|GLOB|-]... [--db URL] [--scratch-db URL [--sample-rows N]]
 *  [--format text|json|sarif|junit|markdown] [--fail-on SEVERITY] [--config FILE] [--<threshold> V] [--rule ID=off|SEVERITY]`
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ReviewConnectionError, runReview, type ReviewRequest } from '../../jobs/review';
import { ConfigError, configLayerFromFile, resolveConfig, THRESHOLD_NAMES, type ConfigLayer, type ReviewConfig } from '../../review/config';
import { batchSummary, type BatchSummary, type FileReview } from '../../review/format/batch';
import { reviewJunit } from '../../review/format/junit';
import { reviewMarkdown } from '../../review/format/markdown';
import { reviewSarif } from '../../review/format/sarif';
import { RULES } from '../../review/rules/index';
import { SCRIPT_RULES } from '../../review/rules/script';
import { LIVE_RULE_IDS } from '../../review/schema-extras';
import { ScratchRefused } from '../../review/scratch';
import { withoutLeadingComments } from '../../review/tokens';
import type { ReviewResult } from '../../review/types';
import { failOnOption, parseArgs } from '../args';
import { expandInputs, InputError } from '../review-inputs';
import { fileError } from '../file-errors';
import { type CliIo, CliRuntimeError, CliUsageError, EXIT } from '../io';
import { noteTerminalInput, stdinOrUsage } from '../terminal';
import type { CliCommand } from './index';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
type ReviewFormat = (typeof FORMATS)[number];
const VERSION = '0.1.0';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON contract of issue 3 (plus `notes` and `live`; findings carry line/column when they point at one place). */
export function reviewJson(result: ReviewResult): unknown {
  return {
    statements: result.statements.map((s) => ({
      index: s.index,
      sql: s.sql,
      type: s.type,
      parsed: s.parsed,
      findings: s.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        source: f.source,
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.column !== undefined ? { column: f.column } : {}),
      })),
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
    for (const f of s.findings)
      lines.push(
        `  [${f.severity}] ${f.rule} (${f.source}${f.line !== undefined ? `, line ${f.line}${f.column !== undefined ? ` col ${f.column}` : ''}` : ''}): ${f.message}`,
      );
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

function summaryText(summary: BatchSummary): string {
  const w = Math.max(4, ...summary.perFile.map((f) => f.file.length));
  const lines = [
    '',
    `Summary: ${summary.files} files, ${summary.statements} statements, ${summary.findings} findings, worst: ${summary.worst}; ${summary.failedFiles} failed (fail on ${summary.failOn})`,
  ];
  lines.push(`  ${'file'.padEnd(w)}  statements  findings  worst     result`);
  for (const f of summary.perFile)
    lines.push(
      `  ${f.file.padEnd(w)}  ${String(f.statements).padStart(10)}  ${String(f.findings).padStart(8)}  ${f.worst.padEnd(8)}  ${f.pass ? 'pass' : 'FAIL'}`,
    );
  return `${lines.join('\n')}\n`;
}

/** `.dbassist.json` given with --config, else the first one found from the working directory upwards. */
async function fileLayer(io: CliIo, path: string | undefined): Promise<ConfigLayer> {
  let file = path ? resolve(io.cwd, path) : undefined;
  if (!file) {
    for (let dir = io.cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.dbassist.json'))) {
        file = join(dir, '.dbassist.json');
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  if (!file) return {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fileError(path ?? file, e, 'JSON file');
  }
  try {
    return configLayerFromFile(JSON.parse(text), path ?? '.dbassist.json');
  } catch (e) {
    throw new CliUsageError(e instanceof ConfigError ? e.message : `${path ?? '.dbassist.json'}: invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Pulls the repeatable `--rule ID=VALUE` options out of argv. */
function takeRuleOptions(argv: string[]): { rest: string[]; rules: Record<string, string> } {
  const rest: string[] = [];
  const rules: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a === '--rule' ? argv[++i] : a.startsWith('--rule=') ? a.slice(7) : undefined;
    if (v === undefined && (a === '--rule' || a.startsWith('--rule='))) throw new CliUsageError('--rule needs ID=off or ID=SEVERITY');
    if (v === undefined) {
      rest.push(a);
      continue;
    }
    const eq = v.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--rule ${v}: expected ID=off or ID=SEVERITY`);
    rules[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return { rest, rules };
}

export const KNOWN_RULES: ReadonlySet<string> = new Set([...RULES.map((r) => r.id), ...SCRIPT_RULES.map((r) => r.id), ...LIVE_RULE_IDS]);

export const command: CliCommand = {
  run: async (argv: string[], io: CliIo) => {
    const { rest, rules } = takeRuleOptions(argv);
    const args = parseArgs(rest, { values: ['db', 'format', 'fail-on', 'config', 'scratch-db', 'sample-rows', ...THRESHOLD_NAMES] });
    const format = (args.get('format') ?? 'text') as ReviewFormat;
    if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}, not ${format}`);
    const failOn = failOnOption(args);
    const thresholds: Record<string, string> = {};
    for (const n of THRESHOLD_NAMES) if (args.has(n)) thresholds[n] = args.get(n)!;
    let config: ReviewConfig;
    try {
      config = resolveConfig([await fileLayer(io, args.get('config')), { thresholds, rules }], KNOWN_RULES);
    } catch (e) {
      if (e instanceof ConfigError) throw new CliUsageError(e.message);
      throw e;
    }
    const url = args.get('db');
    if (url !== undefined && !/^mysql:\/\//.test(url)) throw new CliUsageError('--db must be a mysql:// URL, e.g. mysql://user:pass@host:3306/game');
    const scratchUrl = args.get('scratch-db');
    if (scratchUrl !== undefined && !/^mysql:\/\//.test(scratchUrl)) throw new CliUsageError('--scratch-db must be a mysql:// URL of a throwaway schema');
    if (scratchUrl !== undefined && url === undefined) throw new CliUsageError('--scratch-db verifies index advice for the --db target: give --db too');
    const sampleRows = args.get('sample-rows');
    if (sampleRows !== undefined && !/^\d+$/.test(sampleRows)) throw new CliUsageError('--sample-rows must be a whole number');
    // Bare `review` at a terminal would wait for typed SQL without a word: it asks for input instead.
    if (args.positional.length === 0) stdinOrUsage(io, 'a .sql FILE, a DIR or a quoted GLOB');
    let files: string[];
    try {
      files = await expandInputs(io.cwd, args.positional);
    } catch (e) {
      if (e instanceof InputError) throw new CliUsageError(e.message);
      throw e;
    }
    if (files.filter((f) => f === '-').length > 1) throw new CliUsageError('stdin (-) can be given only once');
    const reviews: FileReview[] = [];
    for (const file of files) {
      let sql: string;
      try {
        if (file === '-') noteTerminalInput(io, 'review');
        sql = file === '-' ? await readStdin(io.stdin) : await readFile(resolve(io.cwd, file), 'utf8');
      } catch (e) {
        throw fileError(file, e, 'SQL file');
      }
      const request: ReviewRequest = { sql, config };
      if (url) request.db = { url };
      if (scratchUrl) request.scratch = { url: scratchUrl, sampleRows: sampleRows === undefined ? 0 : Number(sampleRows) };
      try {
        reviews.push({ file, result: await runReview(request) });
      } catch (e) {
        if (e instanceof ReviewConnectionError) throw new CliRuntimeError(`${e.message} (use --db with a reachable server, or omit it for static checks only)`);
        if (e instanceof ScratchRefused) throw new CliUsageError(e.message);
        throw e;
      }
    }
    const summary = batchSummary(reviews, failOn ?? 'high');
    const single = reviews.length === 1;
    if (format === 'json') {
      const doc = single ? reviewJson(reviews[0]!.result) : { files: reviews.map((r) => ({ file: r.file, ...(reviewJson(r.result) as object) })), summary };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (format === 'sarif') io.stdout.write(`${JSON.stringify(reviewSarif(reviews, VERSION), null, 2)}\n`);
    else if (format === 'junit') io.stdout.write(reviewJunit(reviews, failOn ?? 'high'));
    else if (format === 'markdown') io.stdout.write(reviewMarkdown(reviews, summary));
    else if (single) io.stdout.write(reviewText(reviews[0]!.result));
    else {
      for (const r of reviews) io.stdout.write(`== ${r.file}\n${reviewText(r.result)}\n`);
      io.stdout.write(summaryText(summary));
    }
    if (failOn && summary.failedFiles > 0) return EXIT.findings;
    return EXIT.ok;
  },
};
