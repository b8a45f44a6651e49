/**
 * The short human reason of an anomaly window, in the words a DBA uses and never a raw score:
 * "3.1× the usual for Tuesdays 14:00", "level shift +40 % since 02:56Z", "62 % against a usual 35 % of the
 * previous 6 h". Ratios for quantities that scale (counts, bytes, latencies); values side by side for
 * percentages and plain levels. Every number is printed by the one formatter, core/format.ts.
 */
import type { MetricKind } from './noise-model';
import { formatPercent, formatRatio, formatSignedPercent, formatTime, formatValue } from '../core/format';

export interface ReasonInput {
  kind: MetricKind;
  /** CloudWatch unit, or 'None'. */
  unit: string;
  direction: 'high' | 'low';
  peakValue: number;
  /** The usual value at the peak. */
  expected: number;
  /** What "usual" refers to (usual.ts): `for Tuesdays 14:00`, `at this time a week earlier`, `in the hour before`. */
  usual: string;
  /** Set when the window is the start of a lasting new level. */
  shift?: { from: number; to: number; since: string };
}

const multiplicative = (kind: MetricKind) => kind === 'count' || kind === 'latency' || kind === 'bytes';

/** "+40 %", "−35 %", "3.1×" for a move from `from` to `to`. */
export function relativeChange(from: number, to: number): string {
  const r = to / from;
  return r >= 2 ? formatRatio(r) : formatSignedPercent((r - 1) * 100);
}

export function describeAnomaly(a: ReasonInput): string {
  const fmt = (x: number) => formatValue(x, a.unit);
  if (a.shift) {
    const since = formatTime(a.shift.since);
    const { from, to } = a.shift;
    if (multiplicative(a.kind) && from > 0 && to > 0) {
      const r = to / from;
      return r >= 2 ? `level shift to ${formatRatio(r)} since ${since}` : `level shift ${relativeChange(from, to)} since ${since}`;
    }
    return `level shift from ${fmt(from)} to ${fmt(to)} since ${since}`;
  }
  const { peakValue: v, expected: e } = a;
  // A peak that is not beyond the usual its own way (the detector judged it against its trend): side by side.
  const beyond = a.direction === 'high' ? v > e : v < e;
  if (multiplicative(a.kind) && beyond) {
    const tiny = Math.abs(e) < 1e-9 || (a.direction === 'high' && v / e >= 1000);
    if (tiny) return `${fmt(v)} where ≈ ${fmt(Math.max(e, 0))} is usual ${a.usual}`;
    const r = v / e;
    if (a.direction === 'high')
      return r >= 1.5 ? `${formatRatio(r)} the usual ${a.usual}` : `${relativeChange(e, v).replace('+', '')} over the usual ${a.usual}`;
    const drop = (1 - r) * 100;
    return `${formatPercent(drop, drop >= 10 ? 0 : 1)} below the usual ${a.usual}`;
  }
  return `${fmt(v)} against a usual ${fmt(e)} ${a.usual}`;
}
