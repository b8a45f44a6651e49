/**
 * Who may do what against which target. Deny by default for everything that reaches a database or
 * a target's telemetry; the harmless verbs (help, instances, subscriptions, review without a target)
 * are open to everyone.
 *
 * DBASSIST_ACCESS is JSON:
 *   { "teams": ["T0123ABCD"],
 *     "rules": [ { "channels": ["C0123ABCD"], "users": ["*"], "actions": ["report", "digest", "review"], "targets": ["gamedb*"] } ],
 *     "channelDefaults": { "C0123ABCD": "gamedb1" } }
 * A request is allowed when one rule matches its team, channel, user, action and target. `*` is a
 * wildcard in every list; target entries may use `*` as a glob.
 *
 * Teams: Slack Connect puts people of other workspaces in shared channels, and their requests and
 * button clicks reach the bot like local ones. `teams` lists the workspaces (T…) or Enterprise Grid
 * organisations (E…) the bot serves; a request from any other is refused, even help. A rule may name
 * its own `teams` (narrower); a rule with none takes the top-level list. Rules that name no team at
 * all are a configuration error: write `["*"]` to serve every workspace on purpose.
 */

export const GUARDED_ACTIONS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'alert-action'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

export interface AccessRule {
  /** Team (T…) or enterprise (E…) ids, or `*`. */
  teams: string[];
  channels: string[];
  users: string[];
  actions: string[];
  targets: string[];
}

export interface AccessPolicy {
  /** Workspaces / organisations served at all; empty: any (only when there are no rules). */
  teams: string[];
  rules: AccessRule[];
  /** Channel id → default target for review/report when none is named. */
  channelDefaults: Record<string, string>;
}

export interface AccessRequest {
  /** The requesting user's team, and their enterprise (Grid) when there is one. */
  team: string;
  enterprise?: string;
  channel: string;
  user: string;
  action: GuardedAction;
  /** Target name as resolved (cluster key); the instance name is checked too when given. */
  target: string;
  instance?: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export const EMPTY_POLICY: AccessPolicy = { teams: [], rules: [], channelDefaults: {} };

const TEAM_ID = /^[TE][A-Z0-9]+$/;

export function parseAccessPolicy(json: string | undefined, problems: string[]): AccessPolicy {
  if (json === undefined || json.trim() === '') return EMPTY_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    problems.push('DBASSIST_ACCESS is not valid JSON');
    return EMPTY_POLICY;
  }
  const obj = (raw ?? {}) as { teams?: unknown; rules?: unknown; channelDefaults?: unknown };
  const teamList = (v: unknown, where: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      problems.push(`${where} must be a list of Slack team ids (T…, or E… for an Enterprise Grid organisation) or "*"`);
      return [];
    }
    const bad = (v as string[]).filter((t) => t !== '*' && !TEAM_ID.test(t));
    if (bad.length > 0) problems.push(`${where}: not Slack team or enterprise ids: ${bad.slice(0, 5).join(', ')}`);
    return v as string[];
  };
  const teams = teamList(obj.teams, 'DBASSIST_ACCESS.teams') ?? [];
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
    const ruleTeams = teamList(rule.teams, `DBASSIST_ACCESS.rules[${i}].teams`) ?? teams;
    if (ruleTeams.length === 0) problems.push(`DBASSIST_ACCESS.rules[${i}]: name the Slack team(s) it applies to ("teams": ["T…"] in the rule or at the top level; ["*"] for every workspace)`);
    rules.push({ teams: ruleTeams, channels: rule.channels as string[], users: rule.users as string[], actions: rule.actions as string[], targets: rule.targets as string[] });
  }
  const channelDefaults: Record<string, string> = {};
  if (obj.channelDefaults && typeof obj.channelDefaults === 'object') {
    for (const [k, v] of Object.entries(obj.channelDefaults as Record<string, unknown>)) {
      if (typeof v === 'string') channelDefaults[k] = v;
      else problems.push(`DBASSIST_ACCESS.channelDefaults.${k} must be a target name`);
    }
  }
  return { teams, rules, channelDefaults };
}

/** Is a request from this team (and enterprise) served at all? */
export function teamServed(policy: AccessPolicy, team: string, enterprise?: string): boolean {
  if (policy.teams.length === 0) return policy.rules.length === 0 || policy.rules.some((r) => matchesTeam(r.teams, team, enterprise));
  return matchesTeam(policy.teams, team, enterprise);
}

function matchesTeam(list: string[], team: string, enterprise?: string): boolean {
  return list.some((t) => t === '*' || (t !== '' && (t === team || t === enterprise)));
}

export const OTHER_TEAM_REASON = 'This bot serves only the workspaces it was set up for; requests from other workspaces (for example through Slack Connect) are not accepted.';

function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value);
}

export function authorize(policy: AccessPolicy, req: AccessRequest): AccessDecision {
  const names = [req.target, ...(req.instance ? [req.instance] : [])];
  if (!teamServed(policy, req.team, req.enterprise)) return { allowed: false, reason: OTHER_TEAM_REASON };
  const ok = policy.rules.some(
    (r) =>
      matchesTeam(r.teams, req.team, req.enterprise) &&
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
