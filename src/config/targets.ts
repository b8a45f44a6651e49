/**
 * The fleet this bot may look at: names users type (a cluster or one of its instances) mapped to the
 * Aurora cluster, its instances and the Secrets Manager secret holding read-only credentials.
 *
 * DBASSIST_TARGETS is JSON:
 *   { "gamedb1": { "cluster": "gamedb1", "secret": "dbassist/gamedb1", "database": "game",
 *                  "instances": ["gamedb1-1", "gamedb1-2"], "region": "ap-northeast-2" } }
 * The secret is a JSON object {"username","password"[,"host","port","dbname"]}; the bot never prints its id or contents.
 */
import * as v from 'valibot';
import { NAME_PATTERN } from '../core/grammar';
import { pathKeys, readJsonVariable } from './json-variable';

const Identifier = v.pipe(v.string(), v.regex(NAME_PATTERN));

/** One target of DBASSIST_TARGETS, as written. Unknown fields are refused (a typo must not pass silently). */
export const TargetJsonSchema = v.strictObject({
  /** Aurora DB cluster identifier (default: the target's name). */
  cluster: v.optional(Identifier),
  /** Secrets Manager secret id or ARN with the read-only user's credentials. */
  secret: v.pipe(v.string(), v.minLength(1)),
  /** Default schema for review and information_schema checks. */
  database: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Known instance identifiers; others are discovered from DescribeDBClusters. */
  instances: v.optional(v.array(Identifier), []),
  /** Region override for this target. */
  region: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/))),
});

/** DBASSIST_TARGETS: target name → target. */
export const TargetsJsonSchema = v.pipe(
  v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x)),
  v.record(Identifier, TargetJsonSchema),
);

/** A target as the bot uses it: its name and cluster filled in. */
export type Target = Omit<v.InferOutput<typeof TargetJsonSchema>, 'cluster'> & {
  /** The key users type for the cluster, e.g. `gamedb1`. */
  name: string;
  cluster: string;
};

const FIELD_PROBLEMS: Record<string, string> = {
  cluster: 'cluster must be a DB cluster identifier',
  secret: 'secret is missing (the Secrets Manager secret id of the read-only user)',
  database: 'database must be a schema name',
  instances: 'instances must be a list of instance identifiers',
  region: 'region must be an AWS region name, e.g. ap-northeast-2',
};

export type TargetMap = ReadonlyMap<string, Target>;

/** What a name resolved to: the target and, when an instance was named, which one. */
export interface ResolvedTarget {
  target: Target;
  instance?: string;
}

export function parseTargets(json: string | undefined, problems: string[]): TargetMap {
  const map = new Map<string, Target>();
  const parsed = readJsonVariable('DBASSIST_TARGETS', json, TargetsJsonSchema, problems, (issue) => {
    const [name, field] = pathKeys(issue);
    if (name === undefined) return 'DBASSIST_TARGETS must be a JSON object of target name → {cluster, secret, …}';
    const where = `DBASSIST_TARGETS.${String(name)}`;
    if (issue.type === 'record' || (field === undefined && issue.kind === 'validation')) return `${where}: invalid target name`;
    if (field === undefined) return `${where} must be an object {cluster, secret, instances, …}`;
    return `${where}.${FIELD_PROBLEMS[String(field)] ?? `${String(field)} is not a known field (cluster, secret, database, instances, region)`}`;
  });
  for (const [name, t] of Object.entries(parsed ?? {})) map.set(name, { ...t, name, cluster: t.cluster ?? name });
  return map;
}

/**
 * Resolves a user-typed name: a target key, a cluster id, one of a target's listed instances, or
 * `<cluster>-<suffix>` (Aurora's usual instance naming) for a target without a listed instance set.
 */
export function resolveTarget(targets: TargetMap, name: string): ResolvedTarget | undefined {
  const lower = name.toLowerCase();
  for (const t of targets.values()) {
    if (t.name.toLowerCase() === lower || t.cluster.toLowerCase() === lower) return { target: t };
  }
  for (const t of targets.values()) {
    const inst = t.instances.find((i) => i.toLowerCase() === lower);
    if (inst) return { target: t, instance: inst };
  }
  for (const t of targets.values()) {
    if (t.instances.length === 0 && lower.startsWith(`${t.cluster.toLowerCase()}-`)) return { target: t, instance: name };
  }
  return undefined;
}
