/**
 * Inline SVG line chart for one metric, drawn for small multiples: min/max per pixel column (so 10,080
 * points stay light), 3–5 value ticks with gridlines, zero-based where the unit allows, the window's
 * shared hourly/daily time ticks, incident bands, unusual stretches shaded, and labelled event markers.
 */
import { formatTime } from '../core/format';
import { eventMarkersSvg, tickLabel, timeTicksSvg, valueScale, type EventMarker } from './chart-axes';
import { escapeHtml } from './html-escape';

export interface ChartInput {
  title: string;
  unit: string;
  /** Metric key, for axis rules (e.g. a hit ratio is not zero-based). */
  metric?: string;
  timestamps: readonly number[];
  values: readonly number[];
  start: number;
  end: number;
  anomalies: readonly { start: string; end: string; peak: string; direction: string; reason?: string }[];
  events: readonly EventMarker[];
  /** Incident stretches, drawn as bands behind the line. */
  incidents?: readonly { id: string; start: string; end: string }[];
  width?: number;
  height?: number;
}

const PAD = { left: 54, right: 8, top: 14, bottom: 18 };

/** Per pixel column, the min and max values in the order they occurred (the envelope of the series). */
export function downsample(t: readonly number[], v: readonly number[], start: number, end: number, columns: number): { col: number; values: number[] }[] {
  const span = Math.max(end - start, 1);
  const out: { col: number; values: number[] }[] = [];
  let col = -1;
  let lo = 0,
    hi = 0,
    loI = 0,
    hiI = 0;
  const flush = () => {
    if (col >= 0) out.push({ col, values: loI === hiI ? [lo] : loI < hiI ? [lo, hi] : [hi, lo] });
  };
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) continue;
    const c = Math.min(columns - 1, Math.max(0, Math.floor(((t[i]! - start) / span) * columns)));
    if (c !== col) {
      flush();
      col = c;
      lo = hi = x;
      loI = hiI = i;
    } else {
      if (x < lo) {
        lo = x;
        loI = i;
      }
      if (x > hi) {
        hi = x;
        hiI = i;
      }
    }
  }
  flush();
  return out;
}

export function f1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

export function chartSvg(input: ChartInput): string {
  const width = input.width ?? 420;
  const height = input.height ?? 150;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const pts = downsample(input.timestamps, input.values, input.start, input.end, plotW);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pts)
    for (const x of p.values) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  const empty = pts.length === 0;
  const scale = valueScale(empty ? 0 : lo, empty ? 1 : hi, input.unit, input.metric);
  const span = Math.max(input.end - input.start, 1);
  const xOf = (t: number) => PAD.left + Math.min(plotW, Math.max(0, ((t - input.start) / span) * plotW));
  const yOf = (v: number) => PAD.top + plotH - ((v - scale.min) / (scale.max - scale.min)) * plotH;
  const bottom = PAD.top + plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(input.title)}">`);
  parts.push(`<rect class="plot" x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}"/>`);
  for (const inc of input.incidents ?? []) {
    const x0 = xOf(Date.parse(inc.start));
    const x1 = Math.max(xOf(Date.parse(inc.end)), x0 + 3);
    parts.push(
      `<rect class="incident" x="${f1(x0)}" y="${PAD.top}" width="${f1(x1 - x0)}" height="${plotH}"><title>${escapeHtml(`incident ${inc.id}: ${formatTime(inc.start)} – ${formatTime(inc.end)}`)}</title></rect>`,
    );
  }
  for (const a of input.anomalies) {
    const x0 = xOf(Date.parse(a.start));
    const x1 = Math.max(xOf(Date.parse(a.end)), x0 + 3);
    parts.push(
      `<rect class="anomaly" x="${f1(x0)}" y="${PAD.top}" width="${f1(x1 - x0)}" height="${plotH}"><title>${escapeHtml(`unusually ${a.direction} ${formatTime(a.start)} – ${formatTime(a.end)}, worst at ${formatTime(a.peak)}${a.reason ? `: ${a.reason}` : ''}`)}</title></rect>`,
    );
  }
  // Gridlines and value ticks.
  for (const v of scale.ticks) {
    const y = f1(yOf(v));
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}"/><text class="axis" x="${PAD.left - 4}" y="${f1(yOf(v) + 3.5)}" text-anchor="end">${escapeHtml(tickLabel(v, input.unit))}</text>`,
    );
  }
  parts.push(timeTicksSvg(input.start, input.end, xOf, PAD.left, PAD.left + plotW, bottom, height - 4));
  if (!empty) {
    let d = '';
    for (const p of pts) {
      const x = f1(PAD.left + p.col + 0.5);
      for (const v of p.values) d += `${d === '' ? 'M' : 'L'}${x} ${f1(yOf(v))}`;
    }
    parts.push(`<path class="line" d="${d}"/>`);
  } else {
    parts.push(`<text class="nodata" x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}">no data</text>`);
  }
  // Events over the line, labelled, so a restart next to a spike reads at a glance.
  parts.push(eventMarkersSvg(input.events, xOf, PAD.top, bottom, input.start, input.end));
  parts.push('</svg>');
  return parts.join('');
}
