/** Test helpers for the alerts tests: fixtures as SNS events, a target map, an S3 mock that keeps objects, a clock. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import type { SNSEvent, SNSMessage, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { slackClientOptions } from '../../src/slack/client-options';
import { MemoryStateStore, type StateStore } from '../../src/state/store';
import { parseTargets } from '../../src/config/targets';
import { createLogger } from '../../src/core/log';
import { mulberry32 as seededRandom } from '../../src/core/random';
import type { SlackFake } from '../../scripts/lib/slack-fake';

export function fixture(name: string): SNSMessage {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as SNSMessage;
}

export function snsEvent(...messages: SNSMessage[]): SNSEvent {
  return {
    Records: messages.map((Sns) => ({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${Sns.TopicArn}:sub`, Sns })),
  };
}

/** SNS notifications as SQS delivers them to the alerts Lambda (SNS envelope in the body, raw delivery off). */
export function sqsEvent(...messages: SNSMessage[]): SQSEvent {
  return {
    Records: messages.map((m, i) => ({
      messageId: `sqs-${m.MessageId}-${i}`,
      receiptHandle: `rh-${m.MessageId}-${i}`,
      body: JSON.stringify({
        Type: 'Notification',
        MessageId: m.MessageId,
        TopicArn: m.TopicArn,
        Subject: m.Subject,
        Message: m.Message,
        Timestamp: m.Timestamp,
      }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.parse(m.Timestamp) || 0),
        SenderId: 'AIDA',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-northeast-2:123456789012:dbassist-test-alerts',
      awsRegion: 'ap-northeast-2',
    })),
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
export interface S3MockOptions {
  /** Each request takes a random time in [min, max] ms (seeded), like S3 over the network. */
  latencyMs?: [number, number];
  seed?: number;
}

export function s3WithConditionalWrites(
  target?: typeof S3Client,
  o: S3MockOptions = {},
): { s3: S3Client; objects: Map<string, { body: string; etag: string }>; puts: () => number; requests: () => number; restore: () => void } {
  const s3 = new S3Client({ region: 'ap-northeast-2', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  // Mocking the class reaches the clients the code under test creates itself (src/aws/clients.ts).
  const mock = target ? mockClient(target) : mockClient(s3);
  const objects = new Map<string, { body: string; etag: string }>();
  let n = 0;
  let requests = 0;
  const random = seededRandom(o.seed ?? 1);
  const latency = async () => {
    requests++;
    if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs![0] + random() * (o.latencyMs![1] - o.latencyMs![0])));
  };
  const fail = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    await latency();
    const o = objects.get(input.Key);
    if (!o) throw fail('NoSuchKey', 404);
    return { ETag: o.etag, Body: { transformToString: async () => o.body } };
  });
  mock.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string; IfNoneMatch?: string; IfMatch?: string }) => {
    // Let other requests interleave, as they would over the network.
    await latency();
    await new Promise((r) => setImmediate(r));
    const o = objects.get(input.Key);
    if (input.IfNoneMatch === '*' && o) throw fail('PreconditionFailed', 412);
    if (input.IfMatch !== undefined && (!o || o.etag !== input.IfMatch)) throw fail('PreconditionFailed', 412);
    const etag = `"e${++n}"`;
    objects.set(input.Key, { body: String(input.Body), etag });
    return { ETag: etag };
  });
  mock.on(DeleteObjectCommand).callsFake(async (input: { Key: string }) => {
    await latency();
    objects.delete(input.Key);
    return {};
  });
  mock.on(ListObjectsV2Command).callsFake(async (input: { Prefix?: string }) => {
    await latency();
    return {
      Contents: [...objects.entries()].filter(([k]) => k.startsWith(input.Prefix ?? '')).map(([Key, v]) => ({ Key, ETag: v.etag })),
      IsTruncated: false,
    };
  });
  return { s3, objects, puts: () => n, requests: () => requests, restore: () => mock.restore() };
}

/**
 * The in-memory state store (same conditional-write semantics as the S3 one) with a network-like
 * delay on every request, for simulations where the S3 SDK's own CPU cost would swamp the timing.
 */
export class LatentStore implements StateStore {
  requests = 0;
  private readonly random: () => number;
  constructor(
    private readonly inner: StateStore = new MemoryStateStore(),
    private readonly latencyMs: [number, number] = [1, 3],
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }
  private async delay(): Promise<void> {
    this.requests++;
    await new Promise((r) => setTimeout(r, this.latencyMs[0] + this.random() * (this.latencyMs[1] - this.latencyMs[0])));
  }
  async get<T>(key: string) {
    await this.delay();
    return this.inner.get<T>(key);
  }
  async create<T>(key: string, value: T) {
    await this.delay();
    return this.inner.create(key, value);
  }
  async replace<T>(key: string, value: T, version: string) {
    await this.delay();
    return this.inner.replace(key, value, version);
  }
  async delete(key: string) {
    await this.delay();
    return this.inner.delete(key);
  }
  async list(prefix: string) {
    await this.delay();
    return this.inner.list(prefix);
  }
  async entries(prefix: string) {
    await this.delay();
    return this.inner.entries(prefix);
  }
}
