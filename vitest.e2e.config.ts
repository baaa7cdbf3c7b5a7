import { defineConfig } from 'vitest/config'

/**
 * The e2e suite: `tests/e2e/*.e2e.test.ts` against the built server, started once per run by
 * tests/e2e/globalSetup.ts exactly as `npm start` runs it. Files run one after another in one
 * worker: they share that server, and a 2-core machine building and serving has no room for more.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/globalSetup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
})
