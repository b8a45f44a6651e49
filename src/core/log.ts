/**
 * Structured JSON logging with redaction. Anything under a key that looks like a credential is
 * replaced before it is written, so a secret that slips into a log call is still not printed.
 */
import { isoNow } from './clock';
import { scrubAwsIds } from './scrub';

const SECRET_KEY = /^(pass|passwd|password|pwd|.*secret|.*token|authorization|.*signature|credentials?|private_?key|.*api_?key)$/i;
const TOKEN_VALUE = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)\b/g;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return value.replace(TOKEN_VALUE, '[redacted]');
  if (value instanceof Error) return { name: value.name, message: redact(scrubAwsIds(value.message), depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  fields: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  minLevel: LogLevel = (process.env.DBASSIST_LOG_LEVEL as LogLevel | undefined) ?? (process.env.VITEST ? 'error' : 'info'),
): Logger {
  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    sink(JSON.stringify({ level, time: isoNow(), msg, ...(redact({ ...fields, ...data }) as object) }));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (more) => createLogger({ ...fields, ...more }, sink, minLevel),
  };
}
