/** AWS clients: one per class and region per container; errors described without account ids, ARNs or hosts. */
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { client, describeAwsError, resetClients } from '../../src/aws/clients';

afterEach(() => resetClients());

describe('client', () => {
  it('caches one client per class and region', () => {
    const a = client(S3Client, 'ap-northeast-2');
    expect(client(S3Client, 'ap-northeast-2')).toBe(a);
    expect(client(S3Client, 'us-east-1')).not.toBe(a);
    expect(client(RDSClient, 'ap-northeast-2')).not.toBe(a);
    resetClients();
    expect(client(S3Client, 'ap-northeast-2')).not.toBe(a);
  });
});

describe('describeAwsError', () => {
  it('names the error and redacts its message, cut to 300 characters', () => {
    const e = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/w/x is not authorized on db-1.cabc.ap-northeast-2.rds.amazonaws.com'), {
      name: 'AccessDeniedException',
    });
    expect(describeAwsError(e)).toBe('AccessDeniedException: User: [arn] is not authorized on [host]');
    expect(describeAwsError(new Error('x'.repeat(400))).length).toBe(300);
    expect(describeAwsError('plain')).toBe('Error: plain');
  });
});
