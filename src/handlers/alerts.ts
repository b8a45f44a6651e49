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
import * as v from 'valibot';
import { PacedSender } from '../alerts/delivery';
import { StorePacing } from '../alerts/pacing';
import { options, processRecord, type RecordResult } from '../alerts/process';
import { type SnsInput, SnsInputSchema } from '../alerts/parse';
import { bedrockTriage } from '../alerts/triage';
import type { AlertDeps } from '../alerts/types';
import { client } from '../aws/clients';
import type { LevelRule } from '../config/alert-levels';
import { fetchFunctionSecret } from '../aws/function-secrets';
import { loadRuntimeConfig } from '../config/runtime';
import { systemClock } from '../core/clock';
import { issueLines } from '../core/validate';
import { lambdaObservability, type Observability } from '../observability/lambda';
import { traced } from '../observability/tracing';
import { slackClient } from '../slack/client-options';
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
  const cfg = await loadRuntimeConfig('alerts', fetchFunctionSecret);
  const log = obs.log;
  const store = new S3StateStore(traced('alerts', client(S3Client, cfg.region)), cfg.reportsBucket);
  const deps: AlertDeps = {
    store,
    slack: slackClient('paced', cfg.slack),
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
  return { deps, levelRules: cfg.alertLevels, retryLater: (record, delay) => changeVisibility(sqs, record, delay) };
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

/** The SNS notification an SQS record carries (the SNS envelope, checked), or the body itself as a message. */
export function snsFromSqs(record: SQSRecord): SnsInput {
  let envelope: unknown;
  try {
    envelope = JSON.parse(record.body);
  } catch {
    // not an envelope: a raw message
  }
  if (envelope !== null && typeof envelope === 'object' && (envelope as { Type?: unknown }).Type === 'Notification') {
    const sns = v.safeParse(SnsInputSchema, envelope);
    if (sns.success) return sns.output;
  }
  const sentAt = Number(record.attributes?.SentTimestamp);
  return { MessageId: record.messageId, Message: record.body, Timestamp: Number.isFinite(sentAt) ? new Date(sentAt).toISOString() : '' };
}

interface Item {
  id: string;
  sns: SnsInput;
  sqs?: SQSRecord;
}

async function run(
  rt: AlertsRuntime,
  items: Item[],
  context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>,
): Promise<{ results: RecordResult[]; failed: Item[] }> {
  const o = options(rt.deps);
  const remaining = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : o.budgetMs;
  const log = rt.deps.log.child(context?.awsRequestId ? { requestId: context.awsRequestId } : {});
  const deps = { ...rt.deps, log };
  const sender = new PacedSender(
    rt.deps.slack,
    {
      ...o,
      budgetMs: Math.max(1_000, Math.min(o.budgetMs, remaining)),
      ...(deps.pacing ? { pacing: deps.pacing } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    },
    log,
  );
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
export function createQueueHandler(
  make: () => Promise<AlertsRuntime> | AlertsRuntime = () =>
    (runtime ??= defaultRuntime().catch((e) => {
      runtime = undefined;
      throw e;
    })),
) {
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
export function createAlertsHandler(
  make: () => Promise<AlertsRuntime> | AlertsRuntime = () =>
    (runtime ??= defaultRuntime().catch((e) => {
      runtime = undefined;
      throw e;
    })),
) {
  return async (event: SNSEvent, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<RecordResult[]> => {
    const rt = await make();
    const items: Item[] = [];
    for (const record of event.Records ?? []) {
      const sns = v.safeParse(SnsInputSchema, record.Sns);
      // Not a notification (no MessageId, no Message): a retry would not make it one.
      if (sns.success) items.push({ id: sns.output.MessageId, sns: sns.output });
      else rt.deps.log.error('ignored an SNS record that is not a notification', { problems: issueLines('Sns', sns.issues).slice(0, 5) });
    }
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
