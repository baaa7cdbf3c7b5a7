import type { Migration, Payload } from 'payload'

import { migrations } from '../migrations/index'
import { poolOf } from './pool'

/** Any constant works; it only has to be the same for every instance of the app. */
const MIGRATION_LOCK = 4_240_617

/**
 * Applies pending migrations at boot. Several app instances may start at once against one
 * database: a session-level advisory lock lets exactly one migrate while the others wait.
 */
export const migrateOnBoot = async (payload: Payload): Promise<void> => {
  if (process.env.PAYLOAD_DB_PUSH === 'true') {
    return
  }
  const client = await poolOf(payload).connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    // The generated list types its functions' arguments; Payload's Migration takes `unknown`.
    await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}
