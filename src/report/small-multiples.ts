/**
 * Every metric as a small multiple on the window's shared time axis, the main incident's symptoms first;
 * a series that barely moves is a row in a table instead of a chart of a flat line.
 */
import { metricKey } from '../analysis/stats';
import type { MetricStats, ReportAnalysis } from '../analysis/types';
import { formatValue } from '../core/format';
import { escapeHtml as e } from './html-escape';
import type { CollectedData, MetricSeries } from '../model/collected-data';
import { eventMarkers } from './render-first-screen';
import { chartSvg } from './svg-chart';

/** Flat: its whole range within 1 % of its level (or all zero). */
export function isFlat(s: MetricStats | undefined): boolean {
  if (!s) return true;
  const level = Math.max(Math.abs(s.max), Math.abs(s.min));
  return level === 0 || (s.max - s.min) / level <= 0.01;
}

export function smallMultiplesHtml(data: CollectedData, a: ReportAnalysis): string {
  if (data.metrics.length === 0) return '<p class="empty">No metrics were collected.</p>';
  const start = Date.parse(data.window.start);
  const end = Date.parse(data.window.end);
  const stats = new Map(a.stats.map((s) => [s.metric, s]));
  const events = eventMarkers(data);
  const main = a.incidents.find((i) => i.id === a.causes[0]?.incidentId) ?? a.incidents[0];
  const first = new Map((main?.symptoms ?? []).map((s, i) => [s.metric, i]));
  const ordered = [...data.metrics]
    .map((m, i) => ({ m, i, key: metricKey(m) }))
    .sort((x, y) => (first.get(x.key) ?? 1e6 + x.i) - (first.get(y.key) ?? 1e6 + y.i));
  const charts: string[] = [];
  const flat: { m: MetricSeries; key: string; s: MetricStats | undefined }[] = [];
  for (const { m, key } of ordered) {
    const s = stats.get(key);
    if (isFlat(s)) {
      flat.push({ m, key, s });
      continue;
    }
    const caption = s ? `${formatValue(s.min, s.unit)} – ${formatValue(s.max, s.unit)}, p95 ${formatValue(s.p95, s.unit)}` : 'no data';
    const svg = chartSvg({
      title: key,
      unit: m.unit,
      metric: key,
      timestamps: m.timestamps,
      values: m.values,
      start,
      end,
      anomalies: a.anomalies.filter((x) => x.metric === key),
      events,
      incidents: a.incidents,
    });
    charts.push(`<figure id="chart-${e(key)}"><figcaption><strong>${e(key)}</strong> <span class="stats">${e(caption)}</span></figcaption>${svg}</figure>`);
  }
  const table =
    flat.length > 0
      ? `<h3>Flat in this window</h3><div class="scroll"><table><tr><th>metric</th><th class="num">value</th></tr>${flat.map(({ key, s, m }) => `<tr id="chart-${e(key)}"><td>${e(key)}</td><td class="num">${s ? e(formatValue(s.p50, s.unit)) : e(`no data (${m.unit})`)}</td></tr>`).join('')}</table></div>`
      : '';
  return `<div class="charts">${charts.join('\n')}</div>${table}`;
}
