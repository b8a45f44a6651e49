// Placeholder until the anomalies command lands.
import { CliRuntimeError } from '../io';
import type { CliCommand } from './index';

export const command: CliCommand = {
  usage: 'anomalies',
  summary: 'not available in this build yet',
  run: async () => {
    throw new CliRuntimeError('anomalies is not available in this build yet');
  },
};
