/**
 * What changed: the report's window against the same window a day or a week earlier (docs/changes.md).
 * Lists what moved — metrics whose level left the range they kept then, slow-query classes that are new,
 * gone, ≥ 2× slower or ≥ 2× more frequent, classes whose plan probably changed (rows examined per call
 * ≥ 10×), and parameter changes and other RDS events since the earlier window — or says that nothing
 * unusual changed. Routine events (backups) and short spikes (the anomaly detector's business) are not
 * changes. Pure.
 */
import { type Comparison, COMPARISON_WORDS } from '../core/comparison';
import { formatCount, formatLevel, formatTime, formatValue } from '../core/format';
import type { DigestClass, DigestResult } from '../digest/types';
import type { MetricSeries, RdsEventRecord } from '../model/collected-data';
import { unitOf } from './metric-units';
import { compareLevels } from './noise-model';
import { median, quantile } from './robust';
import { finitePoints, metricKey } from './stats';
import { metricLabel } from './symptoms';

export interface MetricChange {
  metric: string;
  unit: string;
  /** Medians over the report's window and over the earlier one. */
  now: number;
  before: number;
  /** The range the metric kept in the earlier window (its 10th–90th percentiles). */
  usualLow: number;
  usualHigh: number;
  direction: 'up' | 'down';
  text: string;
}

export type QueryChangeKind = 'new' | 'gone' | 'slower' | 'more-frequent' | 'plan';

export interface QueryChange {
  kind: QueryChangeKind;
  /** The digest class id (a hash of the fingerprint). */
  id: string;
  fingerprint: string;
  now?: { calls: number; avgTime: number; avgRowsExamined: number; share: number };
  before?: { calls: number; avgTime: number; avgRowsExamined: number; share: number };
  text: string;
}

export interface EventChange {
  time: string;
  kind: 'parameter' | 'event';
  message: string;
  text: string;
}

export interface Changes {
  vs: Comparison;
  /** `a week earlier` */
  words: string;
  /** The earlier window (ISO). */
  against: { start: string; end: string };
  metrics: MetricChange[];
  queries: QueryChange[];
  events: EventChange[];
  /** True when none of the lists has anything. */
  nothingUnusual: boolean;
  /** What changed in counts (`Changed since the same window a week earlier: 2 metric levels, 1 RDS event`), or that nothing unusual did. */
  headline: string;
  /** The headline and the first change, for a first screen or a Slack line. */
  summary: string;
  /** What could not be compared (no slow log for one of the windows, …). */
  notes: string[];
}

export interface ChangesInput {
  vs: Comparison;
  window: { start: string; end: string };
  against: { start: string; end: string };
  metrics: readonly MetricSeries[];
  earlierMetrics: readonly MetricSeries[];
  slowLog?: DigestResult;
  earlierSlowLog?: DigestResult;
  /** RDS events from the earlier window's start to the report window's end. */
  events: readonly RdsEventRecord[];
}

/** How many of the earlier window's noise σ (noise-model.ts, on the metric kind's scale) a level must move. */
const MIN_Z = 2;
/** Points a window needs for its median to count. */
const MIN_POINTS = 3;
/** A level must move by this share of the earlier level (and leave the earlier range) to be a change. */
const MIN_RELATIVE = 0.3;
/**
 * The smallest move worth a line, per unit: below it a doubling is still noise to a DBA (0.02 → 0.05
 * deadlocks/s, 1 → 2 ms of latency).
 */
