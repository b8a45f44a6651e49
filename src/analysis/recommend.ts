/** Recommendations that follow from findings, each citing the figures and times it rests on. */
import { severityRank, type Severity } from '../core/severity';
import type { CollectedData } from '../model/collected-data';
import { shortSql } from './query-findings';
import type { Evidence, Finding, Recommendation } from './types';
import { formatTime, formatValue } from '../core/format';

function cite(f: Finding): string {
  const e = f.evidence;
  const parts: string[] = [];
  if (e.metric && e.value !== undefined) parts.push(`${e.metric} ${formatValue(e.value, e.unit ?? 'None')}`);
  if (e.at) parts.push(`at ${formatTime(e.at)}`);
  if (e.window) parts.push(`(${formatTime(e.window.start)}–${formatTime(e.window.end)})`);
  return parts.join(' ');
}

function overlaps(a: { start: string; end: string }, b: { start: string; end: string }, slackMs = 10 * 60_000): boolean {
  return Date.parse(a.start) - slackMs <= Date.parse(b.end) && Date.parse(b.start) - slackMs <= Date.parse(a.end);
}

/** Evidence without repeats (same metric and time), at most `max`. */
function uniqueEvidence(list: Evidence[], max = 4): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of list) {
    const key = `${e.metric ?? ''}|${e.at ?? ''}|${e.window?.start ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length >= max) break;
  }
  return out;
}

function maxSeverity(fs: Finding[]): Severity {
  return fs.reduce<Severity>((s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s), 'info');
}

export function recommend(data: CollectedData, findings: Finding[]): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (id: string, fs: Finding[], title: string, detail: string, extra: Evidence[] = []) => {
    if (fs.length === 0) return;
    out.push({
      id,
      severity: maxSeverity(fs),
      title,
      detail,
      evidence: uniqueEvidence([...fs.map((f) => f.evidence), ...extra]),
      findingIds: fs.map((f) => f.id),
    });
  };

  // Load peaks are explained (or not) by the causes (causes.ts), from the SQL inside each incident only.

  const scans = findings.filter((f) => f.id.startsWith('query.slowlog.scan.') || f.id.startsWith('query.perfschema.noindex.'));
  add(
    'rec.index-scans',
    scans,
    'Add indexes for scan-heavy statements',
    `${scans.map((f) => `${f.title}${f.sql ? `: ${shortSql(f.sql, 120)}` : ''}`).join('; ')}. EXPLAIN each (\`dbassist review\`) and index the filter and sort columns.`,
  );

  const cache = findings.filter((f) => f.id === 'threshold.buffer-cache' || f.id === 'symptom.buffer-cache');
  add(
    'rec.buffer-cache',
    cache,
    'Keep the working set in the buffer pool',
    `${cite(cache[0] ?? findings[0]!)}: reads went to storage. Large scans in that window evict hot pages; fix them first, and scale memory only if the ratio stays low without them.`,
  );

  const conns = findings.filter((f) => f.id === 'threshold.connections' || f.id === 'symptom.connections');
  add(
    'rec.connections',
    conns,
    'Bound the connection count',
    `${cite(conns[0] ?? findings[0]!)}: connection storms follow slow queries (pools open more connections while queries wait). Cap pool sizes, or put RDS Proxy in front.`,
  );

  const mem = findings.filter(
    (f) => f.id === 'threshold.memory' || f.id === 'threshold.swap' || ((f.id === 'symptom.memory' || f.id === 'symptom.swap') && f.severity !== 'low'),
  );
  add(
    'rec.memory',
    mem,
    'Relieve memory pressure',
    `${cite(mem[0] ?? findings[0]!)}: reduce per-connection buffers and connections, or move to a class with more memory.`,
  );

  const lag = findings.filter((f) => (f.id.startsWith('threshold.replica-lag') || f.id === 'symptom.replica-lag') && f.severity !== 'low');
  add('rec.replica-lag', lag, 'Reduce replica lag', `${cite(lag[0] ?? findings[0]!)}: split large write transactions and check the readers' load.`);

  const dl = findings.filter((f) => f.id === 'threshold.deadlocks' || f.id === 'symptom.deadlocks');
  add(
    'rec.deadlocks',
    dl,
    'Resolve deadlocks',
    `${cite(dl[0] ?? findings[0]!)}: read LATEST DETECTED DEADLOCK from SHOW ENGINE INNODB STATUS; touch rows in a consistent order and keep transactions short.`,
  );

  const latency = findings.filter((f) => /^threshold\.(select|dml|commit|read|write)-latency/.test(f.id));
  add(
    'rec.latency',
    latency,
    'Explain the latency rise',
    `${cite(latency[0] ?? findings[0]!)}: compare with IOPS and the slow-log classes of the same window.`,
  );

  // An RDS event close to an anomaly: say what changed then.
  const anomalies = findings.filter((f) => f.kind === 'anomaly' && f.evidence.window);
  const eventHits = data.events.filter((e) => anomalies.some((a) => overlaps({ start: e.time, end: e.time }, a.evidence.window!, 15 * 60_000)));
  if (eventHits.length > 0) {
    const a = anomalies.find((x) => overlaps({ start: eventHits[0]!.time, end: eventHits[0]!.time }, x.evidence.window!, 15 * 60_000))!;
    add(
      'rec.events',
      [a],
      'Check what changed around the incident',
      eventHits.map((e) => `${formatTime(e.time)} ${e.sourceId}: ${e.message}`).join('; ') + ` — within 15 min of ${cite(a)}.`,
      eventHits.map((e) => ({ at: e.time })),
    );
  }

  if (!data.slowLog && findings.some((f) => f.kind !== 'collection' && severityRank(f.severity) >= severityRank('medium'))) {
    out.push({
      id: 'rec.slowlog',
      severity: 'low',
      title: 'Export the slow log to CloudWatch Logs',
      detail: 'No slow-log digest was available to attribute the load to queries; enable slow_query_log and log exports for the cluster.',
      evidence: [],
      findingIds: [],
    });
  }
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
