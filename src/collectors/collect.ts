/**
 * Collects everything a report needs for one instance and window. RDS describe runs first (the
 * cluster, the role and the instance endpoint come from it); then metrics, events, slow log, error
 * log, performance_schema, Performance Insights and the instance's lock/session state run concurrently with a limit, each with its own time budget inside the
 * job's deadline. Any failure becomes a gap in CollectedData; only an unknown instance throws.
 */
import { systemClock } from '../core/clock';
import { type Comparison, COMPARISON_MS, COMPARISON_WORDS } from '../core/comparison';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import type { Logger } from '../core/log';
import { isUserFacing, UserFacingError } from '../core/errors';
import { redact } from '../core/redact';
import { describeAwsError } from '../aws/clients';
import { digestCloudWatchEvents } from '../digest';
import type { DigestResult } from '../digest/types';
import type { CollectedData, CollectionGap, InstanceMeta, PerfSchemaSnapshot } from '../model/collected-data';
import { alignWindow, choosePeriod } from './cloudwatch-period';
import { collectMetrics, seriesFor } from './cloudwatch';
import { mapLimit, withBudget } from './concurrency';
import { fetchErrorHighlights, fetchSlowQueryEvents, isMissingLogGroup, type LogEvent } from './logs';
import { collectInstanceState } from './instance-state';
import { collectPerfSchema } from './perfschema';
import { collectPerformanceInsights } from './pi';
import { collectEvents, describeInstanceAndCluster, InstanceNotFoundError, type InstanceDescription } from './rds';
import { getCredentials, invalidateCredentials, type DbCredentials } from './secrets';

export interface CollectOptions {
  target: Target;
  instance: string;
  window: { start: Date; end: Date; label: string };
  config: Pick<Config, 'region'>;
  log: Logger;
  /** Epoch ms by which collection must be over. */
  deadline: number;
  /** Turns slow-query log events into a digest; default the digest engine, top SLOW_LOG_CLASSES classes by total time. */
  digestSlowLog?: (events: Iterable<LogEvent>) => DigestResult;
  /** Collectors running at once (default 4). */
  concurrency?: number;
  /** Seconds between the performance_schema snapshots, statement digests and wait/status counters alike (default 10). */
  perfSchemaIntervalS?: number;
  /** Reading time for "now" (period choice against retention); default the clock. */
  now?: Date;
  /**
   * Where performance_schema and the instance's locks and sessions are read. Default: the instance's
   * own endpoint (from RDS) with the target's Secrets Manager credentials. The CLI gives a server of
   * its own (`--db`, often a tunnel to the instance), or a reason they are not read (a gap).
   */
  database?: { endpoint: { host: string; port: number }; credentials: DbCredentials } | { skip: string };
  /**
   * Also collect the same window a day or a week earlier for "what changed": its metrics in the same
   * GetMetricData calls, and (each a task of its own) the RDS events from its start to the window's and
   * its slow-log digest.
   */
  vs?: Comparison;
  /** Told when each collector is queued and when it settles (progress; knows nothing of who shows it). */
  onCollector?: (collector: string, status: 'queued' | 'done' | 'failed') => void;
}

/** Per-collector budgets (ms), each further cut to what is left before the deadline. */
export const BUDGETS_MS = {
  rds: 10_000,
  metrics: 20_000,
  events: 10_000,
  slowLog: 25_000,
  errorLog: 10_000,
  perfSchema: 20_000,
  pi: 20_000,
  instanceState: 15_000,
  earlierSlowLog: 20_000,
} as const;
/** Time kept from the slow-log budget for digesting the events read. */
const SLOW_LOG_DIGEST_RESERVE_MS = 4_000;
/** Query classes kept from the slow log (the totals still count every event). */
export const SLOW_LOG_CLASSES = 50;
/** Kept free before the deadline for analysis, rendering and publishing. */
const DEADLINE_MARGIN_MS = 2_000;

/** Why a collector failed, fit for the report and Slack: no hosts, ARNs, account ids or credentials. */
function reasonOf(e: unknown): string {
  return redact(rawReason(e));
}

function rawReason(e: unknown): string {
  if (isUserFacing(e)) return e.message;
  // mysql2 errors carry a code; their message can name the host, so only code and number are kept.
  const code = (e as { code?: string; errno?: number })?.code;
  if (code && typeof code === 'string' && !(e as { $metadata?: unknown }).$metadata) return `database error ${code}`;
  return describeAwsError(e);
}

/** The credentials could not be read: reported as a secrets gap and the reason performance_schema is missing. */
class SecretsGap extends Error {
  override name = 'SecretsGap';
}

