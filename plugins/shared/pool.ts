import type { Payload } from 'payload'
import type { Pool } from 'pg'

/**
 * The node-postgres pool behind Payload's Postgres adapter (@payloadcms/db-postgres), for the
 * few statements the plugins must write as SQL (row locks, single-column updates).
 */
export const poolOf = (payload: Payload): Pool => {
  const pool = (payload.db as unknown as { pool?: Pool }).pool
  if (!pool) {
    throw new Error(
      '需要 @payloadcms/db-postgres 数据库适配器 / needs the @payloadcms/db-postgres adapter',
    )
  }
  return pool
}
