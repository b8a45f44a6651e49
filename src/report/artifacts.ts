/**
 * Files published beside report.html: the metrics CSV, the top SQL as a .sql file (normalised
 * fingerprints and digest texts only — never MySQL 8 QUERY_SAMPLE_TEXT or slow-log samples, which
 * carry literals), the slow-log digest JSON, and the headline a link preview shows (headline.ts).
 */
import type { CollectedData } from '../model/collected-data';
import { metricsCsv } from './csv';

/** A type (not an interface) so it is a plain string record for the publishers. */
export type ReportArtifacts = {
  'metrics.csv': string;
  'top-sql.sql': string;
  'digest.json': string;
  'headline.json': string;
};

/** One line, safe inside a `--` comment: no line break of any kind (CR, LF, VT, FF, NEL, U+2028/9) survives. */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\v\f\u0085\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function statement(text: string): string {
  const t = text.trim().replace(/;+\s*$/, '');
  return `${t};`;
}

export function topSqlArtifact(data: CollectedData): string {
  const lines: string[] = [
    `-- Top SQL for ${commentText(data.instance.instance)} (${commentText(data.instance.instanceClass)}, ${commentText(data.instance.engine)} ${commentText(data.instance.engineVersion)})`,
    `-- Window ${data.window.start} – ${data.window.end}${data.simulated ? ' (simulated instance)' : ''}`,
    '-- Normalised texts only: literals are replaced by ? and no sample statements are included.',
    '',
  ];
  const ps = data.perfSchema;
  if (ps && ps.byTotalTime.length > 0) {
    lines.push(
      `-- performance_schema.events_statements_summary_by_digest (${ps.mode}${ps.intervalS ? `, ${ps.intervalS} s` : ''}; server ${commentText(ps.serverVersion)}), by total time`,
      '',
    );
    ps.byTotalTime.slice(0, 20).forEach((s, i) => {
      lines.push(
        `-- #${i + 1} digest ${commentText(s.digest)} schema ${commentText(s.schema ?? '-')}`,
        `-- calls ${s.calls}, total ${s.totalTimeS.toFixed(3)} s, avg ${s.avgTimeMs.toFixed(3)} ms, max ${s.maxTimeMs.toFixed(3)} ms, rows examined ${s.rowsExamined}, rows sent ${s.rowsSent}, no index used ${s.noIndexUsed}, tmp disk tables ${s.tmpDiskTables}`,
        statement(s.digestText),
        '',
      );
    });
  }
  const slow = data.slowLog;
  if (slow && slow.classes.length > 0) {
    lines.push('-- Slow-log classes (fingerprints), by total time', '');
    [...slow.classes]
      .sort((a, b) => b.totalTime - a.totalTime)
      .slice(0, 20)
      .forEach((c, i) => {
        lines.push(
          `-- #${i + 1} class ${commentText(c.id)} databases ${commentText(c.databases.join(',') || '-')}`,
          `-- calls ${c.calls}, total ${c.totalTime.toFixed(3)} s (${(c.share * 100).toFixed(1)} %), p95 ${c.p95Time.toFixed(3)} s, rows examined/sent ${c.rowsExamined}/${c.rowsSent}, first ${c.firstSeen ?? '-'}, last ${c.lastSeen ?? '-'}`,
          statement(c.fingerprint),
          '',
        );
      });
  }
  if ((!ps || ps.byTotalTime.length === 0) && (!slow || slow.classes.length === 0)) lines.push('-- No statement data was collected for this window.');
  return `${lines.join('\n')}\n`;
}

/** The digest as `dbassist digest --format json` writes it: the per-class timelines (an analysis aid) are left out. */
export function digestArtifact(data: CollectedData): string {
  const empty = {
    totals: { events: 0, classes: 0, totalTime: 0, lockTime: 0, rowsSent: 0, rowsExamined: 0, malformed: 0, firstSeen: null, lastSeen: null },
    classes: [],
  };
  const digest = data.slowLog ? { ...data.slowLog, classes: data.slowLog.classes.map(({ timeline: _timeline, ...c }) => c) } : empty;
  return `${JSON.stringify(digest, null, 2)}\n`;
}

/** The artifacts made from the collected data alone (the headline needs the analysis: render.ts adds it). */
export function buildArtifacts(data: CollectedData): Omit<ReportArtifacts, 'headline.json'> {
  return { 'metrics.csv': metricsCsv(data.metrics), 'top-sql.sql': topSqlArtifact(data), 'digest.json': digestArtifact(data) };
}
