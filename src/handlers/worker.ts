/** `worker` Lambda: invoked asynchronously by the ingress with a JobPayload. */
import { S3Client } from '@aws-sdk/client-s3';
import { WebClientEvent } from '@slack/web-api';
import type { Context } from 'aws-lambda';
import { client } from '../aws/clients';
import { fetchFunctionSecret } from '../aws/function-secrets';
import { loadRuntimeConfig } from '../config/runtime';
import { systemClock } from '../core/clock';
import { METRIC } from '../core/metrics';
import { checkJobPayload } from '../jobs/payload';
import { lambdaObservability } from '../observability/lambda';
import { traced } from '../observability/tracing';
import { slackClient } from '../slack/client-options';
import { S3StateStore } from '../state/s3-store';
import { processJob, type WorkerDeps } from '../worker/process';

const obs = lambdaObservability('worker');
const log = obs.log;
let deps: Promise<WorkerDeps> | undefined;

async function init(): Promise<WorkerDeps> {
  const cfg = await loadRuntimeConfig('worker', fetchFunctionSecret);
  const slack = slackClient('worker', cfg.slack);
  slack.on(WebClientEvent.RATE_LIMITED, () => obs.metrics.count(METRIC.slackRateLimited, 1, { fn: 'worker' }));
  return {
    config: cfg,
    log,
    slack,
    store: new S3StateStore(traced('worker', client(S3Client, cfg.region)), cfg.reportsBucket),
    clock: systemClock,
    metrics: obs.metrics,
  };
}

export async function handler(event: unknown, context: Context): Promise<{ outcome: string }> {
  obs.begin(context);
  try {
    const checked = checkJobPayload(event);
    if (!checked.ok) {
      log.error('ignored an event that is not a valid job payload', { problems: checked.problems.slice(0, 10) });
      return { outcome: 'invalid' };
    }
    deps ??= init().catch((e) => {
      deps = undefined;
      throw e;
    });
    // A configuration error throws: the invocation fails and the job lands in the dead-letter queue.
    const outcome = await processJob(checked.job, await deps, () => context.getRemainingTimeInMillis());
    return { outcome };
  } finally {
    obs.end();
  }
}
