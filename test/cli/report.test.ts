import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { parseMetricsCsv } from '../../src/report/csv';
import { testIo } from '../support/cli-io';
import { holdRowLock } from '../../scripts/lib/lock-wait';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-report-cli-'));

describe('dbassist report', () => {
  it('--seed and --scenario need --simulate; --profile and --region are for live reports (exit 2)', async () => {
    let io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', '--scenario', 'healthy'], io)).toBe(2);
    expect(io.err()).toContain('--seed and --scenario go with --simulate');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', '--simulate', '--region', 'us-east-1'], io)).toBe(2);
    expect(io.err()).toContain('--simulate needs no AWS');
  });

  it('checks the instance name and the window with the shared grammar', async () => {
    let io = testIo(dir);
    expect(await main(['report', 'bad_name!', '--simulate'], io)).toBe(2);
    expect(io.err()).toContain('not a valid instance name');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '30d', '--simulate'], io)).toBe(2);
    expect(io.err()).toContain('between 5 minutes and 14 days');
  });

  it('--simulate writes report.html and the artifacts, prints a JSON summary, and --fail-on sets the exit code', async () => {
    const io = testIo(dir);
    const code = await main(['report', 'gamedb1-1', '6h', '--simulate', '--out', 'r1', '--format', 'json', '--fail-on', 'high', '--seed', '3'], io);
    expect(code).toBe(1);
    const json = JSON.parse(io.out());
    // One layout for the CLI and the demo: <out>/<instance>/<YYYYMMDDTHHMMSSZ>/.
    expect(json.reportPath).toMatch(new RegExp(`^${dir.replace(/[.\\]/g, '\\$&')}/r1/gamedb1-1/\\d{8}T\\d{4}00Z/report\\.html$`));
    const r1 = dirname(json.reportPath);
    expect(['degraded', 'critical']).toContain(json.verdict.level);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.anomalies.some((a: { metric: string }) => a.metric === 'CPUUtilization')).toBe(true);
    for (const f of ['report.html', 'metrics.csv', 'top-sql.sql', 'digest.json']) expect(existsSync(join(r1, f))).toBe(true);
    const html = readFileSync(join(r1, 'report.html'), 'utf8');
    expect(html).toContain('AI summary');
    expect(html).toContain('the CLI does not call the model');
    expect(parseMetricsCsv(readFileSync(join(r1, 'metrics.csv'), 'utf8'))).toHaveLength(33);
  });

  it('exits 0 with --fail-on above every finding, and prints text by default', async () => {
    const io = testIo(dir);
    expect(
      await main(
        ['report', 'gamedb1-1', '1h', '--simulate', '--out', 'r2', '--fail-on', 'critical', '--seed', '1', '--db', 'mysql://nobody:s3cret@127.0.0.1:1/'],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(/^(CRITICAL|DEGRADED|HEALTHY): /);
    expect(io.out()).toMatch(/Report: .*\/r2\/gamedb1-1\/\d{8}T\d{6}Z\/report\.html\n/);
    // The unreachable --db server is a gap, reported without its password.
    expect(io.out()).toContain('Missing: performance_schema of 127.0.0.1:1');
    expect(io.out()).not.toContain('s3cret');
  });

  it('reads the performance_schema of a reachable local server into the simulated report', async () => {
    const io = testIo(dir, { DBASSIST_DEMO_MYSQL_URL: inject('mysqlUrl') });
    expect(await main(['report', 'gamedb1-1', '1h', '--simulate', '--out', 'r3', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.gaps).toEqual([]);
    const html = readFileSync(json.reportPath, 'utf8');
    expect(html).not.toContain('simulated Aurora MySQL');
    const sql = readFileSync(join(dirname(json.reportPath), 'top-sql.sql'), 'utf8');
    expect(sql).toMatch(/cumulative; server [0-9.]+-MariaDB|cumulative; server 8\./);
  });

  it('--scenario plants a cause; --format json lists the ranked causes with evidence and actions', async () => {
    const io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', '--simulate', '--scenario', 'lock-contention', '--out', 'r4', '--format', 'json', '--seed', '2'], io)).toBe(
      0,
    );
    const json = JSON.parse(io.out());
    expect(json.scenario).toBe('lock-contention');
    expect(json.causes[0]).toMatchObject({ kind: 'lock-contention', confidence: expect.stringMatching(/high|medium/), incident: 'I1' });
    expect(json.causes[0].evidence.some((e: { at?: string }) => e.at)).toBe(true);
    expect(json.causes[0].actions[0]).toContain('KILL 5123');
    expect(json.causes[0].blockingChain.root).toMatchObject({ id: 5123, user: 'game_batch' });
    expect(json.verdict.reason).toBe(json.causes[0].summary);
    expect(json.incidents[0]).toMatchObject({ id: 'I1', ongoing: true });
  });

  it('--scenario healthy: no causes, no high or critical findings, exit 0 with --fail-on high', async () => {
    const io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '24h', '--simulate', '--scenario', 'healthy', '--out', 'r5', '--format', 'json', '--fail-on', 'high'], io)).toBe(
      0,
    );
    const json = JSON.parse(io.out());
    expect(json.causes).toEqual([]);
    expect(json.incidents).toEqual([]);
    expect(json.findings.filter((f: { severity: string }) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
  });

  it('a healthy simulated day has no anomaly and says nothing unusual changed, in the JSON and on the first screen', async () => {
    // The window ends at a fixed time: a 24h window of the simulated healthy day that ends between about
    // 16:45 and 17:20 UTC gets "low" anomalies on its evening decline (found by CI's run 400 days ahead;
    // left open, see docs/anomalies.md), so the wall clock must not choose the window.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
    const io = testIo(dir);
    try {
      expect(await main(['report', 'gamedb1-1', '24h', '--simulate', '--scenario', 'healthy', '--out', 'c1', '--format', 'json'], io)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    const json = JSON.parse(io.out());
    expect(json.anomalies).toEqual([]);
    expect(json.changes).toMatchObject({ vs: '1w', nothingUnusual: true, metrics: [], queries: [], events: [] });
    expect(Date.parse(json.changes.against.end) - Date.parse(json.changes.against.start)).toBe(86_400_000);
    const html = readFileSync(json.reportPath, 'utf8');
    const first = html.slice(html.indexOf('<section id="first-screen">'), html.indexOf('<section id="load">'));
    expect(first).toContain('What changed');
    expect(first).toContain('Nothing unusual changed since the same window a week earlier.');
  });

  it('`vs 1d` compares with the day before and lists the new query class of a regression, in JSON, text and HTML', async () => {
    let io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', 'vs', '1d', '--simulate', '--out', 'c2', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.changes.vs).toBe('1d');
    expect(json.incidents.length).toBeGreaterThan(0);
    const fresh = json.changes.queries.find((q: { kind: string }) => q.kind === 'new');
    expect(fresh.fingerprint).toMatch(/^select \* from items where owner_id = \?/);
    expect(fresh.text).toMatch(/not in the slow log a day earlier$/);
    const html = readFileSync(json.reportPath, 'utf8');
    expect(html).toContain('Changed since the same window a day earlier');
    expect(html).toContain('Query classes (slow log)');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', '--vs', '1d', '--simulate', '--out', 'c3'], io)).toBe(0);
    expect(io.out()).toMatch(/\nChanged since the same window a day earlier: [^\n]*query class[^\n]*:\n {2}- new query class `select \* from items/);
  });

  it('checks the comparison with the shared grammar, and leaves windows longer than a week uncompared', async () => {
    let io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', '--vs', '2d', '--simulate'], io)).toBe(2);
    expect(io.err()).toContain('one day or one week earlier');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '6h', 'vs', '1d', '--vs', '1w', '--simulate'], io)).toBe(2);
    expect(io.err()).toContain('Say the comparison once');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '3d', 'vs', '1d', '--simulate'], io)).toBe(2);
    expect(io.err()).toContain('use `vs 1w`');
    io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '10d', '--simulate', '--out', 'c4', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out()).changes).toBeUndefined();
  });

  it('an unknown --scenario is a usage error that names the scenarios and suggests one', async () => {
    const io = testIo(dir);
    expect(await main(['report', 'gamedb1-1', '--simulate', '--scenario', 'lock-contension'], io)).toBe(2);
    expect(io.err()).toContain('cpu-query-regression, lock-contention');
    expect(io.err()).toContain('did you mean lock-contention?');
  });

  it('with --db, a real blocking chain on that server is in the report and its JSON, both sessions named', async () => {
    const lock = await holdRowLock(inject('mysqlUrl'), { table: 'locks_cli.guilds' });
    try {
      const io = testIo(dir);
      expect(
        await main(['report', 'gamedb1-1', '1h', '--simulate', '--scenario', 'healthy', '--out', 'r6', '--format', 'json', '--db', inject('mysqlUrl')], io),
      ).toBe(0);
      const json = JSON.parse(io.out());
      const chain = json.blockingChains.find((c: { root: { id: number } }) => c.root.id === lock.holderId);
      expect(chain.root).toMatchObject({ id: lock.holderId, user: 'root', command: 'Sleep' });
      expect(chain.root.trxAgeS).toBeGreaterThanOrEqual(0);
      expect(chain.root.host).toMatch(/^(localhost|127\.0\.0\.1)/);
      expect(chain.waits[0].waiting).toMatchObject({
        id: lock.waiterId,
        statement: 'UPDATE locks_cli.guilds SET member_count = member_count + ? WHERE id = ?',
      });
      const html = readFileSync(json.reportPath, 'utf8');
      expect(html).toContain(`Blocking chain: session ${lock.holderId} root@`);
    } finally {
      await lock.release();
    }
  });
});
