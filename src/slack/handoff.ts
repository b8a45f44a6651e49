/**
 * Hands a job to the worker: an asynchronous Lambda invocation (InvocationType Event). The call
 * returns once Lambda has queued the event (HTTP 202), so the ingress can ack within Slack's 3 s and
 * the work is not lost when the ingress container freezes.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { JobPayload } from '../jobs/payload';

export type Handoff = (job: JobPayload) => Promise<void>;

/** Async invocation payloads are limited to 256 KB; review SQL is capped well below that by the ingress. */
export const MAX_JOB_BYTES = 250_000;

export function lambdaHandoff(lambda: LambdaClient, functionName: string): Handoff {
  return async (job) => {
    const body = JSON.stringify(job);
    if (Buffer.byteLength(body) > MAX_JOB_BYTES) throw new Error('the request is too large to hand to the worker');
    const res = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(body) }));
    if (res.StatusCode !== 202) throw new Error(`the worker could not be started (status ${res.StatusCode})`);
  };
}
