/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the rules that produced results as
 * reportingDescriptors, one result per finding located at its file and statement line (the column of
 * a syntax error). GitHub needs a physical location on every result and a relative URI.
 */
import type { Severity } from '../../core/severity';
import { RULES_BY_ID } from '../rules/index';
import { SCRIPT_RULES } from '../rules/script';
import type { FileReview } from './batch';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub ranks code-scanning alerts by security-severity (0–10). */
const SCORE: Record<Severity, string> = { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0', info: '1.0' };

function uriOf(file: string): string {
  if (file === '-') return 'stdin.sql';
  return file.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

export function reviewSarif(files: readonly FileReview[], version: string): unknown {
  const ruleIds: string[] = [];
  const ruleIndex = new Map<string, number>();
  const rules: unknown[] = [];
  const results: unknown[] = [];
  for (const { file, result } of files) {
    for (const s of result.statements) {
      for (const f of s.findings) {
        if (!ruleIndex.has(f.rule)) {
          ruleIndex.set(f.rule, ruleIds.length);
          ruleIds.push(f.rule);
          const def = RULES_BY_ID.get(f.rule) ?? SCRIPT_RULES.find((r) => r.id === f.rule);
          rules.push({
            id: f.rule,
            name: f.rule.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
            shortDescription: { text: def?.message ?? f.message.split(':')[0] },
            fullDescription: { text: def?.why ?? f.why ?? f.message },
            help: { text: def?.why ?? f.why ?? f.message },
            defaultConfiguration: { level: LEVEL[def?.severity ?? f.severity] },
            properties: { tags: ['sql', f.source], 'security-severity': SCORE[def?.severity ?? f.severity] },
          });
        }
        const region: Record<string, number> = { startLine: Math.max(1, f.line ?? s.line) };
        if (f.column !== undefined) region.startColumn = Math.max(1, f.column);
        results.push({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.why ? `${f.message}. ${f.why}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file) }, region } }],
          partialFingerprints: { statementSql: fingerprint(`${f.rule}\u0000${s.sql}`) },
          properties: { severity: f.severity, source: f.source, statement: s.index + 1 },
        });
      }
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dbassist', semanticVersion: version, rules } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

/** A short stable hash so GitHub tracks an alert across commits that move the statement. */
function fingerprint(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
