import { describe, expect, it } from 'vitest';
import { authorize, parseAccessPolicy } from '../../src/config/access';
import { ConfigError, loadConfig } from '../../src/config/env';
import { parseTargets, resolveTarget } from '../../src/config/targets';
import { testEnv } from '../support/env';

describe('configuration', () => {
  it('loads a complete environment', () => {
    const c = loadConfig(testEnv('http://127.0.0.1:1/api/'));
    expect(c.slack.botUserId).toBe('UBOT');
    expect(c.bedrock).toEqual({ enabled: false, modelId: 'anthropic.claude-test', region: 'ap-northeast-2' });
    expect([...c.targets.keys()]).toEqual(['gamedb1', 'billingdb']);
    expect(c.linkTtlDays).toBe(30);
  });

  it('lists every missing variable in one error', () => {
    try {
      loadConfig({});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const v of [
        'SLACK_SIGNING_SECRET',
        'SLACK_BOT_TOKEN',
        'SLACK_BOT_ID',
        'SLACK_BOT_USER_ID',
        'DBASSIST_REGION',
        'DBASSIST_REPORTS_BUCKET',
        'BEDROCK_MODEL_ID',
        'DBASSIST_WORKER_FUNCTION',
        'DBASSIST_PUBLIC_URL',
        'DBASSIST_LINK_SECRET',
      ]) {
        expect(problems).toContain(v);
      }
      expect(problems).not.toContain('BEDROCK_KB_ID');
    }
  });

  it('validates only what a function needs: the reports function needs no Slack token', () => {
    expect(() =>
      loadConfig({ DBASSIST_REGION: 'ap-northeast-2', DBASSIST_REPORTS_BUCKET: 'b-1', DBASSIST_LINK_SECRET: 'l'.repeat(32) }, { role: 'reports' }),
    ).not.toThrow();
    try {
      loadConfig(
        { DBASSIST_REGION: 'ap-northeast-2' },
        { role: 'slack', problems: ['SLACK_BOT_TOKEN could not be read from SLACK_BOT_TOKEN_ARN (AccessDeniedException): …'] },
      );
      expect.unreachable();
    } catch (e) {
      const p = (e as ConfigError).problems;
      expect(p[0]).toContain('AccessDeniedException');
      expect(p.filter((x) => x.startsWith('SLACK_BOT_TOKEN'))).toHaveLength(1); // not also "missing"
      expect(p.join('\n')).toContain('SLACK_SIGNING_SECRET is missing (or SLACK_SIGNING_SECRET_ARN naming a secret)');
      expect(p.join('\n')).toContain('DBASSIST_WORKER_FUNCTION');
      expect(p.join('\n')).not.toContain('DBASSIST_REPORTS_BUCKET');
    }
  });

  it('reports invalid values without echoing secrets', () => {
    const env = testEnv('', {
      SLACK_BOT_TOKEN: 'not-a-token-SECRETVALUE',
      DBASSIST_LINK_SECRET: 'shortSECRET',
      DBASSIST_REGION: 'moon',
      DBASSIST_TARGETS: '{bad json',
      DBASSIST_AI: 'maybe',
      DBASSIST_ALERT_LEVELS: '[',
      DBASSIST_LINK_TTL_DAYS: '365',
      DBASSIST_PERFSCHEMA_INTERVAL_S: '-1',
    });
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('SLACK_BOT_TOKEN is invalid');
      expect(msg).toContain('DBASSIST_LINK_SECRET is too short');
      expect(msg).toContain('DBASSIST_REGION is invalid');
      expect(msg).toContain('DBASSIST_TARGETS is not valid JSON');
      expect(msg).toContain('DBASSIST_AI is invalid');
      expect(msg).toContain('DBASSIST_ALERT_LEVELS is not valid JSON');
      expect(msg).toContain('DBASSIST_LINK_TTL_DAYS is invalid');
      expect(msg).toContain('DBASSIST_PERFSCHEMA_INTERVAL_S is invalid');
      expect(msg).not.toContain('SECRETVALUE');
      expect(msg).not.toContain('shortSECRET');
    }
  });

  it('rejects a channel default that names an unknown target', () => {
    const env = testEnv('', { DBASSIST_ACCESS: JSON.stringify({ rules: [], channelDefaults: { C9: 'nosuch' } }) });
    expect(() => loadConfig(env)).toThrow(/channelDefaults.C9: unknown target "nosuch"/);
  });
});

describe('targets', () => {
  const problems: string[] = [];
  const targets = parseTargets(
    JSON.stringify({ gamedb1: { secret: 's1', instances: ['gamedb1-1'] }, logdb: { cluster: 'log-cluster', secret: 's2' } }),
    problems,
  );

  it('resolves target names, clusters, listed instances and cluster-prefixed instances', () => {
    expect(problems).toEqual([]);
    expect(resolveTarget(targets, 'gamedb1')).toMatchObject({ target: { name: 'gamedb1' } });
    expect(resolveTarget(targets, 'GAMEDB1-1')).toMatchObject({ target: { name: 'gamedb1' }, instance: 'gamedb1-1' });
    expect(resolveTarget(targets, 'log-cluster-2')).toMatchObject({ target: { name: 'logdb' }, instance: 'log-cluster-2' });
    expect(resolveTarget(targets, 'gamedb1-9')).toBeUndefined();
    expect(resolveTarget(targets, 'other')).toBeUndefined();
  });

  it('refuses unknown fields, bad instance names and regions, naming the field', () => {
    const p: string[] = [];
    parseTargets(
      JSON.stringify({
        a: { secret: 's', instance: ['a-1'] },
        b: { secret: 's', instances: ['ok-1', 'bad name'] },
        c: { secret: 's', region: 'moon' },
        'bad name': { secret: 's' },
        d: 5,
      }),
      p,
    );
    expect(p).toEqual([
      'DBASSIST_TARGETS.a.instance is not a known field (cluster, secret, database, instances, region)',
      'DBASSIST_TARGETS.b.instances must be a list of instance identifiers',
      'DBASSIST_TARGETS.c.region must be an AWS region name, e.g. ap-northeast-2',
      'DBASSIST_TARGETS.bad name: invalid target name',
      'DBASSIST_TARGETS.d must be an object {cluster, secret, instances, …}',
    ]);
    const q: string[] = [];
    parseTargets('[1]', q);
    expect(q).toEqual(['DBASSIST_TARGETS must be a JSON object of target name → {cluster, secret, …}']);
  });

  it('requires a secret per target', () => {
    const p: string[] = [];
    parseTargets(JSON.stringify({ x: { cluster: 'x' } }), p);
    expect(p[0]).toContain('DBASSIST_TARGETS.x.secret is missing');
  });
});

