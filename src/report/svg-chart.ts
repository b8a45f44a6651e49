/**
 * Inline SVG line chart for one metric: min/max per pixel column (so 10,080 points stay light), min/max
 * axis labels, anomaly windows shaded, events as vertical lines with a <title> tooltip.
 */
import { formatTime, formatValue } from '../core/format';
import { escapeHtml } from './html-escape';

export interface ChartInput {
  title: string;
  unit: string;
  timestamps: readonly number[];
  values: readonly number[];
  start: number;
  end: number;
  anomalies: readonly { start: string; end: string; peak: string; direction: string; score: number }[];
  events: readonly { time: string; label: string }[];
  width?: number;
  height?: number;
}

const PAD = { left: 64, right: 8, top: 10, bottom: 20 };

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

function f1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

export function chartSvg(input: ChartInput): string {
  const width = input.width ?? 760;
  const height = input.height ?? 150;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const pts = downsample(input.timestamps, input.values, input.start, input.end, plotW);
  let min = Infinity;
  let max = -Infinity;
  for (const p of pts)
    for (const x of p.values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
  const empty = pts.length === 0;
  if (empty) {
    min = 0;
    max = 1;
  }
  if (max === min) {
    max = min + (Math.abs(min) || 1) * 0.05;
    min -= max - min;
  }
  const span = Math.max(input.end - input.start, 1);
  const xOf = (t: number) => PAD.left + Math.min(plotW, Math.max(0, ((t - input.start) / span) * plotW));
  const yOf = (v: number) => PAD.top + plotH - ((v - min) / (max - min)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(input.title)}">`,
  );
  parts.push(`<rect class="plot" x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}"/>`);
  for (const a of input.anomalies) {
    const x0 = xOf(Date.parse(a.start));
    const x1 = Math.max(xOf(Date.parse(a.end)), x0 + 4);
    parts.push(
      `<rect class="anomaly" x="${f1(x0)}" y="${PAD.top}" width="${f1(x1 - x0)}" height="${plotH}"><title>${escapeHtml(`anomaly (${a.direction}) ${formatTime(a.start, true)} – ${formatTime(a.end, true)}, peak ${formatTime(a.peak)}, score ${a.score.toFixed(1)}`)}</title></rect>`,
    );
  }
  // Events under the line, so a spike in the same column stays visible.
  for (const e of input.events) {
    const t = Date.parse(e.time);
    if (!(t >= input.start && t <= input.end)) continue;
    const x = f1(xOf(t));
    parts.push(
      `<g class="event"><line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${PAD.top + plotH}"/><rect class="hit" x="${f1(xOf(t) - 3)}" y="${PAD.top}" width="6" height="${plotH}"/><title>${escapeHtml(`${formatTime(e.time, true)} ${e.label}`)}</title></g>`,
    );
  }
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
  if (!empty) {
    parts.push(`<text class="axis" x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${escapeHtml(formatValue(max, input.unit))}</text>`);
    parts.push(`<text class="axis" x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end">${escapeHtml(formatValue(min, input.unit))}</text>`);
  }
  const withDate = span > 86_400_000;
  parts.push(`<text class="axis" x="${PAD.left}" y="${height - 5}">${escapeHtml(formatTime(new Date(input.start).toISOString(), withDate))}</text>`);
  parts.push(
    `<text class="axis" x="${width - PAD.right}" y="${height - 5}" text-anchor="end">${escapeHtml(formatTime(new Date(input.end).toISOString(), withDate))}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
