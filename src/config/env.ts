/**
 * Configuration from the environment, validated once at start. Every missing or invalid variable is
 * reported in one error; values of secrets never appear in messages or logs.
 */
import { type AccessPolicy, parseAccessPolicy } from './access';
import { type LevelRule, parseLevelRules } from './alert-levels';
import { parseTargets, type TargetMap } from './targets';

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  botId: string;
  botUserId: string;
  /** Web API base URL; only set in tests and the demo (a local Slack stand-in). */
  apiUrl?: string;
}

export interface BedrockConfig {
  /** Off when DBASSIST_AI=off: no model call is ever made. */
  enabled: boolean;
  modelId: string;
  region: string;
  knowledgeBaseId?: string;
}

export interface Config {
  slack: SlackConfig;
  region: string;
  reportsBucket: string;
  bedrock: BedrockConfig;
  targets: TargetMap;
  access: AccessPolicy;
  /** Name of the worker Lambda the ingress invokes asynchronously. */
  workerFunction: string;
  /** Public base URL of the HTTP API (for report links), without a trailing slash. */
  publicUrl: string;
  /** HMAC key for report link tokens. */
  linkSecret: string;
  /** How long a report link works, in days. */
  linkTtlDays: number;
  /** Seconds between the two performance_schema snapshots of a report (0: cumulative counters only). */
  perfSchemaIntervalS: number;
  /** Alarm-name → level rules from DBASSIST_ALERT_LEVELS (empty: the naming convention decides). */
  alertLevels: LevelRule[];
  /** EventBridge Scheduler for `/dbassist schedule` (absent: schedules are off). */
  schedules?: ScheduleConfig;
}

export interface ScheduleConfig {
  /** Schedule group holding the bot's schedules. */
  group: string;
  /** Role Scheduler assumes to invoke the worker. */
  roleArn: string;
  /** The worker Lambda's ARN, the schedules' target. */
  workerArn: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`dbassist configuration is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Configuration".`);
  }
}

