/**
 * Powertools-based logging and metrics as the handlers use them: JSON lines with the Lambda context and
 * cold start, errors with stack, cause and AWS request id but without account ids or ARNs, secrets
 * redacted by the project's redactor; EMF metrics in the dbassist namespace with their dimensions.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRIC } from '../../src/core/metrics';
import { lambdaObservability } from '../../src/observability/lambda';

function capture(): { lines: () => Array<Record<string, any>>; restore: () => void } {
  const out: string[] = [];
  const spies = [process.stdout, process.stderr].map((s) =>
    vi.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    }),
  );
  return {
    lines: () =>
      out
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

const context = {
  awsRequestId: 'req-42',
  functionName: 'dbassist-prod-worker',
  memoryLimitInMB: '1536',
  invokedFunctionArn: 'arn:aws:lambda:ap-northeast-2:123456789012:function:dbassist-prod-worker',
  functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

let cap: ReturnType<typeof capture> | undefined;
afterEach(() => cap?.restore());
// As Lambda sets it for an on-demand container (Powertools reports no cold start without it).
beforeEach(() => void (process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand'));
afterEach(() => void delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE);

describe('lambda logger', () => {
  it('logs errors with stack, cause and AWS request id, scrubbed and redacted, with the Lambda context', () => {
    process.env.DBASSIST_LOG_LEVEL = 'info';
    const obs = lambdaObservability('worker');
    delete process.env.DBASSIST_LOG_LEVEL;
    cap = capture();
    obs.begin(context);
    const root = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const aws = Object.assign(
      new Error('User: arn:aws:sts::123456789012:assumed-role/dbassist-prod-worker/x is not authorized to perform: rds:DescribeDBInstances'),
      {
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403, requestId: 'aws-req-7', attempts: 1 },
        cause: root,
      },
    );
    obs.log.child({ jobId: 'j1' }).error('job failed', { error: aws, token: 'xoxb-1234-abcd', note: 'posted with xoxb-9999-zzzz' });
    const [line] = cap.lines().filter((l) => l.level);
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'job failed',
      fn: 'worker',
      jobId: 'j1',
      function_name: 'dbassist-prod-worker',
      function_request_id: 'req-42',
      cold_start: true,
    });
    expect(line!.error).toMatchObject({
      name: 'AccessDenied',
      awsRequestId: 'aws-req-7',
      httpStatusCode: 403,
      fault: 'client',
      cause: { name: 'TimeoutError', message: 'socket hang up' },
    });
    expect(line!.error.message).toBe('User: [arn] is not authorized to perform: rds:DescribeDBInstances');
    expect(line!.error.stack).toContain('at ');
    expect(line!.token).toBe('[redacted]');
    expect(line!.note).toBe('posted with [token]');
    expect(JSON.stringify(line)).not.toContain('123456789012');
  });
});

describe('EMF metrics', () => {
  // vitest.config.ts disables EMF output for the rest of the suite; this test is what checks it.
  beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
  afterEach(() => vi.unstubAllEnvs());
  it('writes counts and durations per dimension set in the dbassist namespace when the invocation ends', () => {
    const obs = lambdaObservability('alerts');
    cap = capture();
    obs.begin({ ...context, functionName: 'dbassist-prod-alerts' } as Context);
    obs.metrics.count(METRIC.alerts, 1, { outcome: 'posted' });
    obs.metrics.count(METRIC.alerts, 1, { outcome: 'posted' });
    obs.metrics.count(METRIC.alerts, 1, { outcome: 'folded' });
    obs.metrics.duration(METRIC.jobDuration, 1234, { verb: 'report' });
    obs.end();
    const emf = cap.lines().filter((l) => l._aws);
    const metric = (name: string, dims: Record<string, string>) =>
      emf.find((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: { Name: string }) => m.Name === name) && Object.entries(dims).every(([k, v]) => l[k] === v));
    expect(metric('ColdStart', { function_name: 'dbassist-prod-alerts' })).toBeDefined();
    const posted = metric('Alerts', { outcome: 'posted' })!;
    expect(posted._aws.CloudWatchMetrics[0].Namespace).toBe('dbassist');
    expect(posted._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(['service', 'outcome']));
    expect(posted.Alerts).toBe(2);
    expect(metric('Alerts', { outcome: 'folded' })!.Alerts).toBe(1);
    expect(metric('JobDuration', { verb: 'report' })!.JobDuration).toBe(1234);
    cap.restore();
    cap = capture();
    obs.end(); // nothing new: nothing written
    expect(cap.lines().filter((l) => l._aws)).toEqual([]);
  });
});
