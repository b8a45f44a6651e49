/** issueLines: where each problem is and what is wrong, never the value received (it may be a secret). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issueLines } from '../../src/core/validate';

describe('issueLines', () => {
  it('names the path and the problem and drops the value, with or without an expectation in the message', () => {
    const Schema = v.object({
      url: v.pipe(v.string(), v.url()),
      at: v.pipe(v.string(), v.isoTimestamp()),
      b64: v.pipe(v.string(), v.base64()),
      name: v.pipe(v.string(), v.regex(/^[a-z]+$/)),
      n: v.number(),
    });
    const secret = 'hunter2-SECRET';
    const r = v.safeParse(Schema, { url: `not a url ${secret}`, at: secret, b64: `${secret}!`, name: secret, n: secret });
    expect(r.success).toBe(false);
    if (r.success) return;
    const lines = issueLines('cfg', r.issues);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['cfg.url', 'cfg.at', 'cfg.b64', 'cfg.name', 'cfg.n']);
    for (const l of lines) {
      expect(l).not.toContain('hunter2');
      expect(l).toMatch(/^cfg\.\w+: Invalid \w+/);
    }
  });
});
