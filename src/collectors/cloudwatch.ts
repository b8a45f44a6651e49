/**
 * CloudWatch GetMetricData for an instance and its cluster: queries batched ≤ 500 a call, each call
 * paginated by NextToken (PartialData results continue on the next page and are merged by query id).
 * A metric that returns no data, or an error status, is listed as missing — never fatal.
 * With `earlier` (the same window a day or a week before, for "what changed"), the same queries cover
 * both windows in the same calls: the request's time range runs from the earlier window's start to the
 * window's end (GetMetricData has one range per request) and the points are split by time; those between
 * the two windows are dropped.
 */
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { client } from '../aws/clients';
import type { MetricSeries } from '../model/collected-data';
import { CLUSTER_METRICS, INSTANCE_METRICS, type MetricSpec } from './cloudwatch-metrics';
import { checkAborted } from './concurrency';

export const MAX_QUERIES_PER_CALL = 500;
/** Safety stop for a runaway NextToken chain. */
const MAX_PAGES_PER_BATCH = 50;

export interface SeriesRequest extends MetricSpec {
  scope: 'instance' | 'cluster';
  /** Dimension value: the instance or cluster identifier. */
  id: string;
}

export interface MetricsResult {
  metrics: MetricSeries[];
  /** Series without data (optional ones only on an error status), with the reason when CloudWatch gave one. */
  missing: { name: string; scope: 'instance' | 'cluster'; reason: string }[];
  /** GetMetricData calls made. */
  calls: number;
  /** The same series over the earlier window, when asked for (series without points there left out). */
  earlier?: MetricSeries[];
}

/** What is known of the instance's setup; anything unknown keeps the metric in the request. */
export interface SeriesContext {
  role?: 'writer' | 'reader' | 'unknown';
  performanceInsights?: boolean;
  /** Instances in the cluster, when known. */
  members?: number;
}

function applies(m: MetricSpec, c: SeriesContext): boolean {
  if (m.requires === 'reader') return c.role !== 'writer';
  if (m.requires === 'performance-insights') return c.performanceInsights !== false;
  if (m.requires === 'replicas') return c.members === undefined || c.members > 1;
  return true;
}

/**
 * The series to ask for: instance metrics on DBInstanceIdentifier, cluster metrics on
 * DBClusterIdentifier, without those the setup cannot have (AuroraReplicaLag on the writer, DBLoad
 * without Performance Insights, replica lag of a cluster without replicas).
 */
export function seriesFor(instance: string, cluster: string | undefined, context: SeriesContext = {}): SeriesRequest[] {
  const out: SeriesRequest[] = INSTANCE_METRICS.filter((m) => applies(m, context)).map((m) => ({ ...m, scope: 'instance', id: instance }));
  if (cluster) out.push(...CLUSTER_METRICS.filter((m) => applies(m, context)).map((m): SeriesRequest => ({ ...m, scope: 'cluster', id: cluster })));
  return out;
}

export function toQuery(s: SeriesRequest, index: number, periodS: number): MetricDataQuery {
  return {
    Id: `m${index}`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/RDS',
        MetricName: s.name,
        Dimensions: [{ Name: s.scope === 'instance' ? 'DBInstanceIdentifier' : 'DBClusterIdentifier', Value: s.id }],
      },
      Period: periodS,
      Stat: s.stat ?? 'Average',
    },
    ReturnData: true,
  };
}

export interface MetricDataPoints {
  /** Query id → epoch ms → value, pages merged. */
  points: Map<string, Map<number, number>>;
  /** Query id → error status (Forbidden, InternalError) with CloudWatch's message. */
  errors: Map<string, string>;
  /** GetMetricData calls made. */
  calls: number;
}

/**
 * Runs GetMetricData for any number of queries: ≤ 500 queries a call, each call followed through
 * NextToken (PartialData continues on the next page and is merged by query id).
 */
export async function fetchMetricData(input: {
  region: string;
  queries: MetricDataQuery[];
  start: Date;
  end: Date;
  signal?: AbortSignal;
}): Promise<MetricDataPoints> {
  const cw = client(CloudWatchClient, input.region);
  const points = new Map<string, Map<number, number>>();
  const errors = new Map<string, string>();
  let calls = 0;
  const { queries } = input;
  for (let b = 0; b < queries.length; b += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(b, b + MAX_QUERIES_PER_CALL);
    let nextToken: string | undefined;
    let pages = 0;
    do {
      checkAborted(input.signal);
      const out = await cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: input.start,
          EndTime: input.end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
        { abortSignal: input.signal },
      );
      calls++;
      for (const r of out.MetricDataResults ?? []) {
        if (!r.Id) continue;
        let byTime = points.get(r.Id);
        if (!byTime) points.set(r.Id, (byTime = new Map()));
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let i = 0; i < Math.min(ts.length, vs.length); i++) byTime.set(new Date(ts[i]!).getTime(), vs[i]!);
        if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
          errors.set(r.Id, `${r.StatusCode}${r.Messages?.[0]?.Value ? `: ${r.Messages[0].Value}` : ''}`);
        }
      }
      nextToken = out.NextToken;
    } while (nextToken && ++pages < MAX_PAGES_PER_BATCH);
  }
  return { points, errors, calls };
}

export async function collectMetrics(input: {
  region: string;
  series: SeriesRequest[];
  start: Date;
  end: Date;
  periodS: number;
  /** An earlier window of the same length (a day or a week before), fetched in the same calls. */
  earlier?: { start: Date; end: Date };
  signal?: AbortSignal;
}): Promise<MetricsResult> {
  const queries = input.series.map((s, i) => toQuery(s, i, input.periodS));
  // One range from the earlier window's start: CloudWatch has no time shift, so the same calls carry both.
  const { points, errors, calls } = await fetchMetricData({
    region: input.region,
    queries,
    start: input.earlier && input.earlier.start < input.start ? input.earlier.start : input.start,
    end: input.end,
    ...(input.signal ? { signal: input.signal } : {}),
  });

  const [ws, we] = [input.start.getTime(), input.end.getTime()];
  const split = (byTime: Map<number, number> | undefined, from: number, to: number): number[] =>
    byTime ? [...byTime.keys()].filter((t) => t >= from && t < to).sort((a, b) => a - b) : [];
  const metrics: MetricSeries[] = [];
  const earlier: MetricSeries[] = [];
  const missing: MetricsResult['missing'] = [];
  input.series.forEach((s, i) => {
    const byTime = points.get(`m${i}`);
    if (input.earlier && byTime) {
      const timestamps = split(byTime, input.earlier.start.getTime(), input.earlier.end.getTime());
      if (timestamps.length > 0) earlier.push({ name: s.name, scope: s.scope, unit: s.unit, timestamps, values: timestamps.map((t) => byTime.get(t)!) });
    }
    const timestamps = input.earlier ? split(byTime, ws, we) : byTime ? [...byTime.keys()].sort((a, b) => a - b) : [];
    if (!byTime || timestamps.length === 0) {
      if (s.optional && !errors.has(`m${i}`)) return;
      missing.push({ name: s.name, scope: s.scope, reason: errors.get(`m${i}`) ?? 'no data points in the window' });
      return;
    }
    metrics.push({ name: s.name, scope: s.scope, unit: s.unit, timestamps, values: timestamps.map((t) => byTime.get(t)!) });
  });
  return { metrics, missing, calls, ...(input.earlier ? { earlier } : {}) };
}