const MIN_ABSOLUTE: Record<string, number> = {
  Percent: 5,
  Count: 5,
  'Count/Second': 1,
  Milliseconds: 2,
  Seconds: 0.002,
  Bytes: 512 * 1024 ** 2,
  'Bytes/Second': 1024 ** 2,
  None: 0.5,
};
/** Series that move by nature and say nothing as a level: the uptime counter (a restart is an event). */
const NOT_A_LEVEL = new Set(['EngineUptime']);
/** Query classes: calls a class needs in a window before its speed or frequency is compared. */
const MIN_CALLS = 5;
/** Slower / more frequent: at least this factor. */
const QUERY_FACTOR = 2;
/** A plan change: rows examined per call grew by this factor, to at least PLAN_MIN_ROWS. */
const PLAN_FACTOR = 10;
const PLAN_MIN_ROWS = 1_000;
/** A new or gone class must carry this share of its window's slow-query time (or MIN_CALLS calls and 1 %). */
const MIN_SHARE = 0.02;
/** Lines kept per list (the rest are counted). */
export const MAX_METRIC_CHANGES = 8;
export const MAX_QUERY_CHANGES = 8;
export const MAX_EVENT_CHANGES = 8;

const ROUTINE_EVENT = /^(backing up|finished (db cluster |db instance )?backup|automated (db )?snapshot|creating automated|finished creating)/i;
const PARAMETER_EVENT = /parameter|option group|configuration/i;

function within(series: MetricSeries, from: number, to: number): number[] {
  const { t, v } = finitePoints(series);
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) if (t[i]! >= from && t[i]! < to) out.push(v[i]!);
  return out;
}

/** `28.2–33.8 %`, `1.2 GiB–3 GiB`: the unit once when both ends carry the same one. */
function rangeText(low: number, high: number, unit: string): string {
  const a = formatValue(low, unit);
  const b = formatValue(high, unit);
  const number = /^-?[\d.,]+/;
  const suffix = (x: string) => x.replace(number, '');
  return number.test(a) && suffix(a) === suffix(b) ? `${a.match(number)![0]}–${b}` : `${a}–${b}`;
}

/**
 * Metrics whose median left the earlier window's 10–90 % range, by ≥ 30 %, by the unit's smallest move and
 * by ≥ 2 σ of the earlier window's noise on the metric kind's scale.
 */
export function metricChanges(input: Pick<ChangesInput, 'window' | 'against' | 'metrics' | 'earlierMetrics' | 'vs'>): MetricChange[] {
  const earlier = new Map(input.earlierMetrics.map((m) => [metricKey(m), m]));
  const [ws, we] = [Date.parse(input.window.start), Date.parse(input.window.end)];
  const [as, ae] = [Date.parse(input.against.start), Date.parse(input.against.end)];
  const out: (MetricChange & { size: number })[] = [];
  for (const m of input.metrics) {
    const key = metricKey(m);
    const then = earlier.get(key);
    if (!then || NOT_A_LEVEL.has(m.name)) continue;
    const a = within(m, ws, we + 1);
    const b = within(then, as, ae + 1);
    if (a.length < MIN_POINTS || b.length < MIN_POINTS) continue;
    const unit = unitOf(key, m.unit);
    const now = median(a);
    const before = median(b);
    const low = quantile(b, 0.1);
    const high = quantile(b, 0.9);
    const diff = now - before;
    const floor = MIN_ABSOLUTE[unit] ?? MIN_ABSOLUTE.None!;
    if (Math.abs(diff) < floor) continue;
    if (Math.abs(diff) < MIN_RELATIVE * Math.abs(before)) continue;
    if (now >= low && now <= high) continue;
    // And beyond the earlier window's noise on the metric kind's own scale (the detector's yardstick).
    if (Math.abs(compareLevels(a, b, { name: key, unit }).z) < MIN_Z) continue;
    const direction = diff > 0 ? 'up' : 'down';
    const label = metricLabel(m.scope === 'cluster' ? key : m.name);
    const r = before > 0 && now > 0 ? (direction === 'up' ? now / before : before / now) : undefined;
    const by = r !== undefined && r >= 1.5 ? ` (${formatLevel(r)}× ${direction === 'up' ? 'higher' : 'lower'})` : '';
    const text = `${label}: median ${formatValue(now, unit)} against ${formatValue(before, unit)} ${COMPARISON_WORDS[input.vs]}${by}; then it kept within ${rangeText(low, high, unit)}`;
    out.push({ metric: key, unit, now, before, usualLow: low, usualHigh: high, direction, text, size: Math.abs(diff) / Math.max(high - low, floor) });
  }
  return out.sort((x, y) => y.size - x.size).map(({ size: _size, ...c }) => c);
}

