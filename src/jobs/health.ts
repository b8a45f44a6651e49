/**
 * The fleet view use case: the members of the targets the asker may see, narrowed by the pattern,
 * their last minutes of metrics in one batched read, ranked worst first (analysis/fleet-health.ts).
 * The worker reads the live fleet (liveFleetSteps); the demo and tests inject the simulated one.
 */
import { type FleetMember, type HealthRow, rankFleet } from '../analysis/fleet-health';
import { globMatch } from '../config/access';
import type { Config } from '../config/env';
import type { Target } from '../config/targets';
import { dateNow } from '../core/clock';
import type { HealthCommand } from '../core/grammar';
import { collectFleetSeries, fleetMembers } from '../collectors/fleet';

export interface FleetSteps {
  members(targets: readonly Target[]): Promise<{ members: FleetMember[]; notes: string[] }>;
  series(members: readonly FleetMember[], end: Date): Promise<{ series: Map<string, Map<string, number[]>>; calls: number }>;
}

export interface HealthResult {
  pattern?: string;
  rows: HealthRow[];
  /** GetMetricData calls made. */
  calls: number;
  notes: string[];
  at: Date;
}

/** The targets a health command covers: those the ingress allowed (all configured when it named none). */
export function healthTargets(config: Pick<Config, 'targets'>, command: HealthCommand): Target[] {
  const all = [...config.targets.values()];
  return command.targets ? all.filter((t) => command.targets!.includes(t.name)) : all;
}

/** Members the pattern names: all of a target or cluster it matches, else the instances it matches. */
export function matchMembers(members: readonly FleetMember[], pattern: string | undefined): FleetMember[] {
  if (!pattern) return [...members];
  return members.filter((m) => globMatch(pattern, m.target) || globMatch(pattern, m.cluster) || globMatch(pattern, m.instance));
}

export async function runHealth(command: HealthCommand, config: Pick<Config, 'targets'>, steps: FleetSteps, now: Date = dateNow()): Promise<HealthResult> {
  const { members, notes } = await steps.members(healthTargets(config, command));
  const chosen = matchMembers(members, command.pattern);
  const { series, calls } = chosen.length > 0 ? await steps.series(chosen, now) : { series: new Map(), calls: 0 };
  return { ...(command.pattern ? { pattern: command.pattern } : {}), rows: rankFleet(chosen, series), calls, notes, at: now };
}

export function liveFleetSteps(config: Config): FleetSteps {
  const regionOf = new Map([...config.targets.values()].map((t) => [t.name, t.region ?? config.region]));
  return {
    members: (targets) => fleetMembers(config.region, targets),
    series: (members, end) => collectFleetSeries({ members: members.map((m) => ({ ...m, region: regionOf.get(m.target) ?? config.region })), end }),
  };
}
