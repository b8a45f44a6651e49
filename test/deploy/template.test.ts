/**
 * The deployment as CloudFormation sees it: `serverless package` runs offline (osls, no AWS
 * credentials) once for this file, and the packaged template is checked for what issue 12 asks of it —
 * a customer-managed KMS key the alarm sources can use, SNS → SQS with a redrive DLQ and partial batch
 * failures, bounded concurrency, failure destinations, alarms on the bot published to its own topic,
 * least privilege per function (Bedrock on the configured model and KB only), only the environment each
 * function needs, and secrets by ARN, never by value.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role, VARIABLES, variablesFor } from '../../src/config/env';

const ROOT = join(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'dbassist-package-'));
type Json = Record<string, any>;
let resources: Record<string, Json>;

const MODEL = 'global.anthropic.claude-sonnet-4-5';
const KB = 'KBTEST1234';
const PLAINTEXT = 'plaintext-secret-that-must-not-appear-0123456789';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    CI: 'true',
    DBASSIST_REGION: 'ap-northeast-2',
    BEDROCK_MODEL_ID: MODEL,
    BEDROCK_KB_ID: KB,
    DBASSIST_AI: 'on',
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
    SLACK_SIGNING_SECRET: PLAINTEXT,
    SLACK_BOT_TOKEN: `xoxb-${PLAINTEXT}`,
    DBASSIST_LINK_SECRET: PLAINTEXT,
  };
  for (const k of [
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'BEDROCK_REGION',
    'VITEST',
    'VITEST_POOL_ID',
    'VITEST_WORKER_ID',
    'NODE_OPTIONS',
  ])
    delete env[k];
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', 'test', '--package', out], {
    cwd: ROOT,
    env,
    timeout: 170_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  resources = (JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Json).Resources;
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const fnName: Record<Role, string> = {
  slack: 'SlackLambdaFunction',
  worker: 'WorkerLambdaFunction',
  alerts: 'AlertsLambdaFunction',
  reports: 'ReportsLambdaFunction',
};
const roleName: Record<Role, string> = { slack: 'SlackRole', worker: 'WorkerRole', alerts: 'AlertsRole', reports: 'ReportsRole' };
const statements = (role: Role): Json[] => resources[roleName[role]]!.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement as Json[]);
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe('packaged template', () => {
  it('encrypts the topic with a customer-managed key that CloudWatch, RDS events and EventBridge may use', () => {
    const topic = resources.AlertsTopic!.Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['AlertsTopicKey', 'Arn'] });
    const key = resources.AlertsTopicKey!;
    expect(key.Type).toBe('AWS::KMS::Key');
    const grants = (key.Properties.KeyPolicy.Statement as Json[]).filter((s) => s.Principal?.Service);
    const grant = (service: string) => grants.find((s) => list(s.Principal.Service).includes(service))!;
    for (const service of ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com', 'events.amazonaws.com']) {
      expect(grant(service), service).toBeDefined();
      expect(list(grant(service).Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    }
    // Right for CloudWatch; EventBridge's KMS requests carry neither key, so a condition would drop everything.
    expect(grant('cloudwatch.amazonaws.com').Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(grant('events.amazonaws.com').Condition ?? {})).not.toMatch(/aws:Source(Account|Arn)/i);
  });

  it('delivers SNS → SQS (redrive DLQ) → alerts in bounded batches with partial failures and bounded concurrency', () => {
    const sub = ofType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(sub).toEqual([
      expect.objectContaining({
        Protocol: 'sqs',
        TopicArn: { Ref: 'AlertsTopic' },
        Endpoint: { 'Fn::GetAtt': ['AlertsQueue', 'Arn'] },
        RawMessageDelivery: false,
      }),
    ]);
    const queue = resources.AlertsQueue!.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['AlertsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * resources.AlertsLambdaFunction!.Properties.Timeout);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    const mapping = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
    expect(mapping).toHaveLength(1);
    expect(mapping[0]!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping[0]!.BatchSize).toBeLessThanOrEqual(10);
    const reserved = resources.AlertsLambdaFunction!.Properties.ReservedConcurrentExecutions;
    expect(reserved).toBeGreaterThan(0);
    expect(mapping[0]!.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(reserved);
    const queuePolicy = ofType('AWS::SQS::QueuePolicy')[0]![1].Properties.PolicyDocument.Statement[0];
    expect(queuePolicy.Condition.ArnEquals['aws:SourceArn']).toEqual({ Ref: 'AlertsTopic' });
  });

  it('keeps what fails: the worker has an on-failure destination', () => {
    const conf = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
    expect(conf).toEqual([
      expect.objectContaining({
        FunctionName: { Ref: 'WorkerLambdaFunction' },
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['WorkerDeadLetterQueue', 'Arn'] } } },
      }),
    ]);
  });

  it('watches itself: errors and throttles of every function, both DLQs, the backlog and job time-outs, told to its own topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const has = (ns: string, metric: string, dim: string) =>
      alarms.find((a) => a.Namespace === ns && a.MetricName === metric && a.Dimensions.some((d: Json) => d.Value === dim));
    for (const fn of ROLES) {
      expect(has('AWS/Lambda', 'Errors', `dbassist-test-${fn}`), `${fn} errors`).toBeDefined();
      expect(has('AWS/Lambda', 'Throttles', `dbassist-test-${fn}`), `${fn} throttles`).toBeDefined();
    }
    expect(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'dbassist-test-worker-dlq')).toBeDefined();
    expect(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'dbassist-test-alerts-dlq')).toBeDefined();
    expect(has('AWS/SQS', 'ApproximateAgeOfOldestMessage', 'dbassist-test-alerts')).toBeDefined();
    expect(has('dbassist', 'JobTimeouts', 'dbassist-test-worker')).toBeDefined();
    // The EMF metric is published with exactly the service dimension the alarm names.
    expect(resources.WorkerLambdaFunction!.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('dbassist-test-worker');
    for (const a of alarms) {
      expect(a.AlarmActions, a.AlarmName).toEqual([{ Ref: 'AlertsTopic' }]);
      expect(a.OKActions, a.AlarmName).toEqual([{ Ref: 'AlertsTopic' }]);
    }
  });

  it('traces every function (X-Ray active tracing, with the permission to send traces)', () => {
    for (const role of ROLES) {
      expect(resources[fnName[role]]!.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(JSON.stringify(resources[roleName[role]]!.Properties.ManagedPolicyArns)).toContain('AWSXRayDaemonWriteAccess');
    }
  });

  it('grants Bedrock only on the configured inference profile, its model and the Knowledge Base', () => {
    for (const role of ['worker', 'alerts'] as const) {
      const bedrock = statements(role).filter((s) => list(s.Action).some((a: string) => a.startsWith('bedrock:')));
      expect(bedrock.length).toBeGreaterThan(0);
      for (const s of bedrock) {
        expect(s.Effect).toBe('Allow');
        expect(list(s.Resource)).not.toContain('*');
      }
      const resourcesText = JSON.stringify(bedrock);
      expect(resourcesText).toContain(`inference-profile/${MODEL}`);
      expect(resourcesText).toContain('foundation-model/anthropic.claude-sonnet-4-5');
      expect(resourcesText).toContain(`knowledge-base/${KB}`);
    }
    for (const role of ['slack', 'reports'] as const) expect(JSON.stringify(statements(role))).not.toContain('bedrock:');
  });

  it('gives each function only the variables it reads, with secrets as ARNs and no secret value anywhere', () => {
    const allowedExtra = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'];
    for (const role of ROLES) {
      const vars = resources[fnName[role]]!.Properties.Environment.Variables as Json;
      const expected = variablesFor(role)
        .filter((n) => n !== 'SLACK_API_URL')
        .map((n) => (VARIABLES[n].secret ? `${n}_ARN` : n));
      expect(
        Object.keys(vars)
          .filter((k) => !allowedExtra.includes(k))
          .sort(),
        role,
      ).toEqual(expected.sort());
      for (const n of Object.keys(VARIABLES)) if (VARIABLES[n as keyof typeof VARIABLES].secret) expect(vars[n], `${role} ${n}`).toBeUndefined();
    }
    expect(JSON.stringify(resources)).not.toContain(PLAINTEXT);
  });

  it('schedules: a role only Scheduler of this account may assume, that may only invoke the worker; the worker may pass only it, only to Scheduler', () => {
    const group = resources.SchedulesGroup!;
    expect(group.Type).toBe('AWS::Scheduler::ScheduleGroup');
    const role = resources.SchedulerRole!.Properties;
    const trust = list(role.AssumeRolePolicyDocument.Statement as Json[]);
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust[0]!.Condition.StringEquals['aws:SourceAccount']).toBeDefined();
    const own = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement as Json[]);
    expect(own.map((st: Json) => st.Action)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(own[0].Resource)).toContain('-test-worker');
    expect(JSON.stringify(own[0].Resource)).not.toContain('*');

    const worker = statements('worker');
    const pass = worker.filter((st) => list(st.Action).includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0]!.Resource).toEqual({ 'Fn::GetAtt': ['SchedulerRole', 'Arn'] });
    expect(pass[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    const sched = worker.filter((st) => list(st.Action).some((a: string) => a.startsWith('scheduler:')));
    expect(sched.flatMap((st) => list(st.Action)).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    expect(JSON.stringify(sched[0]!.Resource)).toContain(':schedule/dbassist-test/*');
    // No other role may pass roles or touch schedules.
    for (const r of ['slack', 'alerts', 'reports'] as const) expect(JSON.stringify(statements(r))).not.toMatch(/iam:PassRole|scheduler:/);
  });

  it('lets each function read only its own secrets', () => {
    const secretReads = (role: Role) =>
      statements(role)
        .filter((s) => list(s.Action).includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => list(s.Resource))
        .filter((r: unknown) => typeof r === 'object' && (r as Json).Ref)
        .map((r: Json) => r.Ref)
        .sort();
    expect(secretReads('slack')).toEqual(['SlackBotToken', 'SlackSigningSecret']);
    expect(secretReads('worker')).toEqual(['LinkSecret', 'SlackBotToken']);
    expect(secretReads('alerts')).toEqual(['SlackBotToken']);
    expect(secretReads('reports')).toEqual(['LinkSecret']);
    expect(
      ofType('AWS::SecretsManager::Secret')
        .map(([k]) => k)
        .sort(),
    ).toEqual(['LinkSecret', 'SlackBotToken', 'SlackSigningSecret']);
  });
});
