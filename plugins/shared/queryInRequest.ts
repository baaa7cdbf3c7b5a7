import type { Payload, PayloadRequest } from 'payload'

import type { SQL } from '@payloadcms/db-postgres/drizzle'

type Executor = { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Runs SQL in the request's transaction, or on its own without one. Within a save's hooks the
 * saved row is locked by that transaction: a write on another connection would wait for it for
 * good, and a read there would not see the save.
 */
export const queryInRequest = async ({
  payload,
  req,
  query,
}: {
  payload: Payload
  req?: PayloadRequest
  query: SQL
}) => {
  const id = req?.transactionID ? await req.transactionID : undefined
  const db = payload.db as unknown as {
    drizzle: Executor
    sessions?: Record<number | string, { db: Executor }>
  }
  const executor = (id !== undefined && db.sessions?.[id]?.db) || db.drizzle
  return (await executor.execute(query)).rows
}
