/** DBASSIST_ALERT_LEVELS: alarm-name → level rules, validated with every other variable. */
import { describe, expect, it } from 'vitest';
import { parseLevelRules } from '../../src/config/alert-levels';
import { ConfigError, loadConfig } from '../../src/config/env';
import { testEnv } from '../support/env';

describe('parseLevelRules', () => {
  it('reads a list of {pattern, level}; empty or absent means none', () => {
    expect(parseLevelRules('[{"pattern":"*-writer-*","level":"critical"},{"pattern":"*-lag-*","level":"warning"}]')).toEqual([
      { pattern: '*-writer-*', level: 'critical' },
      { pattern: '*-lag-*', level: 'warning' },
    ]);
    expect(parseLevelRules(undefined)).toEqual([]);
    expect(parseLevelRules('  ')).toEqual([]);
  });

  it('reports invalid level rules', () => {
    const problems: string[] = [];
    expect(parseLevelRules('[{"pattern":"x","level":"loud"}]', problems)).toEqual([]);
    expect(problems[0]).toContain('DBASSIST_ALERT_LEVELS[0]');
    const more: string[] = [];
    parseLevelRules('{"pattern":"x"}', more);
    parseLevelRules('not json', more);
    expect(more).toEqual(['DBASSIST_ALERT_LEVELS must be a list of {pattern, level}', 'DBASSIST_ALERT_LEVELS is not valid JSON']);
  });

  it('the configuration carries the rules, and a bad list stops the start like any bad variable', () => {
    expect(loadConfig({ ...testEnv('http://127.0.0.1:9/'), DBASSIST_ALERT_LEVELS: '[{"pattern":"*-crit","level":"critical"}]' }).alertLevels).toEqual([
      { pattern: '*-crit', level: 'critical' },
    ]);
    expect(() => loadConfig({ ...testEnv('http://127.0.0.1:9/'), DBASSIST_ALERT_LEVELS: '[1]' })).toThrow(ConfigError);
  });
});
