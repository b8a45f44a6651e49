/**
 * Orchestrates a review: split → tokenize → parse (worker thread) → static rules → (optional) schema
 * checks → EXPLAIN. Pure except through the live session (guard.ts, the one choke point to a server).
 */
import { systemClock } from '../core/clock';
import { userMessage } from '../core/errors';
import { inputTooLarge } from '../core/limits';
import { severityRank, worstSeverity } from '../core/severity';
import { parseCreateTable } from './ddl';
import { ReviewSession, type LiveConnection } from './guard';
import { parserRefusal, parseSql, type ParseOutcome } from './parse';
import { parseInWorker } from './parse-pool';
import { RULES } from './rules/index';
import { makeContext, type RuleContext } from './rules/rule';
import { checkSchema, SchemaReader } from './schema';
import { checkTypedPredicates } from './schema-predicates';
import { splitStatements } from './split';
import { statementType } from './statement';
import { codeTokens, tokenize, type Token } from './tokens';
import { DEFAULT_LIMITS, type Finding, type ReviewLimits, type ReviewResult, type StatementResult } from './types';
import { DEFAULT_CONFIG, type ReviewConfig } from './config';
import { applyOverrides, reviewExtras } from './review-extras';

export interface LiveTarget {
  /** Opens a connection to the target; called twice (the review connection and its watchdog). */
  connect: () => Promise<LiveConnection>;
  /** Default database for unqualified table names (from the URL or the target config). */
  database?: string;
  /** Target name shown in the answer. */
  target?: string;
}

export interface ReviewOptions {
  limits?: Partial<ReviewLimits>;
  live?: LiveTarget;
  /** Epoch ms after which no further EXPLAIN is started (the rest are reported as not explained). */
  deadline?: number;
  /** Thresholds and rule overrides (`.dbassist.json`, CLI flags). */
  config?: ReviewConfig;
}

export interface Prepared {
  result: StatementResult;
  tokens: Token[];
}

const AST_RULES = RULES.filter((r) => r.needsAst).map((r) => r.id);

/** Beyond these a statement is not analysed (hostile or generated input must not stall the bot). */
export const COMPLEXITY = { maxDepth: 40, maxTokens: 150_000 } as const;

export interface Lexed {
  all: Token[];
  tokens: Token[];
  tooComplex?: string;
}

export interface StatementOptions {
  /** The statement's tokens when the caller has them already. */
  lexed?: Lexed;
  /** Thresholds and rule overrides. */
  config?: ReviewConfig;
  /** Column of the statement's first character on its first line (for findings' positions). */
  column?: number;
}

/** Tokens of one statement, and why it is too complex to analyse (if it is). */
export function lex(sql: string): Lexed {
  const all = tokenize(sql);
  const tokens = codeTokens(all);
  let depth = 0;
  for (const t of tokens) if (t.depth > depth) depth = t.depth;
  if (depth > COMPLEXITY.maxDepth) return { all, tokens, tooComplex: `parentheses nested ${depth} levels deep (limit ${COMPLEXITY.maxDepth})` };
  if (tokens.length > COMPLEXITY.maxTokens)
    return { all, tokens, tooComplex: `${tokens.length.toLocaleString('en-US')} tokens (limit ${COMPLEXITY.maxTokens.toLocaleString('en-US')})` };
  return { all, tokens };
}

/**
 * Static review of one statement. `parsed` is the parser's outcome (reviewScript parses in a worker
 * thread); without it the statement is parsed here, in the calling thread — for tests and single
 * trusted statements only, and never for shapes the parser is known to choke on.
 */
