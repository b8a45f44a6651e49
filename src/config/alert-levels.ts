/**
 * Optional alarm-name → level mapping, from DBASSIST_ALERT_LEVELS:
 *   [{"pattern": "*-writer-*", "level": "critical"}, {"pattern": "*-replica-lag-*", "level": "warning"}]
 * First match wins; unmatched alarms follow the naming convention ("critical" in the name → critical).
 */
import * as v from 'valibot';
import { ALERT_LEVELS } from '../core/grammar';
import { pathKeys, readJsonVariable } from './json-variable';

export const LevelRuleSchema = v.strictObject({
  /** Glob on the alarm name, e.g. `*-writer-*`. */
  pattern: v.pipe(v.string(), v.minLength(1)),
  level: v.picklist(ALERT_LEVELS),
});
export type LevelRule = v.InferOutput<typeof LevelRuleSchema>;

/** DBASSIST_ALERT_LEVELS; first match wins. */
export const LevelRulesSchema = v.array(LevelRuleSchema);

export function parseLevelRules(json: string | undefined, problems: string[] = []): LevelRule[] {
  const rules = readJsonVariable('DBASSIST_ALERT_LEVELS', json, LevelRulesSchema, problems, (issue) => {
    const [i] = pathKeys(issue);
    return i === undefined
      ? 'DBASSIST_ALERT_LEVELS must be a list of {pattern, level}'
      : `DBASSIST_ALERT_LEVELS[${String(i)}]: needs a pattern and a level (${ALERT_LEVELS.join(', ')})`;
  });
  return rules ?? [];
}