/** The deployed functions; each is given (and validates) only the variables it needs. */
export const ROLES = ['slack', 'worker', 'alerts', 'reports'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;

/**
 * Variables: whether they are required, which functions use them, and a description used in error
 * messages and the README table. A `secret` variable may instead name a Secrets Manager secret (or an
 * SSM SecureString parameter) in `<NAME>_ARN`; src/config/runtime.ts fetches it once per container.
 */
export const VARIABLES = {
  SLACK_SIGNING_SECRET: { required: true, secret: true, for: ['slack'], about: 'Slack app signing secret (Basic Information → App Credentials)' },
  SLACK_BOT_TOKEN: { required: true, secret: true, for: ['slack', 'worker', 'alerts'], about: 'Bot token, xoxb-…' },
  SLACK_BOT_ID: { required: true, secret: false, for: ['slack'], about: 'Bot id (B…), so Bolt needs no auth.test at cold start' },
  SLACK_BOT_USER_ID: { required: true, secret: false, for: ['slack'], about: 'Bot user id (U…)' },
  DBASSIST_REGION: { required: true, secret: false, for: ALL, about: 'AWS region of the fleet' },
  DBASSIST_REPORTS_BUCKET: {
    required: true,
    secret: false,
    for: ['worker', 'alerts', 'reports'],
    about: 'S3 bucket for reports and the bot state (state/ prefix)',
  },
  BEDROCK_MODEL_ID: { required: true, secret: false, for: ['worker', 'alerts'], about: 'Bedrock model or inference-profile id for Converse' },
  BEDROCK_REGION: { required: false, secret: false, for: ['worker', 'alerts'], about: 'Bedrock region (default: DBASSIST_REGION)' },
  BEDROCK_KB_ID: { required: false, secret: false, for: ['worker', 'alerts'], about: 'Knowledge Base id for Retrieve (optional)' },
  DBASSIST_AI: { required: false, secret: false, for: ['worker', 'alerts'], about: '`off` turns every model call off (default on)' },
  DBASSIST_TARGETS: {
    required: false,
    secret: false,
    for: ['slack', 'worker', 'alerts'],
    about: 'JSON map of target names to cluster, instances and credentials secret',
  },
  DBASSIST_ACCESS: { required: false, secret: false, for: ['slack'], about: 'JSON access rules (deny by default), naming the Slack team(s) they apply to' },
  DBASSIST_WORKER_FUNCTION: { required: true, secret: false, for: ['slack'], about: 'Name of the worker Lambda (set by serverless.yml)' },
  DBASSIST_PUBLIC_URL: { required: true, secret: false, for: ['worker'], about: 'Base URL of the HTTP API, for report links' },
  DBASSIST_LINK_SECRET: { required: true, secret: true, for: ['worker', 'reports'], about: 'HMAC key (≥ 32 chars) signing report links' },
  DBASSIST_LINK_TTL_DAYS: {
    required: false,
    secret: false,
    for: ['worker'],
    about: 'Days a report link keeps working (default 30, at most 90: the bucket keeps reports 90 days)',
  },
  DBASSIST_PERFSCHEMA_INTERVAL_S: {
    required: false,
    secret: false,
    for: ['worker'],
    about: 'Seconds between the two performance_schema snapshots of a report (default 10; 0 reads cumulative counters only)',
  },
  DBASSIST_ALERT_LEVELS: {
    required: false,
    secret: false,
    for: ['alerts'],
    about: 'JSON list of {pattern, level} mapping CloudWatch alarm names to alert levels',
  },
  DBASSIST_SCHEDULE_GROUP: {
    required: false,
    secret: false,
    for: ['worker'],
    about: "EventBridge Scheduler group of the bot's schedules (set by serverless.yml)",
  },
  DBASSIST_SCHEDULER_ROLE_ARN: {
    required: false,
    secret: false,
    for: ['worker'],
    about: 'Role EventBridge Scheduler assumes to invoke the worker (set by serverless.yml)',
  },
  DBASSIST_WORKER_ARN: { required: false, secret: false, for: ['worker'], about: "The worker Lambda's ARN, target of the schedules (set by serverless.yml)" },
  SLACK_API_URL: { required: false, secret: false, for: ['slack', 'worker', 'alerts'], about: 'Slack Web API base URL (tests and demo only)' },
} as const satisfies Record<string, { required: boolean; secret: boolean; for: readonly Role[]; about: string }>;

export type VariableName = keyof typeof VARIABLES;

/** The variables a function is given (serverless.yml sets exactly these, plus the `_ARN` of secrets). */
export function variablesFor(role: Role): VariableName[] {
  return (Object.keys(VARIABLES) as VariableName[]).filter((n) => (VARIABLES[n].for as readonly Role[]).includes(role));
}

export interface LoadOptions {
  /** Validate for one function only (default: every variable, as the CLI and `npm run dev` do). */
  role?: Role;
  /** Problems found before (e.g. a secret that could not be fetched), reported with the others. */
  problems?: string[];
}

export function loadConfig(env: Record<string, string | undefined> = process.env, o: LoadOptions = {}): Config {
  const problems: string[] = [...(o.problems ?? [])];
  const needed = (name: VariableName) => o.role === undefined || (VARIABLES[name].for as readonly Role[]).includes(o.role);
  const get = (name: VariableName): string => {
    const v = env[name]?.trim();
    if (!v) {
      const meta = VARIABLES[name];
      if (meta.required && needed(name) && !problems.some((p) => p.startsWith(`${name} `)))
        problems.push(`${name} is missing${meta.secret ? ` (or ${name}_ARN naming a secret)` : ''}: ${meta.about}`);
      return '';
    }
    return v;
  };

  const signingSecret = get('SLACK_SIGNING_SECRET');
  const botToken = get('SLACK_BOT_TOKEN');
  if (botToken && !/^xox[bp]-/.test(botToken)) problems.push('SLACK_BOT_TOKEN is invalid: expected a bot token starting with xoxb-');
  const botId = get('SLACK_BOT_ID');
  if (botId && !/^B[A-Z0-9]+$/.test(botId)) problems.push('SLACK_BOT_ID is invalid: expected B followed by letters and digits');
  const botUserId = get('SLACK_BOT_USER_ID');
  if (botUserId && !/^[UW][A-Z0-9]+$/.test(botUserId)) problems.push('SLACK_BOT_USER_ID is invalid: expected U or W followed by letters and digits');
  const region = get('DBASSIST_REGION');
  if (region && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) problems.push(`DBASSIST_REGION is invalid: "${region}" is not an AWS region name`);
  const reportsBucket = get('DBASSIST_REPORTS_BUCKET');
  if (reportsBucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(reportsBucket)) problems.push('DBASSIST_REPORTS_BUCKET is invalid: not an S3 bucket name');
  const modelId = get('BEDROCK_MODEL_ID');
  const bedrockRegion = get('BEDROCK_REGION') || region;
  const kb = get('BEDROCK_KB_ID');
  const ai = (get('DBASSIST_AI') || 'on').toLowerCase();
  if (!['on', 'off'].includes(ai)) problems.push('DBASSIST_AI is invalid: use on or off');
  const workerFunction = get('DBASSIST_WORKER_FUNCTION');
  const publicUrl = get('DBASSIST_PUBLIC_URL').replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^\s/]+/.test(publicUrl)) problems.push('DBASSIST_PUBLIC_URL is invalid: expected an http(s) URL');
  const linkSecret = get('DBASSIST_LINK_SECRET');
  if (linkSecret && linkSecret.length < 32) problems.push('DBASSIST_LINK_SECRET is too short: use at least 32 characters');
  const ttlText = get('DBASSIST_LINK_TTL_DAYS') || '30';
  const linkTtlDays = Number(ttlText);
  if (!Number.isInteger(linkTtlDays) || linkTtlDays < 1 || linkTtlDays > 90)
    problems.push('DBASSIST_LINK_TTL_DAYS is invalid: a whole number of days from 1 to 90 (reports are deleted after 90 days)');
  const intervalText = get('DBASSIST_PERFSCHEMA_INTERVAL_S') || '10';
  const perfSchemaIntervalS = Number(intervalText);
  if (!/^\d+(\.\d+)?$/.test(intervalText) || perfSchemaIntervalS > 60) problems.push('DBASSIST_PERFSCHEMA_INTERVAL_S is invalid: seconds from 0 to 60');
  const apiUrl = get('SLACK_API_URL');
  const scheduleGroup = get('DBASSIST_SCHEDULE_GROUP');
  const schedulerRoleArn = get('DBASSIST_SCHEDULER_ROLE_ARN');
  const workerArn = get('DBASSIST_WORKER_ARN');
  const scheduleParts = [scheduleGroup, schedulerRoleArn, workerArn].filter((x) => x !== '').length;
  if (scheduleParts > 0 && scheduleParts < 3)
    problems.push('DBASSIST_SCHEDULE_GROUP, DBASSIST_SCHEDULER_ROLE_ARN and DBASSIST_WORKER_ARN go together: set all three, or none (schedules off)');
  if (scheduleGroup && !/^[0-9A-Za-z_.-]{1,64}$/.test(scheduleGroup)) problems.push('DBASSIST_SCHEDULE_GROUP is invalid: 1–64 letters, digits, - _ .');
  if (schedulerRoleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(schedulerRoleArn))
    problems.push('DBASSIST_SCHEDULER_ROLE_ARN is invalid: expected an IAM role ARN');
  if (workerArn && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+$/.test(workerArn))
    problems.push('DBASSIST_WORKER_ARN is invalid: expected a Lambda function ARN');

  const alertLevels = parseLevelRules(env.DBASSIST_ALERT_LEVELS, problems);
  const targets = parseTargets(env.DBASSIST_TARGETS, problems);
  const access = parseAccessPolicy(env.DBASSIST_ACCESS, problems);
  for (const [channel, target] of Object.entries(access.channelDefaults)) {
    if (![...targets.values()].some((t) => t.name === target)) problems.push(`DBASSIST_ACCESS.channelDefaults.${channel}: unknown target "${target}"`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const slack: SlackConfig = { signingSecret, botToken, botId, botUserId };
  if (apiUrl) slack.apiUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  const bedrock: BedrockConfig = { enabled: ai === 'on', modelId, region: bedrockRegion };
  if (kb) bedrock.knowledgeBaseId = kb;
  const config: Config = {
    slack,
    region,
    reportsBucket,
    bedrock,
    targets,
    access,
    workerFunction,
    publicUrl,
    linkSecret,
    linkTtlDays,
    perfSchemaIntervalS,
    alertLevels,
  };
  if (scheduleParts === 3) config.schedules = { group: scheduleGroup, roleArn: schedulerRoleArn, workerArn };
  return config;
}

/** Cached per container: configuration is read once per cold start. */
let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
const resetHooks: Array<() => void> = [];
/** For tests: forget the cached configuration (and the per-function ones of src/config/runtime.ts). */
export function resetConfigCache(): void {
  cached = undefined;
  for (const h of resetHooks) h();
}
/** Registers a cache that resetConfigCache() clears too. */
export function onConfigReset(hook: () => void): void {
  resetHooks.push(hook);
}
