/** The JSON logger: levels, fields, child loggers; redaction itself is tested in redact.test.ts. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';

describe('createLogger', () => {
  it('writes JSON lines at or above the level, with the fields redacted', () => {
    const lines: string[] = [];
    const log = createLogger({ fn: 't' }, (l) => lines.push(l), 'info');
    log.debug('hidden');
    log.info('shown', { password: 'x' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'shown', fn: 't', password: '[redacted]' });
  });

  it('child loggers add fields and keep the level', () => {
    const lines: string[] = [];
    const log = createLogger({ fn: 't' }, (l) => lines.push(l), 'warn').child({ jobId: 'j1' });
    log.info('hidden');
    log.warn('kept', { n: 1 });
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ level: 'warn', msg: 'kept', fn: 't', jobId: 'j1', n: 1 }]);
  });
});
