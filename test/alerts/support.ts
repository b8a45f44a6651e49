/** Test helpers for the alerts tests: fixtures as SNS events, a target map, an S3 mock that keeps objects, a clock. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import type { SNSEvent, SNSMessage } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { slackClientOptions } from '../../src/slack/client-options';
import { parseTargets } from '../../src/config/targets';
import { createLogger } from '../../src/core/log';
import type { SlackFake } from '../../scripts/lib/slack-fake';

export function fixture(name: string): SNSMessage {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as SNSMessage;
}

export function snsEvent(...messages: SNSMessage[]): SNSEvent {
  return {
    Records: messages.map((Sns) => ({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${Sns.TopicArn}:sub`, Sns })),
  };
}

/** A copy of a fixture with a new MessageId and, optionally, changes to its JSON Message. */
export function variant(base: SNSMessage, messageId: string, change: (m: Record<string, any>) => void = () => undefined): SNSMessage {
  const m = JSON.parse(base.Message) as Record<string, any>;
  change(m);
  return { ...base, MessageId: messageId, Message: JSON.stringify(m) };
}

export const TARGETS = parseTargets(
  JSON.stringify({
    gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', instances: ['gamedb1-1', 'gamedb1-2'] },
    gamedb2: { cluster: 'gamedb2', secret: 'dbassist/gamedb2', instances: ['gamedb2-1', 'gamedb2-2'] },
  }),
  [],
);

export const quietLog = createLogger({}, () => undefined, 'error');

export function slackClient(fake: SlackFake): WebClient {
  return new WebClient('xoxb-test', slackClientOptions('paced', { apiUrl: fake.apiUrl }));
}

export class Clock {
  constructor(public t = Date.parse('2026-11-21T08:20:30Z')) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * S3 mocked with aws-sdk-client-mock, but keeping objects and ETags in a Map and answering 412 on a
 * failed If-Match / If-None-Match, like S3's conditional writes.
 */
export function s3WithConditionalWrites(target?: typeof S3Client): {
  s3: S3Client;
  objects: Map<string, { body: string; etag: string }>;
  puts: () => number;
  restore: () => void;
} {
  const s3 = new S3Client({ region: 'ap-northeast-2', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  // Mocking the class reaches the clients the code under test creates itself (src/aws/clients.ts).
  const mock = target ? mockClient(target) : mockClient(s3);
  const objects = new Map<string, { body: string; etag: string }>();
  let n = 0;
  const fail = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const o = objects.get(input.Key);
    if (!o) throw fail('NoSuchKey', 404);
    return { ETag: o.etag, Body: { transformToString: async () => o.body } };
  });
  mock.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string; IfNoneMatch?: string; IfMatch?: string }) => {
    // Let other requests interleave, as they would over the network.
    await new Promise((r) => setImmediate(r));
    const o = objects.get(input.Key);
    if (input.IfNoneMatch === '*' && o) throw fail('PreconditionFailed', 412);
    if (input.IfMatch !== undefined && (!o || o.etag !== input.IfMatch)) throw fail('PreconditionFailed', 412);
    const etag = `"e${++n}"`;
    objects.set(input.Key, { body: String(input.Body), etag });
    return { ETag: etag };
  });
  mock.on(DeleteObjectCommand).callsFake(async (input: { Key: string }) => {
    objects.delete(input.Key);
    return {};
  });
  mock.on(ListObjectsV2Command).callsFake(async (input: { Prefix?: string }) => ({
    Contents: [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  return { s3, objects, puts: () => n, restore: () => mock.restore() };
}
