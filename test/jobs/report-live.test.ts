/** runReport with the live steps: collect → analyse → summarise → render → S3 with a link, every partial failure a gap. */
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, inject, test } from 'vitest';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { UserFacingError } from '../../src/core/errors';
import { parseWindow } from '../../src/core/window';
import { runReport, type ReportRequest } from '../../src/jobs/report';
import { liveReportSteps } from '../../src/jobs/report-live';
import { verifyLinkToken } from '../../src/publish/link-token';
import { testEnv } from '../support/env';
import { holdRowLock } from '../../scripts/lib/lock-wait';
import { awsFakes } from '../support/aws-fakes';

const aws = awsFakes();
const env = testEnv('http://127.0.0.1:9/');
const config = loadConfig(env);
const log = createLogger({}, () => undefined);
const now = new Date('2026-11-21T08:00:00Z');
const request = (over: Partial<ReportRequest> = {}): ReportRequest => ({
  instance: 'gamedb1-1',
  window: parseWindow('1h'),
  log,
  deadline: Date.now() + 60_000,
  now,
  ...over,
});
const live = () => liveReportSteps(config, config.targets.get('gamedb1')!, { perfSchemaIntervalS: 1 });

beforeEach(() => aws.install(inject('mysqlUrl'), now));

describe('runReport', () => {
  test('a current blocking chain on the instance is in the report, with both sessions', async () => {
    const lock = await holdRowLock(inject('mysqlUrl'), { table: 'locks_job.guilds' });
    try {
      const r = await runReport(request(), live());
      const chain = r.data.instanceState!.chains.find((c) => c.root.id === lock.holderId)!;
      expect(chain.waits.map((w) => w.waiting.id)).toContain(lock.waiterId);
      const html = String(aws.s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.endsWith('report.html'))!.args[0].input.Body);
      expect(html).toContain(`Blocking chain: session ${lock.holderId} `);
      expect(html).toContain('UPDATE locks_job.guilds SET member_count = member_count + ? WHERE id = ?');
      expect(html).toMatch(new RegExp(`<td>${lock.waiterId} \\w+@`));
    } finally {
      await lock.release();
    }
  });

  test('publishes report.html and its artifacts and returns a signed link to them', async () => {
    const r = await runReport(request(), live());
    expect(r.instance).toBe('gamedb1-1');
    expect(r.windowLabel).toBe('1h');
    expect(r.analysis.verdict.level).toMatch(/healthy|degraded|critical/);
    expect(r.ai?.source).toBe('off');

    const puts = aws.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const prefix = r.published!.location.replace('s3://dbassist-reports-test/', '');
    expect(prefix).toMatch(/^reports\/gamedb1-1\/20261121T080000Z-[0-9a-f]{6}\/$/);
    expect(puts.map((p) => p.Key).sort()).toEqual(['digest.json', 'headline.json', 'metrics.csv', 'report.html', 'top-sql.sql'].map((n) => prefix + n));
    expect(puts.every((p) => p.ServerSideEncryption === 'AES256' && p.Bucket === 'dbassist-reports-test')).toBe(true);
    const html = String(puts.find((p) => p.Key!.endsWith('report.html'))!.Body);
    expect(html).toContain('gamedb1-1');
    // The report's links to its own files go through the link endpoint, never relative to S3.
    for (const name of ['metrics.csv', 'top-sql.sql', 'digest.json']) expect(html).toContain(`href="${r.published!.url}/${name}"`);
    expect(html).not.toMatch(/href="(metrics\.csv|top-sql\.sql|digest\.json)"/);
    const csv = String(puts.find((p) => p.Key!.endsWith('metrics.csv'))!.Body);
    expect(csv).toContain('CPUUtilization');

    expect(r.published!.url).toMatch(/^https:\/\/api\.example\.test\/r\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const token = r.published!.url!.split('/r/')[1]!;
    const v = verifyLinkToken(token, env.DBASSIST_LINK_SECRET!, now.getTime());
    expect(v).toEqual({ ok: true, prefix, exp: now.getTime() / 1000 + 30 * 86_400 });
    expect(r.published!.expiresAt).toBe('2026-12-21T08:00:00.000Z');

    expect(r.data.slowLog!.classes[0]!.calls).toBe(2);
    expect(r.data.errorLog).toHaveLength(1);
    // Performance Insights is off on this instance: the one other gap, and it says how to turn it on.
    expect(r.gaps.filter((g) => g.source !== 'perfschema' && g.source !== 'pi')).toEqual([]);
    expect(r.gaps.find((g) => g.source === 'pi')?.reason).toContain('--enable-performance-insights');
  });

  test('a cluster name reports on its writer', async () => {
    const r = await runReport(request({ instance: undefined }), live());
    expect(r.instance).toBe('gamedb1-1');
    expect(aws.rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input).toEqual({ DBInstanceIdentifier: 'gamedb1-1' });
  });

  test('when S3 refuses the upload, the result has no link and says why', async () => {
    aws.s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const r = await runReport(request(), live());
    expect(r.published).toBeUndefined();
    expect(r.gaps).toContainEqual({ source: 'publish', what: 'report upload to S3', reason: 'AccessDenied: Access Denied' });
    expect(r.analysis.findings).toBeDefined();
  });

  test('when the summary fails, the report is still published and the gap is listed', async () => {
    const r = await runReport(request(), { ...live(), summarize: async () => Promise.reject(new Error('ThrottlingException: Too many requests')) });
    expect(r.ai).toBeUndefined();
    expect(r.published?.url).toBeDefined();
    expect(r.gaps).toContainEqual({ source: 'ai', what: 'AI summary', reason: 'ThrottlingException: Too many requests' });
  });

  test('a deterministic fallback summary is used and listed as a gap, with its note', async () => {
    let input: unknown;
    const r = await runReport(request(), {
      ...live(),
      summarize: async (i) => {
        input = i;
        return {
          verdict: 'Healthy',
          bullets: ['CPU p95 46%'],
          actions: [],
          citations: [],
          source: 'fallback',
          note: 'Claude was throttled; deterministic summary',
        };
      },
    });
    expect(r.ai?.source).toBe('fallback');
    expect(r.gaps).toContainEqual({ source: 'ai', what: 'AI summary', reason: 'Claude was throttled; deterministic summary' });
    // The model gets structured figures of this instance, and the missing metric among the gaps.
    expect(input).toMatchObject({ instance: { instanceClass: 'db.r6g.large', role: 'writer' }, window: 'last 1h (07:00–08:00 UTC)' });
    expect((input as { gaps: string[] }).gaps).toContain('metrics without data: SwapUsage');
    expect((input as { topQueries: { calls: number }[] }).topQueries[0]!.calls).toBe(2);
    expect(JSON.stringify(input)).not.toMatch(/127\.0\.0\.1|dbassist\/gamedb1/);
  });

  test('an unknown instance is a user-facing error', async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' }));
    const err = await runReport(request({ instance: 'gamedb1-9' }), live()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as Error).message).toMatch(/no instance named gamedb1-9.*\/dbassist instances/);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