function fallbackMeta(instance: string, cluster: string): InstanceMeta {
  return { instance, cluster, instanceClass: 'unknown', engine: 'unknown', engineVersion: 'unknown', role: 'unknown', members: [], performanceInsights: false };
}

export async function collectReport(options: CollectOptions): Promise<CollectedData> {
  const { target, instance, log } = options;
  const region = target.region ?? options.config.region;
  const gaps: CollectionGap[] = [];
  const budget = (ms: number) => Math.min(ms, options.deadline - DEADLINE_MARGIN_MS - systemClock.now());
  const period = choosePeriod(options.window.start, options.window.end, options.now);
  const aligned = alignWindow(options.window.start, options.window.end, period.periodS);

  // 1. The instance, its cluster and endpoint; the credentials are read at the same time.
  const database = options.database;
  const credentials = database
    ? 'skip' in database
      ? Promise.reject(new UserFacingError(database.skip))
      : Promise.resolve(database.credentials)
    : getCredentials({ region, secretId: target.secret });
  credentials.catch(() => {}); // awaited (and reported) by the performance_schema task
  let described: InstanceDescription | undefined;
  try {
    described = await withBudget('RDS describe', budget(BUDGETS_MS.rds), (signal) =>
      describeInstanceAndCluster({ region, instance, cluster: target.cluster, signal }),
    );
  } catch (e) {
    if (e instanceof InstanceNotFoundError) throw e;
    gaps.push({ source: 'rds', what: 'instance and cluster description', reason: reasonOf(e) });
    log.warn('collect: rds describe failed', { error: reasonOf(e) });
  }
  const meta = described?.meta ?? fallbackMeta(instance, target.cluster);
  const cluster = meta.cluster ?? target.cluster;

  const data: CollectedData = {
    instance: meta,
    window: { start: options.window.start.toISOString(), end: options.window.end.toISOString(), periodS: period.periodS, label: options.window.label },
    metrics: [],
    missingMetrics: [],
    events: [],
    errorLog: [],
    gaps,
    simulated: false,
    cloudwatchCalls: 0,
  };

  // The comparison window: the aligned window moved back a day or a week (both shifts are whole periods).
  const shift = options.vs ? COMPARISON_MS[options.vs] : 0;
  const earlier = options.vs ? { start: new Date(aligned.start.getTime() - shift), end: new Date(aligned.end.getTime() - shift) } : undefined;
  if (options.vs && earlier) {
    let problem: string | undefined;
    try {
      // The same length as the window: only CloudWatch's retention (coarser points for older data) can differ.
      const back = choosePeriod(new Date(options.window.start.getTime() - shift), new Date(options.window.end.getTime() - shift), options.now);
      if (back.periodS > period.periodS) problem = 'CloudWatch keeps only coarser points that far back';
    } catch (e) {
      problem = reasonOf(e);
    }
    if (problem) gaps.push({ source: 'cloudwatch', what: `metrics ${COMPARISON_WORDS[options.vs]}`, reason: problem });
    else data.comparison = { vs: options.vs, start: earlier.start.toISOString(), end: earlier.end.toISOString(), metrics: [], events: [] };
  }
  const comparison = data.comparison;

  // Performance Insights off, or no identifier to ask it with: say how to get load by wait and SQL.
  const piOff = described && !meta.performanceInsights;
  if (piOff) {
    gaps.push({
      source: 'pi',
      what: 'Performance Insights (load by wait event and SQL)',
      reason: `Performance Insights is off for ${meta.instance}: turn it on (console: Modify → Monitoring → Performance Insights; CLI: aws rds modify-db-instance --db-instance-identifier ${meta.instance} --enable-performance-insights --apply-immediately) so reports can break load down by wait and SQL`,
    });
  } else if (described && !meta.resourceId) {
    gaps.push({
      source: 'pi',
      what: 'Performance Insights (load by wait event and SQL)',
      reason: 'RDS did not return the instance resource id Performance Insights needs',
    });
  }

  /** The credentials, or a SecretsGap (reported once as the reason the endpoint readers are missing). */
  const readCredentials = async (): Promise<DbCredentials> => {
    try {
      return await credentials;
    } catch (e) {
      // Not read on purpose (no server given): the reason is each reader's gap, not a secrets problem.
      if (database && 'skip' in database) throw e;
      throw new SecretsGap(reasonOf(e));
    }
  };
  /** The server the endpoint readers talk to. */
  const endpointOf = (): { host: string; port: number } => {
    if (database && 'endpoint' in database) return database.endpoint;
    if (!described?.endpoint) throw new Error('the instance endpoint is unknown (RDS describe failed or the instance has no endpoint)');
    return described.endpoint;
  };
  let refreshed: Promise<DbCredentials> | undefined;
  /**
   * Runs `read` with the credentials, once more with a fresh copy when the cached one is stale (a rotated
   * secret). The endpoint readers share one refresh.
   */
  const withCredentials = async <T>(read: (c: DbCredentials) => Promise<T>, signal: AbortSignal): Promise<T> => {
    const creds = await readCredentials();
    try {
      return await read(creds);
    } catch (e) {
      // A rotated secret: read it again (a server given with its credentials has nothing to refresh).
      if ((e as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR' || database) throw e;
      if (!refreshed) {
        invalidateCredentials(region, target.secret);
        refreshed = getCredentials({ region, secretId: target.secret, signal });
      }
      return read(await refreshed);
    }
  };

  // 2. Everything else, concurrently with a limit; each task records its own gap.
  // A task returns what to apply to `data`; results are applied only after every task settled, so a
  // task that overran its budget and finishes late cannot change data that is already being rendered.
  type Apply = () => void;
  type Task = { name: string; source: CollectionGap['source']; what: string; budgetMs: number; run: (signal: AbortSignal) => Promise<Apply> };
  /**
   * A slow-log task: page through the window's events until its budget (less the time kept to digest
   * them), digest what was read, and say so when it stopped early.
   */
  const slowLogTask = (
    name: string,
    what: string,
    budgetMs: number,
    window: { start: Date; end: Date; label: string },
    timelineBucketMs: number | undefined,
    keep: (digest: DigestResult) => void,
  ): Task => ({
    name,
    source: 'logs',
    what,
    budgetMs,
    run: async (signal) => {
      const digest =
        options.digestSlowLog ??
        ((events: Iterable<LogEvent>) =>
          digestCloudWatchEvents(events, { orderBy: 'total', top: SLOW_LOG_CLASSES, ...(timelineBucketMs ? { timelineBucketMs } : {}) }));
      // Stop paging early enough to digest what was read rather than lose it all at the budget.
      const stopAt = systemClock.now() + budget(budgetMs) - SLOW_LOG_DIGEST_RESERVE_MS;
      const r = await fetchSlowQueryEvents({ region, cluster, instance: meta.instance, window, signal, stopAt });
      const slowLog = digest(r.events);
      return () => {
        keep(slowLog);
        if (r.truncated) gaps.push({ source: 'logs', what, reason: `stopped after ${r.events.length} events (cap or time budget); the digest covers those` });
      };
    },
  });
  const tasks: Task[] = [
    {
      name: 'metrics',
      source: 'cloudwatch',
      what: 'CloudWatch metrics',
      budgetMs: BUDGETS_MS.metrics,
      run: async (signal) => {
        const r = await collectMetrics({
          region,
          series: seriesFor(
            meta.instance,
            cluster,
            described ? { role: meta.role, performanceInsights: meta.performanceInsights, members: meta.members.length || undefined } : {},
          ),
          start: aligned.start,
          end: aligned.end,
          periodS: period.periodS,
          ...(comparison ? { earlier: earlier! } : {}),
          signal,
        });
        return () => {
          data.metrics = r.metrics;
          if (comparison) comparison.metrics = r.earlier ?? [];
          data.missingMetrics = r.missing.map((m) => (m.scope === 'cluster' ? `cluster:${m.name}` : m.name));
          data.cloudwatchCalls = r.calls;
        };
      },
    },
    {
      name: 'events',
      source: 'rds',
      what: 'RDS events',
      budgetMs: BUDGETS_MS.events,
      run: async (signal) => {
        const r = await collectEvents({ region, instance: meta.instance, cluster, start: options.window.start, end: options.window.end, signal });
        return () => {
          data.events = r.events;
          if (r.truncated)
            gaps.push({ source: 'rds', what: 'RDS events', reason: `more than ${r.events.length} events; the oldest ${r.events.length} are shown` });
        };
      },
    },
    // Per-class timelines on the report's period let the analysis tell which classes ran in an incident.
    slowLogTask('slowLog', 'slow query log', BUDGETS_MS.slowLog, options.window, period.periodS * 1000, (d) => {
      data.slowLog = d;
    }),
    {
      name: 'errorLog',
      source: 'logs',
      what: 'error log highlights',
      budgetMs: BUDGETS_MS.errorLog,
      run: async (signal) => {
        const r = await fetchErrorHighlights({ region, cluster, instance: meta.instance, window: options.window, signal });
        return () => {
          data.errorLog = r.lines;
        };
      },
    },
    {
      name: 'perfSchema',
      source: 'perfschema',
      what: 'performance_schema top statements',
      budgetMs: BUDGETS_MS.perfSchema,
      run: async (signal) => {
        const endpoint = endpointOf();
        const r = await withCredentials(
          (credentials) =>
            collectPerfSchema({ endpoint, credentials, budgetMs: budget(BUDGETS_MS.perfSchema), intervalS: options.perfSchemaIntervalS ?? 10, signal }),
          signal,
        );
        const snapshot: PerfSchemaSnapshot = r.snapshot;
        const note = r.note;
        return () => {
          data.perfSchema = snapshot;
          if (note) gaps.push({ source: 'perfschema', what: 'two-snapshot delta', reason: note });
        };
      },
    },
    {
      name: 'instanceState',
      source: 'instance',
      what: 'locks, sessions and I/O on the instance',
      budgetMs: BUDGETS_MS.instanceState,
      run: async (signal) => {
        const endpoint = endpointOf();
        const state = await withCredentials(
          (credentials) =>
            collectInstanceState({ endpoint, credentials, budgetMs: budget(BUDGETS_MS.instanceState), intervalS: options.perfSchemaIntervalS ?? 10, signal }),
          signal,
        );
        return () => {
          data.instanceState = state;
        };
      },
    },
  ];
  if (comparison && earlier) {
    // The events since the earlier window began are read apart from the window's, so a busy week can
    // never crowd the window's own events out of the MAX_EVENTS cap.
    tasks.push({
      name: 'earlierEvents',
      source: 'rds',
      what: `RDS events since ${COMPARISON_WORDS[comparison.vs]}`,
      budgetMs: BUDGETS_MS.events,
      run: async (signal) => {
        const r = await collectEvents({ region, instance: meta.instance, cluster, start: earlier.start, end: options.window.start, signal });
        return () => {
          comparison.events = r.events;
          if (r.truncated)
            gaps.push({
              source: 'rds',
              what: `RDS events since ${COMPARISON_WORDS[comparison.vs]}`,
              reason: `more than ${r.events.length} events; the oldest ${r.events.length} are compared`,
            });
        };
      },
    });
    tasks.push(
      slowLogTask(
        'earlierSlowLog',
        `slow query log ${COMPARISON_WORDS[comparison.vs]}`,
        BUDGETS_MS.earlierSlowLog,
        { start: earlier.start, end: earlier.end, label: options.window.label },
        undefined,
        (d) => {
          comparison.slowLog = d;
        },
      ),
    );
  }
  if (described && meta.performanceInsights && meta.resourceId) {
    const resourceId = meta.resourceId;
    tasks.push({
      name: 'pi',
      source: 'pi',
      what: 'Performance Insights (load by wait event and SQL)',
      budgetMs: BUDGETS_MS.pi,
      run: async (signal) => {
        const pi = await collectPerformanceInsights({ region, resourceId, start: options.window.start, end: options.window.end, signal });
        return () => {
          data.pi = pi;
        };
      },
    });
  }

  const told = (name: string, status: 'queued' | 'done' | 'failed') => {
    try {
      options.onCollector?.(name, status);
    } catch (e) {
      log.warn('collect: progress callback failed', { error: e });
    }
  };
  for (const t of tasks) told(t.name, 'queued');
  const results = await mapLimit(tasks, options.concurrency ?? 4, (t) =>
    withBudget(t.what, budget(t.budgetMs), t.run).then(
      (v) => {
        told(t.name, 'done');
        return v;
      },
      (e: unknown) => {
        told(t.name, 'failed');
        throw e;
      },
    ),
  );
  results.forEach((r, i) => {
    const t = tasks[i]!;
    if (r.status === 'fulfilled') return r.value();
    if (r.reason instanceof SecretsGap) {
      if (!gaps.some((g) => g.source === 'secrets')) gaps.push({ source: 'secrets', what: 'database credentials', reason: r.reason.message });
      gaps.push({ source: t.source, what: t.what, reason: 'no database credentials' });
      return;
    }
    let reason = reasonOf(r.reason);
    if (t.source === 'logs' && isMissingLogGroup(r.reason))
      reason = `log group not found: is ${t.name === 'errorLog' ? 'error' : 'slowquery'} log export to CloudWatch Logs enabled for ${cluster}?`;
    gaps.push({ source: t.source, what: t.what, reason });
    log.warn('collect: collector failed', { collector: t.name, error: reason });
  });
  return data;
}
