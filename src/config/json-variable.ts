/**
 * Reading a JSON-valued environment variable (DBASSIST_TARGETS, DBASSIST_ACCESS, DBASSIST_ALERT_LEVELS)
 * against its schema: every problem is collected (none is thrown) so the start-up error lists them all.
 */
import * as v from 'valibot';

/** Empty or absent: undefined. Not JSON, or not what the schema says: problems, and undefined. */
export function readJsonVariable<S extends v.GenericSchema>(
  name: string,
  text: string | undefined,
  schema: S,
  problems: string[],
  describe: (issue: v.InferIssue<S>) => string,
): v.InferOutput<S> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    problems.push(`${name} is not valid JSON`);
    return undefined;
  }
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  for (const line of new Set(result.issues.map((i) => describe(i as v.InferIssue<S>)))) problems.push(line);
  return undefined;
}

/** The keys of an issue's path, e.g. `['rules', 1, 'users']`. */
export function pathKeys(issue: { path?: ReadonlyArray<{ key: unknown }> | undefined }): unknown[] {
  return (issue.path ?? []).map((p) => p.key);
}
