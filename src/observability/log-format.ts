/**
 * The Powertools Logger formatter of the bot: Powertools' standard keys (level, message, timestamp,
 * service, cold start, function name, request id, X-Ray trace id), then the call's own data, message
 * included, passed through the one redactor (src/core/redact.ts: secret-looking keys, tokens,
 * passwords, hosts, ARNs and account ids) — its one call site for Lambda logs. Errors keep their
 * stack, cause chain and the AWS request id of a failed SDK call, redacted the same way.
 */
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact, redactValue } from '../core/redact';

const MAX_CAUSES = 5;

interface AwsErrorFields {
  $metadata?: { requestId?: string; extendedRequestId?: string; httpStatusCode?: number; attempts?: number };
  $fault?: string;
  code?: string;
  Code?: string;
}

/** An Error as a plain, redacted object: name, message, stack, cause chain and AWS call details. */
export function formatLoggedError(error: Error, depth = 0): LogAttributes {
  const e = error as Error & AwsErrorFields;
  const out: LogAttributes = { name: e.name, message: redact(String(e.message ?? '')) };
  if (typeof e.stack === 'string') out.stack = redact(e.stack);
  const code = e.code ?? e.Code;
  if (typeof code === 'string') out.code = code;
  if (e.$metadata?.requestId) out.awsRequestId = e.$metadata.requestId;
  if (e.$metadata?.httpStatusCode) out.httpStatusCode = e.$metadata.httpStatusCode;
  if (e.$metadata?.attempts) out.attempts = e.$metadata.attempts;
  if (e.$fault) out.fault = e.$fault;
  const slack = (e as { data?: { error?: unknown } }).data?.error;
  if (typeof slack === 'string') out.slackError = slack;
  if (e.cause !== undefined) out.cause = e.cause instanceof Error && depth < MAX_CAUSES ? formatLoggedError(e.cause, depth + 1) : redact(String(e.cause));
  return out;
}

/** Errors anywhere in the logged data become formatted objects (before redaction sees them). */
function formatErrors(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return formatLoggedError(value);
  if (depth > 6 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => formatErrors(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = formatErrors(v, depth + 1);
  return out;
}

export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: redact(attributes.message),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
    };
    const ctx = attributes.lambdaContext;
    if (ctx) {
      base.cold_start = ctx.coldStart;
      base.function_name = ctx.functionName;
      base.function_memory_size = ctx.memoryLimitInMB;
      base.function_request_id = ctx.awsRequestId;
    }
    if (attributes.xRayTraceId) base.xray_trace_id = attributes.xRayTraceId;
    return new LogItem({ attributes: base }).addAttributes(redactValue(formatErrors(additional)) as LogAttributes);
  }

  override formatError(error: Error): LogAttributes {
    return redactValue(formatLoggedError(error));
  }
}
