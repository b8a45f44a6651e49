/**
 * AWS SDK clients, created lazily and cached per container and region. Tests replace their
 * transport with aws-sdk-client-mock; the code under test uses the real client classes.
 */
import type { Logger } from '../core/log';
import { redact } from '../core/redact';

type Ctor<T> = new (config: { region: string; maxAttempts?: number }) => T;
const cache = new Map<string, unknown>();

export function client<T>(ctor: Ctor<T>, region: string, maxAttempts = 3): T {
  const key = `${ctor.name}:${region}`;
  let c = cache.get(key) as T | undefined;
  if (!c) {
    c = new ctor({ region, maxAttempts });
    cache.set(key, c);
  }
  return c;
}

/** For tests: forget cached clients. */
export function resetClients(): void {
  cache.clear();
}

/** Describes an AWS SDK error for a user without leaking request ids, ARNs with account ids or credentials. */
export function describeAwsError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = err?.name ?? 'Error';
  const message = redact(err?.message ?? String(e));
  return `${name}: ${message}`.slice(0, 300);
}

export function logAwsError(log: Logger, what: string, e: unknown): void {
  log.warn(what, { error: describeAwsError(e) });
}
