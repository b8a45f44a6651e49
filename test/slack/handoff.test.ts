/** The hand-off to the worker: an asynchronous Lambda invocation of the job, refused when too large or not queued. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_JOB_BYTES } from '../../src/core/limits';
import { checkJobPayload, type CommandJob } from '../../src/jobs/payload';
import { lambdaHandoff } from '../../src/slack/handoff';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());
const job = (sql = 'SELECT 1'): CommandJob => ({
  kind: 'command',
  id: 'j1',
  requestedAt: '2026-11-20T00:00:00Z',
  origin: { team: 'T', channel: 'C1', user: 'U1' },
  command: { verb: 'review', sql },
});

describe('lambdaHandoff', () => {
  it('invokes the worker with InvocationType Event and the job as JSON, review SQL as base64', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await lambdaHandoff(new LambdaClient({ region: 'ap-northeast-2' }), 'dbassist-worker')(job());
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'dbassist-worker', InvocationType: 'Event' });
    const sent = JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8'));
    expect(sent.command).toEqual({ verb: 'review', sqlBase64: Buffer.from('SELECT 1').toString('base64') });
    expect(checkJobPayload(sent)).toEqual({ ok: true, job: job() });
  });

  it('refuses a job over the asynchronous payload limit without calling Lambda, and a status other than 202', async () => {
    const handoff = lambdaHandoff(new LambdaClient({ region: 'ap-northeast-2' }), 'w');
    await expect(handoff(job('x'.repeat(MAX_JOB_BYTES)))).rejects.toThrow('too large');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    await expect(handoff(job())).rejects.toThrow('status 500');
  });
});
