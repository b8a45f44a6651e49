/**
 * Publishes a report's files to S3 under `reports/<instance>/<timestamp>/<name>` with server-side
 * encryption and the right content types. The prefix is what a link token points at.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { client } from '../aws/clients';

export const ARTIFACT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
/** `reports/<instance>/<stamp>/`, the only shape a report (and a link token) may have. */
export const PREFIX = /^reports\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/$/;
/** The file a link opens when no artifact is named. */
export const MAIN_ARTIFACT = 'report.html';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  sql: 'application/sql; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

export function contentTypeOf(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** `reports/gamedb1-1/20261121T080000Z-1a2b3c/` — sortable, no characters that need URL escaping. */
export function reportPrefix(instance: string, at: Date, suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const safeInstance = instance.replace(/[^A-Za-z0-9-]/g, '-');
  return `reports/${safeInstance}/${stamp}-${suffix}/`;
}

export interface PublishInput {
  region: string;
  bucket: string;
  instance: string;
  generatedAt: Date;
  /** File name → content; must include report.html. */
  files: Record<string, string | Uint8Array>;
  /** The key prefix, when chosen beforehand (to sign a link before rendering); default reportPrefix(). */
  prefix?: string;
  /** KMS key id for aws:kms encryption; AES256 (SSE-S3) when absent. */
  kmsKeyId?: string;
  signal?: AbortSignal;
}

export interface Published {
  bucket: string;
  prefix: string;
  keys: string[];
}

export async function publishReport(input: PublishInput): Promise<Published> {
  const names = Object.keys(input.files);
  for (const n of names) if (!ARTIFACT_NAME.test(n)) throw new Error(`invalid report file name: ${n.slice(0, 80)}`);
  if (!names.includes(MAIN_ARTIFACT)) throw new Error(`a report needs ${MAIN_ARTIFACT}`);
  const s3 = client(S3Client, input.region);
  const prefix = input.prefix ?? reportPrefix(input.instance, input.generatedAt);
  if (!PREFIX.test(prefix)) throw new Error('invalid report prefix');
  // The HTML goes last: a link is only handed out once every file it links to is in place.
  const ordered = [...names.filter((n) => n !== MAIN_ARTIFACT), MAIN_ARTIFACT];
  const keys: string[] = [];
  for (const name of ordered) {
    const key = `${prefix}${name}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: key,
        Body: input.files[name],
        ContentType: contentTypeOf(name),
        CacheControl: 'private, max-age=300',
        ...(input.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: input.kmsKeyId } : { ServerSideEncryption: 'AES256' as const }),
      }),
      { abortSignal: input.signal },
    );
    keys.push(key);
  }
  return { bucket: input.bucket, prefix, keys };
}
