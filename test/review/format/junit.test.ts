/** reviewJunit: JUnit XML of a batch review for CI systems. */
import { describe, expect, it } from 'vitest';
import { reviewJunit } from '../../../src/review/format/junit';
import { reviewScript } from '../../../src/review/review';
import { sampleFiles } from './files';

describe('reviewJunit', () => {
  it('writes a testsuite per file and a failing testcase per statement at or above --fail-on', async () => {
    const out = reviewJunit(await sampleFiles(), 'critical');
    expect(out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="dbassist review" tests="3" failures="1" errors="0">/);
    expect(out).toContain('<testsuite name="a.sql" tests="1" failures="0"');
    expect(out).toContain('<testsuite name="migrations/b.sql" tests="2" failures="1"');
    expect(out).toMatch(/<failure message="1 finding\(s\) at or above critical: delete-without-where" type="critical">/);
    // the syntax error is high: below --fail-on critical it is listed, not failed
    expect(out).toMatch(/<system-out>[^<]*\[high\] syntax-error \(line 2, column 1\)/);
  });

  it('escapes XML in SQL and messages, and drops characters XML cannot carry', async () => {
    const out = reviewJunit([{ file: 'x&y.sql', result: await reviewScript('SELECT \'<b>\u0001\' FROM t WHERE a = "q";\n') }], 'low');
    expect(out).toContain('name="x&amp;y.sql"');
    expect(out).toContain('&lt;b&gt;');
    expect(out).not.toContain('\u0001');
    expect(out).not.toMatch(/<b>/);
  });
});
