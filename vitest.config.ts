import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'tests/**/*.test.ts',
      'collections/**/*.test.ts',
      'plugins/**/*.test.ts',
      'src/**/*.test.ts',
    ],
    // The e2e suite runs against the built server, with its own config (vitest.e2e.config.ts).
    exclude: [...configDefaults.exclude, 'tests/e2e/**'],
    globalSetup: ['tests/globalSetup.ts'],
    // Every file boots its own Payload on its own database, in its own process.
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: {
      NODE_ENV: 'test',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
    },
  },
})
