/**
 * The `alerts` Lambda: notifications → Slack. Translates the event and nothing else; the work is in
 * src/alerts. Deployed behind SQS (SNS → SQS with a redrive DLQ → here, bounded batches, reserved
 * concurrency): each SQS record carries the SNS envelope; a record that failed transiently is reported
 * in `batchItemFailures`, so only it comes back, after a backoff set on its visibility timeout, and
 * after maxReceiveCount attempts it lands in the dead-letter queue (which is alarmed). A direct SNS
 * event (the demo, older deployments) still works: a failed record fails the invocation.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SNSEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseLevelRules } from '../alerts/level-rules';
import { PacedSender } from '../alerts/delivery';
import { StorePacing } from '../alerts/pacing';
import type { LevelRule, SnsInput } from '../alerts/parse';
import { options, processRecord, RecordResult } from '../alerts/process';
import { alertsWebClient } from '../alerts/slack-client';
import { bedrockTriage } from '../alerts/triage';
import type { AlertDeps } from '../alerts/types';
import { client } from '../aws/clients';
import { loadRuntimeConfig } from '../config/runtime';
import { systemClock } from '../core/clock';
import { lambdaObservability, type Observability } from '../observability/lambda';
import { traced } from '../observability/tracing';
import { S3StateStore } from '../state/s3-store';

const SAFETY_MARGIN_MS = 3_000;
/** The AI triage under a new incident may take this long, then it is skipped. */
const TRIAGE_BUDGET_MS = 8_000;

export interface AlertsRuntime {
  deps: AlertDeps;
  levelRules: LevelRule[];
  /** Moves a failed SQS record's next attempt (default: ChangeMessageVisibility). */
  retryLater?: (record: SQSRecord, delaySeconds: number) => Promise<void>;
}

const obs: Observability = lambdaObservability('alerts');
let runtime: Promise<AlertsRuntime> | undefined;

async function defaultRuntime(): Promise<AlertsRuntime> {
  const cfg = await loadRuntimeConfig('alerts');
  const log = obs.log;
  const problems: string[] = [];
  const levelRules = parseLevelRules(process.env.DBASSIST_ALERT_LEVELS, problems);
  for (const p of problems) log.warn(p);
  const store = new S3StateStore(traced('alerts', client(S3Client, cfg.region)), cfg.reportsBucket);
  const deps: AlertDeps = {
    store,
    slack: alertsWebClient(cfg.slack),
    log,
    now: systemClock.now,
    clock: systemClock,
    metrics: obs.metrics,
    pacing: new StorePacing(store),
    targets: cfg.targets,
  };
  const triage = bedrockTriage(cfg.bedrock, log, TRIAGE_BUDGET_MS);
  if (triage) deps.triage = triage;
  const sqs = traced('alerts', client(SQSClient, cfg.region));
  return { deps, levelRules, retryLater: (record, delay) => changeVisibility(sqs, record, delay) };
}

