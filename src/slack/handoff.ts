/**
 * Hands a job to the worker: an asynchronous Lambda invocation (InvocationType Event). The call
 * returns once Lambda has queued the event (HTTP 202), so the ingress can ack within Slack's 3 s and
 * the work is not lost when the ingress container freezes.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { MAX_JOB_BYTES } from '../core/limits';
import { encodeJob, type JobPayload } from '../jobs/payload';

export type Handoff = (job: JobPayload) => Promise<void>;

/** The limit is core/limits.ts's MAX_JOB_BYTES; review SQL is capped by the ingress so that it always fits. */
export function lambdaHandoff(lambda: LambdaClient, functionName: string): Handoff {
  return async (job) => {
    const body = encodeJob(job);
    if (Buffer.byteLength(body) > MAX_JOB_BYTES) throw new Error('the request is too large to hand to the worker');
    const res = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(body) }));
    if (res.StatusCode !== 202) throw new Error(`the worker could not be started (status ${res.StatusCode})`);
  };
}
