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

import * as v from 'valibot';
import { pathKeys, readJsonVariable } from './json-variable';

export const GUARDED_ACTIONS = ['report', 'digest', 'review', 'subscribe', 'unsubscribe', 'alert-action'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

const StringList = v.array(v.string());
const unknownActions = (actions: readonly string[]) => actions.filter((a) => a !== '*' && !(GUARDED_ACTIONS as readonly string[]).includes(a));

/** One rule: who (channels, users) may do what (actions) to which targets; `*` matches anything, targets take globs. */
export const AccessRuleSchema = v.strictObject({
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

/** DBASSIST_ACCESS. */
export const AccessPolicySchema = v.strictObject({
  rules: v.optional(v.array(AccessRuleSchema), []),
  /** Channel id → default target for review/report when none is named. */
  channelDefaults: v.optional(v.record(v.string(), v.string()), {}),
});

export type AccessRule = v.InferOutput<typeof AccessRuleSchema>;
export type AccessPolicy = v.InferOutput<typeof AccessPolicySchema>;

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

/** Reads DBASSIST_ACCESS; any problem denies everything (and is reported at start). */
export function parseAccessPolicy(json: string | undefined, problems: string[]): AccessPolicy {
  const policy = readJsonVariable('DBASSIST_ACCESS', json, AccessPolicySchema, problems, (issue) => {
    const [top, i, field] = pathKeys(issue);
    if (top === undefined) return 'DBASSIST_ACCESS must be a JSON object {rules, channelDefaults}';
    if (top === 'rules') {
      if (i === undefined) return 'DBASSIST_ACCESS.rules must be a list';
      if (field === 'actions' && issue.type === 'check') return `DBASSIST_ACCESS.rules[${String(i)}]: ${issue.message}`;
      if (field === undefined || !['channels', 'users', 'actions', 'targets'].includes(String(field)))
        return `DBASSIST_ACCESS.rules[${String(i)}] must be {channels, users, actions, targets}, each a list of strings`;
      return `DBASSIST_ACCESS.rules[${String(i)}]: ${String(field)} must be a list of strings`;
    }
    if (top === 'channelDefaults')
      return i === undefined
        ? 'DBASSIST_ACCESS.channelDefaults must be an object of channel id → target'
        : `DBASSIST_ACCESS.channelDefaults.${String(i)} must be a target name`;
    return `DBASSIST_ACCESS.${String(top)} is not a known field (rules, channelDefaults)`;
  });
  return policy ?? EMPTY_POLICY;
}

function globMatch(pattern: string, value: string): boolean {
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
