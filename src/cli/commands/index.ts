/** The CLI's verbs. Each module exports `command: CliCommand`; they load lazily so `--help` stays fast. */
import type { CliIo } from '../io';

export interface CliCommand {
  /** One-line usage, without the program name. */
  usage: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  report: async () => (await import('./report')).command,
  review: async () => (await import('./review')).command,
  digest: async () => (await import('./digest')).command,
  anomalies: async () => (await import('./anomalies')).command,
  instances: async () => (await import('./instances')).command,
};
