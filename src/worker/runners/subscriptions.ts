// Placeholder until the alert subscriptions land; the worker turns this error into a clear message.
import type { JobRunner } from '../types';

export const run: JobRunner = async () => {
  throw new Error('Alert subscriptions are not available in this build yet.');
};
