/**
 * The functions' own secrets (Slack signing secret, bot token, link key) read from Secrets Manager
 * with Powertools Parameters. src/config/runtime.ts decides which to read and caches the configuration
 * built from them per container; the handlers hand it this reader.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { client } from './clients';

/** The secret's value: a string, or bytes for a binary secret (src/config/runtime.ts reads either). */
export async function fetchFunctionSecret(ref: string, region: string): Promise<unknown> {
  const provider = new SecretsProvider({ awsSdkV3Client: client(SecretsManagerClient, region) });
  const v = await provider.get(ref, { maxAge: 3_600 });
  if (v === undefined) throw new Error('the secret has no value');
  return v;
}
