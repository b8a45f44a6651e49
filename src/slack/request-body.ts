/**
 * Is this HTTP body something Bolt can read? Bolt's AwsLambdaReceiver parses the body before it checks
 * the signature and lets a parse error escape, so an unsigned garbage request used to become a 500 and
 * a reset of the ingress. The same parsing rules, checked first, turn it into a 400 instead.
 */
import { parse } from 'node:querystring';

function header(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Why the body cannot be parsed as Bolt would parse it, or undefined when it can. */
export function unparseableBody(event: { body?: string; headers?: Record<string, string | undefined> }): string | undefined {
  const body = event.body ?? '';
  const type = header(event.headers, 'content-type');
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = parse(body);
      if (typeof form.payload === 'string') JSON.parse(form.payload);
      return undefined;
    }
    JSON.parse(body);
    return undefined;
  } catch {
    return type === 'application/x-www-form-urlencoded' ? 'form payload is not JSON' : `body is not JSON (content-type ${type ?? 'missing'})`;
  }
}
