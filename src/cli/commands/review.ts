// Placeholder until the review command lands.
import { CliRuntimeError } from '../io';
import type { CliCommand } from './index';

export const command: CliCommand = {
  usage: 'review',
  summary: 'not available in this build yet',
  run: async () => {
    throw new CliRuntimeError('review is not available in this build yet');
  },
};
