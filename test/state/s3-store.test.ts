/** The S3 state store: conditional writes (If-None-Match / If-Match), 404 as absent, 412/409 as a lost race, paged listing. */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3StateStore } from '../../src/state/s3-store';

const s3mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'ap-northeast-2' });
const store = new S3StateStore(s3, 'bucket');
const httpError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

beforeEach(() => s3mock.reset());

describe('S3StateStore', () => {
  it('reads a JSON document with its ETag as the version; a missing key is undefined', async () => {
    s3mock
      .on(GetObjectCommand, { Bucket: 'bucket', Key: 'state/a.json' })
      .resolves({ Body: { transformToString: async () => '{"n":1}' } as never, ETag: '"e1"' });
    s3mock.on(GetObjectCommand, { Key: 'state/none.json' }).rejects(httpError('NoSuchKey', 404));
    expect(await store.get('a.json')).toEqual({ value: { n: 1 }, version: '"e1"' });
    expect(await store.get('none.json')).toBeUndefined();
  });

  it('create writes with If-None-Match: *, replace with If-Match: <version>, both encrypted', async () => {
    s3mock.on(PutObjectCommand).resolves({});
    expect(await store.create('a.json', { n: 1 })).toBe(true);
    expect(await store.replace('a.json', { n: 2 }, '"e1"')).toBe(true);
    const [create, replace] = s3mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(create).toMatchObject({ Bucket: 'bucket', Key: 'state/a.json', Body: '{"n":1}', IfNoneMatch: '*', ServerSideEncryption: 'AES256' });
    expect(replace).toMatchObject({ Key: 'state/a.json', Body: '{"n":2}', IfMatch: '"e1"' });
  });

  it('a failed condition (412, or 409 on a concurrent conditional write) is false; other errors throw', async () => {
    s3mock
      .on(PutObjectCommand)
      .rejectsOnce(httpError('PreconditionFailed', 412))
      .rejectsOnce(httpError('ConditionalRequestConflict', 409))
      .rejectsOnce(httpError('AccessDenied', 403));
    expect(await store.create('a.json', {})).toBe(false);
    expect(await store.replace('a.json', {}, '"e"')).toBe(false);
    await expect(store.create('a.json', {})).rejects.toThrow('AccessDenied');
  });

  it('lists keys under a prefix across pages, without the state/ prefix; deletes', async () => {
    s3mock
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'state/incidents/1.json' }], IsTruncated: true, NextContinuationToken: 't' })
      .resolvesOnce({ Contents: [{ Key: 'state/incidents/2.json' }], IsTruncated: false });
    expect(await store.list('incidents/')).toEqual(['incidents/1.json', 'incidents/2.json']);
    expect(s3mock.commandCalls(ListObjectsV2Command)[1]!.args[0].input).toMatchObject({ Prefix: 'state/incidents/', ContinuationToken: 't' });
    s3mock.on(DeleteObjectCommand).resolves({});
    await store.delete('incidents/1.json');
    expect(s3mock.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'bucket', Key: 'state/incidents/1.json' });
  });
});
