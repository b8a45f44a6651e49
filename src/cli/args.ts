/** A small argv parser: positionals, `--name value`, `--name=value` and boolean switches. */
import { isSeverity, type Severity } from '../core/severity';
import { suggest } from '../core/suggest';
import { CliUsageError } from './io';

export interface ArgSpec {
  /** Options that take a value. */
  values?: readonly string[];
  /** Options that are switches. */
  switches?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  has(name: string): boolean;
  get(name: string): string | undefined;
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = spec.values ?? [];
  const switches = spec.switches ?? [];
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (switches.includes(name)) {
      options.set(name, 'true');
    } else if (values.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new CliUsageError(`--${name} needs a value`);
      options.set(name, v);
    } else {
      const hint = suggest(name, [...values, ...switches]);
      throw new CliUsageError(`unknown option --${name}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
  }
  return { positional, options, has: (n) => options.has(n), get: (n) => options.get(n) };
}

export type OutputFormat = 'text' | 'json';

export function formatOption(args: ParsedArgs): OutputFormat {
  const f = args.get('format') ?? 'text';
  if (f !== 'text' && f !== 'json') throw new CliUsageError(`--format must be text or json, not ${f}`);
  return f;
}

export function failOnOption(args: ParsedArgs): Severity | undefined {
  const f = args.get('fail-on');
  if (f === undefined) return undefined;
  if (!isSeverity(f)) throw new CliUsageError(`--fail-on must be one of info, low, medium, high, critical, not ${f}`);
  return f;
}

/** The options of a verb that talks to AWS: `--profile NAME` and `--region NAME` (both optional). */
export const AWS_VALUES = ['profile', 'region'] as const;

export interface AwsOptions {
  profile?: string;
  region?: string;
}

export function awsOptions(args: ParsedArgs): AwsOptions {
  const profile = args.get('profile');
  const region = args.get('region');
  if (profile !== undefined && !/^[\w.@+-]{1,128}$/.test(profile))
    throw new CliUsageError(`--profile must be a profile name from ~/.aws/config, not ${profile.slice(0, 40)}`);
  if (region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(region))
    throw new CliUsageError(`--region must be an AWS region name such as ap-northeast-2, not ${region.slice(0, 40)}`);
  return { ...(profile ? { profile } : {}), ...(region ? { region } : {}) };
}
