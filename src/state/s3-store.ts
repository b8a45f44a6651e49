/**
 * StateStore on S3 with conditional writes: `If-None-Match: *` to create once, `If-Match: <etag>` to
 * replace only the version that was read. S3 answers 412 PreconditionFailed (or 409 on a concurrent
 * conditional write) when the condition does not hold.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StateStore, Stored } from './store';

function isStatus(e: unknown, ...codes: number[]): boolean {
  const err = e as { $metadata?: { httpStatusCode?: number }; name?: string };
  return codes.includes(err?.$metadata?.httpStatusCode ?? 0) || err?.name === 'PreconditionFailed' || err?.name === 'ConditionalRequestConflict';
}

export class S3StateStore implements StateStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'state/',
  ) {}

  private key(k: string): string {
    return `${this.prefix}${k}`;
  }

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      const text = (await res.Body?.transformToString('utf8')) ?? '';
      return { value: JSON.parse(text) as T, version: res.ETag ?? '' };
    } catch (e) {
      const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404) return undefined;
      throw e;
    }
  }

  private async put<T>(key: string, value: T, condition: { IfNoneMatch?: string; IfMatch?: string }): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          Body: JSON.stringify(value),
          ContentType: 'application/json',
          ServerSideEncryption: 'AES256',
          ...condition,
        }),
      );
      return true;
    } catch (e) {
      if (isStatus(e, 412, 409)) return false;
      throw e;
    }
  }

  create<T>(key: string, value: T): Promise<boolean> {
    return this.put(key, value, { IfNoneMatch: '*' });
  }

  replace<T>(key: string, value: T, version: string): Promise<boolean> {
    return this.put(key, value, { IfMatch: version });
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.entries(prefix)).map((e) => e.key);
  }

  /** ListObjectsV2 gives each object's ETag, the same value GetObject returns as its version. */
  async entries(prefix: string): Promise<Array<{ key: string; version: string }>> {
    const out: Array<{ key: string; version: string }> = [];
    let token: string | undefined;
    do {
      const res = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(prefix), ContinuationToken: token }));
      for (const o of res.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(this.prefix.length), version: o.ETag ?? '' });
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out;
  }
}
