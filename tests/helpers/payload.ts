import type { CollectionSlug, Payload, SanitizedConfig } from 'payload'

import { inject } from 'vitest'

import { createTestDatabase } from './database'

export type Booted = {
  payload: Payload
  config: SanitizedConfig
  databaseUrl: string
}

/**
 * `create(collection, data)`: a document made through the Local API as the system (access not
 * checked, depth 0), and its id. `payload` is read at each call, so a file may make its `create`
 * before `beforeAll` has booted.
 */
export const creatorOf =
  (payload: () => Payload) =>
  async (collection: string, data: Record<string, unknown>): Promise<number> =>
    Number(
      (
        await payload().create({
          collection: collection as CollectionSlug,
          data: data as never,
          depth: 0,
        })
      ).id,
    )

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
  /** Or made from the file's database URL (say, for a replica of it). */
  env?: Record<string, string> | ((databaseUrl: string) => Record<string, string>)
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
    ...(typeof env === 'function' ? env(databaseUrl) : env),
  })
  const [{ getPayload }, { default: configPromise }] = await Promise.all([
    import('payload'),
    import('../../src/payload.config'),
  ])
  const config = await configPromise
  const payload = await getPayload({ config, cron: true })
  return { payload, config, databaseUrl }
}
