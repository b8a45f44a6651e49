/**
 * What every Lambda handler shares for observability: a Powertools logger and EMF metrics for the
 * function, `begin(context)` at the start of an invocation (Lambda context on every log line, the
 * ColdStart metric once per container) and `end()` after it (metrics written). Tracing is X-Ray
 * active tracing on every function (serverless.yml); src/observability/tracing.ts adds Powertools
 * Tracer subsegments for AWS SDK calls where the bundle can afford it.
 */
import type { Context } from 'aws-lambda';
import { powertoolsLogger, type LambdaLogger } from './logger';
import { EmfMetrics } from './metrics';

export interface Observability {
  log: LambdaLogger;
  metrics: EmfMetrics;
  begin(context?: Partial<Context>): void;
  end(): void;
}

export function lambdaObservability(fn: string): Observability {
  const log = powertoolsLogger(fn);
  const metrics = new EmfMetrics(process.env.POWERTOOLS_SERVICE_NAME ?? `dbassist-${fn}`);
  let coldStart = true;
  return {
    log,
    metrics,
    begin(context) {
      if (context?.awsRequestId) log.addContext(context as Context);
      if (coldStart) {
        coldStart = false;
        if (context?.functionName) metrics.powertools.captureColdStartMetric(context.functionName);
      }
    },
    end() {
      metrics.flush();
    },
  };
}