export function reviewStatement(sql: string, index: number, line = 1, parsed?: ParseOutcome, options: StatementOptions = {}): Prepared {
  const { all, tokens, tooComplex } = options.lexed ?? lex(sql);
  const config = options.config ?? DEFAULT_CONFIG;
  const column = options.column ?? 1;
  const type = statementType(tokens);
  if (tooComplex) {
    const finding: Finding = {
      rule: 'too-complex-to-review',
      severity: 'medium',
      message: `Not reviewed in detail: ${tooComplex}`,
      source: 'static',
      why: 'Very large or deeply nested statements are not analysed, parsed or explained, so that one paste cannot stall the reviewer. Split or simplify it.',
    };
    return { result: { index, sql, line, type, parsed: false, findings: [finding], plan: null, error: `not explained: ${tooComplex}` }, tokens: [] };
  }
  if (!parsed) {
    const refusal = parserRefusal(sql, tokens);
    parsed = refusal ? { ok: false, error: refusal } : parseSql(sql);
  }
  const ctx: RuleContext = makeContext(sql, all, tokens, type, parsed.ok ? parsed.ast : null, config.thresholds, parsed.ok ? undefined : parsed.error);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if ((rule.needsAst && !parsed.ok) || config.rules[rule.id] === 'off') continue;
    let hits;
    try {
      hits = rule.check(ctx);
    } catch {
      // A rule bug must not hide the other findings; the statement is then reported as partly checked.
      findings.push({ rule: 'rule-error', severity: 'info', message: `Rule ${rule.id} could not check this statement`, source: 'static' });
      continue;
    }
    for (const h of hits) {
      const f: Finding = {
        rule: rule.id,
        severity: h.severity ?? rule.severity,
        message: h.detail ? `${rule.message}: ${h.detail}` : rule.message,
        source: 'static',
        why: rule.why,
      };
      if (h.line !== undefined) f.line = line + h.line - 1;
      if (h.column !== undefined) f.column = h.line === 1 ? column + h.column - 1 : h.column;
      findings.push(f);
    }
  }
  if (!parsed.ok && !findings.some((f) => f.rule === 'syntax-error')) {
    findings.push({
      rule: 'partly-checked',
      severity: 'info',
      message: `Only partly checked: the SQL parser could not read this statement (${parsed.error}); token-level rules ran, ${AST_RULES.join(' and ')} did not`,
      source: 'static',
      why: 'node-sql-parser does not know every MySQL construct (index hints, JSON_TABLE, PARTITION BY, routines…). The token-level rules still cover the risky patterns.',
    });
  }
  return { result: { index, sql, line, type, parsed: parsed.ok, findings, plan: null, error: null }, tokens };
}

