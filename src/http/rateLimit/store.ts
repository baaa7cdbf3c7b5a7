import type { Pool } from 'pg'

import { maxWindowSeconds } from './config'

/** One counter to bump: `key` is already namespaced and hashed. */
export type Bucket = {
  key: string
  windowSeconds: number
  /** How many requests this one counts as (a GraphQL document with three logins is three). */
  weight: number
}

export type BucketCount = {
  key: string
  /** Requests counted in the current window, this one included. */
  hits: number
  /** Seconds until the current window ends (at least 1). */
  retryAfterSeconds: number
}

export type RateLimitStore = {
  /** Counts the request in every bucket; null when the database could not be asked (fail open). */
  hit: (buckets: Bucket[]) => Promise<BucketCount[] | null>
}

export type StoreLogger = {
  warn: (obj: object, msg?: string) => void
}

/**
 * Fixed-window counters in PostgreSQL, so every app instance behind a load balancer shares them.
 * The table lives in a schema of its own, which Payload's migrations and schema push never see.
 */
export const createPostgresStore = ({
  pool,
  logger,
  timeoutMs = 2_000,
}: {
  /** The pool to count in; undefined while there is none yet (the request then goes through). */
  pool: () => Pool | undefined
  logger: () => StoreLogger
  /** How long a count may take before the request goes through uncounted. @default 2000 */
  timeoutMs?: number
}): RateLimitStore => {
  let lastCleanupAt = 0
  let lastWarningAt = 0

  const warn = (err: unknown) => {
    // A database outage would otherwise log once per request.
    if (Date.now() - lastWarningAt < 60_000) {
      return
    }
    lastWarningAt = Date.now()
    logger().warn({
      msg: 'rate limits not enforced: the database did not answer; requests go through uncounted',
      err: err instanceof Error ? err.message : String(err),
    })
  }

  const cleanUp = (db: Pool) => {
    if (Date.now() - lastCleanupAt < 60_000) {
      return
    }
    lastCleanupAt = Date.now()
    // Best effort: a failed clean-up is retried a minute later.
    db.query(deleteOldSql, [86_400 + maxWindowSeconds]).catch(() => {})
  }

  return {
    hit: async (buckets) => {
      const db = pool()
      if (!db || buckets.length === 0) {
        return buckets.length === 0 ? [] : null
      }
      try {
        const counts = await withTimeout(
          (async () => {
            await ensureTable(db)
            return await count(db, buckets)
          })(),
          timeoutMs,
        )
        cleanUp(db)
        return counts
      } catch (err) {
        warn(err)
        return null
      }
    },
  }
}

const createSchemaSql = `
create schema if not exists rate_limit;
create table if not exists rate_limit.buckets (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);`

// One atomic statement for all the buckets of a request. Windows are aligned on the database's
// clock, so instances with skewed clocks still share them; keys are taken in sorted order so two
// requests locking the same rows cannot deadlock.
const countSql = `
insert into rate_limit.buckets as b (key, window_start, hits)
select t.key, to_timestamp((floor(extract(epoch from now()) / t.window_seconds) * t.window_seconds)::double precision), t.weight
from unnest($1::text[], $2::integer[], $3::integer[]) as t(key, window_seconds, weight)
order by t.key
on conflict (key) do update
  set hits = case when b.window_start = excluded.window_start then b.hits + excluded.hits else excluded.hits end,
      window_start = excluded.window_start
returning b.key, b.hits, b.window_start, now() as now`

const deleteOldSql = `delete from rate_limit.buckets where window_start < now() - make_interval(secs => $1)`

/** Set up once per pool (so once per process in production); retried after a failure. */
const tableReady = new WeakMap<Pool, Promise<void>>()

const ensureTable = (db: Pool): Promise<void> => {
  let ready = tableReady.get(db)
  if (!ready) {
    ready = createTable(db)
    tableReady.set(db, ready)
    ready.catch(() => tableReady.delete(db))
  }
  return ready
}

/** Instances starting together race on `create … if not exists`; the loser tries once more. */
const createTable = async (db: Pool): Promise<void> => {
  try {
    await db.query(createSchemaSql)
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code !== '23505' && code !== '42P06' && code !== '42P07') {
      throw err
    }
    await db.query(createSchemaSql)
  }
}

const count = async (db: Pool, buckets: Bucket[]): Promise<BucketCount[]> => {
  // One row per key: a statement may not update the same row twice.
  const byKey = new Map<string, Bucket>()
  for (const bucket of buckets) {
    const seen = byKey.get(bucket.key)
    byKey.set(bucket.key, seen ? { ...seen, weight: seen.weight + bucket.weight } : bucket)
  }
  const unique = [...byKey.values()]
  const { rows } = await db.query<{ key: string; hits: number; window_start: Date; now: Date }>(countSql, [
    unique.map((bucket) => bucket.key),
    unique.map((bucket) => bucket.windowSeconds),
    unique.map((bucket) => bucket.weight),
  ])
  return rows.map((row) => {
    const windowEnd = row.window_start.getTime() + byKey.get(row.key)!.windowSeconds * 1000
    return {
      key: row.key,
      hits: row.hits,
      retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - row.now.getTime()) / 1000)),
    }
  })
}

const withTimeout = async <T>(promise: Promise<T>, timeoutMs: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
