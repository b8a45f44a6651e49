/**
 * The cluster report: the comparison on the simulated cluster (pure), the orchestration within the
 * deadline, and `report gamedb1 6h` through the worker's report runner with the live collectors (real
 * SDK clients with aws-sdk-client-mock, performance_schema on the harness MariaDB): every member
 * reported and published, compared, with a link per member.
 */
import { DescribeDBInstancesCommand, type DescribeDBInstancesCommandInput, DescribeDBParametersCommand } from '@aws-sdk/client-rds';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { WebClient } from '@slack/web-api';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { compareCluster } from '../../src/analysis/cluster-compare';
import { simulatedClusterMembers, simulatedParameters, simulateMember } from '../../src/collectors/simulated/cluster';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/core/log';
import { parseWindow } from '../../src/core/window';
import { type ClusterSteps, MIN_MEMBER_MS, runClusterReport } from '../../src/jobs/cluster-report';
import type { ReportResult } from '../../src/jobs/report';
import { blockTextLength, SLACK_LIMITS } from '../../src/slack/message-limits';
import { clusterReportReply } from '../../src/slack/views/cluster-report';
import { type RecentReports, recentReportsKey } from '../../src/jobs/recent-reports';
import { MemoryStateStore } from '../../src/state/store';
import { run as reportRunner } from '../../src/worker/runners/report';
import { awsFakes } from '../support/aws-fakes';
import { testEnv } from '../support/env';

const log = createLogger({}, () => undefined);
const end = new Date('2026-11-21T08:00:00Z');
const window = { start: new Date(end.getTime() - 6 * 3_600_000), end };
const target = { name: 'gamedb1', cluster: 'gamedb1', instances: ['gamedb1-1', 'gamedb1-2', 'gamedb1-3'] };

