/** The fleet view: ranking (pure), the view within Slack's limits, and the simulated fleet through runHealth. */
import { describe, expect, it } from 'vitest';
import { type FleetMember, healthOf, judge, FLEET_METRICS, rankFleet } from '../../src/analysis/fleet-health';
import { simulatedFleetMembers, simulatedFleetSeries } from '../../src/collectors/simulated/cluster';
import { loadConfig } from '../../src/config/env';
import { type HealthResult, runHealth } from '../../src/jobs/health';
import { blockTextLength, SLACK_LIMITS } from '../../src/slack/message-limits';
import { healthReply, MAX_ROWS } from '../../src/slack/views/health';
import { decide } from '../../src/slack/decide';
import { testEnv } from '../support/env';

const member = (instance: string, role: FleetMember['role'] = 'writer'): FleetMember => ({ instance, cluster: 'c', target: 't', role });
const flat = (v: number) => Array.from({ length: 10 }, () => v);
const cpu = FLEET_METRICS.find((m) => m.name === 'CPUUtilization')!;
const cache = FLEET_METRICS.find((m) => m.name === 'BufferCacheHitRatio')!;

describe('fleet ranking', () => {
  it('judges above- and below-limit metrics on the same limits as the report', () => {
    expect(judge(cpu, 79)).toMatchObject({ level: 'healthy' });
    expect(judge(cpu, 80)).toMatchObject({ level: 'degraded', ratio: 1 });
    expect(judge(cpu, 95).level).toBe('critical');
    expect(judge(cache, 99).level).toBe('healthy');
    expect(judge(cache, 93).level).toBe('degraded');
    expect(judge(cache, 85).level).toBe('critical');
  });

  it('judges the mean of the last five points, so one spike does not page', () => {
    const spike = [...flat(30), 99];
    expect(healthOf(member('a'), new Map([['CPUUtilization', spike]])).level).toBe('healthy');
    const sustained = [...flat(30), 95, 95, 95, 95, 95];
    expect(healthOf(member('a'), new Map([['CPUUtilization', sustained]])).level).toBe('critical');
  });

  it('ranks critical, degraded, no data, healthy; within a level by how far past the limit; lag only for readers', () => {
    const series = new Map([
      ['ok', new Map([['CPUUtilization', flat(20)]])],
      ['hot', new Map([['CPUUtilization', flat(85)]])],
      ['hotter', new Map([['CPUUtilization', flat(88)]])],
      [
        'lagging',
        new Map([
          ['CPUUtilization', flat(20)],
          ['AuroraReplicaLag', flat(12_000)],
        ]),
      ],
      [
        'writer-with-lag-series',
        new Map([
          ['CPUUtilization', flat(20)],
          ['AuroraReplicaLag', flat(12_000)],
        ]),
      ],
    ]);
    const rows = rankFleet(
      [member('ok'), member('hot'), member('silent'), member('lagging', 'reader'), member('hotter'), member('writer-with-lag-series')],
      series,
    );
    expect(rows.map((r) => [r.member.instance, r.level])).toEqual([
      ['lagging', 'critical'],
      ['hotter', 'degraded'],
      ['hot', 'degraded'],
      ['silent', 'no-data'],
      ['ok', 'healthy'],
      ['writer-with-lag-series', 'healthy'],
    ]);
    expect(rows[0]!.problems).toEqual(['lag 12 s']);
  });
});

describe('fleet view', () => {
  const rows = (n: number) =>
    rankFleet(
      Array.from({ length: n }, (_, i) => member(`gamedb${i}-1`)),
      new Map(Array.from({ length: n }, (_, i) => [`gamedb${i}-1`, new Map([['CPUUtilization', flat(i % 3 === 0 ? 95 : 30)]])])),
    );
  const result = (n: number): HealthResult => ({ rows: rows(n), calls: 2, notes: [], at: new Date('2026-11-21T08:00:00Z') });

  it('shows the top rows with a report button each and "and M more" within 50 blocks and the text budget', () => {
    const r = healthReply(result(300));
    expect(r.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blockTextLength(r.blocks)).toBeLessThan(SLACK_LIMITS.totalText);
    const buttons = r.blocks.flatMap((b) => ('accessory' in b && b.accessory ? [b.accessory as { action_id: string; value: string }] : []));
    expect(buttons).toHaveLength(MAX_ROWS);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(MAX_ROWS);
    expect(buttons.every((b) => /^report_rerun_1h_\d+$/.test(b.action_id))).toBe(true);
    expect(JSON.parse(buttons[0]!.value)).toEqual({ target: r.blocks.length ? rows(300)[0]!.member.instance : '' });
    expect(JSON.stringify(r.blocks)).toContain(`…and ${300 - MAX_ROWS} more (`);
    expect(r.text).toMatch(/^Fleet health: 100 critical, 200 healthy/);
  });

  it('a small fleet has no "more" line', () => {
    const r = healthReply(result(3));
    expect(JSON.stringify(r.blocks)).not.toContain('more (');
    expect(r.blocks).toHaveLength(2 + 3);
  });
});

