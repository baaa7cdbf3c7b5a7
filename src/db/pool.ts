import type { Payload } from 'payload'

import { poolOf } from '../../plugins/shared/pool'

/**
 * node-postgres emits an idle client's error (the database restarting, a dropped connection)
 * on the pool, and an unheard 'error' event kills the process. Payload adds no listener, so a
 * database restart would take the server down; with this one it logs and reconnects on demand.
 */
export const keepPoolAlive = (payload: Payload): void => {
  const pool = poolOf(payload)
  if (pool.listenerCount('error') > 0) {
    return
  }
  pool.on('error', (err) => {
    payload.logger.warn({
      msg: 'database connection lost; new queries reconnect',
      err: err.message,
    })
  })
}

/**
 * Ends the pool. Payload keeps one client checked out for good, so `end()` never settles on its
 * own; the wait is bounded and the database's shutdown closes what is left.
 */
export const closePool = async (payload: Payload, timeoutMs = 2_000): Promise<void> => {
  const pool = poolOf(payload)
  await Promise.race([
    pool.end().catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ])
}

/**
 * `DATABASE_READ_REPLICA_URLS`: comma-separated read-only replicas of `DATABASE_URL`, for the
 * Postgres adapter's `readReplicas` (its reads go there; writes, transactions and the plugins'
 * own SQL go to the primary). Undefined when unset: no replica pools at all.
 */
export const readReplicaUrls = (
  env: Record<string, string | undefined> = process.env,
): string[] | undefined => {
  const urls = (env.DATABASE_READ_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
  return urls.length > 0 ? urls : undefined
}
