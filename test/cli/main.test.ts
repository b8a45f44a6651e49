/** `dbassist` itself: help, help for a verb, --version, unknown verbs and usage errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index';
import { main } from '../../src/cli/main';
import { testIo } from '../support/cli-io';

const ROOT = join(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const io = () => testIo(ROOT);

describe('dbassist', () => {
  it.each([['--version'], ['-V'], ['version']])('%s prints the version from package.json', async (flag) => {
    const t = io();
    expect(await main([flag], t)).toBe(0);
    expect(t.out()).toBe(`dbassist ${VERSION}\n`);
  });

  it('help lists every verb with its summary and says how to get more', async () => {
    const t = io();
    expect(await main(['help'], t)).toBe(0);
    for (const [name, verb] of Object.entries(COMMANDS)) {
      expect(t.out()).toContain(`  ${name}`);
      expect(t.out()).toContain(verb.summary);
    }
    expect(t.out()).toContain('dbassist help <command>');
    expect(t.out()).toMatch(/exit codes: 0 ok/);
  });

  it('with no verb, prints the help to stderr and exits 2', async () => {
    const t = io();
    expect(await main([], t)).toBe(2);
    expect(t.err()).toMatch(/^usage: dbassist <command>/);
    expect(t.out()).toBe('');
  });

  it.each(Object.keys(COMMANDS))("help %s and %s --help print that verb's usage and options", async (name) => {
    const a = io();
    expect(await main(['help', name], a)).toBe(0);
    expect(a.out()).toMatch(new RegExp(`^usage: dbassist ${name} `));
    expect(a.out()).toContain(COMMANDS[name]!.details);
    const b = io();
    expect(await main([name, '--help'], b)).toBe(0);
    expect(b.out()).toBe(a.out());
    const c = io();
    expect(await main([name, 'x', '-h'], c)).toBe(0);
    expect(c.out()).toBe(a.out());
  });

  it('documents --tz and the time base in help digest', async () => {
    const t = io();
    await main(['help', 'digest'], t);
    expect(t.out()).toMatch(/--tz ZONE/);
    expect(t.out()).toMatch(/reported in UTC/);
  });

  it('suggests the verb meant, for a typo, as a command or a help topic', async () => {
    const t = io();
    expect(await main(['dgest', 'x.log'], t)).toBe(2);
    expect(t.err()).toContain('unknown command "dgest" (did you mean "digest"?)');
    const h = io();
    expect(await main(['help', 'reveiw'], h)).toBe(2);
    expect(h.err()).toContain('did you mean "review"?');
  });

  it('does not take a verb name from Object.prototype', async () => {
    const t = io();
    expect(await main(['constructor'], t)).toBe(2);
    expect(t.err()).toContain('unknown command "constructor"');
    const h = io();
    expect(await main(['help', 'toString'], h)).toBe(2);
  });

  it('points to help on a usage error', async () => {
    const t = io();
    expect(await main(['digest', '--top', '0', 'x.log'], t)).toBe(2);
    expect(t.err()).toContain('usage: dbassist digest FILE|-');
    expect(t.err()).toContain('dbassist help digest');
  });

  it('treats --help after -- as an argument, not a request for help', async () => {
    const t = io();
    expect(await main(['digest', '--', '--help'], t)).toBe(3);
    expect(t.err()).toContain('no such file: --help');
  });

  it('--help exits 0 with the exit codes', async () => {
    const t = io();
    expect(await main(['--help'], t)).toBe(0);
    for (const verb of Object.keys(COMMANDS)) expect(t.out()).toContain(`  ${verb} `);
    expect(t.out()).toContain('exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error, 3 runtime error');
  });

  it('a usage error names the verb and repeats its usage (exit 2)', async () => {
    const t = io();
    expect(await main(['review', '--format', 'yaml'], t)).toBe(2);
    expect(t.err()).toMatch(/^dbassist review: --format must be one of text, json, sarif, junit, markdown, not yaml\nusage: dbassist review /);
  });
});

describe('dbassist instances', () => {
  it('lists the configured targets, never their secrets', async () => {
    const targets = JSON.stringify({ gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', instances: ['gamedb1-1'] } });
    let t = testIo(ROOT, { DBASSIST_TARGETS: targets });
    expect(await main(['instances', '--format', 'json'], t)).toBe(0);
    expect(JSON.parse(t.out())).toEqual({ targets: [{ name: 'gamedb1', cluster: 'gamedb1', instances: ['gamedb1-1'], database: null }] });
    expect(t.out()).not.toContain('dbassist/gamedb1');
    t = testIo(ROOT);
    expect(await main(['instances'], t)).toBe(0);
    expect(t.out()).toContain('No targets configured.');
    t = testIo(ROOT, { DBASSIST_TARGETS: '{' });
    expect(await main(['instances'], t)).toBe(2);
  });
});
