/**
 * Performance Insights (the API behind CloudWatch Database Insights) for one instance and window:
 * GetResourceMetrics for db.load.avg in total and grouped by wait event, SQL digest, user and host (one
 * call, paginated by NextToken); DescribeDimensionKeys for the top SQL of the window and of its busiest
 * stretches, each split by wait event; the full text of statements PI cut at 500 bytes (through db.sql,
 * literals masked so none leaves here). Every list read is bounded; the identifier is DbiResourceId.
 */
import {
  DescribeDimensionKeysCommand,
  GetDimensionKeyDetailsCommand,
  GetResourceMetricsCommand,
  PIClient,
  type DescribeDimensionKeysCommandInput,
  type DimensionKeyDescription,
  type MetricKeyDataPoints,
} from '@aws-sdk/client-pi';
import { client } from '../aws/clients';
import { maskSql } from '../ai/mask';
import { UserFacingError } from '../core/errors';
import { redact } from '../core/redact';
import type { PiKeySeries, PiLoad, PiTopSql } from '../model/load-model';
import { checkAborted } from './concurrency';

/** PI's periods (seconds); the finest one that keeps the window ≤ MAX_POINTS is used. */
export const PI_PERIODS = [60, 300, 3600, 86_400] as const;
const MAX_POINTS = 1440;
/** Keys asked for per dimension group. */
export const PI_LIMITS = { wait: 10, sql: 10, user: 5, host: 5 } as const;
/** Top SQL asked for per range. */
export const TOP_SQL = 10;
/** NextToken pages followed at most per call. */
const MAX_PAGES = 10;
/** PI returns at most 500 bytes of a statement; a longer one is fetched whole (for this many statements). */
const PI_TEXT_CUT = 500;
const FULL_TEXT_LOOKUPS = 3;
/** Busiest stretches whose top SQL is asked for separately. */
const MAX_PEAKS = 2;

export interface PiCollectOptions {
  region: string;
  /** The instance's DbiResourceId (`db-…`). */
  resourceId: string;
  start: Date;
  end: Date;
  signal?: AbortSignal;
}

/** Performance Insights cannot be read (not authorised, window past retention): its message is for the user. */
export class PiUnavailableError extends UserFacingError {
  override name = 'PiUnavailableError';
}

/** The finest PI period that keeps the window within MAX_POINTS points. */
export function piPeriod(start: Date, end: Date): number {
  const spanS = Math.max(1, (end.getTime() - start.getTime()) / 1000);
  return PI_PERIODS.find((p) => spanS / p <= MAX_POINTS) ?? 86_400;
}

/** PI wants times on its period grid. */
function align(d: Date, periodS: number, up: boolean): Date {
  const ms = periodS * 1000;
  const t = d.getTime();
  return new Date((up ? Math.ceil(t / ms) : Math.floor(t / ms)) * ms);
}

export function metricQueries() {
  return [
    { Metric: 'db.load.avg' },
    { Metric: 'db.load.avg', GroupBy: { Group: 'db.wait_event', Limit: PI_LIMITS.wait } },
    { Metric: 'db.load.avg', GroupBy: { Group: 'db.sql_tokenized', Limit: PI_LIMITS.sql } },
    { Metric: 'db.load.avg', GroupBy: { Group: 'db.user', Limit: PI_LIMITS.user } },
    { Metric: 'db.load.avg', GroupBy: { Group: 'db.host', Limit: PI_LIMITS.host } },
  ];
}

type Grouped = 'wait' | 'sql' | 'user' | 'host' | 'total';

function groupOf(dims: Record<string, string> | undefined): Grouped {
  if (!dims || Object.keys(dims).length === 0) return 'total';
  if (dims['db.wait_event.name'] !== undefined) return 'wait';
  if (dims['db.sql_tokenized.id'] !== undefined || dims['db.sql_tokenized.statement'] !== undefined) return 'sql';
  if (dims['db.user.name'] !== undefined) return 'user';
  return 'host';
}

function keyOf(group: Grouped, dims: Record<string, string>): { id: string; label: string; waitType?: string } {
  switch (group) {
    case 'wait':
      return {
        id: dims['db.wait_event.name']!,
        label: dims['db.wait_event.name']!,
        ...(dims['db.wait_event.type'] ? { waitType: dims['db.wait_event.type'] } : {}),
      };
    case 'sql':
      return {
        id: dims['db.sql_tokenized.id'] ?? dims['db.sql_tokenized.statement'] ?? '',
        label: dims['db.sql_tokenized.statement'] ?? dims['db.sql_tokenized.id'] ?? '',
      };
    case 'user':
      return { id: dims['db.user.name']!, label: dims['db.user.name']! };
    default: {
      const host = dims['db.host.name'] ?? dims['db.host.id'] ?? '';
      return { id: host, label: host };
    }
  }
}

