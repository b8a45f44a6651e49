/** HTML fragments of the report, each built from already-escaped parts. */
import { metricKey } from '../analysis/stats';
import { findingCounts } from '../analysis/report-lines';
import type { Evidence, Finding, MetricStats, ReportAnalysis } from '../analysis/types';
import { formatDuration, formatTime, formatValue } from '../core/format';
import type { AiSummary } from '../ai/types';
import { escapeHtml as e, safeHref } from './html-escape';
import type { CollectedData } from '../model/collected-data';

const sev = (s: string) => `<span class="sev sev-${e(s)}">${e(s)}</span>`;
const num = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d });
const empty = (text: string) => `<p class="empty">${e(text)}</p>`;

export function evidenceText(ev: Evidence): string {
  const parts: string[] = [];
  if (ev.metric) parts.push(ev.value !== undefined ? `${ev.metric} = ${formatValue(ev.value, ev.unit ?? 'None')}` : ev.metric);
  if (ev.at) parts.push(`at ${formatTime(ev.at)}`);
  if (ev.window) parts.push(`window ${formatTime(ev.window.start)} – ${formatTime(ev.window.end)}`);
  return parts.join(', ');
}

export function headerHtml(data: CollectedData, generatedAt: Date): string {
  const i = data.instance;
  const members = i.members.map((m) => `${m.instance}${m.writer ? ' (writer)' : ''}`).join(', ');
  return [
    `<h1>Performance report: ${e(i.instance)} ${data.simulated ? '<span class="badge">simulated</span>' : ''}</h1>`,
    `<p class="meta">${e(i.instanceClass)}${i.vcpu ? ` (${e(i.vcpu)} vCPUs${i.memoryGiB ? `, ${e(i.memoryGiB)} GiB` : ''})` : ''} · ${e(i.engine)} ${e(i.engineVersion)} · ${e(i.role)}${i.cluster ? ` in ${e(i.cluster)}` : ''}${members ? ` (${e(members)})` : ''}</p>`,
    `<p class="meta">Window ${e(data.window.label)}: ${e(formatTime(data.window.start))} – ${e(formatTime(data.window.end))}, one point every ${e(formatDuration(data.window.periodS * 1000))} · generated ${e(formatTime(generatedAt.toISOString()))} · all times UTC</p>`,
  ].join('\n');
}

/** Every symptom and other finding (one per symptom), most severe first, then what could not be collected. */
export function symptomsHtml(data: CollectedData, a: ReportAnalysis): string {
  const real = a.findings.filter((f) => f.kind !== 'collection');
  const charts = new Set(data.metrics.map(metricKey));
  // A finding about a charted metric links to its chart.
  const title = (f: Finding) =>
    f.evidence.metric && charts.has(f.evidence.metric) ? `<a href="#chart-${e(f.evidence.metric)}">${e(f.title)}</a>` : e(f.title);
  const gaps = [
    ...data.gaps.map((g) => `${g.what} (${g.source}): ${g.reason}`),
    ...(data.missingMetrics.length > 0 ? [`metrics without data: ${data.missingMetrics.join(', ')}`] : []),
  ];
  return [
    `<p class="note">${e(findingCounts(a))}.</p>`,
    real.length > 0
      ? `<ul class="findings">${real.map((f) => `<li>${sev(f.severity)} ${title(f)}<div class="detail">${e(f.detail)}</div></li>`).join('')}</ul>`
      : empty('No findings in this window.'),
    gaps.length > 0 ? `<h3>Missing</h3><ul>${gaps.map((g) => `<li>${e(g)}</li>`).join('')}</ul>` : '',
  ].join('\n');
}

function trendText(s: MetricStats): string {
  const slope = `${s.slopePerHour >= 0 ? '+' : ''}${formatValue(s.slopePerHour, s.unit)}/h`;
  return s.changePct === null ? slope : `${slope} (${s.changePct >= 0 ? '+' : ''}${s.changePct.toFixed(1)} %)`;
}

