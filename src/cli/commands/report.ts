// Placeholder until the report command lands.
import { CliRuntimeError } from '../io';
import type { CliCommand } from './index';

export const command: CliCommand = {
  usage: 'report',
  summary: 'not available in this build yet',
  run: async () => {
    throw new CliRuntimeError('report is not available in this build yet');
  },
};
