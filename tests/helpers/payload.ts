import type { Payload, SanitizedConfig } from 'payload'

import { inject } from 'vitest'

import { createTestDatabase } from './database'

export type Booted = {
  payload: Payload
  config: SanitizedConfig
  databaseUrl: string
}

/** Credentials of the first admin every test database gets. */
export const testAdmin = { email: 'admin@test.local', password: 'test-admin-password-1' }

/**
 * Boots the app's real Payload config on a fresh database of its own: migrations run and the
 * first admin is created exactly as `npm start` does. `env` is applied before the config loads.
 */
export const bootPayload = async ({
  name,
  env = {},
}: {
  name: string
  env?: Record<string, string>
}): Promise<Booted> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: 'test-secret-not-for-production',
    // Migrated like production; a plugin's own test config may set PAYLOAD_DB_PUSH=true instead.
    PAYLOAD_DB_PUSH: 'false',
    ADMIN_EMAIL: testAdmin.email,
    ADMIN_PASSWORD: testAdmin.password,
    JOBS_AUTORUN: 'false',
    SEED_DEMO: 'false',
    ...env,
  })
  const [{ getPayload }, { default: configPromise }] = await Promise.all([
    import('payload'),
    import('../../src/payload.config'),
  ])
  const config = await configPromise
  const payload = await getPayload({ config, cron: true })
  return { payload, config, databaseUrl }
}
