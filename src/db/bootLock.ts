import type { Migration, Payload } from 'payload'

import { migrations } from '../migrations/index'
import { poolOf } from '../../plugins/shared/pool'

/** Any constant works; it only has to be the same for every instance of the app. */
const BOOT_LOCK = 4_240_617

/**
 * Runs the one-time boot work (migrations, first admin, demo data) while holding a session
 * advisory lock: several app instances may start at once against one database, and exactly
 * one of them does the work while the others wait and then find it done.
 */
export const withBootLock = async (payload: Payload, work: () => Promise<void>): Promise<void> => {
  const client = await poolOf(payload).connect()
  try {
    await client.query('select pg_advisory_lock($1)', [BOOT_LOCK])
    await work()
  } finally {
    await client.query('select pg_advisory_unlock($1)', [BOOT_LOCK]).catch(() => {})
    client.release()
  }
}

/** Applies pending migrations, unless this database is in schema-push (dev) mode. */
export const migrate = async (payload: Payload): Promise<void> => {
  if (process.env.PAYLOAD_DB_PUSH === 'true') {
    return
  }
  // The generated list types its functions' arguments; Payload's Migration takes `unknown`.
  await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
}
