import { describe, expect, test } from 'vitest';
import { linkArtifacts } from '../../src/publish/link';
import { createLinkToken, verifyLinkToken } from '../../src/publish/link-token';

const secret = 'link-secret-0123456789abcdef0123456789';
const now = Date.parse('2026-11-21T08:00:00Z');
const k = 'reports/gamedb1-1/20261121T080000Z-a1b2c3/';
const exp = now / 1000 + 3600;

describe('link tokens', () => {
  test('a fresh token verifies to its prefix', () => {
    expect(verifyLinkToken(createLinkToken({ k, exp }, secret), secret, now)).toEqual({ ok: true, prefix: k, exp });
  });

  test('an expired token is expired, a second after its expiry', () => {
    const t = createLinkToken({ k, exp }, secret);
    expect(verifyLinkToken(t, secret, exp * 1000 - 1)).toMatchObject({ ok: true });
    expect(verifyLinkToken(t, secret, exp * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  test('changing the payload (another report, a later expiry) breaks the signature', () => {
    const [, sig] = createLinkToken({ k, exp }, secret).split('.');
    const otherKey = Buffer.from(JSON.stringify({ k: 'reports/billingdb-1/20261121T080000Z-a1b2c3/', exp })).toString('base64url');
    const later = Buffer.from(JSON.stringify({ k, exp: exp + 86_400 * 365 })).toString('base64url');
    expect(verifyLinkToken(`${otherKey}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyLinkToken(`${later}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('another key, a truncated or garbled token is refused', () => {
    const t = createLinkToken({ k, exp }, secret);
    expect(verifyLinkToken(t, `${secret}x`, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyLinkToken(t.slice(0, -2), secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyLinkToken(t.replace('.', ''), secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLinkToken(`${t}.x`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLinkToken('', secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('only report prefixes can be signed', () => {
    expect(() => createLinkToken({ k: 'state/events/', exp }, secret)).toThrow();
    expect(() => createLinkToken({ k: 'reports/../state/', exp }, secret)).toThrow();
  });
});

test('linkArtifacts rewrites only exact links to the report files', () => {
  const html = '<a href="metrics.csv">m</a> <a href="metrics.csv.bak">x</a> <a href="#chart">c</a> <a href="digest.json">d</a>';
  expect(linkArtifacts(html, 'https://api.example.test/r/T.S', ['metrics.csv', 'digest.json'])).toBe(
    '<a href="https://api.example.test/r/T.S/metrics.csv">m</a> <a href="metrics.csv.bak">x</a> <a href="#chart">c</a> <a href="https://api.example.test/r/T.S/digest.json">d</a>',
  );
});
