/**
 * Database load by wait class as stacked areas (average active sessions), with the instance's vCPU count
 * as a line: sessions above the line are queued for CPU or waiting. From Performance Insights waits when
 * collected, else CloudWatch DBLoadCPU / DBLoadNonCPU (waits not split). Column means keep 10,080 points
 * light; incidents are banded and events labelled on the same time axis as every other chart.
 */
import { metricKey } from '../analysis/stats';
import { WAIT_CLASS_LABEL, waitClassOf, type WaitClass } from '../analysis/wait-classes';
import { eventMarkersSvg, tickLabel, timeTicksSvg, valueScale, type EventMarker } from './chart-axes';
import { escapeHtml } from './html-escape';
import type { CollectedData } from '../model/collected-data';
import { f1 } from './svg-chart';

export interface LoadSeries {
  source: 'pi' | 'cloudwatch';
  timestamps: number[];
  /** Stacking order, bottom first. */
  layers: { cls: WaitClass; label: string; values: number[] }[];
}

const ORDER: WaitClass[] = ['cpu', 'io', 'lock', 'commit', 'network', 'other'];

/** The load layers to stack, or undefined when neither PI nor DBLoadCPU/NonCPU was collected. */
export function loadSeries(data: CollectedData): LoadSeries | undefined {
  const pi = data.pi;
  if (pi && pi.timestamps.length > 0 && pi.byWait.length > 0) {
    const n = pi.timestamps.length;
    const sums = new Map<WaitClass, number[]>();
    const named = new Array<number>(n).fill(0);
    for (const w of pi.byWait) {
      const cls = waitClassOf(w.id);
      let a = sums.get(cls);
      if (!a) sums.set(cls, (a = new Array<number>(n).fill(0)));
      for (let i = 0; i < n; i++) {
        a[i]! += w.values[i] ?? 0;
        named[i]! += w.values[i] ?? 0;
      }
    }
    const rest = pi.total.map((t, i) => Math.max(0, t - named[i]!));
    if (rest.some((x) => x > 0.005))
      sums.set(
        'other',
        (sums.get('other') ?? new Array<number>(n).fill(0)).map((x, i) => x + rest[i]!),
      );
    return {
      source: 'pi',
      timestamps: pi.timestamps,
      layers: ORDER.filter((c) => sums.has(c)).map((cls) => ({ cls, label: WAIT_CLASS_LABEL[cls], values: sums.get(cls)! })),
    };
  }
  const cpu = data.metrics.find((m) => metricKey(m) === 'DBLoadCPU');
  const non = data.metrics.find((m) => metricKey(m) === 'DBLoadNonCPU');
  if (!cpu && !non) return undefined;
  const ref = (cpu ?? non)!;
  const layers: LoadSeries['layers'] = [];
  if (cpu) layers.push({ cls: 'cpu', label: 'CPU', values: cpu.values });
  if (non)
    layers.push({
      cls: 'other',
      label: 'waiting (not split without Performance Insights)',
      values: non.timestamps.length === ref.timestamps.length ? non.values : ref.timestamps.map((t) => non.values[non.timestamps.indexOf(t)] ?? 0),
    });
  return { source: 'cloudwatch', timestamps: ref.timestamps, layers };
}

export interface LoadChartInput {
  series: LoadSeries;
  vcpu?: number;
  start: number;
  end: number;
  incidents: readonly { id: string; start: string; end: string }[];
  events: readonly EventMarker[];
  width?: number;
  height?: number;
}

const PAD = { left: 44, right: 10, top: 16, bottom: 18 };

export function loadChartSvg(input: LoadChartInput): string {
  const width = input.width ?? 480;
  const height = input.height ?? 210;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const { timestamps, layers } = input.series;
  const span = Math.max(input.end - input.start, 1);
  // Column means of each layer.
  const cols = Math.max(1, Math.min(plotW, timestamps.length));
  const sum = layers.map(() => new Float64Array(cols));
  const count = new Float64Array(cols);
  timestamps.forEach((t, i) => {
    const c = Math.min(cols - 1, Math.max(0, Math.floor(((t - input.start) / span) * cols)));
    count[c]!++;
    layers.forEach((l, k) => (sum[k]![c]! += l.values[i] ?? 0));
  });
  const used = [...count.keys()].filter((c) => count[c]! > 0);
  const stacked = layers.map(() => new Float64Array(cols));
  let peak = 0;
  for (const c of used) {
    let acc = 0;
    layers.forEach((_, k) => {
      acc += sum[k]![c]! / count[c]!;
      stacked[k]![c] = acc;
    });
    if (acc > peak) peak = acc;
  }
  const scale = valueScale(0, Math.max(peak, (input.vcpu ?? 0) * 1.1, 0.5), 'None');
  const xOf = (t: number) => PAD.left + Math.min(plotW, Math.max(0, ((t - input.start) / span) * plotW));
  const xCol = (c: number) => PAD.left + ((c + 0.5) / cols) * plotW;
  const yOf = (v: number) => PAD.top + plotH - ((v - scale.min) / (scale.max - scale.min)) * plotH;
  const bottom = PAD.top + plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart load" viewBox="0 0 ${width} ${height}" role="img" aria-label="database load by wait class">`,
  ];
  parts.push(`<rect class="plot" x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}"/>`);
  for (const inc of input.incidents) {
    const x0 = xOf(Date.parse(inc.start));
    const x1 = Math.max(xOf(Date.parse(inc.end)), x0 + 3);
    parts.push(
      `<rect class="incident" x="${f1(x0)}" y="${PAD.top}" width="${f1(x1 - x0)}" height="${plotH}"/><text class="incident-label" x="${f1(x0 + 2)}" y="${bottom - 3}">${escapeHtml(inc.id)}</text>`,
    );
  }
  for (const v of scale.ticks)
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${f1(yOf(v))}" y2="${f1(yOf(v))}"/><text class="axis" x="${PAD.left - 4}" y="${f1(yOf(v) + 3.5)}" text-anchor="end">${escapeHtml(tickLabel(v, 'None'))}</text>`,
    );
  parts.push(timeTicksSvg(input.start, input.end, xOf, PAD.left, PAD.left + plotW, bottom, height - 4));
  // Top layer first, so each lower layer paints over the part of the area it owns.
  for (let k = layers.length - 1; k >= 0; k--) {
    if (used.length === 0) break;
    let d = `M${f1(xCol(used[0]!))} ${f1(bottom)}`;
    for (const c of used) d += `L${f1(xCol(c))} ${f1(yOf(stacked[k]![c]!))}`;
    d += `L${f1(xCol(used[used.length - 1]!))} ${f1(bottom)}Z`;
    parts.push(`<path class="area w-${layers[k]!.cls}" d="${d}"><title>${escapeHtml(layers[k]!.label)}</title></path>`);
  }
  if (input.vcpu) {
    const y = f1(yOf(input.vcpu));
    parts.push(
      `<line class="vcpu" x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}"/><text class="vcpu-label" x="${PAD.left + plotW - 2}" y="${f1(yOf(input.vcpu) - 3)}" text-anchor="end">${input.vcpu} vCPUs</text>`,
    );
  }
  parts.push(eventMarkersSvg(input.events, xOf, PAD.top, bottom, input.start, input.end));
  parts.push('</svg>');
  return parts.join('');
}