/** Puts PI's MetricList on one time grid (the total's, or the union of all timestamps), missing points 0. */
export function toPiLoad(list: readonly MetricKeyDataPoints[], periodS: number): Omit<PiLoad, 'topSql' | 'peaks'> {
  const times = new Set<number>();
  for (const m of list) for (const p of m.DataPoints ?? []) if (p.Timestamp) times.add(new Date(p.Timestamp).getTime());
  const timestamps = [...times].sort((a, b) => a - b);
  const index = new Map(timestamps.map((t, i) => [t, i]));
  const out: Omit<PiLoad, 'topSql' | 'peaks'> = {
    periodS,
    timestamps,
    total: new Array<number>(timestamps.length).fill(0),
    byWait: [],
    bySql: [],
    byUser: [],
    byHost: [],
  };
  for (const m of list) {
    const values = new Array<number>(timestamps.length).fill(0);
    for (const p of m.DataPoints ?? []) {
      if (!p.Timestamp) continue;
      const i = index.get(new Date(p.Timestamp).getTime());
      if (i !== undefined && typeof p.Value === 'number' && Number.isFinite(p.Value)) values[i] = p.Value;
    }
    const dims = m.Key?.Dimensions;
    const group = groupOf(dims);
    if (group === 'total') {
      out.total = values;
      continue;
    }
    const series: PiKeySeries = { ...keyOf(group, dims!), values };
    (({ wait: out.byWait, sql: out.bySql, user: out.byUser, host: out.byHost }) as const)[group].push(series);
  }
  return out;
}

function topSqlOf(keys: readonly DimensionKeyDescription[], partitionKeys: readonly { Dimensions?: Record<string, string> }[] | undefined): PiTopSql[] {
  const waits = (partitionKeys ?? []).map((p) => p.Dimensions?.['db.wait_event.name'] ?? '?');
  return keys
    .filter((k) => k.Dimensions?.['db.sql_tokenized.id'] || k.Dimensions?.['db.sql_tokenized.statement'])
    .map((k) => {
      const d = k.Dimensions!;
      const s: PiTopSql = {
        id: d['db.sql_tokenized.id'] ?? d['db.sql_tokenized.statement']!,
        statement: d['db.sql_tokenized.statement'] ?? '',
        load: k.Total ?? 0,
      };
      if (d['db.sql_tokenized.db_id']) s.dbId = d['db.sql_tokenized.db_id'];
      if (k.Partitions && waits.length === k.Partitions.length) {
        s.byWait = {};
        k.Partitions.forEach((v, i) => {
          if (v > 0) s.byWait![waits[i]!] = v;
        });
      }
      return s;
    })
    .sort((a, b) => b.load - a.load);
}

/**
 * The busiest stretches of the total load: around each peak, the points above half-way between the
 * median and the peak; only peaks at least 1.5× the median and 0.5 sessions above it count.
 */
export function loadPeaks(timestamps: readonly number[], total: readonly number[], periodS: number, max = MAX_PEAKS): { start: Date; end: Date }[] {
  const n = total.length;
  if (n < 3) return [];
  const sorted = [...total].sort((a, b) => a - b);
  const median = sorted[n >> 1]!;
  const taken = new Uint8Array(n);
  const out: { start: Date; end: Date }[] = [];
  while (out.length < max) {
    let p = -1;
    for (let i = 0; i < n; i++) if (!taken[i] && (p < 0 || total[i]! > total[p]!)) p = i;
    if (p < 0) break;
    const peak = total[p]!;
    if (peak < median * 1.5 || peak - median < 0.5) break;
    const level = median + (peak - median) / 2;
    let a = p;
    let b = p;
    while (a > 0 && !taken[a - 1] && total[a - 1]! >= level) a--;
    while (b < n - 1 && !taken[b + 1] && total[b + 1]! >= level) b++;
    for (let i = Math.max(0, a - 2); i <= Math.min(n - 1, b + 2); i++) taken[i] = 1;
    out.push({ start: new Date(timestamps[a]!), end: new Date(timestamps[b]! + periodS * 1000) });
  }
  return out.sort((x, y) => x.start.getTime() - y.start.getTime());
}

