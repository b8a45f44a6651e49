/**
 * The bot's `Logger` (src/core/log.ts) on Powertools for AWS Lambda's Logger: JSON lines with the
 * Lambda context, cold start and X-Ray trace id, through the redacting formatter. `child(fields)`
 * keeps its fields and writes through the one Powertools logger, so the context added per invocation
 * reaches loggers made at cold start too.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Logger } from '../core/log';
import { RedactingLogFormatter } from './log-format';

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

function level(): Level {
  const v = (process.env.DBASSIST_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? (process.env.VITEST ? 'error' : 'info')).toUpperCase();
  return (['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(v) ? v : 'INFO') as Level;
}

export interface LambdaLogger extends Logger {
  /** Adds the invocation's context (request id, cold start) to every line. */
  addContext(context: Context): void;
  readonly powertools: PowertoolsLogger;
}

export function powertoolsLogger(fn: string): LambdaLogger {
  const pt = new PowertoolsLogger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? `dbassist-${fn}`,
    logLevel: level(),
    logFormatter: new RedactingLogFormatter(),
    persistentKeys: { fn },
  });
  const wrap = (fields: Record<string, unknown>): Logger => {
    const merge = (data?: Record<string, unknown>) => ({ ...fields, ...data });
    return {
      debug: (m, d) => pt.debug(m, merge(d)),
      info: (m, d) => pt.info(m, merge(d)),
      warn: (m, d) => pt.warn(m, merge(d)),
      error: (m, d) => pt.error(m, merge(d)),
      child: (more) => wrap({ ...fields, ...more }),
    };
  };
  return { ...wrap({}), addContext: (context) => pt.addContext(context), powertools: pt };
}