/** https://sqs.<region>.amazonaws.com/<account>/<name> from the record's queue ARN. */
export function queueUrl(eventSourceARN: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):(.+)$/.exec(eventSourceARN);
  if (!m) return undefined;
  const suffix = m[1] === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${m[2]}.${suffix}/${m[3]}/${m[4]}`;
}

async function changeVisibility(sqs: SQSClient, record: SQSRecord, delaySeconds: number): Promise<void> {
  const url = queueUrl(record.eventSourceARN);
  if (url) await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: record.receiptHandle, VisibilityTimeout: delaySeconds }));
}

/** Backoff before a failed record is tried again: 10 s, 20 s, 40 s, … at most 5 minutes. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(300, 10 * 2 ** Math.max(0, receiveCount - 1));
}

/** The SNS notification an SQS record carries (the SNS envelope), or the body itself as a message. */
export function snsFromSqs(record: SQSRecord): SnsInput {
  try {
    const env = JSON.parse(record.body) as Record<string, unknown>;
    if (env && typeof env === 'object' && env.Type === 'Notification' && typeof env.MessageId === 'string' && typeof env.Message === 'string') {
      const sns: SnsInput = { MessageId: env.MessageId, Message: env.Message, Timestamp: typeof env.Timestamp === 'string' ? env.Timestamp : '' };
      if (typeof env.Subject === 'string') sns.Subject = env.Subject;
      if (typeof env.TopicArn === 'string') sns.TopicArn = env.TopicArn;
      return sns;
    }
  } catch {
    // not an envelope: a raw message
  }
  const sentAt = Number(record.attributes?.SentTimestamp);
  return { MessageId: record.messageId, Message: record.body, Timestamp: Number.isFinite(sentAt) ? new Date(sentAt).toISOString() : '' };
}

interface Item {
  id: string;
  sns: SnsInput;
  sqs?: SQSRecord;
}

async function run(rt: AlertsRuntime, items: Item[], context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<{ results: RecordResult[]; failed: Item[] }> {
  const o = options(rt.deps);
  const remaining = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : o.budgetMs;
  const log = rt.deps.log.child(context?.awsRequestId ? { requestId: context.awsRequestId } : {});
  const deps = { ...rt.deps, log };
  const sender = new PacedSender(rt.deps.slack, { ...o, budgetMs: Math.max(1_000, Math.min(o.budgetMs, remaining)), ...(deps.pacing ? { pacing: deps.pacing } : {}), ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}) }, log);
  const results: RecordResult[] = [];
  const failed: Item[] = [];
  // The records of a batch run side by side; per-channel order and pace are the sender's job.
  await Promise.all(
    items.map(async (item, i) => {
      try {
        const r = await processRecord(deps, sender, item.sns, rt.levelRules, `${context?.awsRequestId ?? 'local'}:${item.id}`);
        results[i] = r;
        if (r.retry) failed.push(item);
      } catch (e) {
        failed.push(item);
        log.error('notification failed', { messageId: item.sns.MessageId, error: e });
      }
    }),
  );
  log.info('alerts invocation done', { records: items.length, failed: failed.length, slack: sender.stats });
  return { results: results.filter(Boolean), failed };
}

/** SQS (as deployed): failed records go back to the queue with a backoff; the rest are done. */
export function createQueueHandler(make: () => Promise<AlertsRuntime> | AlertsRuntime = () => (runtime ??= defaultRuntime().catch((e) => { runtime = undefined; throw e; }))) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    obs.begin(context);
    try {
      const rt = await make();
      const items = event.Records.map((r) => ({ id: r.messageId, sns: snsFromSqs(r), sqs: r }));
      const { failed } = await run(rt, items, context);
      for (const f of failed) {
        const count = Number(f.sqs?.attributes?.ApproximateReceiveCount ?? 1);
        await rt.retryLater?.(f.sqs!, retryDelaySeconds(count)).catch((e) => rt.deps.log.warn('could not set the retry delay', { error: e }));
      }
      return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.id })) };
    } finally {
      obs.end();
    }
  };
}

/** SNS invoking the function directly (demo, tests, older deployments): a failed record fails the invocation. */
export function createAlertsHandler(make: () => Promise<AlertsRuntime> | AlertsRuntime = () => (runtime ??= defaultRuntime().catch((e) => { runtime = undefined; throw e; }))) {
  return async (event: SNSEvent, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<RecordResult[]> => {
    const rt = await make();
    const items = (event.Records ?? []).map((r) => ({ id: r.Sns.MessageId, sns: r.Sns }));
    const { results, failed } = await run(rt, items, context);
    if (failed.length > 0) throw new Error(`${failed.length} of ${items.length} SNS records failed; Lambda will retry (delivery is idempotent)`);
    return results;
  };
}

const queue = createQueueHandler();
const direct = createAlertsHandler();

/** The deployed entry point: SQS batches; a direct SNS event is handled too. */
export async function handler(event: SQSEvent | SNSEvent, context?: Context): Promise<SQSBatchResponse | RecordResult[]> {
  const first = event.Records?.[0] as { eventSource?: string; EventSource?: string } | undefined;
  if (first?.EventSource === 'aws:sns') {
    obs.begin(context);
    try {
      return await direct(event as SNSEvent, context);
    } finally {
      obs.end();
    }
  }
  return queue(event as SQSEvent, context);
}

