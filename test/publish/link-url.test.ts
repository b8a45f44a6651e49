/** Report link URLs read back: the shape the ingress checks, and our own public URL the worker checks. */
import { describe, expect, it } from 'vitest';
import { looksLikeReportLink, prefixName, reportLinkParts } from '../../src/publish/link-url';

const BASE = 'https://api.example.test';

describe('report link URLs', () => {
  it('finds the token and artifact of a link on our public URL only', () => {
    expect(reportLinkParts(`${BASE}/r/abc.def`, BASE)).toEqual({ token: 'abc.def' });
    expect(reportLinkParts(`${BASE}/r/abc.def/metrics.csv`, BASE)).toEqual({ token: 'abc.def', artifact: 'metrics.csv' });
    expect(reportLinkParts('https://API.Example.test/r/abc.def/', BASE)).toEqual({ token: 'abc.def' });
    expect(reportLinkParts('https://dba.example.com/dbassist/r/abc.def', 'https://dba.example.com/dbassist/')).toEqual({ token: 'abc.def' });
    for (const url of [
      'https://evil.example/r/abc.def',
      'http://api.example.test/r/abc.def',
      'https://user:pw@api.example.test/r/abc.def',
      'https://api.example.test.evil.example/r/abc.def',
      `${BASE}/x/r/abc.def`,
      `${BASE}/r/abc.def/r/ghi.jkl`,
      `${BASE}/r/abcdef`,
      `${BASE}/r/abc.def/../../state/x.json`,
      `${BASE}/r/abc.def/.hidden`,
      'not a url',
    ])
      expect(reportLinkParts(url, BASE), url).toBeUndefined();
  });

  it('checks the shape alone at the ingress, whatever the host', () => {
    expect(looksLikeReportLink('https://any.example/r/abc.def')).toBe(true);
    expect(looksLikeReportLink('https://any.example/r/abc.def/digest.json')).toBe(true);
    expect(looksLikeReportLink('http://any.example/r/abc.def')).toBe(false);
    expect(looksLikeReportLink('https://any.example/slack/events')).toBe(false);
  });

  it("names a report prefix's instance", () => {
    expect(prefixName('reports/gamedb1-1/20261121T080000Z-1a2b3c/')).toBe('gamedb1-1');
    expect(prefixName('state/x/')).toBeUndefined();
  });
});
