/**
 * What the bot counts, independent of where the numbers go: the Lambda handlers send them to
 * CloudWatch as EMF through Powertools Metrics (src/observability/metrics.ts); the CLI and tests use
 * `noMetrics` or `RecordingMetrics`. Names and dimensions are fixed here so the alarms in
 * serverless.yml and the code cannot drift apart.
 */
export const METRIC = {
  /** One per job, dimensions verb + outcome (done, failed, timeout, duplicate). */
  jobs: 'Jobs',
  /** Job wall time in ms, dimension verb. */
  jobDuration: 'JobDuration',
  /** Jobs that outran their deadline (no dimensions: the self-alarm watches it). */
  jobTimeouts: 'JobTimeouts',
  /** A deterministic summary went out because the model did not answer; dimension use. */
  aiFallbacks: 'AiFallbacks',
  /** Slack answered 429; dimension fn. */
  slackRateLimited: 'SlackRateLimited',
  /** One per (alert, channel) outcome: posted, folded, reopened, resolved, noted, duplicate, muted, ignored, failed. */
  alerts: 'Alerts',
  /** Alerts that reached no channel: nobody subscribes, or Slack refused the channel for good. */
  alertsDropped: 'AlertsDropped',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type Dimensions = Record<string, string>;

export interface Metrics {
  count(name: MetricName, value?: number, dimensions?: Dimensions): void;
  duration(name: MetricName, ms: number, dimensions?: Dimensions): void;
}

export const noMetrics: Metrics = {
  count: () => undefined,
  duration: () => undefined,
};

export interface RecordedMetric {
  name: MetricName;
  unit: 'Count' | 'Milliseconds';
  value: number;
  dimensions: Dimensions;
}

/** Keeps every data point (tests, the bench). */
export class RecordingMetrics implements Metrics {
  readonly points: RecordedMetric[] = [];
  count(name: MetricName, value = 1, dimensions: Dimensions = {}): void {
    this.points.push({ name, unit: 'Count', value, dimensions });
  }
  duration(name: MetricName, ms: number, dimensions: Dimensions = {}): void {
    this.points.push({ name, unit: 'Milliseconds', value: ms, dimensions });
  }
  /** Sum of a count, optionally only where the given dimensions match. */
  total(name: MetricName, where: Dimensions = {}): number {
    return this.points.filter((p) => p.name === name && Object.entries(where).every(([k, v]) => p.dimensions[k] === v)).reduce((s, p) => s + p.value, 0);
  }
}
