/**
 * The `alerts` Lambda: SNS → Slack. Translates the event and nothing else; the work is in src/alerts.
 * SNS invokes asynchronously with one record; a record whose delivery failed transiently makes the
 * invocation fail so Lambda retries it, which is safe because processing is idempotent per MessageId.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SNSEvent } from 'aws-lambda';
import * as v from 'valibot';
import { client } from '../aws/clients';
import type { LevelRule } from '../config/alert-levels';
import { config } from '../config/env';
import { createLogger } from '../core/log';
import { issueLines } from '../core/validate';
import { PacedSender } from '../alerts/delivery';
import { options, processRecord, type RecordResult } from '../alerts/process';
import { SnsInputSchema } from '../alerts/parse';
import { bedrockTriage } from '../alerts/triage';
import type { AlertDeps } from '../alerts/types';
import { slackClient } from '../slack/client-options';
import { S3StateStore } from '../state/s3-store';

const SAFETY_MARGIN_MS = 3_000;
/** The AI triage under a new incident may take this long, then it is skipped. */
const TRIAGE_BUDGET_MS = 8_000;

export interface AlertsRuntime {
  deps: AlertDeps;
  levelRules: LevelRule[];
}

let runtime: AlertsRuntime | undefined;

function defaultRuntime(): AlertsRuntime {
  const cfg = config();
  const log = createLogger({ fn: 'alerts' });
  const deps: AlertDeps = {
    store: new S3StateStore(client(S3Client, cfg.region), cfg.reportsBucket),
    slack: slackClient('paced', cfg.slack),
    log,
    now: Date.now,
    targets: cfg.targets,
  };
  const triage = bedrockTriage(cfg.bedrock, log, TRIAGE_BUDGET_MS);
  if (triage) deps.triage = triage;
  return { deps, levelRules: cfg.alertLevels };
}

/** Builds a handler over the given runtime (tests) or the one from the environment (Lambda). */
export function createAlertsHandler(make: () => AlertsRuntime = defaultRuntime) {
  return async (event: SNSEvent, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<RecordResult[]> => {
    const rt = make === defaultRuntime ? (runtime ??= defaultRuntime()) : make();
    const o = options(rt.deps);
    const remaining = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : o.budgetMs;
    const log = rt.deps.log.child(context?.awsRequestId ? { requestId: context.awsRequestId } : {});
    const sender = new PacedSender(rt.deps.slack, { ...o, budgetMs: Math.max(1_000, Math.min(o.budgetMs, remaining)) }, log);
    const results: RecordResult[] = [];
    let failed = 0;
    for (const record of event.Records ?? []) {
      const sns = v.safeParse(SnsInputSchema, record.Sns);
      if (!sns.success) {
        // Not a notification (no MessageId, no Message): a retry would not make it one.
        log.error('ignored an SNS record that is not a notification', { problems: issueLines('Sns', sns.issues).slice(0, 5) });
        continue;
      }
      try {
        const r = await processRecord({ ...rt.deps, log }, sender, sns.output, rt.levelRules);
        results.push(r);
        if (r.retry) failed++;
      } catch (e) {
        failed++;
        log.error('SNS record failed', { messageId: record.Sns?.MessageId, error: e });
      }
    }
    log.info('alerts invocation done', { records: event.Records?.length ?? 0, failed, slack: sender.stats });
    if (failed > 0) throw new Error(`${failed} of ${event.Records?.length ?? 0} SNS records failed; Lambda will retry (delivery is idempotent)`);
    return results;
  };
}

export const handler = createAlertsHandler();