export async function collectPerformanceInsights(o: PiCollectOptions): Promise<PiLoad> {
  const pi = client(PIClient, o.region);
  const periodS = piPeriod(o.start, o.end);
  const start = align(o.start, periodS, false);
  const end = align(o.end, periodS, true);
  const base = { ServiceType: 'RDS' as const, Identifier: o.resourceId };
  const opts = { abortSignal: o.signal };
  const call = async <T>(f: () => Promise<T>): Promise<T> => {
    checkAborted(o.signal);
    try {
      return await f();
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NotAuthorizedException')
        throw new PiUnavailableError(
          'not authorised to read Performance Insights (the worker role needs pi:GetResourceMetrics, pi:DescribeDimensionKeys and pi:GetDimensionKeyDetails)',
        );
      if (name === 'InvalidArgumentException' && /retention|older|start ?time/i.test((e as Error).message))
        throw new PiUnavailableError(`the window reaches past Performance Insights' retention: ${redact((e as Error).message)}`);
      throw e;
    }
  };

  // 1. Load over time, in total and per wait event, SQL digest, user and host: one request, paginated.
  const list: MetricKeyDataPoints[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await call(() =>
      pi.send(
        new GetResourceMetricsCommand({
          ...base,
          MetricQueries: metricQueries(),
          StartTime: start,
          EndTime: end,
          PeriodInSeconds: periodS,
          MaxResults: 25,
          ...(token ? { NextToken: token } : {}),
        }),
        opts,
      ),
    );
    list.push(...(out.MetricList ?? []));
    token = out.NextToken;
  } while (token && ++pages < MAX_PAGES);
  const load = toPiLoad(list, periodS);

  // 2. Top SQL by load, split by wait event: over the window, then over each busy stretch.
  const topSql = async (from: Date, to: Date): Promise<PiTopSql[]> => {
    const input: DescribeDimensionKeysCommandInput = {
      ...base,
      StartTime: from,
      EndTime: to,
      Metric: 'db.load.avg',
      PeriodInSeconds: periodS,
      GroupBy: { Group: 'db.sql_tokenized', Limit: TOP_SQL },
      PartitionBy: { Group: 'db.wait_event', Limit: PI_LIMITS.wait },
      MaxResults: TOP_SQL,
    };
    const out = await call(() => pi.send(new DescribeDimensionKeysCommand(input), opts));
    return topSqlOf(out.Keys ?? [], out.PartitionKeys);
  };
  const whole = await topSql(start, end);
  const peaks: PiLoad['peaks'] = [];
  for (const w of loadPeaks(load.timestamps, load.total, periodS)) {
    peaks.push({ start: w.start.toISOString(), end: w.end.toISOString(), topSql: await topSql(align(w.start, periodS, false), align(w.end, periodS, true)) });
  }

  // 3. Full text of statements PI cut at 500 bytes: db.sql key of the digest, then its statement, normalised.
  const cut = new Map<string, PiTopSql[]>();
  for (const s of [...whole, ...peaks.flatMap((p) => p.topSql)]) {
    if (Buffer.byteLength(s.statement) < PI_TEXT_CUT) continue;
    cut.set(s.id, [...(cut.get(s.id) ?? []), s]);
  }
  for (const [id, statements] of [...cut.entries()].slice(0, FULL_TEXT_LOOKUPS)) {
    const keys = await call(() =>
      pi.send(
        new DescribeDimensionKeysCommand({
          ...base,
          StartTime: start,
          EndTime: end,
          Metric: 'db.load.avg',
          GroupBy: { Group: 'db.sql', Dimensions: ['db.sql.id'], Limit: 1 },
          Filter: { 'db.sql.tokenized_id': id },
          MaxResults: 1,
        }),
        opts,
      ),
    );
    const sqlId = keys.Keys?.[0]?.Dimensions?.['db.sql.id'];
    if (!sqlId) continue;
    const details = await call(() =>
      pi.send(new GetDimensionKeyDetailsCommand({ ...base, Group: 'db.sql', GroupIdentifier: sqlId, RequestedDimensions: ['statement'] }), opts),
    );
    const text = details.Dimensions?.find((d) => d.Dimension === 'db.sql.statement' && d.Status !== 'UNAVAILABLE')?.Value;
    if (!text) continue;
    // The full statement carries literals: only the masked text is kept.
    for (const s of statements) {
      s.statement = maskSql(text).replace(/\s+/g, ' ').trim();
      s.full = true;
    }
  }
  return { ...load, topSql: whole, peaks };
}
