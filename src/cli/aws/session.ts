/**
 * The AWS side of a live CLI verb: the default credential chain, `--profile` for every client of the
 * process, and the region (`--region`, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's
 * `region` in ~/.aws/config, read by the SDK's own loader). Loaded only by the live verbs' AWS files.
 */
import { useProfile } from '../../aws/clients';
import { CliUsageError } from '../io';
import type { AwsOptions } from '../args';
import type { AwsErrorContext } from './errors';

export interface AwsSession {
  region: string;
  /** The profile in use, for advice in errors (`--profile`, else AWS_PROFILE). */
  profile?: string;
}

/** Any SDK client class: its resolved config reads the region of a profile like the SDK itself does. */
type RegionReader = new (config: { profile?: string }) => { config: { region: () => Promise<string> }; destroy(): void };

async function profileRegion(Client: RegionReader, profile: string | undefined): Promise<string | undefined> {
  const c = new Client(profile ? { profile } : {});
  try {
    return (await c.config.region()) || undefined;
  } catch {
    return undefined;
  } finally {
    c.destroy();
  }
}

/** Chooses the profile and the region; `Client` is any SDK client class the caller loads anyway. */
export async function openSession(options: AwsOptions, env: Record<string, string | undefined>, Client: RegionReader): Promise<AwsSession> {
  // The SDK warns on Node < 22 in nine lines on stderr at the first client; the CLI bundles its SDK, so the
  // warning is nothing a user can act on and would bury the one-line answer (the SDK reads process.env).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  useProfile(options.profile);
  const profile = options.profile ?? (env.AWS_PROFILE || undefined);
  const region = options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || (await profileRegion(Client, options.profile)));
  if (!region)
    throw new CliUsageError(
      `no AWS region: give --region (e.g. --region ap-northeast-2), set AWS_REGION, or set region in the profile (aws configure set region … --profile ${profile ?? 'NAME'})`,
    );
  return { region, ...(profile ? { profile } : {}) };
}

/** The context of a call's error message. */
export function callContext(session: AwsSession, action: string): AwsErrorContext {
  return { action, region: session.region, ...(session.profile ? { profile: session.profile } : {}) };
}
