import type { CollectionSlug, PayloadRequest } from 'payload'

import { asc, inArray } from '@payloadcms/db-postgres/drizzle'

/** What of `@payloadcms/db-postgres` this needs: its tables, its pool and the open transactions. */
type DrizzleAdapter = {
  drizzle?: LockingDb
  sessions?: Record<number | string, { db?: LockingDb } | undefined>
  tableNameMap?: Map<string, string>
  tables?: Record<string, { id: never } | undefined>
}

type LockingDb = {
  select: (fields: Record<string, unknown>) => {
    from: (table: unknown) => {
      where: (where: unknown) => {
        orderBy: (order: unknown) => {
          for: (strength: 'no key update') => Promise<{ id: number | string }[]>
        }
      }
    }
  }
}

/**
 * Locks the rows `ids` of `collection` until `req`'s transaction ends, in id order (two
 * transactions locking the same rows never wait on each other in a circle), and returns the ids
 * that exist. `null` when there is nothing to lock with: no transaction on `req` (a lock would end
 * with its own statement) or a database adapter other than Postgres.
 *
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`: every transaction that saves a document referring to one
 * of these rows holds a `KEY SHARE` lock on it from the foreign key until it commits, and
 * `FOR UPDATE` would wait for that lock while the other transaction waits for ours — a deadlock
 * between two works that share a file. `NO KEY UPDATE` still excludes every other locker and
 * writer of the row, which is what serialises the writers.
 */
export const lockRows = async ({
  req,
  collection,
  ids,
}: {
  req: PayloadRequest
  collection: CollectionSlug
  ids: number[]
}): Promise<number[] | null> => {
  const adapter = req.payload.db as unknown as DrizzleAdapter
  const transactionID = req.transactionID ? await req.transactionID : undefined
  const db = transactionID !== undefined ? adapter.sessions?.[transactionID]?.db : undefined
  const tableName = adapter.tableNameMap?.get(snakeCase(collection))
  const table = tableName ? adapter.tables?.[tableName] : undefined
  if (!db || !table) {
    return null
  }
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(inArray(table.id, ids))
    .orderBy(asc(table.id))
    .for('no key update')
  return rows.map((row) => Number(row.id))
}

/** The key Payload's Postgres adapter files a collection's table under (`featured-workers` → `featured_workers`). */
const snakeCase = (slug: string) =>
  slug
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()
