/**
 * The bot's `Metrics` (src/core/metrics.ts) on Powertools for AWS Lambda's Metrics: CloudWatch
 * Embedded Metric Format in the function's log, namespace `dbassist`, dimension `service` plus the
 * metric's own. Data points are collected during an invocation and written by `flush()` at its end,
 * one EMF line per set of dimensions.
 */
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Dimensions, MetricName, Metrics } from '../core/metrics';

export const NAMESPACE = 'dbassist';

interface Pending {
  name: MetricName;
  unit: 'Count' | 'Milliseconds';
  dimensions: Dimensions;
  values: number[];
}

export class EmfMetrics implements Metrics {
  private readonly pending = new Map<string, Pending>();
  readonly powertools: PowertoolsMetrics;

  constructor(serviceName: string) {
    this.powertools = new PowertoolsMetrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? NAMESPACE,
      serviceName,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (...a: unknown[]) => console.error(...a) },
    });
  }

  private add(name: MetricName, unit: Pending['unit'], value: number, dimensions: Dimensions): void {
    const key = JSON.stringify([name, unit, Object.entries(dimensions).sort()]);
    const p = this.pending.get(key) ?? { name, unit, dimensions, values: [] };
    p.values.push(value);
    this.pending.set(key, p);
  }

  count(name: MetricName, value = 1, dimensions: Dimensions = {}): void {
    this.add(name, 'Count', value, dimensions);
  }

  duration(name: MetricName, ms: number, dimensions: Dimensions = {}): void {
    this.add(name, 'Milliseconds', ms, dimensions);
  }

  /** Writes what was collected (counts summed, durations as separate values) and forgets it. */
  flush(): void {
    for (const p of this.pending.values()) {
      const single = this.powertools.singleMetric();
      for (const [k, v] of Object.entries(p.dimensions)) single.addDimension(k, v);
      const unit = p.unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds;
      if (p.unit === 'Count')
        single.addMetric(
          p.name,
          unit,
          p.values.reduce((a, b) => a + b, 0),
        );
      else for (const v of p.values) single.addMetric(p.name, unit, v);
    }
    this.pending.clear();
  }
}
