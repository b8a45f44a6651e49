import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/mysql-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // EMF lines from every handler test would bury the test output; test/observability turns them back on.
    env: { POWERTOOLS_METRICS_DISABLED: 'true' },
    reporters: ['default'],
  },
});
