/**
 * Axes shared by every chart of a report: time ticks on whole hours or days (the same for all charts of
 * the window, so small multiples line up), 3–5 "nice" value ticks, zero-based unless the metric lives
 * near a ceiling (a hit ratio), and labelled event markers that do not overlap.
 */
import { formatDay, formatClock, formatValue } from '../core/format';
import { escapeHtml } from './html-escape';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const STEPS = [15 * 60_000, 30 * 60_000, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

export interface TimeTick {
  t: number;
  label: string;
}

/** Ticks at whole multiples of a step (UTC) giving 3–7 ticks over the window; days labelled `Nov 20`. */
export function timeTicks(start: number, end: number): TimeTick[] {
  const span = Math.max(end - start, 60_000);
  const step = STEPS.find((s) => span / s <= 6) ?? 7 * DAY;
  const out: TimeTick[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) out.push({ t, label: step >= DAY || t % DAY === 0 ? formatDay(t) : formatClock(t) });
  return out;
}

/** A round step (1, 2, 2.5, 5 × 10^k) giving about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/** Bytes read better on powers of two: steps of 1, 2, 4, 8… of a binary unit. */
function byteStep(span: number, count: number): number {
  const raw = span / Math.max(count, 1);
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(Math.max(raw, 1)) / Math.log(1024)));
  const f = raw / unit;
  const mult = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].find((m) => m >= f) ?? 1024;
  return mult * unit;
}

export interface ValueScale {
  min: number;
  max: number;
  ticks: number[];
}

/** Metrics that live near a ceiling: a zero-based axis would flatten them. */
const NOT_ZERO_BASED = new Set(['BufferCacheHitRatio']);

/** 3–5 ticks covering [lo, hi]; from zero when the unit allows (counts, rates, sizes, times, percent). */
export function valueScale(lo: number, hi: number, unit: string, metric = ''): ValueScale {
  let min = Number.isFinite(lo) ? lo : 0;
  let max = Number.isFinite(hi) ? hi : 1;
  if (!NOT_ZERO_BASED.has(metric) && min >= 0) min = 0;
  if (max <= min) max = min + (Math.abs(min) || 1);
  const span = max - min;
  const stepOf = unit === 'Bytes' || unit === 'Bytes/Second' ? byteStep : niceStep;
  let step = stepOf(span, 4);
  let from = Math.floor(min / step) * step;
  let n = Math.ceil((max - from) / step);
  if (n > 5) {
    step = stepOf(span, 3);
    from = Math.floor(min / step) * step;
    n = Math.ceil((max - from) / step);
  }
  if (unit === 'Percent' && metric !== 'BufferCacheHitRatio' && from + n * step > 100 && max <= 100) n = Math.ceil((100 - from) / step);
  const ticks = Array.from({ length: Math.max(n, 2) + 1 }, (_, i) => from + i * step);
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks };
}

/** Time tick labels under a plot spanning [left, right]: the ones at the edges align inwards so none is cut. */
export function timeTicksSvg(start: number, end: number, xOf: (t: number) => number, left: number, right: number, bottom: number, labelY: number): string {
  return timeTicks(start, end)
    .map((tk) => {
      const x = Math.round(xOf(tk.t) * 10) / 10;
      const anchor = x - left < 16 ? 'start' : right - x < 16 ? 'end' : 'middle';
      return `<line class="tick" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 3}"/><text class="axis" x="${x}" y="${labelY}" text-anchor="${anchor}">${escapeHtml(tk.label)}</text>`;
    })
    .join('');
}

export function tickLabel(v: number, unit: string): string {
  if (unit === 'None') return Math.abs(v) >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 100) / 100);
  return formatValue(v, unit);
}

export interface EventMarker {
  time: string;
  /** Short label shown on the chart. */
  label: string;
  /** Full text in the tooltip. */
  title: string;
}

/** Event lines with their labels; a label too close to the previous one is left to its tooltip. */
export function eventMarkersSvg(
  events: readonly EventMarker[],
  xOf: (t: number) => number,
  top: number,
  bottom: number,
  start: number,
  end: number,
  options: { labelGap?: number; labelY?: number } = {},
): string {
  const labelGap = options.labelGap ?? 70;
  const labelY = options.labelY ?? top + 9;
  const parts: string[] = [];
  let lastLabelX = -Infinity;
  for (const e of [...events].sort((a, b) => a.time.localeCompare(b.time))) {
    const t = Date.parse(e.time);
    if (!(t >= start && t <= end)) continue;
    const x = Math.round(xOf(t) * 10) / 10;
    const showLabel = x - lastLabelX >= labelGap;
    if (showLabel) lastLabelX = x;
    parts.push(
      `<g class="event"><line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/><rect class="hit" x="${x - 3}" y="${top}" width="6" height="${bottom - top}"/>${showLabel ? `<text class="event-label" x="${x + 2}" y="${labelY}">${escapeHtml(e.label)}</text>` : ''}<title>${escapeHtml(e.title)}</title></g>`,
    );
  }
  return parts.join('');
}
