/**
 * Optional alarm-name → level mapping, from DBASSIST_ALERT_LEVELS:
 *   [{"pattern": "*-writer-*", "level": "critical"}, {"pattern": "*-replica-lag-*", "level": "warning"}]
 * First match wins; unmatched alarms follow the naming convention ("critical" in the name → critical).
 */
import { ALERT_LEVELS, AlertLevel } from '../core/grammar';

export interface LevelRule {
  /** Glob on the alarm name, e.g. `*-writer-*`. */
  pattern: string;
  level: AlertLevel;
}

export function parseLevelRules(json: string | undefined, problems: string[] = []): LevelRule[] {
  if (!json || json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    problems.push('DBASSIST_ALERT_LEVELS is not valid JSON');
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push('DBASSIST_ALERT_LEVELS must be a list of {pattern, level}');
    return [];
  }
  const rules: LevelRule[] = [];
  raw.forEach((r: unknown, i) => {
    const v = (r ?? {}) as { pattern?: unknown; level?: unknown };
    if (typeof v.pattern !== 'string' || v.pattern === '' || !(ALERT_LEVELS as readonly unknown[]).includes(v.level)) {
      problems.push(`DBASSIST_ALERT_LEVELS[${i}]: needs a pattern and a level (${ALERT_LEVELS.join(', ')})`);
      return;
    }
    rules.push({ pattern: v.pattern, level: v.level as AlertLevel });
  });
  return rules;
}
