/** The review result as the AI module's input: findings, plan highlights and the SQL (masked by the AI module). */
import type { ReviewExplainInput } from '../ai/inputs';
import type { ReviewResult } from '../review/types';

export function reviewExplainInput(result: ReviewResult): ReviewExplainInput {
  return {
    summary: `${result.summary.statements} statements, ${result.summary.findings} findings, worst ${result.summary.worst}`,
    statements: result.statements
      .filter((s) => s.findings.length > 0)
      .map((s) => ({
        index: s.index + 1,
        type: s.type,
        sql: s.sql,
        findings: s.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
        planHighlights: (s.plan ?? [])
          .filter((p) => p.type === 'ALL' || /filesort|temporary|join buffer|Range checked/i.test(p.extra ?? ''))
          .map(
            (p) =>
              `${p.type === 'ALL' ? 'full scan' : (p.type ?? 'access')} on ${p.table ?? '?'}${p.rows !== null ? ` (≈${p.rows} rows)` : ''}${p.extra ? `; ${p.extra}` : ''}`,
          ),
      })),
  };
}
