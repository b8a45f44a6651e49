/**
 * Database credentials from Secrets Manager, cached per container (a warm Lambda reads the secret
 * once per CACHE_MS). The secret id, its values and the host never appear in errors or logs.
 */
import { systemClock } from '../core/clock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { client } from '../aws/clients';
import { UserFacingError } from '../core/errors';

export interface DbCredentials {
  username: string;
  password: string;
  host?: string;
  port?: number;
  dbname?: string;
}

/** The secret is unreadable or malformed; the message names no secret id or value. */
export class SecretError extends UserFacingError {
  override name = 'SecretError';
}

const CACHE_MS = 15 * 60_000;
const cache = new Map<string, { at: number; value: Promise<DbCredentials> }>();

export function parseCredentials(text: string | undefined): DbCredentials {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? '');
  } catch {
    throw new SecretError('the credentials secret is not a JSON object');
  }
  const v = (raw ?? {}) as Record<string, unknown>;
  if (typeof v.username !== 'string' || v.username === '' || typeof v.password !== 'string') {
    throw new SecretError('the credentials secret lacks username or password');
  }
  const creds: DbCredentials = { username: v.username, password: v.password };
  if (typeof v.host === 'string' && v.host !== '') creds.host = v.host;
  const port = typeof v.port === 'string' ? Number(v.port) : v.port;
  if (typeof port === 'number' && Number.isInteger(port) && port > 0) creds.port = port;
  if (typeof v.dbname === 'string' && v.dbname !== '') creds.dbname = v.dbname;
  return creds;
}

async function read(region: string, secretId: string, signal?: AbortSignal): Promise<DbCredentials> {
  let out;
  try {
    out = await client(SecretsManagerClient, region).send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: signal });
  } catch (e) {
    // Only the error's name: AWS messages can quote the secret's name or ARN.
    throw new SecretError(`could not read the credentials secret (${(e as { name?: string })?.name ?? 'Error'})`);
  }
  return parseCredentials(out.SecretString);
}

export function getCredentials(input: { region: string; secretId: string; signal?: AbortSignal; now?: number }): Promise<DbCredentials> {
  const key = `${input.region}\u0000${input.secretId}`;
  const now = input.now ?? systemClock.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = read(input.region, input.secretId, input.signal);
  cache.set(key, { at: now, value });
  // A failed read is not cached: the next report tries again.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

/** Forgets one cached secret, e.g. after the database refused it (the secret may have been rotated). */
export function invalidateCredentials(region: string, secretId: string): void {
  cache.delete(`${region}\u0000${secretId}`);
}

/** For tests: forget cached credentials. */
export function resetCredentialsCache(): void {
  cache.clear();
}
