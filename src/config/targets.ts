/**
 * The fleet this bot may look at: names users type (a cluster or one of its instances) mapped to the
 * Aurora cluster, its instances and the Secrets Manager secret holding read-only credentials.
 *
 * DBASSIST_TARGETS is JSON:
 *   { "gamedb1": { "cluster": "gamedb1", "secret": "dbassist/gamedb1", "database": "game",
 *                  "instances": ["gamedb1-1", "gamedb1-2"], "region": "ap-northeast-2" } }
 * The secret is a JSON object {"username","password"[,"host","port","dbname"]}; the bot never prints its id or contents.
 */
import { NAME_PATTERN } from '../core/grammar';

export interface Target {
  /** The key users type for the cluster, e.g. `gamedb1`. */
  name: string;
  /** Aurora DB cluster identifier. */
  cluster: string;
  /** Secrets Manager secret id or ARN with the read-only user's credentials. */
  secret: string;
  /** Default schema for review and information_schema checks. */
  database?: string;
  /** Known instance identifiers; others are discovered from DescribeDBClusters. */
  instances: string[];
  /** Region override for this target. */
  region?: string;
}

export type TargetMap = ReadonlyMap<string, Target>;

/** What a name resolved to: the target and, when an instance was named, which one. */
export interface ResolvedTarget {
  target: Target;
  instance?: string;
}

export function parseTargets(json: string | undefined, problems: string[]): TargetMap {
  const map = new Map<string, Target>();
  if (json === undefined || json.trim() === '') return map;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    problems.push('DBASSIST_TARGETS is not valid JSON');
    return map;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('DBASSIST_TARGETS must be a JSON object of target name → {cluster, secret, …}');
    return map;
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = `DBASSIST_TARGETS.${name}`;
    if (!NAME_PATTERN.test(name)) {
      problems.push(`${where}: invalid target name`);
      continue;
    }
    const v = (value ?? {}) as Record<string, unknown>;
    const cluster = typeof v.cluster === 'string' ? v.cluster : name;
    const secret = v.secret;
    if (typeof secret !== 'string' || secret === '') {
      problems.push(`${where}.secret is missing (the Secrets Manager secret id of the read-only user)`);
      continue;
    }
    const instances = Array.isArray(v.instances) ? v.instances : [];
    if (!instances.every((i): i is string => typeof i === 'string' && NAME_PATTERN.test(i))) {
      problems.push(`${where}.instances must be a list of instance identifiers`);
      continue;
    }
    const target: Target = { name, cluster, secret, instances };
    if (typeof v.database === 'string') target.database = v.database;
    if (typeof v.region === 'string') target.region = v.region;
    map.set(name, target);
  }
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
