/**
 * The full review as one standalone Markdown document: summary table, then per file and statement the
 * SQL, findings (with why-and-fix), plan and index advice. Pure and complete, so it can be published
 * as a report page when a Slack answer is too long, or written by `--format markdown`.
 */
import { withoutLeadingComments } from '../tokens';
import type { BatchSummary, FileReview } from './batch';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fence = (sql: string) => {
  const ticks = /`{3,}/.test(sql) ? '~~~~' : '```';
  return `${ticks}sql\n${sql}\n${ticks}`;
};

export function reviewMarkdown(files: readonly FileReview[], summary: BatchSummary): string {
  const out: string[] = ['# SQL review', ''];
  out.push(
    `${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.statements} statements, ${summary.findings} findings, worst: **${summary.worst}**; ${summary.failedFiles} file(s) with findings at or above ${summary.failOn}.`,
    '',
  );
  out.push('| file | statements | findings | worst | result |', '|---|---:|---:|---|---|');
  for (const f of summary.perFile) out.push(`| ${cell(f.file)} | ${f.statements} | ${f.findings} | ${f.worst} | ${f.pass ? 'pass' : 'FAIL'} |`);
  for (const { file, result } of files) {
    out.push('', `## ${file === '-' ? 'stdin' : file}`, '');
    for (const n of result.notes) out.push(`> ${n}`);
    for (const s of result.statements) {
      out.push('', `### #${s.index + 1} · line ${s.line} · ${s.type}${s.parsed ? '' : ' · partly checked'}`, '', fence(withoutLeadingComments(s.sql)), '');
      if (s.findings.length === 0) out.push('No findings.');
      for (const f of s.findings)
        out.push(
          `- **${f.severity}** \`${f.rule}\` (${f.source}${f.line !== undefined ? `, line ${f.line}${f.column !== undefined ? ` col ${f.column}` : ''}` : ''}): ${f.message}${f.why ? `  \n  ${f.why}` : ''}`,
        );
      if (s.plan?.length) {
        out.push('', s.planNote ? `Plan (${s.planNote}):` : 'Plan:', '', '| table | type | key | rows | extra |', '|---|---|---|---:|---|');
        for (const p of s.plan) out.push(`| ${cell(p.table ?? '-')} | ${p.type ?? '-'} | ${cell(p.key ?? '-')} | ${p.rows ?? '-'} | ${cell(p.extra ?? '')} |`);
      }
      if (s.error) out.push('', `_Not explained: ${s.error}_`);
    }
  }
  return `${out.join('\n')}\n`;
}
