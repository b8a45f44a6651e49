/**
 * AWS SDK clients, created lazily and cached per container, region and profile. Tests replace their
 * transport with aws-sdk-client-mock; the code under test uses the real client classes. Credentials
 * come from the SDK's default chain; the CLI's `--profile` picks a named profile for every client
 * of its process (useProfile).
 */
import type { Logger } from '../core/log';
import { redact } from '../core/redact';

type Ctor<T> = new (config: { region: string; maxAttempts?: number; profile?: string }) => T;
const cache = new Map<string, unknown>();
/** The shared-config profile every new client uses; undefined: the SDK's default chain (AWS_PROFILE, then `default`). */
let profile: string | undefined;

export function client<T>(ctor: Ctor<T>, region: string, maxAttempts = 3): T {
  const key = `${ctor.name}:${region}:${profile ?? ''}`;
  let c = cache.get(key) as T | undefined;
  if (!c) {
    c = new ctor({ region, maxAttempts, ...awsClientDefaults() });
    cache.set(key, c);
  }
  return c;
}

/** A process-wide choice (the CLI's `--profile`): clients made from now on read credentials and settings from this profile. */
export function useProfile(name: string | undefined): void {
  profile = name;
}

/** What every client of this process is created with besides region and retries. */
function awsClientDefaults(): { profile?: string } {
  return profile === undefined ? {} : { profile };
}

/** For tests: forget cached clients (and the profile). */
export function resetClients(): void {
  cache.clear();
  profile = undefined;
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
