/** The alert buttons' values and the ingress's strict parser of a click. */
import { describe, expect, it } from 'vitest';
import { actionValue, ALERT_ACTION_IDS, parseAlertAction } from '../../src/slack/alert-buttons';

const KEY = 'c'.repeat(40);

describe('parseAlertAction', () => {
  it('parses the four buttons', () => {
    const value = JSON.stringify({ k: KEY, t: 'gamedb1-1' });
    expect(parseAlertAction('alert_report', value)).toEqual({ kind: 'report', target: 'gamedb1-1' });
    expect(parseAlertAction('alert_ack', value)).toEqual({ kind: 'ack', incidentKey: KEY, target: 'gamedb1-1' });
    expect(parseAlertAction('alert_mute_1h', value)).toEqual({ kind: 'mute', incidentKey: KEY, target: 'gamedb1-1', muteMinutes: 60 });
    expect(parseAlertAction('alert_mute_24h', value)).toEqual({ kind: 'mute', incidentKey: KEY, target: 'gamedb1-1', muteMinutes: 1440 });
  });

  it('rejects crafted or malformed values', () => {
    for (const [id, value] of [
      ['alert_ack', 'not json'],
      ['alert_ack', JSON.stringify({ k: '../../etc', t: 'gamedb1' })],
      ['alert_report', JSON.stringify({ k: KEY, t: 'gamedb1; DROP' })],
      ['alert_report', JSON.stringify({ k: KEY, t: '' })],
      ['alert_mute_7d', JSON.stringify({ k: KEY, t: 'gamedb1' })],
      ['alert_ack', 'x'.repeat(2001)],
      ['alert_ack', 'null'],
    ] as const) {
      expect(parseAlertAction(id, value)).toHaveProperty('error');
    }
  });
});

describe('actionValue', () => {
  it('round-trips through parseAlertAction and stays short', () => {
    const value = actionValue(KEY, 'gamedb1-1');
    expect(parseAlertAction(ALERT_ACTION_IDS.ack, value)).toEqual({ kind: 'ack', incidentKey: KEY, target: 'gamedb1-1' });
    expect(actionValue('k'.repeat(500), 't'.repeat(500)).length).toBeLessThan(2000);
  });
});
