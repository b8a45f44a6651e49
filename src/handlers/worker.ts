/** `worker` Lambda: invoked asynchronously by the ingress with a JobPayload. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { client } from '../aws/clients';
import { config } from '../config/env';
import { createLogger } from '../core/log';
import { checkJobPayload } from '../jobs/payload';
import { slackClient } from '../slack/client-options';
import { S3StateStore } from '../state/s3-store';
import { processJob, type WorkerDeps } from '../worker/process';

const log = createLogger({ fn: 'worker' });
let deps: WorkerDeps | undefined;

function init(): WorkerDeps {
  const cfg = config();
  return {
    config: cfg,
    log,
    slack: slackClient('worker', cfg.slack),
    store: new S3StateStore(client(S3Client, cfg.region), cfg.reportsBucket),
  };
}

export async function handler(event: unknown, context: Context): Promise<{ outcome: string }> {
  const checked = checkJobPayload(event);
  if (!checked.ok) {
    log.error('ignored an event that is not a valid job payload', { problems: checked.problems.slice(0, 10) });
    return { outcome: 'invalid' };
  }
  deps ??= init();
  const outcome = await processJob(checked.job, deps, () => context.getRemainingTimeInMillis());
  return { outcome };
}
