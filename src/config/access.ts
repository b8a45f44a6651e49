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

import * as v from 'valibot';
import { pathKeys, readJsonVariable } from './json-variable';

export const GUARDED_ACTIONS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'alert-action'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

const StringList = v.array(v.string());
const unknownActions = (actions: readonly string[]) => actions.filter((a) => a !== '*' && !(GUARDED_ACTIONS as readonly string[]).includes(a));

const TEAM_ID = /^[TE][A-Z0-9]+$/;
const badTeams = (teams: readonly string[]) => teams.filter((t) => t !== '*' && !TEAM_ID.test(t));
/** Team (T…) or Enterprise Grid organisation (E…) ids, or `*`. */
const TeamList = v.pipe(
  StringList,
  v.check(
    (t) => badTeams(t).length === 0,
    (issue) =>
      `not Slack team or enterprise ids: ${badTeams(issue.input as string[])
        .slice(0, 5)
        .join(', ')}`,
  ),
);

/** One rule: which teams, who (channels, users) may do what (actions) to which targets; `*` matches anything, targets take globs. */
export const AccessRuleSchema = v.strictObject({
  /** The rule's own teams (narrower than the top-level list); absent: the top-level `teams`. */
  teams: v.optional(TeamList),
  channels: StringList,
  users: StringList,
  actions: v.pipe(
    StringList,
    v.check(
      (a) => unknownActions(a).length === 0,
      (issue) => `unknown actions ${unknownActions(issue.input as string[]).join(', ')}`,
    ),
  ),
  targets: StringList,
});

const NAME_THE_TEAMS = 'name the Slack team(s) it applies to ("teams": ["T…"] in the rule or at the top level; ["*"] for every workspace)';

/** DBASSIST_ACCESS. Every rule ends up with its teams: its own, or the top-level list. */
export const AccessPolicySchema = v.pipe(
  v.strictObject({
    /** Workspaces / organisations served at all; empty: any (only when there are no rules). */
    teams: v.optional(TeamList, []),
    rules: v.optional(v.array(AccessRuleSchema), []),
    /** Channel id → default target for review/report when none is named. */
    channelDefaults: v.optional(v.record(v.string(), v.string()), {}),
  }),
  // Runs on what was read even when other fields have problems, so every problem is listed at once.
  v.rawCheck(({ dataset, addIssue }) => {
    const value = dataset.value as { teams?: unknown; rules?: unknown } | undefined;
    if (!Array.isArray(value?.rules)) return;
    for (const [i, rule] of (value.rules as unknown[]).entries()) {
      if (rule === null || typeof rule !== 'object') continue; // reported as malformed
      const own = (rule as { teams?: unknown }).teams;
      const teams = own === undefined ? value.teams : own;
      if (teams === undefined || (Array.isArray(teams) && teams.length === 0)) addIssue({ message: `DBASSIST_ACCESS.rules[${i}]: ${NAME_THE_TEAMS}` });
    }
  }),
  v.transform((p) => ({ ...p, rules: p.rules.map((r) => ({ ...r, teams: r.teams ?? p.teams })) })),
);

export type AccessPolicy = v.InferOutput<typeof AccessPolicySchema>;
export type AccessRule = AccessPolicy['rules'][number];

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

const TEAMS_LIST = (where: string) => `${where} must be a list of Slack team ids (T…, or E… for an Enterprise Grid organisation) or "*"`;

/** Reads DBASSIST_ACCESS; any problem denies everything (and is reported at start). */
export function parseAccessPolicy(json: string | undefined, problems: string[]): AccessPolicy {
  const policy = readJsonVariable('DBASSIST_ACCESS', json, AccessPolicySchema, problems, (issue) => {
    const [top, i, field] = pathKeys(issue);
    if (issue.type === 'raw_check') return issue.message;
    if (top === undefined) return 'DBASSIST_ACCESS must be a JSON object {teams, rules, channelDefaults}';
    if (top === 'teams') return issue.type === 'check' ? `DBASSIST_ACCESS.teams: ${issue.message}` : TEAMS_LIST('DBASSIST_ACCESS.teams');
    if (top === 'rules') {
      if (i === undefined) return 'DBASSIST_ACCESS.rules must be a list';
      if (field === 'actions' && issue.type === 'check') return `DBASSIST_ACCESS.rules[${String(i)}]: ${issue.message}`;
      if (field === 'teams')
        return issue.type === 'check' ? `DBASSIST_ACCESS.rules[${String(i)}].teams: ${issue.message}` : TEAMS_LIST(`DBASSIST_ACCESS.rules[${String(i)}].teams`);
      if (field === undefined || !['channels', 'users', 'actions', 'targets'].includes(String(field)))
        return `DBASSIST_ACCESS.rules[${String(i)}] must be {teams, channels, users, actions, targets}, each a list of strings`;
      return `DBASSIST_ACCESS.rules[${String(i)}]: ${String(field)} must be a list of strings`;
    }
    if (top === 'channelDefaults')
      return i === undefined
        ? 'DBASSIST_ACCESS.channelDefaults must be an object of channel id → target'
        : `DBASSIST_ACCESS.channelDefaults.${String(i)} must be a target name`;
    return `DBASSIST_ACCESS.${String(top)} is not a known field (teams, rules, channelDefaults)`;
  });
  return policy ?? EMPTY_POLICY;
}

/** Is a request from this team (and enterprise) served at all? */
export function teamServed(policy: AccessPolicy, team: string, enterprise?: string): boolean {
  if (policy.teams.length === 0) return policy.rules.length === 0 || policy.rules.some((r) => matchesTeam(r.teams, team, enterprise));
  return matchesTeam(policy.teams, team, enterprise);
}

function matchesTeam(list: string[], team: string, enterprise?: string): boolean {
  return list.some((t) => t === '*' || (t !== '' && (t === team || t === enterprise)));
}

export const OTHER_TEAM_REASON =
  'This bot serves only the workspaces it was set up for; requests from other workspaces (for example through Slack Connect) are not accepted.';

/** `*` globs, case-insensitive (access rule targets, `health` patterns). */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
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
