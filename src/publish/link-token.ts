/**
 * Report link tokens: `<base64url(JSON {k, exp})>.<base64url(HMAC-SHA256(payload part))>`.
 * `k` is the report's key prefix, `exp` the expiry (epoch seconds). Verification compares the MAC in
 * constant time before it trusts anything in the payload.
 */
import { systemClock } from '../core/clock';
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkPayload {
  /** S3 key prefix of the report, `reports/<instance>/<stamp>/`. */
  k: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export type VerifyResult = { ok: true; prefix: string; exp: number } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const PREFIX_PATTERN = /^reports\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/$/;
const mac = (secret: string, data: string): Buffer => createHmac('sha256', secret).update(data).digest();

export function createLinkToken(payload: LinkPayload, secret: string): string {
  if (!PREFIX_PATTERN.test(payload.k)) throw new Error('link tokens only point at report prefixes');
  const body = Buffer.from(JSON.stringify({ k: payload.k, exp: Math.floor(payload.exp) })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyLinkToken(token: string, secret: string, nowMs: number = systemClock.now()): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) return { ok: false, reason: 'malformed' };
  const [body, sig] = parts as [string, string];
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let payload: Partial<LinkPayload>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<LinkPayload>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.k !== 'string' || !PREFIX_PATTERN.test(payload.k) || typeof payload.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, prefix: payload.k, exp: payload.exp };
}
