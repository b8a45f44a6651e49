import { describe, expect, it } from 'vitest';
import { alarmLevel, parseSnsMessage } from '../../src/alerts/parse';
import { parseLevelRules } from '../../src/config/alert-levels';
import { knownNames } from '../../src/alerts/process';
import { fixture, TARGETS } from './support';

const opts = { knownNames: knownNames(TARGETS) };

describe('parseSnsMessage', () => {
  it('reads a CloudWatch metric alarm: target from dimensions, metric, threshold, value, level by name', () => {
    const a = parseSnsMessage(fixture('cloudwatch-alarm'), opts);
    expect(a).toMatchObject({
      key: 'cw:arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:gamedb1-1-cpu-high-critical',
      source: 'cloudwatch',
      target: 'gamedb1-1',
      state: 'alarm',
      level: 'critical',
      title: 'gamedb1-1-cpu-high-critical',
      metric: 'CPUUtilization',
      threshold: 90,
      comparison: 'GreaterThanOrEqualToThreshold',
      at: '2026-11-21T08:20:12.345Z',
      eventCategories: ['alarm'],
      messageId: '5b1c2a4e-8f7d-5c3b-9a21-0d6e1f2a3b4c',
    });
    expect(a.value).toBeCloseTo(92.4167, 3);
    expect(a.detail).toContain('Threshold Crossed');
  });

  it('reads OK as info with the same key, and INSUFFICIENT_DATA with a cluster dimension', () => {
    const ok = parseSnsMessage(fixture('cloudwatch-ok'), opts);
    expect(ok).toMatchObject({ state: 'ok', level: 'info', target: 'gamedb1-1' });
    expect(ok.key).toBe(parseSnsMessage(fixture('cloudwatch-alarm'), opts).key);
    const ins = parseSnsMessage(fixture('cloudwatch-insufficient'), opts);
    expect(ins).toMatchObject({ state: 'insufficient', target: 'gamedb1', metric: 'AuroraReplicaLag', comparison: 'GreaterThanThreshold' });
  });

  it('reads a composite alarm: no trigger, target found in its name or rule, rule kept in the detail', () => {
    const a = parseSnsMessage(fixture('cloudwatch-composite'), opts);
    expect(a).toMatchObject({ source: 'cloudwatch', state: 'alarm', level: 'warning', eventCategories: ['alarm', 'composite'] });
    expect(a.target).toBe('gamedb2-1');
    expect(a.detail).toContain('ALARM("gamedb2-1-cpu-high") AND');
    expect(a.metric).toBeUndefined();
  });

  it('reads RDS instance and cluster events: event id, source, categories, critical failover', () => {
    const inst = parseSnsMessage(fixture('rds-instance-failover'), opts);
    expect(inst).toMatchObject({
      source: 'rds',
      target: 'gamedb1-1',
      state: 'event',
      level: 'critical',
      sourceRef: 'RDS-EVENT-0049',
      key: 'rds:gamedb1-1:RDS-EVENT-0049',
      at: '2026-11-21T08:31:44.512Z',
      title: 'Multi-AZ instance failover completed',
    });
    expect(inst.eventCategories).toContain('failover');
    const cluster = parseSnsMessage(fixture('rds-cluster-failover'), opts);
    expect(cluster).toMatchObject({ target: 'gamedb1', level: 'critical', sourceRef: 'RDS-EVENT-0071' });
    expect(cluster.detail).toContain('DB cluster gamedb1');
  });

  it('classifies reboot as critical and parameter changes as info', () => {
    const reboot = parseSnsMessage(fixture('rds-instance-reboot'), opts);
    expect(reboot.level).toBe('critical');
    expect(reboot.eventCategories).toEqual(expect.arrayContaining(['availability', 'reboot']));
    const param = parseSnsMessage(fixture('rds-parameter-change'), opts);
    expect(param.level).toBe('info');
    expect(param.eventCategories).toEqual(expect.arrayContaining(['configuration-change', 'parameter']));
  });

  it('reads EventBridge-forwarded RDS events with their categories, keyed like the SNS form', () => {
    const storage = parseSnsMessage(fixture('eventbridge-instance-storage'), opts);
    expect(storage).toMatchObject({
      source: 'eventbridge',
      target: 'gamedb1-2',
      level: 'warning',
      key: 'rds:gamedb1-2:RDS-EVENT-0089',
      at: '2026-11-21T08:39:58.811Z',
    });
    expect(storage.eventCategories).toEqual(expect.arrayContaining(['low-storage', 'storage']));
    const failover = parseSnsMessage(fixture('eventbridge-cluster-failover'), opts);
    expect(failover).toMatchObject({ target: 'gamedb2', level: 'critical', sourceRef: 'RDS-EVENT-0073' });
    expect(failover.detail).toContain('DB Cluster gamedb2');
  });

  it('reads plain text and JSON custom messages', () => {
    const text = parseSnsMessage(fixture('custom-text'), opts);
    expect(text).toMatchObject({ source: 'custom', state: 'event', title: 'Nightly backup check', target: 'gamedb2' });
    expect(text.detail).toContain('<!channel>'); // kept raw here; escaped by the view
    const json = parseSnsMessage(fixture('custom-json'), opts);
    expect(json).toMatchObject({
      source: 'custom',
      key: 'custom:game-api-pool',
      target: 'gamedb1',
      level: 'critical',
      state: 'alarm',
      title: 'Connection pool saturated',
    });
  });

  it('turns anything else into a generic message instead of dropping it', () => {
    const a = parseSnsMessage(fixture('unknown-json'), opts);
    expect(a).toMatchObject({ source: 'unknown', state: 'event', level: 'warning', title: 'AWS Notification', target: '' });
    expect(a.detail).toContain('EC2 Instance State-change Notification');
    const empty = parseSnsMessage({ MessageId: 'm', Message: '[1,2]', Timestamp: '2026-11-21T00:00:00Z' }, opts);
    expect(empty.source).toBe('custom');
  });
});

describe('alarm levels', () => {
  it('uses configured rules first, then the "critical" naming convention', () => {
    const rules = parseLevelRules('[{"pattern":"*-writer-*","level":"critical"},{"pattern":"*-crit-test","level":"info"}]');
    expect(alarmLevel('gamedb2-writer-degraded', '', rules)).toBe('critical');
    expect(alarmLevel('x-crit-test', '', rules)).toBe('info');
    expect(alarmLevel('gamedb1_cpu_CRITICAL', '', [])).toBe('critical');
    expect(alarmLevel('gamedb1-cpu', 'Sev1 page the DBA', [])).toBe('critical');
    expect(alarmLevel('gamedb1-criticality-score', '', [])).toBe('warning');
  });
});
