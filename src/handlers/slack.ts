/**
 * `slack` Lambda (HTTP API POST /slack/events): slash commands, events and interactivity.
 * Verifies, parses, authorizes, posts a placeholder, hands the job to the worker and answers —
 * never touches MySQL, CloudWatch or Bedrock. A body Bolt cannot parse is answered 400 before Bolt
 * sees it; a failing request is answered 500 and the warm app (and its recent event ids) is kept —
 * only a failed start (configuration, secrets) is retried on the next request.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { client } from '../aws/clients';
import { ConfigError } from '../config/env';
import { fetchFunctionSecret } from '../aws/function-secrets';
import { loadRuntimeConfig, resetRuntimeConfig } from '../config/runtime';
import { lambdaObservability } from '../observability/lambda';
import { createIngress } from '../slack/app';
import { lambdaHandoff } from '../slack/handoff';
import { unparseableBody } from '../slack/request-body';

type ReceiverHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string; headers?: Record<string, string> }>;

const obs = lambdaObservability('slack');
const log = obs.log;
let ready: Promise<ReceiverHandler> | undefined;

async function init(): Promise<ReceiverHandler> {
  const cfg = await loadRuntimeConfig('slack', fetchFunctionSecret);
  const { receiver } = createIngress({ config: cfg, log, handoff: lambdaHandoff(client(LambdaClient, cfg.region), cfg.workerFunction) });
  return receiver.start() as Promise<ReceiverHandler>;
}

/**
 * API Gateway may base64-encode the body; Bolt decodes it as ASCII, which breaks the signature and
 * any UTF-8 (Korean comments in pasted SQL). Decode it as UTF-8 here.
 */
export function normalizeBody(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  if (!event.isBase64Encoded || event.body === undefined) return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  obs.begin(context);
  try {
    const request = normalizeBody(event);
    const bad = unparseableBody(request);
    if (bad) {
      log.warn('rejected a malformed request', { reason: bad, bytes: request.body?.length ?? 0 });
      return { statusCode: 400, body: 'Bad Request' };
    }
    let receive: ReceiverHandler;
    try {
      ready ??= init();
      receive = await ready;
    } catch (e) {
      ready = undefined; // the next request starts again (a secret fixed, a permission granted)
      if (e instanceof ConfigError) log.error(e.message);
      else log.error('ingress could not start', { error: e });
      return { statusCode: 500, body: 'dbassist is misconfigured or unavailable' };
    }
    try {
      return await receive(request, context);
    } catch (e) {
      log.error('request failed', { error: e });
      return { statusCode: 500, body: 'dbassist could not handle this request' };
    }
  } finally {
    obs.end();
  }
}

/** For tests: forget the initialized app (configuration is read again). */
export function resetIngress(): void {
  ready = undefined;
  resetRuntimeConfig();
}
