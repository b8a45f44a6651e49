/**
 * The names of the simulator's planted scenarios, apart from their specs (scenarios.ts) so the CLI's
 * help can list them without loading the simulator.
 */
export const SCENARIOS = [
  'cpu-query-regression',
  'lock-contention',
  'replica-restart',
  'connection-storm',
  'io-full-scan',
  'memory-pressure',
  'long-transaction',
  'healthy',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** The default stays an incident. */
export const DEFAULT_SCENARIO: ScenarioName = 'cpu-query-regression';

export function isScenario(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}
