/**
 * Who may do what against which target. Deny by default for everything that reaches a database or
 * a target's telemetry; the harmless verbs (help, instances, subscriptions, review without a target)
 * are open to everyone.
 *
 * DBASSIST_ACCESS is JSON:
 *   { "rules": [ { "channels": ["C0123ABCD"], "users": ["*"], "actions": ["report", "digest", "review"], "targets": ["gamedb*"] } ],
 *     "channelDefaults": { "C0123ABCD": "gamedb1" } }
 * A request is allowed when one rule matches its channel, user, action and target. `*` is a wildcard in
 * every list; target entries may use `*` as a glob.
 */

export const GUARDED_ACTIONS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'alert-action'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

export interface AccessRule {
  channels: string[];
  users: string[];
  actions: string[];
  targets: string[];
}

export interface AccessPolicy {
  rules: AccessRule[];
  /** Channel id → default target for review/report when none is named. */
  channelDefaults: Record<string, string>;
}

export interface AccessRequest {
  channel: string;
  user: string;
  action: GuardedAction;
  /** Target name as resolved (cluster key); the instance name is checked too when given. */
  target: string;
  instance?: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export const EMPTY_POLICY: AccessPolicy = { rules: [], channelDefaults: {} };

export function parseAccessPolicy(json: string | undefined, problems: string[]): AccessPolicy {
  if (json === undefined || json.trim() === '') return EMPTY_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    problems.push('DBASSIST_ACCESS is not valid JSON');
    return EMPTY_POLICY;
  }
  const obj = (raw ?? {}) as { rules?: unknown; channelDefaults?: unknown };
  const rules: AccessRule[] = [];
  if (obj.rules !== undefined && !Array.isArray(obj.rules)) problems.push('DBASSIST_ACCESS.rules must be a list');
  for (const [i, r] of (Array.isArray(obj.rules) ? obj.rules : []).entries()) {
    const rule = (r ?? {}) as Record<string, unknown>;
    const lists = ['channels', 'users', 'actions', 'targets'] as const;
    const bad = lists.filter((k) => !Array.isArray(rule[k]) || !(rule[k] as unknown[]).every((x) => typeof x === 'string'));
    if (bad.length > 0) {
      problems.push(`DBASSIST_ACCESS.rules[${i}]: ${bad.join(', ')} must be lists of strings`);
      continue;
    }
    const unknownActions = (rule.actions as string[]).filter((a) => a !== '*' && !(GUARDED_ACTIONS as readonly string[]).includes(a));
    if (unknownActions.length > 0) problems.push(`DBASSIST_ACCESS.rules[${i}]: unknown actions ${unknownActions.join(', ')}`);
    rules.push({ channels: rule.channels as string[], users: rule.users as string[], actions: rule.actions as string[], targets: rule.targets as string[] });
  }
  const channelDefaults: Record<string, string> = {};
  if (obj.channelDefaults && typeof obj.channelDefaults === 'object') {
    for (const [k, v] of Object.entries(obj.channelDefaults as Record<string, unknown>)) {
      if (typeof v === 'string') channelDefaults[k] = v;
      else problems.push(`DBASSIST_ACCESS.channelDefaults.${k} must be a target name`);
    }
  }
  return { rules, channelDefaults };
}

function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value);
}

export function authorize(policy: AccessPolicy, req: AccessRequest): AccessDecision {
  const names = [req.target, ...(req.instance ? [req.instance] : [])];
  const ok = policy.rules.some(
    (r) =>
      r.channels.some((c) => c === '*' || c === req.channel) &&
      r.users.some((u) => u === '*' || u === req.user) &&
      r.actions.some((a) => a === '*' || a === req.action) &&
      r.targets.some((t) => names.some((n) => globMatch(t, n))),
  );
  if (ok) return { allowed: true };
  return {
    allowed: false,
    reason: `You are not allowed to run \`${req.action}\` on \`${req.instance ?? req.target}\` from this channel. Access is granted per channel, user and target in DBASSIST_ACCESS; ask the bot's administrators.`,
  };
}