export function statisticsHtml(a: ReportAnalysis): string {
  if (a.stats.length === 0) return empty('No statistics: no metric had data.');
  const head =
    '<tr><th>metric</th><th>unit</th><th class="num">points</th><th class="num">min</th><th class="num">mean</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th><th>max at</th><th class="num">trend</th></tr>';
  const rows = a.stats.map((s) => {
    const f = (x: number) => `<td class="num">${e(formatValue(x, s.unit))}</td>`;
    return `<tr><td>${e(s.metric)}</td><td>${e(s.unit)}</td><td class="num">${num(s.count)}</td>${f(s.min)}${f(s.mean)}${f(s.p50)}${f(s.p95)}${f(s.p99)}${f(s.max)}<td>${e(formatTime(s.maxAt))}</td><td class="num">${e(trendText(s))}</td></tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

export function correlationsHtml(a: ReportAnalysis): string {
  if (a.correlations.length === 0) return empty('No strongly correlated pairs (|Spearman| ≥ 0.6 after removing linear trends).');
  const rows = a.correlations.map(
    (c) =>
      `<tr><td>${e(c.a)}</td><td>${e(c.b)}</td><td class="num">${c.spearman.toFixed(2)}</td><td class="num">${c.pearson.toFixed(2)}</td><td class="num">${c.lag === 0 ? '0' : `${c.lag > 0 ? '+' : ''}${c.lag} (${e(formatDuration(Math.abs(c.lagS) * 1000))})`}</td><td class="num">${num(c.n)}</td></tr>`,
  );
  return `<p class="note">Series detrended linearly; lag &gt; 0 means the second metric follows the first.</p><table><tr><th>metric</th><th>with</th><th class="num">Spearman</th><th class="num">Pearson</th><th class="num">lag (periods)</th><th class="num">points</th></tr>${rows.join('')}</table>`;
}

export function slowLogHtml(data: CollectedData): string {
  const d = data.slowLog;
  if (!d) return empty('No slow-log digest for this window.');
  if (d.classes.length === 0) return empty(`The slow log had no queries in this window (${d.totals.malformed} malformed entries).`);
  const t = d.totals;
  const classes = [...d.classes].sort((x, y) => y.totalTime - x.totalTime).slice(0, 20);
  const rows = classes.map(
    (c, i) =>
      `<tr><td class="num">${i + 1}</td><td><code>${e(c.id)}</code></td><td><pre>${e(c.fingerprint)}</pre></td><td class="num">${num(c.calls)}</td><td class="num">${e(formatDuration(c.totalTime * 1000))}</td><td class="num">${(c.share * 100).toFixed(1)} %</td><td class="num">${e(formatDuration(c.avgTime * 1000))}</td><td class="num">${e(formatDuration(c.p95Time * 1000))}</td><td class="num">${num(c.avgRowsExamined)} / ${num(c.avgRowsSent)}</td><td>${e(c.firstSeen ? formatTime(c.firstSeen) : '-')} – ${e(c.lastSeen ? formatTime(c.lastSeen) : '-')}</td></tr>`,
  );
  return `<p class="note">${num(t.events)} queries in ${num(t.classes)} classes, ${e(formatDuration(t.totalTime * 1000))} in total${t.malformed > 0 ? `, ${num(t.malformed)} malformed entries skipped` : ''}.</p><table><tr><th class="num">#</th><th>class</th><th>fingerprint</th><th class="num">calls</th><th class="num">total</th><th class="num">share</th><th class="num">avg</th><th class="num">p95</th><th class="num">rows exam./sent per call</th><th>seen</th></tr>${rows.join('')}</table>`;
}

export function topSqlHtml(data: CollectedData): string {
  const ps = data.perfSchema;
  if (!ps) return empty('performance_schema was not read for this window.');
  if (ps.byTotalTime.length === 0) return empty('performance_schema had no statement digests.');
  const rows = ps.byTotalTime
    .slice(0, 15)
    .map(
      (s, i) =>
        `<tr><td class="num">${i + 1}</td><td><pre>${e(s.digestText)}</pre></td><td>${e(s.schema ?? '-')}</td><td class="num">${num(s.calls)}</td><td class="num">${e(formatDuration(s.totalTimeS * 1000))}</td><td class="num">${e(formatDuration(s.avgTimeMs))}</td><td class="num">${num(s.rowsExamined)}</td><td class="num">${num(s.noIndexUsed)}</td><td class="num">${num(s.tmpDiskTables)}</td></tr>`,
    );
  const mode = ps.mode === 'delta' ? `change over ${ps.intervalS ?? '?'} s` : 'cumulative since server start or last reset';
  return `<p class="note">${e(ps.serverVersion)}; ${e(mode)}. Normalised digest texts only (no sample statements).</p><table><tr><th class="num">#</th><th>digest text</th><th>schema</th><th class="num">calls</th><th class="num">total</th><th class="num">avg</th><th class="num">rows examined</th><th class="num">no index</th><th class="num">tmp disk tables</th></tr>${rows.join('')}</table>`;
}

export function eventsHtml(data: CollectedData): string {
  const parts: string[] = [];
  if (data.events.length === 0) parts.push(empty('No RDS events in this window.'));
  else
    parts.push(
      `<table><tr><th>time</th><th>source</th><th>categories</th><th>message</th></tr>${data.events.map((ev) => `<tr><td>${e(formatTime(ev.time))}</td><td>${e(ev.sourceId)} <span class="note">${e(ev.sourceType)}</span></td><td>${e(ev.categories.join(', '))}</td><td>${e(ev.message)}</td></tr>`).join('')}</table>`,
    );
  if (data.errorLog.length > 0) {
    parts.push(
      `<h3>Error log</h3><table><tr><th>time</th><th>message</th></tr>${data.errorLog
        .slice(0, 50)
        .map((l) => `<tr><td>${e(formatTime(l.time))}</td><td><pre>${e(l.message)}</pre></td></tr>`)
        .join('')}</table>`,
    );
  }
  return parts.join('\n');
}

export function recommendationsHtml(a: ReportAnalysis): string {
  if (a.recommendations.length === 0) return empty('No recommendations: nothing in this window calls for action.');
  return `<ol>${a.recommendations
    .map((r) => {
      const ev = r.evidence.map(evidenceText).filter((x) => x !== '');
      return `<li>${sev(r.severity)} <strong>${e(r.title)}</strong><div>${e(r.detail)}</div>${ev.length > 0 ? `<div class="detail">Evidence: ${ev.map(e).join('; ')}</div>` : ''}</li>`;
    })
    .join('')}</ol>`;
}

export function findingsHtml(findings: readonly Finding[]): string {
  if (findings.length === 0) return empty('No findings.');
  return `<table><tr><th>severity</th><th>finding</th><th>evidence</th></tr>${findings.map((f) => `<tr><td>${sev(f.severity)}</td><td>${e(f.title)}<div class="detail">${e(f.detail)}</div></td><td>${e(evidenceText(f.evidence))}</td></tr>`).join('')}</table>`;
}

export function aiHtml(ai: AiSummary | undefined): string {
  if (!ai) return empty('No AI summary was produced for this report.');
  const list = (items: string[]) => (items.length > 0 ? `<ul>${items.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '');
  const cites = ai.citations.map((c) => {
    const href = safeHref(c.uri);
    return `<li>${href ? `<a href="${href}" rel="noreferrer noopener">${e(c.title)}</a>` : e(c.title)}</li>`;
  });
  const source = ai.source === 'model' ? 'written by the model' : ai.source === 'fallback' ? 'deterministic summary (model not used)' : 'AI disabled';
  return `<div class="ai"><p><strong>${e(ai.verdict)}</strong></p>${list(ai.bullets)}${ai.actions.length > 0 ? `<h3>Actions</h3>${list(ai.actions)}` : ''}${cites.length > 0 ? `<h3>Sources</h3><ul>${cites.join('')}</ul>` : ''}<p class="note">${e(source)}${ai.note ? ` — ${e(ai.note)}` : ''}</p></div>`;
}

export function footerHtml(data: CollectedData): string {
  return `Files beside this report: <a href="metrics.csv">metrics.csv</a> · <a href="top-sql.sql">top-sql.sql</a> · <a href="digest.json">digest.json</a>. Generated by dbassist${data.simulated ? ' from the built-in simulated instance' : ''}.`;
}