describe('runHealth on the simulated fleet', () => {
  const config = loadConfig(
    testEnv('http://127.0.0.1:9/', {
      DBASSIST_TARGETS: JSON.stringify({
        gamedb1: { cluster: 'gamedb1', secret: 's', instances: ['gamedb1-1', 'gamedb1-2', 'gamedb1-3'] },
        billingdb: { cluster: 'billingdb', secret: 's', instances: ['billingdb-1', 'billingdb-2'] },
      }),
    }),
  );
  const targets = [...config.targets.values()];
  // A quiet hour of the simulator's day, so only the planted incident stands out.
  const end = new Date('2026-11-21T04:00:00Z');
  const steps = {
    members: async (ts: readonly { name: string }[]) => ({
      members: simulatedFleetMembers(targets.filter((t) => ts.some((x) => x.name === t.name))),
      notes: [],
    }),
    series: async (members: readonly FleetMember[], at: Date) => ({
      series: simulatedFleetSeries(targets, members, { start: new Date(at.getTime() - 15 * 60_000), end: at }, (i) =>
        i === 'billingdb-1' ? 'lock-contention' : undefined,
      ),
      calls: 1,
    }),
  };

  it('ranks the planted incident first and narrows by pattern and by the targets the ingress allowed', async () => {
    const all = await runHealth({ verb: 'health' }, config, steps, end);
    expect(all.rows).toHaveLength(5);
    expect(all.rows[0]!.member.instance).toBe('billingdb-1');
    expect(all.rows[0]!.level).not.toBe('healthy');
    const some = await runHealth({ verb: 'health', pattern: 'gamedb1-*' }, config, steps, end);
    expect(some.rows.map((r) => r.member.instance).sort()).toEqual(['gamedb1-1', 'gamedb1-2', 'gamedb1-3']);
    const allowed = await runHealth({ verb: 'health', targets: ['gamedb1'] }, config, steps, end);
    expect(allowed.rows.every((r) => r.member.target === 'gamedb1')).toBe(true);
  });
});

describe('the ingress narrows health to what the asker may report on', () => {
  const config = loadConfig(testEnv('http://127.0.0.1:9/'));
  const ctx = (channel: string, user: string) => ({ team: 'T1', channel, user, commandName: '/dbassist' });
  const targetsOf = (d: ReturnType<typeof decide>) => (d.kind === 'job' && d.command.verb === 'health' ? d.command.targets : undefined);

  it('keeps only the targets allowed in that channel, and refuses when none is', () => {
    expect(targetsOf(decide({ verb: 'health' }, ctx('C1', 'U5'), config))).toEqual(['gamedb1']);
    expect(targetsOf(decide({ verb: 'health' }, ctx('C9', 'UADMIN'), config))).toEqual(['gamedb1', 'billingdb']);
    const refused = decide({ verb: 'health', pattern: 'billing*' }, ctx('C1', 'U5'), config);
    expect(refused.kind === 'reply' && refused.reply.text).toMatch(/not allowed to report on any target matching `billing\*`/);
  });

  it('a plain instance name of a target without a listed instance set resolves like a report; an unknown one is refused', () => {
    expect(targetsOf(decide({ verb: 'health', pattern: 'billingdb-3' }, ctx('C9', 'UADMIN'), config))).toEqual(['billingdb']);
    const unknown = decide({ verb: 'health', pattern: 'nosuch*' }, ctx('C9', 'UADMIN'), config);
    expect(unknown.kind === 'reply' && unknown.reply.text).toMatch(/matches none of the targets/);
  });
});
