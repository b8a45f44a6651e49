// Placeholder until the report job lands; the worker turns this error into a clear message in the thread.
import type { JobRunner } from '../types';

export const run: JobRunner = async () => {
  throw new Error('The report job is not available in this build yet.');
};
