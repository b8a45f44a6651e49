// Placeholder until the digest command lands.
import { CliRuntimeError } from '../io';
import type { CliCommand } from './index';

export const command: CliCommand = {
  usage: 'digest',
  summary: 'not available in this build yet',
  run: async () => {
    throw new CliRuntimeError('digest is not available in this build yet');
  },
};