function brief(c: DigestClass) {
  return { calls: c.calls, avgTime: c.avgTime, avgRowsExamined: c.avgRowsExamined, share: c.share };
}

function shortSql(fingerprint: string): string {
  const one = fingerprint.replace(/\s+/g, ' ').trim();
  return one.length > 90 ? `${one.slice(0, 89)}…` : one;
}

const secs = (s: number) => formatValue(s, 'Seconds');

/**
 * Whether a class missing from a digest's list may only have been cut from it: the list keeps the top
 * classes by total time, so a class is known absent only when the list is whole, or when it would have
 * ranked above the list's last class.
 */
function knownAbsent(digest: DigestResult, totalTime: number): boolean {
  if (digest.classes.length >= digest.totals.classes) return true;
  const last = Math.min(...digest.classes.map((c) => c.totalTime));
  return totalTime > last;
}

function significant(c: DigestClass): boolean {
  return c.share >= MIN_SHARE || (c.calls >= MIN_CALLS && c.share >= 0.01);
}

/** Slow-query classes that are new, gone, slower, more frequent, or whose plan probably changed. */
export function queryChanges(now: DigestResult, before: DigestResult, vs: Comparison): QueryChange[] {
  const words = COMPARISON_WORDS[vs];
  const earlier = new Map(before.classes.map((c) => [c.id, c]));
  const current = new Set(now.classes.map((c) => c.id));
  const out: QueryChange[] = [];
  for (const c of now.classes) {
    const b = earlier.get(c.id);
    const sql = shortSql(c.fingerprint);
    if (!b) {
      if (significant(c) && knownAbsent(before, c.totalTime))
        out.push({
          kind: 'new',
          id: c.id,
          fingerprint: c.fingerprint,
          now: brief(c),
          text: `new query class \`${sql}\`: ${formatCount(c.calls)} calls, ${Math.round(c.share * 100)} % of slow-query time; not in the slow log ${words}`,
        });
      continue;
    }
    const plan = c.avgRowsExamined >= PLAN_MIN_ROWS && c.avgRowsExamined >= PLAN_FACTOR * Math.max(b.avgRowsExamined, 1);
    if (c.calls >= MIN_CALLS && b.calls >= MIN_CALLS && plan) {
      out.push({
        kind: 'plan',
        id: c.id,
        fingerprint: c.fingerprint,
        now: brief(c),
        before: brief(b),
        text: `plan probably changed for \`${sql}\`: ${formatCount(Math.round(c.avgRowsExamined))} rows examined per call against ${formatCount(Math.round(b.avgRowsExamined))} ${words} (avg ${secs(c.avgTime)} against ${secs(b.avgTime)})`,
      });
      continue;
    }
    if (c.calls >= MIN_CALLS && b.calls >= MIN_CALLS && b.avgTime > 0 && c.avgTime >= QUERY_FACTOR * b.avgTime) {
      out.push({
        kind: 'slower',
        id: c.id,
        fingerprint: c.fingerprint,
        now: brief(c),
        before: brief(b),
        text: `\`${sql}\` ${formatLevel(c.avgTime / b.avgTime)}× slower: avg ${secs(c.avgTime)} against ${secs(b.avgTime)} ${words}`,
      });
    } else if (c.calls >= QUERY_FACTOR * Math.max(b.calls, MIN_CALLS) && significant(c)) {
      out.push({
        kind: 'more-frequent',
        id: c.id,
        fingerprint: c.fingerprint,
        now: brief(c),
        before: brief(b),
        text: `\`${sql}\` ${formatLevel(c.calls / b.calls)}× more frequent: ${formatCount(c.calls)} calls against ${formatCount(b.calls)} ${words}`,
      });
    }
  }
  for (const b of before.classes) {
    if (current.has(b.id) || !significant(b) || !knownAbsent(now, b.totalTime)) continue;
    out.push({
      kind: 'gone',
      id: b.id,
      fingerprint: b.fingerprint,
      before: brief(b),
      text: `query class gone: \`${shortSql(b.fingerprint)}\` (${formatCount(b.calls)} calls, ${Math.round(b.share * 100)} % of slow-query time ${words})`,
    });
  }
  const rank: Record<QueryChangeKind, number> = { new: 0, plan: 1, slower: 2, 'more-frequent': 3, gone: 4 };
  const weight = (q: QueryChange) => q.now?.share ?? q.before?.share ?? 0;
  return out.sort((x, y) => rank[x.kind] - rank[y.kind] || weight(y) - weight(x));
}

