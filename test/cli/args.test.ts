/** The CLI's argv parser and its shared options. */
import { describe, expect, it } from 'vitest';
import { failOnOption, formatOption, parseArgs } from '../../src/cli/args';
import { CliUsageError } from '../../src/cli/io';

describe('parseArgs', () => {
  it('reads positionals, --name value, --name=value, switches and everything after --', () => {
    const a = parseArgs(['f.sql', '--db', 'mysql://x', '--format=json', '--simulate', '-', '--', '--not-an-option'], {
      values: ['db', 'format'],
      switches: ['simulate'],
    });
    expect(a.positional).toEqual(['f.sql', '-', '--not-an-option']);
    expect([a.get('db'), a.get('format'), a.has('simulate'), a.has('top')]).toEqual(['mysql://x', 'json', true, false]);
  });

  it('an unknown option suggests the closest, a valued option needs its value', () => {
    expect(() => parseArgs(['--fromat', 'json'], { values: ['format'] })).toThrow(new CliUsageError('unknown option --fromat (did you mean --format?)'));
    expect(() => parseArgs(['--db'], { values: ['db'] })).toThrow('--db needs a value');
  });

  it('--format and --fail-on take only known values', () => {
    expect(formatOption(parseArgs([], { values: ['format'] }))).toBe('text');
    expect(() => formatOption(parseArgs(['--format', 'xml'], { values: ['format'] }))).toThrow(CliUsageError);
    expect(failOnOption(parseArgs(['--fail-on', 'high'], { values: ['fail-on'] }))).toBe('high');
    expect(() => failOnOption(parseArgs(['--fail-on', 'loud'], { values: ['fail-on'] }))).toThrow(/one of info, low, medium, high, critical/);
  });
});
