/** The `reports` Lambda: GET /r/{token}[/{artifact}] → 302 to a fresh 10-minute presigned URL, or a plain refusal. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { resetConfigCache } from '../../src/config/env';
import { handler } from '../../src/handlers/reports';
import { createLinkToken } from '../../src/publish/link-token';
import { reportLink } from '../../src/publish/link';
import { testEnv } from '../support/env';

const env = testEnv('http://127.0.0.1:9/');
const secret = env.DBASSIST_LINK_SECRET!;
const prefix = 'reports/gamedb1-1/20261121T080000Z-a1b2c3/';
let saved: NodeJS.ProcessEnv;

beforeAll(() => {
  saved = { ...process.env };
  Object.assign(process.env, env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_SESSION_TOKEN: '' });
  resetConfigCache();
  resetClients();
});
afterAll(() => {
  process.env = saved;
  resetConfigCache();
  resetClients();
});

function get(path: string): APIGatewayProxyEventV2 {
  const [, , token, artifact] = path.split('/');
  return {
    version: '2.0',
    routeKey: artifact ? 'GET /r/{token}/{artifact}' : 'GET /r/{token}',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    pathParameters: artifact ? { token: token!, artifact } : { token: token! },
    requestContext: { http: { method: 'GET', path } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe('GET /r/{token}', () => {
  test('redirects to a 10-minute presigned GET of the report HTML', async () => {
    const { url, token } = reportLink({ publicUrl: env.DBASSIST_PUBLIC_URL!, prefix, secret, ttlDays: 30 });
    expect(url).toBe(`https://api.example.test/r/${token}`);
    const res = await handler(get(`/r/${token}`));
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers!.location));
    expect(location.hostname).toBe('dbassist-reports-test.s3.ap-northeast-2.amazonaws.com');
    expect(decodeURIComponent(location.pathname)).toBe(`/${prefix}report.html`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers!['cache-control']).toBe('no-store');
  });

  test('an artifact path presigns that file of the same report', async () => {
    const { token } = reportLink({ publicUrl: 'https://x.test', prefix, secret, ttlDays: 1 });
    const res = await handler(get(`/r/${token}/metrics.csv`));
    expect(res.statusCode).toBe(302);
    expect(decodeURIComponent(new URL(String(res.headers!.location)).pathname)).toBe(`/${prefix}metrics.csv`);
    expect((await handler(get(`/r/${token}/..%2Fstate`))).statusCode).toBe(404);
  });

  test('a tampered token gets 403 with a plain message', async () => {
    const { token } = reportLink({ publicUrl: 'https://x.test', prefix, secret, ttlDays: 1 });
    const forged = `${Buffer.from(JSON.stringify({ k: 'reports/billingdb-1/20261121T080000Z-a1b2c3/', exp: 4_102_444_800 })).toString('base64url')}.${token.split('.')[1]}`;
    const res = await handler(get(`/r/${forged}`));
    expect(res.statusCode).toBe(403);
    expect(res.headers!['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toMatch(/not valid/);
    expect(res.headers!.location).toBeUndefined();
  });

  test('an expired token gets 410 Gone and says how to get a new link', async () => {
    const token = createLinkToken({ k: prefix, exp: Math.floor(Date.now() / 1000) - 1 }, secret);
    const res = await handler(get(`/r/${token}`));
    expect(res.statusCode).toBe(410);
    expect(res.body).toMatch(/expired.*Run the report again/);
  });
});
