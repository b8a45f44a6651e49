/** Health verdict: healthy / degraded / critical with a one-line reason. */
import { severityRank } from '../core/severity';
import type { Finding, Verdict } from './types';

/**
 * critical: a critical finding, or high-severity threshold findings on three or more metrics;
 * degraded: any high or medium finding; healthy otherwise. Findings must be sorted most severe first.
 */
export function verdictOf(findings: readonly Finding[]): Verdict {
  const real = findings.filter((f) => f.kind !== 'collection');
  const high = real.filter((f) => f.severity === 'high' && f.kind === 'threshold');
  const top = real[0];
  const more = (n: number) => (n > 0 ? ` (+${n} more)` : '');
  if (real.some((f) => f.severity === 'critical') || high.length >= 3) {
    const lead = real.find((f) => f.severity === 'critical') ?? high[0]!;
    const count = real.filter((f) => severityRank(f.severity) >= severityRank('high')).length;
    return { level: 'critical', reason: `${lead.title}${more(count - 1)}` };
  }
  const notable = real.filter((f) => severityRank(f.severity) >= severityRank('medium'));
  if (top && notable.length > 0) return { level: 'degraded', reason: `${top.title}${more(notable.length - 1)}` };
  return { level: 'healthy', reason: real.length > 0 ? `no medium or worse findings; ${real.length} minor` : 'no findings in the window' };
}