/** Parameter changes and other RDS events since the earlier window began; routine backups left out. */
export function eventChanges(events: readonly RdsEventRecord[]): EventChange[] {
  return events
    .filter((e) => !ROUTINE_EVENT.test(e.message.trim()) && !(e.categories.length === 1 && e.categories[0] === 'backup'))
    .map((e) => {
      const kind = PARAMETER_EVENT.test(e.message) || e.categories.includes('configuration change') ? 'parameter' : 'event';
      const message = e.message.replace(/\s+/g, ' ').trim();
      return { time: e.time, kind, message, text: `${formatTime(e.time)} ${e.sourceId}: ${message}` } as EventChange;
    })
    .sort((a, b) => a.time.localeCompare(b.time));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function compareWindows(input: ChangesInput): Changes {
  const words = COMPARISON_WORDS[input.vs];
  const notes: string[] = [];
  const metrics = metricChanges(input);
  if (input.earlierMetrics.length === 0) notes.push(`no metrics for the window ${words}`);
  let queries: QueryChange[] = [];
  if (input.slowLog && input.earlierSlowLog) queries = queryChanges(input.slowLog, input.earlierSlowLog, input.vs);
  else notes.push(`query classes not compared: no slow-log digest for ${input.slowLog ? `the window ${words}` : 'this window'}`);
  const events = eventChanges(input.events);
  const nothingUnusual = metrics.length === 0 && queries.length === 0 && events.length === 0;
  const parts = [
    metrics.length ? plural(metrics.length, 'metric level') : '',
    queries.length ? plural(queries.length, 'query class change') : '',
    events.filter((e) => e.kind === 'parameter').length ? plural(events.filter((e) => e.kind === 'parameter').length, 'parameter change') : '',
    events.filter((e) => e.kind === 'event').length ? plural(events.filter((e) => e.kind === 'event').length, 'RDS event') : '',
  ].filter((x) => x !== '');
  const headline = nothingUnusual
    ? `Nothing unusual changed since the same window ${words}${notes.length ? ` (${notes.join('; ')})` : ''}`
    : `Changed since the same window ${words}: ${parts.join(', ')}`;
  const summary = nothingUnusual ? `${headline}.` : `${headline}. First: ${[...metrics, ...queries, ...events][0]!.text}.`;
  return { vs: input.vs, words, against: input.against, metrics, queries, events, nothingUnusual, headline, summary, notes };
}

/** The Slack lines for a report reply: the summary, then the first few changes. */
export function changeLines(c: Changes, max = 3): string[] {
  if (c.nothingUnusual) return [c.summary];
  const all = [...c.metrics, ...c.queries, ...c.events].map((x) => x.text);
  return [`${c.headline}:`, ...all.slice(0, max).map((t) => `• ${t}`), ...(all.length > max ? [`…and ${all.length - max} more in the report`] : [])];
}
