/**
 * What the orchestrator runs after the per-statement rules: script-level rules, the server's own
 * syntax verdict from EXPLAIN (error 1064), the live-schema extras (schema-extras.ts) and the rule
 * overrides of the review config. Kept apart from review.ts so the orchestrator stays small. The live
 * extras see the target only through the review session: its information_schema reader and the plans
 * it disclosed (docs/safety.md).
 */
import { userMessage } from '../core/errors';
import type { Queryable } from './explain';
import type { ReviewConfig } from './config';
import type { Prepared } from './review';
import { SCRIPT_RULES } from './rules/script';
import { liveExtras } from './schema-extras';
import type { Finding } from './types';

/** The live side of the extras: the guarded session's schema reader (guard.ts), never a raw connection. */
export interface ExtrasLive {
  reader: Queryable;
  database?: string | undefined;
}

export async function reviewExtras(prepared: Prepared[], config: ReviewConfig, live: ExtrasLive | undefined, notes: string[]): Promise<void> {
  const statements = prepared.map((p) => ({ index: p.result.index, type: p.result.type, tokens: p.tokens }));
  for (const rule of SCRIPT_RULES) {
    if (config.rules[rule.id] === 'off') continue;
    for (const h of rule.check(statements)) {
      prepared[h.index]?.result.findings.push({
        rule: rule.id,
        severity: rule.severity,
        message: h.detail ? `${rule.message}: ${h.detail}` : rule.message,
        source: 'static',
        why: rule.why,
      });
    }
  }
  for (const p of prepared) {
    const r = p.result;
    const m = /\(1064\)\s*(.*)$/.exec(r.error ?? '');
    if (m && !r.findings.some((f) => f.rule === 'syntax-error')) {
      r.findings = r.findings.filter((f) => f.rule !== 'partly-checked');
      r.findings.push({
        rule: 'syntax-error',
        severity: 'high',
        message: `Syntax error (the server's parser): ${m[1]}`,
        source: 'explain',
        why: 'MySQL will refuse the statement (error 1064) and a script stops here. Fix the statement at the place shown.',
      });
    }
  }
  if (live) {
    try {
      await liveExtras(live, prepared, config, notes);
    } catch (e) {
      notes.push(`Some live checks failed: ${userMessage(e)}`);
    }
  }
}

/** Applies `rules` overrides of the config to every finding (static, schema and plan alike). */
export function applyOverrides(findings: Finding[], config: ReviewConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const o = config.rules[f.rule];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
