/**
 * The stable report link: `<publicUrl>/r/<token>[/<artifact>]`. Opening it verifies the token and
 * redirects to a freshly presigned, short-lived S3 URL — a URL presigned once at report time with the
 * Lambda role's session credentials would die with that session, whatever expiry it asked for.
 */
import { systemClock } from '../core/clock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { client } from '../aws/clients';
import { createLinkToken, verifyLinkToken } from './link-token';
import { ARTIFACT_NAME, MAIN_ARTIFACT } from './s3';

/** Lifetime of the presigned URL a click gets (seconds). */
export const PRESIGN_SECONDS = 600;

export function reportLink(input: { publicUrl: string; prefix: string; secret: string; ttlDays: number; now?: number }): {
  url: string;
  token: string;
  expiresAt: Date;
} {
  const now = input.now ?? systemClock.now();
  const exp = Math.floor(now / 1000) + input.ttlDays * 86_400;
  const token = createLinkToken({ k: input.prefix, exp }, input.secret);
  return { url: `${input.publicUrl.replace(/\/+$/, '')}/r/${token}`, token, expiresAt: new Date(exp * 1000) };
}

export type LinkResponse = { status: 302; location: string } | { status: 400 | 403 | 404 | 410; message: string };

export async function resolveReportLink(input: {
  token: string;
  artifact?: string;
  secret: string;
  bucket: string;
  region: string;
  now?: number;
}): Promise<LinkResponse> {
  const verified = verifyLinkToken(input.token, input.secret, input.now);
  if (!verified.ok) {
    if (verified.reason === 'expired') return { status: 410, message: 'This report link has expired. Run the report again in Slack to get a new one.' };
    return { status: 403, message: 'This report link is not valid. Copy the whole link from Slack, or run the report again.' };
  }
  const artifact = input.artifact ?? MAIN_ARTIFACT;
  if (!ARTIFACT_NAME.test(artifact) || artifact.startsWith('.')) return { status: 404, message: 'No such file in this report.' };
  const s3 = client(S3Client, input.region);
  const location = await getSignedUrl(s3, new GetObjectCommand({ Bucket: input.bucket, Key: `${verified.prefix}${artifact}` }), { expiresIn: PRESIGN_SECONDS });
  return { status: 302, location };
}

/**
 * Points the report's relative links to its own files (`href="metrics.csv"`) at the link endpoint
 * (`<reportUrl>/metrics.csv`): opened from a presigned S3 URL, a relative link would reach S3 unsigned
 * and be refused. Only exact `href="<name>"` attributes of the given file names are rewritten.
 */
export function linkArtifacts(html: string, reportUrl: string, names: readonly string[]): string {
  const base = `${reportUrl.replace(/\/+$/, '')}/`;
  let out = html;
  for (const name of names) {
    if (!ARTIFACT_NAME.test(name)) continue;
    out = out.split(`href="${name}"`).join(`href="${base}${name}"`);
  }
  return out;
}
