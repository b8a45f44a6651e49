/** What the ingress does with a parsed command: answer at once (help, refusals, targets) or hand a job to the worker. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env';
import { parseCommand, type Command } from '../../src/core/grammar';
import { decide, describeCommand, type RequestContext } from '../../src/slack/decide';
import { testEnv } from '../support/env';

const config = loadConfig(testEnv('http://127.0.0.1:9/'));
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ team: 'T1', channel: 'C1', user: 'U1', commandName: '/dbassist', ...over });
const cmd = (text: string): Command => {
  const r = parseCommand(text);
  if (!r.ok) throw r.error;
  return r.command;
};

describe('decide', () => {
  it('answers help and the target list itself', () => {
    expect(decide(cmd('help'), ctx(), config)).toMatchObject({ kind: 'reply' });
    const d = decide(cmd('instances'), ctx(), config);
    expect(d.kind === 'reply' && d.reply.text).toBe('Targets: gamedb1, billingdb');
  });

  it('hands an allowed report to the worker, answered in a thread', () => {
    expect(decide(cmd('report gamedb1-1 6h'), ctx(), config)).toMatchObject({ kind: 'job', what: 'report for gamedb1-1, last 6 hours', reply: 'thread' });
  });

  it('refuses a target the channel may not use, and suggests a name for a typo', () => {
    const refused = decide(cmd('report billingdb-1 1h'), ctx(), config);
    expect(refused.kind === 'reply' && refused.reply.text).toMatch(/not allowed to run `report` on `billingdb-1`/);
    const typo = decide(cmd('report gamedb1-9x 1h'), ctx(), config);
    expect(typo.kind === 'reply' && typo.reply.text).toMatch(/I don't know `gamedb1-9x`\. Did you mean `gamedb1-1`\?/);
    expect(decide(cmd('report billingdb-1 1h'), ctx({ channel: 'C9', user: 'UADMIN' }), config).kind).toBe('job');
  });

  it('review: the channel default target, or static checks when there is none', () => {
    const onDefault = decide(cmd('review SELECT 1'), ctx(), config);
    expect(onDefault.kind === 'job' && onDefault.command).toMatchObject({ verb: 'review', target: 'gamedb1' });
    const staticOnly = decide(cmd('review SELECT 1'), ctx({ channel: 'C9' }), config);
    expect(staticOnly.kind === 'job' && staticOnly.command).toEqual({ verb: 'review', sql: 'SELECT 1' });
  });

  it('subscriptions are answered ephemerally; subscribe needs the right', () => {
    expect(decide(cmd('subscriptions'), ctx(), config)).toMatchObject({ kind: 'job', reply: 'ephemeral' });
    expect(decide(cmd('subscribe gamedb1'), ctx(), config)).toMatchObject({ kind: 'job', reply: 'ephemeral', what: 'subscription to `gamedb1`' });
    expect(decide(cmd('subscribe gamedb1'), ctx({ channel: 'C9' }), config).kind).toBe('reply');
  });
});

describe('describeCommand', () => {
  it('says what a job is, for placeholders and failures', () => {
    expect(describeCommand(cmd('digest gamedb1 2d'))).toBe('slow-query digest for gamedb1, last 2 days');
    expect(describeCommand(cmd('review on gamedb1 SELECT 1'))).toBe('SQL review on gamedb1');
    expect(describeCommand(cmd('review SELECT 1'))).toBe('SQL review (static checks)');
    expect(describeCommand(cmd('unsubscribe gamedb*'))).toBe('unsubscribe from `gamedb*`');
  });
});
