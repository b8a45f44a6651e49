/**
 * Structured JSON logging through the one redactor (src/core/redact.ts): anything under a key that
 * looks like a credential, and any token, password, host or account id inside a value, is replaced
 * before the line is written, so a secret that slips into a log call is still not printed.
 */
import { isoNow } from './clock';
import { redact, redactValue } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  fields: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  minLevel: LogLevel = (process.env.DBASSIST_LOG_LEVEL as LogLevel | undefined) ?? (process.env.VITEST ? 'error' : 'info'),
): Logger {
  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    sink(JSON.stringify({ level, time: isoNow(), msg: redact(msg), ...redactValue({ ...fields, ...data }) }));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (more) => createLogger({ ...fields, ...more }, sink, minLevel),
  };
}