describe('access policy', () => {
  const problems: string[] = [];
  const policy = parseAccessPolicy(
    JSON.stringify({
      teams: ['T1'],
      rules: [
        { channels: ['C1'], users: ['*'], actions: ['report', 'digest'], targets: ['gamedb*'] },
        { channels: ['*'], users: ['UADMIN'], actions: ['*'], targets: ['*'], teams: ['T1', 'E9'] },
      ],
    }),
    problems,
  );

  it('allows what a rule grants', () => {
    expect(problems).toEqual([]);
    expect(authorize(policy, { team: 'T1', channel: 'C1', user: 'U5', action: 'report', target: 'gamedb1', instance: 'gamedb1-1' })).toEqual({ allowed: true });
    expect(authorize(policy, { team: 'T1', channel: 'C7', user: 'UADMIN', action: 'review', target: 'billingdb' })).toEqual({ allowed: true });
  });

  it('denies by default and says why', () => {
    const d = authorize(policy, { team: 'T1', channel: 'C2', user: 'U5', action: 'report', target: 'gamedb1' });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toContain('not allowed to run `report` on `gamedb1`');
    expect(authorize(policy, { team: 'T1', channel: 'C1', user: 'U5', action: 'review', target: 'gamedb1' }).allowed).toBe(false);
    expect(authorize(policy, { team: 'T1', channel: 'C1', user: 'U5', action: 'report', target: 'billingdb' }).allowed).toBe(false);
    expect(authorize(parseAccessPolicy(undefined, []), { team: 'T1', channel: 'C1', user: 'U1', action: 'report', target: 'x' }).allowed).toBe(false);
  });

  it('serves only the teams it names: a Slack Connect user from another workspace is refused', () => {
    const other = authorize(policy, { team: 'TOTHER', channel: 'C1', user: 'U5', action: 'report', target: 'gamedb1' });
    expect(other).toEqual({ allowed: false, reason: expect.stringContaining('only the workspaces it was set up for') });
    expect(authorize(policy, { team: 'TOTHER', channel: 'C1', user: 'UADMIN', action: 'review', target: 'x' }).allowed).toBe(false);
    // A rule cannot widen the teams served: E9 is named by a rule but not at the top level.
    expect(authorize(policy, { team: 'T7', enterprise: 'E9', channel: 'C9', user: 'UADMIN', action: 'review', target: 'x' }).allowed).toBe(false);
    const grid = parseAccessPolicy(JSON.stringify({ teams: ['E9'], rules: [{ channels: ['*'], users: ['*'], actions: ['*'], targets: ['*'] }] }), []);
    expect(authorize(grid, { team: 'T7', enterprise: 'E9', channel: 'C9', user: 'U1', action: 'report', target: 'x' })).toEqual({ allowed: true });
  });

  it('requires every rule to name its team(s) and checks the ids', () => {
    const p: string[] = [];
    parseAccessPolicy(
      JSON.stringify({
        rules: [
          { channels: ['C1'], users: ['*'], actions: ['*'], targets: ['*'] },
          { teams: ['workspace-1'], channels: ['C1'], users: ['*'], actions: ['*'], targets: ['*'] },
        ],
      }),
      p,
    );
    expect([...p].sort()).toEqual([
      expect.stringContaining('DBASSIST_ACCESS.rules[0]: name the Slack team(s) it applies to'),
      expect.stringContaining('rules[1].teams: not Slack team or enterprise ids: workspace-1'),
    ]);
    expect(
      parseAccessPolicy(JSON.stringify({ teams: ['*'], rules: [{ channels: ['C1'], users: ['*'], actions: ['*'], targets: ['*'] }] }), []).rules[0]!.teams,
    ).toEqual(['*']);
  });

  it('flags unknown actions and malformed rules', () => {
    const p: string[] = [];
    parseAccessPolicy(JSON.stringify({ rules: [{ channels: ['C1'], users: ['*'], actions: ['reprot'], targets: ['*'] }, { channels: 'C1' }] }), p);
    expect(p.join('\n')).toContain('unknown actions reprot');
    expect(p.join('\n')).toContain('rules[1]');
  });

  it('flags unknown fields and non-string channel defaults', () => {
    const p: string[] = [];
    parseAccessPolicy(JSON.stringify({ rule: [], channelDefaults: { C1: 5 } }), p);
    expect(p.sort()).toEqual([
      'DBASSIST_ACCESS.channelDefaults.C1 must be a target name',
      'DBASSIST_ACCESS.rule is not a known field (teams, rules, channelDefaults)',
    ]);
  });
});
