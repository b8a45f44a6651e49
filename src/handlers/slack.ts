/**
 * `slack` Lambda (HTTP API POST /slack/events): slash commands, events and interactivity.
 * Verifies, parses, authorizes, posts a placeholder, hands the job to the worker and answers —
 * never touches MySQL, CloudWatch or Bedrock.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { client } from '../aws/clients';
import { config, ConfigError } from '../config/env';
import { createLogger } from '../core/log';
import { createIngress } from '../slack/app';
import { lambdaHandoff } from '../slack/handoff';

type ReceiverHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string; headers?: Record<string, string> }>;

const log = createLogger({ fn: 'slack' });
let ready: Promise<ReceiverHandler> | undefined;

function init(): Promise<ReceiverHandler> {
  const cfg = config();
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
  try {
    ready ??= init();
    const receive = await ready;
    return await receive(normalizeBody(event), context);
  } catch (e) {
    ready = undefined;
    if (e instanceof ConfigError) log.error(e.message);
    else log.error('ingress failed', { error: e });
    return { statusCode: 500, body: 'dbassist is misconfigured or unavailable' };
  }
}

/** For tests: forget the initialized app (configuration is read again). */
export function resetIngress(): void {
  ready = undefined;
}
