import { describe, expect, it } from 'vitest';
import { parseSnsMessage } from '../../../src/alerts/parse';
import type { Incident, NormalizedAlert } from '../../../src/model/alert';
import { actionValue } from '../../../src/slack/alert-buttons';
import { formatElapsed } from '../../../src/core/format';
import { alertParentView } from '../../../src/slack/views/alert';
import { fixture } from '../../alerts/support';

const NOW = Date.parse('2026-11-21T08:30:00Z');

function incident(alert: NormalizedAlert, extra: Partial<Incident> = {}): Incident {
  return {
    id: 'a'.repeat(40),
    channel: 'C1',
    alarmKey: alert.key,
    target: alert.target,
    generation: 1,
    claimedAt: NOW,
    state: 'alarm',
    level: alert.level,
    count: 1,
    firstAt: NOW,
    lastAt: NOW,
    mentionHere: false,
    alert,
    seen: [alert.messageId],
    ...extra,
  };
}

const json = (v: unknown) => JSON.stringify(v);

describe('alert parent view', () => {
  const alarm = parseSnsMessage(fixture('cloudwatch-alarm'));

  it('shows level, title, target, metric, threshold, value and the four buttons', () => {
    const r = alertParentView(incident(alarm), { mentionHere: false, now: NOW });
    expect(r.blocks[0]).toMatchObject({ type: 'header', text: { text: 'CRITICAL · gamedb1-1-cpu-high-critical' } });
    const text = json(r.blocks);
    expect(text).toContain(':red_circle:');
    expect(text).toContain('CPUUtilization');
    expect(text).toContain('≥ 90');
    expect(text).toContain('92.42');
    const actions = r.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['alert_report', 'alert_ack', 'alert_mute_1h', 'alert_mute_24h']);
    expect(JSON.parse(actions.elements[0]!.value)).toEqual({ k: 'a'.repeat(40), t: 'gamedb1-1' });
  });

  it('asks before muting for 24 hours, and links the CloudWatch alarm and the instance in the RDS console', () => {
    const r = alertParentView(incident(alarm), { mentionHere: false, now: NOW });
    const actions = r.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; confirm?: { title: { text: string } } }> };
    expect(actions.elements.find((e) => e.action_id === 'alert_mute_24h')!.confirm!.title.text).toBe('Mute for 24 hours?');
    expect(actions.elements.find((e) => e.action_id === 'alert_mute_1h')!.confirm).toBeUndefined();
    const m = /arn:aws:cloudwatch:([a-z0-9-]+):\d+:alarm:(.+)$/.exec(alarm.key)!;
    const context = json(r.blocks.filter((b) => b.type === 'context'));
    expect(context).toContain(
      `<https://${m[1]}.console.aws.amazon.com/cloudwatch/home?region=${m[1]}#alarmsV2:alarm/${encodeURIComponent(m[2]!)}|CloudWatch alarm>`,
    );
    expect(context).toContain(
      `<https://${m[1]}.console.aws.amazon.com/rds/home?region=${m[1]}#database:id=gamedb1-1;is-cluster=false;tab=monitoring|Performance Insights>`,
    );
  });

  it('colours the incident by severity, green once resolved, grey when muted', () => {
    expect(alertParentView(incident(alarm), { mentionHere: false, now: NOW }).color).toBe('#d92d20');
    expect(alertParentView(incident({ ...alarm, level: 'warning' }), { mentionHere: false, now: NOW }).color).toBe('#f79009');
    expect(alertParentView(incident(alarm, { state: 'ok', resolvedAt: NOW }), { mentionHere: false, now: NOW }).color).toBe('#12b76a');
    expect(alertParentView(incident(alarm, { mutedUntil: NOW + 3_600_000 }), { mentionHere: false, now: NOW }).color).toBe('#98a2b3');
  });

  it('mentions @here only for critical alerts when the subscription asked for it', () => {
    expect(alertParentView(incident(alarm), { mentionHere: true, now: NOW }).text).toMatch(/^<!here> /);
    expect(alertParentView(incident(alarm), { mentionHere: false, now: NOW }).text).not.toContain('<!here>');
    const warning = { ...alarm, level: 'warning' as const };
    expect(json(alertParentView(incident(warning), { mentionHere: true, now: NOW }))).not.toContain('<!here>');
  });

  it('escapes &, < and > from SNS everywhere and keeps Slack limits with huge input', () => {
    const evil: NormalizedAlert = {
      ...alarm,
      title: `<!channel> & <@U1|boss> ${'x'.repeat(500)}`,
      detail: `<https://evil.example|click> ${'y'.repeat(10_000)}`,
      target: 'gamedb1-1',
      sourceRef: '<!everyone>',
    };
    const r = alertParentView(incident(evil, { count: 4, ackBy: 'U2', mutedUntil: NOW + 3_600_000, mutedBy: 'U3' }), { mentionHere: false, now: NOW });
    const text = json(r);
    expect(text).not.toMatch(/<!channel>|<!everyone>|<@U1|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; &amp;');
    const header = r.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    for (const b of r.blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(text).toContain('acknowledged by <@U2>');
    expect(text).toContain('muted here until');
    expect(text).not.toContain('alert_ack');
  });

  it('renders a resolved parent with its duration and without Acknowledge', () => {
    const r = alertParentView(incident(alarm, { state: 'ok', resolvedAt: NOW + 47 * 60_000 }), { mentionHere: true, now: NOW });
    expect(r.text).toMatch(/^RESOLVED: /);
    expect(json(r.blocks)).toContain('after 47 min');
    expect(json(r.blocks)).not.toContain('alert_ack');
  });

  it('keeps button values short and parseable', () => {
    const v = actionValue('f'.repeat(500), 't'.repeat(500));
    expect(v.length).toBeLessThan(2000);
    expect(JSON.parse(v)).toEqual({ k: 'f'.repeat(100), t: 't'.repeat(100) });
  });

  it('formats durations', () => {
    expect([formatElapsed(42_000), formatElapsed(27 * 60_000), formatElapsed(125 * 60_000), formatElapsed(3 * 86_400_000)]).toEqual([
      '42 s',
      '27 min',
      '2 h 5 min',
      '3 d',
    ]);
  });
});
