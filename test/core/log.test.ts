import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/core/log';

describe('log redaction', () => {
  it('redacts credential-like keys and Slack tokens in values, keeps ordinary fields', () => {
    const out = redact({ password: 'p', botToken: 'xoxb-1', signingSecret: 's', passages: 3, inputTokens: 120, note: 'token xoxb-123-abc leaked', nested: { Authorization: 'Bearer x' } });
    expect(out).toEqual({ password: '[redacted]', botToken: '[redacted]', signingSecret: '[redacted]', passages: 3, inputTokens: 120, note: 'token [redacted] leaked', nested: { Authorization: '[redacted]' } });
  });

  it('writes JSON lines at or above the level', () => {
    const lines: string[] = [];
    const log = createLogger({ fn: 't' }, (l) => lines.push(l), 'info');
    log.debug('hidden');
    log.info('shown', { password: 'x' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'shown', fn: 't', password: '[redacted]' });
  });
});
