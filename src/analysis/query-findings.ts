/** Query findings from the slow-log digest (DigestResult) and the performance_schema snapshot. */
import type { Severity } from '../core/severity';
import type { DigestClass, DigestResult } from '../digest/types';
import type { PerfSchemaSnapshot, TopStatement } from '../model/collected-data';
import type { Finding } from './types';
import { formatDuration } from '../core/format';

export function shortSql(text: string, max = 90): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function slowLogFindings(digest: DigestResult | undefined): Finding[] {
  if (!digest || digest.classes.length === 0) return [];
  const out: Finding[] = [];
  const top = [...digest.classes].sort((a, b) => b.totalTime - a.totalTime);
  const first = top[0]!;
  // A class dominating the slow log matters when it is also slow, not when it is merely frequent.
  if (first.share >= 0.3 && digest.totals.events >= 10 && (first.avgTime >= 0.1 || first.p95Time >= 0.5)) {
    const severity: Severity = first.share >= 0.6 ? 'high' : 'medium';
    out.push(
      classFinding(
        'query.slowlog.dominant',
        severity,
        first,
        `One query class took ${(first.share * 100).toFixed(0)} % of slow-log time`,
        `${first.calls.toLocaleString('en-US')} calls, ${formatDuration(first.totalTime * 1000)} in total, p95 ${formatDuration(first.p95Time * 1000)}, ${Math.round(first.avgRowsExamined).toLocaleString('en-US')} rows examined per call: ${shortSql(first.fingerprint)}`,
      ),
    );
  }
  for (const c of top.slice(0, 10)) {
    if (c.examinedPerSent >= 1000 && c.rowsExamined >= 100_000) {
      out.push(
        classFinding(
          `query.slowlog.scan.${c.id}`,
          c.share >= 0.1 ? 'medium' : 'low',
          c,
          `Scan-heavy query: ${Math.round(c.examinedPerSent).toLocaleString('en-US')} rows examined per row sent`,
          `${c.calls.toLocaleString('en-US')} calls examined ${c.rowsExamined.toLocaleString('en-US')} rows to send ${c.rowsSent.toLocaleString('en-US')}; an index on the filter columns would help: ${shortSql(c.fingerprint)}`,
        ),
      );
    }
  }
  return out;
}

function classFinding(id: string, severity: Severity, c: DigestClass, title: string, detail: string): Finding {
  const window = c.firstSeen && c.lastSeen ? { start: c.firstSeen, end: c.lastSeen } : undefined;
  return {
    id,
    kind: 'query',
    severity,
    title,
    detail,
    sql: c.fingerprint,
    evidence: { metric: `slowlog:${c.id}`, value: c.totalTime, unit: 'Seconds', ...(c.lastSeen ? { at: c.lastSeen } : {}), ...(window ? { window } : {}) },
  };
}

function statementFinding(id: string, severity: Severity, s: TopStatement, title: string, detail: string): Finding {
  return {
    id,
    kind: 'query',
    severity,
    title,
    detail,
    sql: s.digestText,
    evidence: { metric: `digest:${s.digest.slice(0, 16)}`, value: s.totalTimeS, unit: 'Seconds', ...(s.lastSeen ? { at: s.lastSeen } : {}) },
  };
}

export function perfSchemaFindings(ps: PerfSchemaSnapshot | undefined): Finding[] {
  if (!ps) return [];
  const out: Finding[] = [];
  const total = ps.byTotalTime.reduce((a, s) => a + s.totalTimeS, 0);
  const first = ps.byTotalTime[0];
  if (first && total > 0 && first.totalTimeS / total >= 0.4 && first.calls >= 10) {
    const share = first.totalTimeS / total;
    out.push(
      statementFinding(
        'query.perfschema.dominant',
        share >= 0.6 ? 'medium' : 'low',
        first,
        `Top statement digest: ${(share * 100).toFixed(0)} % of statement time (${ps.mode === 'delta' ? `over the last ${ps.intervalS ?? '?'} s` : 'since server start'})`,
        `${first.calls.toLocaleString('en-US')} calls, avg ${formatDuration(first.avgTimeMs)}, ${first.rowsExamined.toLocaleString('en-US')} rows examined: ${shortSql(first.digestText)}`,
      ),
    );
  }
  for (const s of ps.byNoIndexUsed.slice(0, 3)) {
    if (s.noIndexUsed >= 100 && s.noIndexUsed >= s.calls * 0.5) {
      out.push(
        statementFinding(
          `query.perfschema.noindex.${s.digest.slice(0, 16)}`,
          'low',
          s,
          `Statement ran without an index ${s.noIndexUsed.toLocaleString('en-US')} times`,
          `${shortSql(s.digestText)} (${s.schema ?? 'no schema'}); ${s.rowsExamined.toLocaleString('en-US')} rows examined.`,
        ),
      );
    }
  }
  for (const s of ps.byTmpDiskTables.slice(0, 2)) {
    if (s.tmpDiskTables >= 100) {
      out.push(
        statementFinding(
          `query.perfschema.tmpdisk.${s.digest.slice(0, 16)}`,
          'low',
          s,
          `Statement created ${s.tmpDiskTables.toLocaleString('en-US')} on-disk temporary tables`,
          `${shortSql(s.digestText)}: check GROUP BY/ORDER BY columns and tmp_table_size.`,
        ),
      );
    }
  }
  return out;
}
