/** `dbassist <verb>`: help, unknown verbs with a suggestion, per-verb --help, and the exit codes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { testIo } from '../support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'dbassist-cli-'));

describe('dbassist', () => {
  it('without a verb prints the usage on stderr and exits 2; help exits 0', async () => {
    let io = testIo(dir);
    expect(await main([], io)).toBe(2);
    expect(io.err()).toContain('usage: dbassist <command>');
    for (const verb of ['report', 'review', 'digest', 'anomalies', 'instances']) expect(io.err()).toContain(`  ${verb} `);
    io = testIo(dir);
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain('exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error, 3 runtime error');
  });

  it('an unknown verb suggests the closest one', async () => {
    const io = testIo(dir);
    expect(await main(['reveiw'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "reveiw" (did you mean "review"?)');
  });

  it("<verb> --help prints that verb's usage", async () => {
    const io = testIo(dir);
    expect(await main(['digest', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^usage: dbassist digest FILE\|- /);
  });

  it('a usage error names the verb and repeats its usage (exit 2)', async () => {
    const io = testIo(dir);
    expect(await main(['review', '--format', 'yaml'], io)).toBe(2);
    expect(io.err()).toMatch(/^dbassist review: --format must be text or json, not yaml\nusage: dbassist review /);
  });
});

describe('dbassist instances', () => {
  it('lists the configured targets, never their secrets', async () => {
    const targets = JSON.stringify({ gamedb1: { cluster: 'gamedb1', secret: 'dbassist/gamedb1', instances: ['gamedb1-1'] } });
    let io = testIo(dir, { DBASSIST_TARGETS: targets });
    expect(await main(['instances', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ targets: [{ name: 'gamedb1', cluster: 'gamedb1', instances: ['gamedb1-1'], database: null }] });
    expect(io.out()).not.toContain('dbassist/gamedb1');
    io = testIo(dir);
    expect(await main(['instances'], io)).toBe(0);
    expect(io.out()).toContain('No targets configured.');
    io = testIo(dir, { DBASSIST_TARGETS: '{' });
    expect(await main(['instances'], io)).toBe(2);
  });
});
