/**
 * Configuration inside Lambda. The Slack signing secret, bot token and link secret are not in the
 * environment: serverless.yml gives each function only the ARN of the secrets it needs
 * (`<NAME>_ARN`), and they are fetched once per container by the reader the handler passes in
 * (Secrets Manager through Powertools Parameters, src/aws/function-secrets.ts), then the function's
 * variables are validated together — a secret that cannot be read is reported with every other
 * problem, never with its value. A plain `<NAME>` value (dev, tests) is used as it is.
 */
import { type Config, loadConfig, onConfigReset, type Role, VARIABLES, variablesFor } from './env';

/** Reads the secret a `<NAME>_ARN` names, in the ARN's region. */
export type SecretFetcher = (ref: string, region: string) => Promise<unknown>;

/** A secret's text; a JSON object secret is read by the variable's name (or its only key). */
export function secretValue(name: string, raw: unknown): string {
  const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '';
  if (!text.trim().startsWith('{')) return text.trim();
  try {
    const obj = JSON.parse(text) as Record<string, unknown>;
    const v = obj[name] ?? (Object.keys(obj).length === 1 ? Object.values(obj)[0] : undefined);
    return typeof v === 'string' ? v.trim() : '';
  } catch {
    return text.trim();
  }
}

const ARN_REGION = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/;

/** Resolves `<NAME>_ARN` secrets and validates the function's configuration (all problems at once). */
export async function resolveConfig(role: Role, env: Record<string, string | undefined>, fetch: SecretFetcher): Promise<Config> {
  const resolved: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  const names = variablesFor(role).filter((n) => VARIABLES[n].secret);
  await Promise.all(
    names.map(async (name) => {
      const ref = env[`${name}_ARN`]?.trim();
      if (!ref) return;
      try {
        const region = ARN_REGION.exec(ref)?.[1] ?? env.DBASSIST_REGION ?? env.AWS_REGION ?? 'us-east-1';
        const value = secretValue(name, await fetch(ref, region));
        if (!value) problems.push(`${name} is missing: the secret in ${name}_ARN is empty`);
        else resolved[name] = value;
      } catch (e) {
        const err = e as { name?: string; cause?: { name?: string } };
        problems.push(
          `${name} could not be read from ${name}_ARN (${err.cause?.name ?? err.name ?? 'error'}): check the secret exists and the function's role may read it`,
        );
      }
    }),
  );
  return loadConfig(resolved, { role, problems });
}

const cache = new Map<Role, Promise<Config>>();
onConfigReset(() => cache.clear());

/** The function's configuration, built once per container (retried on the next call after a failure). */
export function loadRuntimeConfig(role: Role, fetch: SecretFetcher, env: Record<string, string | undefined> = process.env): Promise<Config> {
  let p = cache.get(role);
  if (!p) {
    p = resolveConfig(role, env, fetch);
    cache.set(role, p);
    p.catch(() => cache.delete(role));
  }
  return p;
}

/** For tests: forget the cached configurations. */
export function resetRuntimeConfig(): void {
  cache.clear();
}
