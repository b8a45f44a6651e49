/**
 * Orchestrates a review: split → tokenize → parse → static rules → (optional) schema checks → EXPLAIN.
 * Pure except through the `live` connection handed in, which only schema.ts and explain.ts use.
 */
import { systemClock } from '../core/clock';
import { performance } from 'node:perf_hooks';
import { severityRank, worstSeverity } from '../core/severity';
import { explainStatement, prepareSession, type Queryable, type SessionInfo } from './explain';
import { parseCreateTable } from './ddl';
import { parseSql } from './parse';
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
  conn: Queryable;
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
export const COMPLEXITY = { maxDepth: 40, maxTokens: 150_000, maxParseChars: 32_768 } as const;

/** Shared across one review: the parser is skipped once this many ms were spent in it. */
export interface ParseBudget {
  remainingMs: number;
}

/** Static review of one statement. */
export function reviewStatement(
  sql: string,
  index: number,
  line = 1,
  budget: ParseBudget = { remainingMs: Infinity },
  config: ReviewConfig = DEFAULT_CONFIG,
  column = 1,
): Prepared {
  const all = tokenize(sql);
  const tokens = codeTokens(all);
  const type = statementType(tokens);
  let depth = 0;
  for (const t of tokens) if (t.depth > depth) depth = t.depth;
  if (depth > COMPLEXITY.maxDepth || tokens.length > COMPLEXITY.maxTokens) {
    const what =
      depth > COMPLEXITY.maxDepth
        ? `parentheses nested ${depth} levels deep (limit ${COMPLEXITY.maxDepth})`
        : `${tokens.length.toLocaleString('en-US')} tokens (limit ${COMPLEXITY.maxTokens.toLocaleString('en-US')})`;
    const finding: Finding = {
      rule: 'too-complex-to-review',
      severity: 'medium',
      message: `Not reviewed in detail: ${what}`,
      source: 'static',
      why: 'Very large or deeply nested statements are not analysed, parsed or explained, so that one paste cannot stall the reviewer. Split or simplify it.',
    };
    return { result: { index, sql, line, type, parsed: false, findings: [finding], plan: null, error: `not explained: ${what}` }, tokens: [] };
  }
  let parsed: ReturnType<typeof parseSql>;
  if (sql.length > COMPLEXITY.maxParseChars)
    parsed = { ok: false, error: `statement longer than ${COMPLEXITY.maxParseChars / 1024} KB is not given to the parser` };
  else if (budget.remainingMs <= 0) parsed = { ok: false, error: 'parser time budget for this request used up' };
  else {
    const t0 = performance.now();
    parsed = parseSql(sql);
    budget.remainingMs -= performance.now() - t0;
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
  const bytes = Buffer.byteLength(script, 'utf8');
  if (bytes > limits.maxBytes) {
    notes.push(
      `Not reviewed: the SQL is ${Math.ceil(bytes / 1024)} KB, over the ${Math.floor(limits.maxBytes / 1024)} KB limit per request. Split the script into smaller parts.`,
    );
    return { statements: [], summary: summarise([]), notes, live };
  }
  let parts = splitStatements(script);
  if (parts.length === 0) notes.push('No SQL statement found.');
  if (parts.length > limits.maxStatements) {
    notes.push(`Only the first ${limits.maxStatements} of ${parts.length} statements were reviewed (limit per request). Review the rest separately.`);
    parts = parts.slice(0, limits.maxStatements);
  }
  const budget: ParseBudget = { remainingMs: limits.parseBudgetMs };
  const prepared = parts.map((p, i) => reviewStatement(p.sql, i, p.line, budget, config, p.offset - script.lastIndexOf('\n', p.offset - 1)));

  if (options.live) {
    const { conn } = options.live;
    let session: SessionInfo | undefined;
    try {
      session = await prepareSession(conn, limits.statementTimeoutMs);
      live.flavor = session.flavor;
      if (!session.timeLimit) notes.push('The server has no statement time limit variable; EXPLAIN ran without one.');
    } catch (e) {
      notes.push(`Schema and EXPLAIN checks skipped: could not prepare a read-only session (${e instanceof Error ? e.message : String(e)}).`);
    }
    if (session) {
      const add = (i: number, f: Omit<Finding, 'source'>) => prepared[i]?.result.findings.push({ ...f, source: 'schema' });
      try {
        const reader = new SchemaReader(conn, options.live.database);
        const schemaStatements = prepared.map((p) => ({ index: p.result.index, type: p.result.type, tokens: p.tokens }));
        notes.push(...(await checkSchema(reader, schemaStatements, limits.largeTableRows, add)));
        await checkTypedPredicates(new SchemaReader(conn, options.live.database), schemaStatements, add);
        live.schema = true;
      } catch (e) {
        notes.push(`Schema checks failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      live.explain = true;
      for (const p of prepared) {
        const r = p.result;
        if (!['select', 'update', 'delete', 'insert', 'replace'].includes(r.type) || r.error) continue;
        if (options.deadline !== undefined && systemClock.now() >= options.deadline) {
          r.error = 'not explained: the time for this request ran out before this statement';
          continue;
        }
        const out = await explainStatement(conn, r.sql, { largeRows: limits.largeTableRows });
        r.plan = out.plan;
        r.error = out.error;
        const missing = /\(1146\) Table '(?:[^'.]*\.)?([^']+)' doesn't exist/.exec(out.error ?? '')?.[1];
        if (missing && createdBefore(prepared, r.index).has(missing.toLowerCase())) {
          r.error = `not explained: table ${missing} is created earlier in this script and does not exist on the server yet`;
        }
        if (out.planNote) r.planNote = out.planNote;
        r.findings.push(...out.findings);
      }
    }
  } else {
    notes.push('Static checks only: no database connection, so schema and EXPLAIN checks were skipped.');
  }
  await reviewExtras(prepared, config, options.live && live.schema ? { conn: options.live.conn, database: options.live.database } : undefined, notes);
  for (const p of prepared) p.result.findings = rank(applyOverrides(p.result.findings, config));
  const statements = prepared.map((p) => p.result);
  return { statements, summary: summarise(statements), notes, live };
}
