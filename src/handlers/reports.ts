/** `reports` Lambda (HTTP API v2): GET /r/{token} and /r/{token}/{artifact} → 302 to a fresh presigned URL. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { fetchFunctionSecret } from '../aws/function-secrets';
import { loadRuntimeConfig } from '../config/runtime';
import { lambdaObservability } from '../observability/lambda';
import { resolveReportLink } from '../publish/link';

const obs = lambdaObservability('reports');
const log = obs.log;

const plain = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: `${body}\n`,
});

export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> {
  obs.begin(context);
  try {
    if (event.requestContext?.http?.method && event.requestContext.http.method !== 'GET' && event.requestContext.http.method !== 'HEAD') {
      return plain(405, 'Only GET is supported.');
    }
    const token = event.pathParameters?.token;
    if (!token) return plain(404, 'Not found.');
    try {
      const cfg = await loadRuntimeConfig('reports', fetchFunctionSecret);
      const artifact = event.pathParameters?.artifact;
      const r = await resolveReportLink({
        token,
        secret: cfg.linkSecret,
        bucket: cfg.reportsBucket,
        region: cfg.region,
        ...(artifact ? { artifact } : {}),
      });
      if (r.status !== 302) {
        log.info('report link refused', { status: r.status });
        return plain(r.status, r.message);
      }
      return { statusCode: 302, headers: { location: r.location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, body: '' };
    } catch (e) {
      log.error('report link failed', { error: e });
      return plain(500, 'The report could not be opened right now. Try again in a minute.');
    }
  } finally {
    obs.end();
  }
}