describe('compareCluster on the simulated cluster', () => {
  const metas = simulatedClusterMembers(target);
  const inputs = metas.map((meta) => ({
    meta,
    analysis: analyse(simulateMember(meta, window, { scenario: 'cpu-query-regression' })),
    parameters: simulatedParameters(meta.parameterGroup!),
  }));
  const c = compareCluster('gamedb1', inputs);

  it('puts the writer first, shares the queries out, and gives readers their lag', () => {
    expect(c.members.map((m) => [m.instance, m.role])).toEqual([
      ['gamedb1-1', 'writer'],
      ['gamedb1-2', 'reader'],
      ['gamedb1-3', 'reader'],
    ]);
    const shares = c.members.map((m) => m.queryShare!);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(c.readerShare).toBeCloseTo(shares[1]! + shares[2]!, 6);
    expect(c.members[0]!.lagMaxMs).toBeUndefined();
    expect(c.members[1]!.lagMaxMs).toBeGreaterThan(0);
    // The writer carries the planted incident: the cluster is as bad as its worst member.
    expect(c.members[0]!.verdict).not.toBe('healthy');
    expect(c.verdict).toBe(c.members.map((m) => m.verdict).includes('critical') ? 'critical' : 'degraded');
  });

  it('names the planted differences: unbalanced readers, the smaller class, the drifted parameter group and its parameters', () => {
    expect(c.configDifferences.map((d) => d.field)).toEqual(['instance class', 'parameter group']);
    expect(c.parameterDifferences.map((p) => p.name)).toEqual(['long_query_time', 'max_connections']);
    expect(c.parameterDifferences[0]!.values).toEqual({ 'gamedb1-1': '1', 'gamedb1-2': '1', 'gamedb1-3': '10' });
    expect(c.notes.join('\n')).toMatch(/Readers are unbalanced: gamedb1-2 serves .* gamedb1-3 /);
    expect(c.notes.join('\n')).toMatch(/Instance classes differ .*gamedb1-3 db\.r6g\.large/);
  });

  it('says when readers carry almost none of the reads, and when every member is in one zone', () => {
    const sameZone = inputs.map((i) => ({ ...i, meta: { ...i.meta, availabilityZone: 'ap-northeast-2a' } }));
    const idle = sameZone.map((i) =>
      i.meta.role === 'reader'
        ? { ...i, analysis: { ...i.analysis, stats: i.analysis.stats.map((s) => (s.metric === 'Queries' ? { ...s, mean: 1 } : s)) } }
        : i,
    );
    const notes = compareCluster('gamedb1', idle).notes.join('\n');
    expect(notes).toMatch(/Readers carry 0\.0\d+ % of the cluster's queries: reads are not offloaded/);
    expect(notes).toMatch(/Every member is in ap-northeast-2a/);
  });

  it('renders within Slack limits with one button per member', () => {
    const result = { cluster: 'gamedb1', windowLabel: '6h', comparison: c, members: metas.map((meta) => ({ meta })), gaps: [] };
    const r = clusterReportReply(result);
    expect(r.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blockTextLength(r.blocks)).toBeLessThan(SLACK_LIMITS.totalText);
    const header = JSON.stringify(r.blocks[0]);
    expect(header).toContain('cluster gamedb1 · 3 members · last 6h');
    const buttons = r.blocks.flatMap((b) => ('accessory' in b && b.accessory ? [b.accessory as { action_id: string; value?: string }] : []));
    expect(buttons.map((b) => JSON.parse(b.value!).target)).toEqual(['gamedb1-1', 'gamedb1-2', 'gamedb1-3']);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(3);
  });
});

describe('runClusterReport', () => {
  it('runs members three at a time, skips those it cannot start in time, and compares the rest', async () => {
    const metas = simulatedClusterMembers({ ...target, instances: ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'] });
    let clock = 0;
    const started: string[] = [];
    const steps: ClusterSteps = {
      members: async () => metas,
      parameters: async (g) => simulatedParameters(g),
      memberReport: async (instance) => {
        started.push(instance);
        clock += 30_000;
        if (instance === 'c-2') throw new Error('boom');
        const meta = metas.find((m) => m.instance === instance)!;
        const data = simulateMember(meta, window);
        return { instance, windowLabel: '6h', data, analysis: analyse(data), html: '', artifacts: {}, gaps: [] } as unknown as ReportResult;
      },
    };
    // Three start at once (clock 0); when they end the clock is at 90 s and only 10 s are left.
    const r = await runClusterReport({ cluster: 'c', window: parseWindow('6h'), log, deadline: 90_000 + MIN_MEMBER_MS - 10_000, now: () => clock }, steps);
    expect(started).toEqual(['c-1', 'c-2', 'c-3']);
    expect(r.comparison.members.map((m) => m.instance)).toEqual(['c-1', 'c-3']);
    expect(r.gaps.map((g) => `${g.what}: ${g.reason}`)).toEqual([
      'report of c-2: Error: boom',
      'report of c-4: no time left in the job for this member',
      'report of c-5: no time left in the job for this member',
    ]);
  });
});

describe('report on a cluster name, through the worker with the live collectors', () => {
  const aws = awsFakes();
  const config = loadConfig(testEnv('http://127.0.0.1:9/'));
  beforeEach(() => {
    aws.install(inject('mysqlUrl'), end);
    const url = new URL(inject('mysqlUrl'));
    const db = (id: string, cls: string, pg: string) => ({
      DBInstanceIdentifier: id,
      DBClusterIdentifier: 'gamedb1',
      DBInstanceClass: cls,
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
      PerformanceInsightsEnabled: false,
      AvailabilityZone: id.endsWith('1') ? 'ap-northeast-2a' : 'ap-northeast-2c',
      DBParameterGroups: [{ DBParameterGroupName: pg }],
      Endpoint: { Address: '127.0.0.1', Port: Number(url.port) },
    });
    const all = [db('gamedb1-1', 'db.r6g.2xlarge', 'game-params'), db('gamedb1-2', 'db.r6g.large', 'game-params-old')];
    aws.rds.on(DescribeDBInstancesCommand).callsFake((input: DescribeDBInstancesCommandInput) => ({
      DBInstances: input.DBInstanceIdentifier ? all.filter((d) => d.DBInstanceIdentifier === input.DBInstanceIdentifier) : all,
    }));
    aws.rds
      .on(DescribeDBParametersCommand, { DBParameterGroupName: 'game-params' })
      .resolves({ Parameters: [{ ParameterName: 'long_query_time', ParameterValue: '1' }] });
    aws.rds.on(DescribeDBParametersCommand, { DBParameterGroupName: 'game-params-old' }).resolves({ Parameters: [] });
  });

  it('reports every member, publishes each, and answers with the comparison and a link per member', async () => {
    const store = new MemoryStateStore();
    const ctx = {
      config: { ...config, perfSchemaIntervalS: 0 },
      log,
      deadline: Date.now() + 120_000,
      postInThread: async () => undefined,
      store,
      slack: {} as WebClient,
    };
    const reply = await reportRunner(
      {
        kind: 'command',
        id: 'j1',
        requestedAt: end.toISOString(),
        origin: { team: 'T1', channel: 'C1', user: 'U1', threadTs: '1700000000.000100', reply: 'thread' },
        command: { verb: 'report', target: 'gamedb1', window: parseWindow('1h') },
      },
      ctx,
    );
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('cluster gamedb1 · 2 members · last 1h');
    expect(text).toMatch(/Instance classes differ \(gamedb1-1 db\.r6g\.2xlarge, gamedb1-2 db\.r6g\.large\)/);
    expect(text).toContain('long_query_time (gamedb1-1 1, gamedb1-2 default)');
    const htmls = aws.s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input.Key!)
      .filter((k) => k.endsWith('report.html'));
    expect(htmls.map((k) => k.split('/')[1]).sort()).toEqual(['gamedb1-1', 'gamedb1-2']);
    const links = reply.blocks.flatMap((b) => ('accessory' in b && b.accessory && 'url' in b.accessory ? [b.accessory.url as string] : []));
    expect(links).toHaveLength(2);
    expect(links.every((u) => u.startsWith('https://api.example.test/r/'))).toBe(true);
    expect(aws.rds.commandCalls(DescribeDBParametersCommand).map((c) => c.args[0].input.Source)).toEqual(['user', 'user']);
    // The asker's App Home lists the cluster report, with the thread it went to.
    const recent = await store.get<RecentReports>(recentReportsKey('U1'));
    expect(recent?.value.reports).toEqual([
      expect.objectContaining({
        instance: 'gamedb1',
        windowLabel: '1h',
        channel: 'C1',
        threadTs: '1700000000.000100',
        level: expect.stringMatching(/^(healthy|degraded|critical)$/),
      }),
    ]);
  }, 60_000);
});
