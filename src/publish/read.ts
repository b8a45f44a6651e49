/**
 * Reads one small file of a published report (`<prefix><name>`, e.g. headline.json) from the reports
 * bucket: its text, or undefined when the report has no such file. Capped, so a damaged or unexpected
 * object is refused rather than read whole.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { client } from '../aws/clients';
import { ARTIFACT_NAME, PREFIX } from './s3';

export async function readReportFile(input: { region: string; bucket: string; prefix: string; name: string; maxBytes: number }): Promise<string | undefined> {
  if (!PREFIX.test(input.prefix) || !ARTIFACT_NAME.test(input.name)) throw new Error('invalid report file');
  try {
    const res = await client(S3Client, input.region).send(new GetObjectCommand({ Bucket: input.bucket, Key: `${input.prefix}${input.name}` }));
    if (res.ContentLength !== undefined && res.ContentLength > input.maxBytes) return undefined;
    const text = (await res.Body?.transformToString('utf8')) ?? '';
    return text.length > input.maxBytes ? undefined : text;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw e;
  }
}