/** Lower-case names of the columns added by ALTER TABLE … ADD [COLUMN] before `index` (a rough token scan). */
function addedBefore(prepared: Prepared[], index: number): Set<string> {
  const out = new Set<string>();
  for (const p of prepared.slice(0, index)) {
    if (p.result.type !== 'alter_table') continue;
    for (const m of p.result.sql.matchAll(/\bADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?[`"]?([\w$]+)/gi)) out.add(m[1]!.toLowerCase());
  }
  return out;
}

/** `t.col` or `db.t.col` → `col`, lower-case. */
const lastPart = (name: string) => (name.split('.').at(-1) ?? name).toLowerCase();

/** Lower-case names of the tables created by statements before `index`. */
function createdBefore(prepared: Prepared[], index: number): Set<string> {
  const out = new Set<string>();
  for (const p of prepared.slice(0, index)) {
    if (p.result.type !== 'create_table') continue;
    const ct = parseCreateTable(p.tokens);
    if (ct) out.add(ct.table.name.toLowerCase());
  }
  return out;
}

function rank(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => severityRank(b[0].severity) - severityRank(a[0].severity) || a[1] - b[1])
    .map(([f]) => f);
}

function summarise(statements: StatementResult[]): ReviewResult['summary'] {
  const all = statements.flatMap((s) => s.findings);
  return { statements: statements.length, findings: all.length, worst: worstSeverity(all.map((f) => f.severity)) ?? 'none' };
}

export async function reviewScript(script: string, options: ReviewOptions = {}): Promise<ReviewResult> {
  const config = options.config ?? DEFAULT_CONFIG;
  const limits: ReviewLimits = { ...DEFAULT_LIMITS, largeTableRows: config.thresholds['large-table-rows'], ...options.limits };
  const notes: string[] = [];
  const live: ReviewResult['live'] = { schema: false, explain: false };
  if (options.live?.target) live.target = options.live.target;
  const tooLarge = inputTooLarge(script, limits.maxBytes);
  if (tooLarge) {
    notes.push(`Not reviewed: ${tooLarge}`);
    return { statements: [], summary: summarise([]), notes, live };
  }
  let parts = splitStatements(script);
  if (parts.length === 0) notes.push('No SQL statement found.');
  if (parts.length > limits.maxStatements) {
    notes.push(`Only the first ${limits.maxStatements} of ${parts.length} statements were reviewed (limit per request). Review the rest separately.`);
    parts = parts.slice(0, limits.maxStatements);
  }
  const lexed = parts.map((p) => lex(p.sql));
  const refusals = parts.map((p, i) => (lexed[i]!.tooComplex ? undefined : parserRefusal(p.sql, lexed[i]!.tokens)));
  const outcomes = await parseInWorker(
    parts.map((p, i) => (lexed[i]!.tooComplex || refusals[i] ? null : p.sql)),
    { totalMs: limits.parseBudgetMs },
  );
  const prepared = parts.map((p, i) => {
    const refusal = refusals[i];
    // Never the in-thread parser here: a statement the worker did not answer is only partly checked.
    const parsed: ParseOutcome = refusal ? { ok: false, error: refusal } : (outcomes[i] ?? { ok: false, error: 'not parsed' });
    const column = p.offset - script.lastIndexOf('\n', p.offset - 1);
    return reviewStatement(p.sql, i, p.line, parsed, { lexed: lexed[i]!, config, column });
  });

  if (options.live) {
    let session: ReviewSession | undefined;
    try {
      session = await ReviewSession.open(options.live.connect, {
        statementTimeoutMs: limits.statementTimeoutMs,
        killGraceMs: limits.killGraceMs,
        largeTableRows: limits.largeTableRows,
      });
      live.flavor = session.info.flavor;
    } catch (e) {
      notes.push(`Schema and EXPLAIN checks skipped: could not open a safe read-only session (${userMessage(e)}).`);
    }
    if (session) {
      try {
        await liveChecks(session, prepared, options, limits, notes, live);
        // The rules' live extras read the schema through the same session and use the plans it
        // disclosed; nothing of theirs reaches the server any other way.
        await reviewExtras(
          prepared,
          config,
          live.schema && !session.stopped ? { reader: session.reader(), database: options.live.database ?? session.info.database } : undefined,
          notes,
        );
      } finally {
        await session.close();
      }
    } else await reviewExtras(prepared, config, undefined, notes);
  } else {
    notes.push('Static checks only: no database connection, so schema and EXPLAIN checks were skipped.');
    await reviewExtras(prepared, config, undefined, notes);
  }
  for (const p of prepared) p.result.findings = rank(applyOverrides(p.result.findings, config));
  const statements = prepared.map((p) => p.result);
  return { statements, summary: summarise(statements), notes, live };
}

/** Schema checks and EXPLAIN through the guarded session. */
async function liveChecks(
  session: ReviewSession,
  prepared: Prepared[],
  options: ReviewOptions,
  limits: ReviewLimits,
  notes: string[],
  live: ReviewResult['live'],
): Promise<void> {
  const database = options.live?.database ?? session.info.database;
  const add = (i: number, f: Omit<Finding, 'source'>) => prepared[i]?.result.findings.push({ ...f, source: 'schema' });
  try {
    const schemaStatements = prepared.map((p) => ({ index: p.result.index, type: p.result.type, tokens: p.tokens }));
    notes.push(...(await checkSchema(new SchemaReader(session.reader(), database), schemaStatements, limits.largeTableRows, add)));
    await checkTypedPredicates(new SchemaReader(session.reader(), database), schemaStatements, add);
    live.schema = true;
  } catch (e) {
    notes.push(`Schema checks failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  live.explain = !session.stopped;
  for (const p of prepared) {
    const r = p.result;
    if (!['select', 'update', 'delete', 'insert', 'replace'].includes(r.type) || r.error) continue;
    if (options.deadline !== undefined && systemClock.now() >= options.deadline) {
      r.error = 'not explained: the time for this request ran out before this statement';
      continue;
    }
    const out = await session.explain(r.sql);
    r.plan = out.plan;
    r.error = out.error;
    const missing = /\(1146\) Table '(?:[^'.]*\.)?([^']+)' doesn't exist/.exec(out.error ?? '')?.[1];
    const unknownColumn = /\(1054\) Unknown column '([^']+)'(?: in '([^']+)')?/.exec(out.error ?? '');
    if (missing && createdBefore(prepared, r.index).has(missing.toLowerCase())) {
      r.error = `not explained: table ${missing} is created earlier in this script and does not exist on the server yet`;
    } else if (missing) {
      // The statement would fail on the server: a finding, so --fail-on and the worst severity see it.
      add(r.index, {
        rule: 'schema-table-missing',
        severity: 'high',
        message: `Table ${missing} does not exist`,
        why: 'The statement fails (1146). Check the name and the target database.',
      });
    } else if (unknownColumn && addedBefore(prepared, r.index).has(lastPart(unknownColumn[1]!))) {
      r.error = `not explained: column ${unknownColumn[1]} is added earlier in this script and does not exist on the server yet`;
    } else if (unknownColumn) {
      add(r.index, {
        rule: 'schema-column-missing',
        severity: 'high',
        message: `Unknown column ${unknownColumn[1]}${unknownColumn[2] ? ` in ${unknownColumn[2]}` : ''}`,
        why: 'The statement fails (1054). Check the column name and which table it belongs to.',
      });
    }
    if (out.planNote) r.planNote = out.planNote;
    r.findings.push(...out.findings);
  }
  const stop = session.stopped;
  if (stop)
    notes.push(
      `Live checks stopped: ${stop.reason}.${stop.threadStillRunning ? ' The server may still be busy with it; it was killed and will end on its own.' : ''} Later statements were not explained.`,
    );
}
