/**
 * The lines the report's first screen and the Slack answer share, built once from the analysis so their
 * figures always agree: the top actions, the finding counts, the other possible causes.
 */
import { SEVERITIES } from '../core/severity';
import type { ReportAnalysis } from './types';

/** Up to `max` actions: the likely cause's first, then the next causes', then recommendations. */
export function topActions(a: ReportAnalysis, max = 3): string[] {
  const out: string[] = [];
  for (const c of a.causes) for (const x of c.actions) if (out.length < max && !out.includes(x)) out.push(x);
  for (const r of a.recommendations) if (out.length < max) out.push(`${r.title}: ${r.detail}`);
  return out;
}

/** "12 findings: 2 high, 3 medium, 7 low" (collection gaps are not findings here). */
export function findingCounts(a: ReportAnalysis): string {
  const real = a.findings.filter((f) => f.kind !== 'collection');
  if (real.length === 0) return 'no findings';
  const by = [...SEVERITIES]
    .reverse()
    .map((s) => [s, real.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0);
  return `${real.length} finding${real.length === 1 ? '' : 's'}: ${by.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

/** "2 other possible causes (long-transaction, config-change)", or '' when there are none. */
export function otherCauses(a: ReportAnalysis): string {
  const others = a.causes.slice(1);
  if (others.length === 0) return '';
  return `${others.length} other possible cause${others.length === 1 ? '' : 's'} (${[...new Set(others.map((c) => c.kind))].join(', ')})`;
}
