import type { Pool } from 'pg'

import { defaultMaxBuckets } from './config'

/** One counter to bump: `key` is already namespaced and hashed. */
export type Bucket = {
  key: string
  /**
   * A counter shared with other new keys (of a bounded set, e.g. one of the rule's shards), used
   * instead of `key` when the table is full and `key` has no row yet.
   */
  overflowKey: string
  windowSeconds: number
  /** How many requests this one counts as (a GraphQL document with three logins is three). */
  weight: number
}

export type BucketCount = {
  /** The bucket's own key, even when it was counted in the overflow counter. */
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
 *
 * Its size is bounded whatever clients send: keys are fixed-size hashes; a row is dead once its
 * window has ended (`expires_at`) and is deleted in batches; and once `maxBuckets` rows are live,
 * a key not yet in the table is counted in the shared counter its caller names (`overflowKey`)
 * instead of getting a row of its own. Each instance knows the row count from its last clean-up plus the rows it has
 * added since, and cleans up (recounting) every 10 s, every second while full, and whenever it has
 * added 1 % of the cap: with N instances the table can pass the cap by about (N - 1) % of it, plus
 * the requests in flight, never grow without bound.
 *
 * Why not `rate-limiter-flexible`'s RateLimiterPostgres (weighed for issue 14, read in its
 * lib/RateLimiterPostgres.js): it has no row cap and nothing like the overflow counters, so a flood of
 * made-up keys grows its table (tests/http/rateLimitBound.test.ts would fail); it deletes rows an
 * hour after expiry every 5 minutes in one unbounded DELETE; it counts one key per query, where a
 * request's buckets are counted here in one atomic, deadlock-free statement; and it times windows
 * on each instance's clock, not the database's. Wrapping it would keep only the upsert.
 */
export const createPostgresStore = ({
  pool,
  logger,
  timeoutMs = 2_000,
  maxBuckets = defaultMaxBuckets,
  cleanupIntervalMs = 10_000,
  cleanupBatch = 10_000,
}: {
  /** The pool to count in; undefined while there is none yet (the request then goes through). */
  pool: () => Pool | undefined
  logger: () => StoreLogger
  /** How long a count may take before the request goes through uncounted. @default 2000 */
  timeoutMs?: number
  /** Live rows at most before new keys are counted in their overflow counters. @default 100000 */
  maxBuckets?: number
  /** How often an instance deletes dead rows and recounts the live ones; every second while full. @default 10000 */
  cleanupIntervalMs?: number
  /** Dead rows deleted at most per clean-up, so one statement stays short. @default 10000 */
  cleanupBatch?: number
}): RateLimitStore => {
  let lastCleanupAt = 0
  let lastWarningAt = 0
  /** Rows in the table as far as this instance knows; null until its first clean-up. */
  let liveRows: number | null = null
  /** Rows this instance added since its last clean-up: after 1 % of the cap it recounts. */
  let insertedSinceCleanup = 0
  let cleaning: Promise<void> | null = null

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

  const isFull = () => liveRows !== null && liveRows >= maxBuckets

  const cleanUp = (db: Pool): Promise<void> => {
    if (!cleaning) {
      lastCleanupAt = Date.now()
      insertedSinceCleanup = 0
      cleaning = (async () => {
        const { rows } = await db.query<{ deleted: number; total: number }>(cleanupSql, [
          cleanupBatch,
        ])
        const { deleted, total } = rows[0]!
        // Rows this instance added while the count ran may be missing from it: counted again
        // rather than lost (too many only fills the table a little early, until the next count).
        liveRows = total - deleted + insertedSinceCleanup
        if (deleted >= cleanupBatch) {
          // More dead rows wait: the next count cleans up again.
          lastCleanupAt = 0
        }
      })().finally(() => {
        cleaning = null
      })
    }
    return cleaning
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
            if (liveRows === null) {
              // The first count of this instance knows whether the table is full.
              await cleanUp(db)
            }
            const { counts: result, inserted } = await count({ db, buckets, isFull: isFull() })
            liveRows = (liveRows ?? 0) + inserted
            insertedSinceCleanup += inserted
            return result
          })(),
          timeoutMs,
        )
        const isDue =
          Date.now() - lastCleanupAt >= (isFull() ? 1_000 : cleanupIntervalMs) ||
          insertedSinceCleanup >= Math.max(1, Math.floor(maxBuckets / 100))
        if (isDue) {
          // Best effort, after the answer: a failed clean-up is retried at the next interval.
          cleanUp(db).catch(() => {})
        }
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
);
-- Added after the first release; rows from before it are kept a day, as they were then.
alter table rate_limit.buckets add column if not exists expires_at timestamptz not null default (now() + interval '1 day');`

// One atomic statement for all the buckets of a request. Windows are aligned on the database's
// clock, so instances with skewed clocks still share them; keys are taken in sorted order so two
// requests locking the same rows cannot deadlock. When the table is full ($5), a key without a
// row is counted under its overflow key; `xmax = 0` tells a row just inserted from one updated.
const countSql = `
with asked as (
  select * from unnest($1::text[], $2::integer[], $3::integer[], $4::text[]) as t(key, window_seconds, weight, overflow_key)
), chosen as (
  select case when $5::boolean and not exists (select 1 from rate_limit.buckets b where b.key = a.key) then a.overflow_key else a.key end as key,
         a.window_seconds, a.weight
  from asked a
), merged as (
  select key, max(window_seconds) as window_seconds, sum(weight)::integer as weight,
         to_timestamp((floor(extract(epoch from now()) / max(window_seconds)) * max(window_seconds))::double precision) as window_start
  from chosen group by key
)
insert into rate_limit.buckets as b (key, window_start, hits, expires_at)
select m.key, m.window_start, m.weight, m.window_start + make_interval(secs => m.window_seconds)
from merged m
order by m.key
on conflict (key) do update
  set hits = case when b.window_start = excluded.window_start then b.hits + excluded.hits else excluded.hits end,
      window_start = excluded.window_start,
      expires_at = excluded.expires_at
returning b.key, b.hits, b.window_start, b.expires_at, now() as now, (b.xmax = 0) as inserted`

// Deletes up to $1 rows whose window has ended, by their physical address, so a row another
// request has just renewed (and so moved) is left alone; and counts the rows that remain (the
// count sees the table as the statement began, dead rows included, hence the subtraction).
const cleanupSql = `
with gone as (
  delete from rate_limit.buckets
  where ctid = any(array(select ctid from rate_limit.buckets where expires_at < now() limit $1))
  returning 1
)
select (select count(*) from gone)::integer as deleted, (select count(*) from rate_limit.buckets)::integer as total`

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
    if (code !== '23505' && code !== '42P06' && code !== '42P07' && code !== '42701') {
      throw err
    }
    await db.query(createSchemaSql)
  }
}

const count = async ({
  db,
  buckets,
  isFull,
}: {
  db: Pool
  buckets: Bucket[]
  isFull: boolean
}): Promise<{ counts: BucketCount[]; inserted: number }> => {
  // One row per key: a statement may not update the same row twice.
  const byKey = new Map<string, Bucket>()
  for (const bucket of buckets) {
    const seen = byKey.get(bucket.key)
    byKey.set(bucket.key, seen ? { ...seen, weight: seen.weight + bucket.weight } : bucket)
  }
  const unique = [...byKey.values()]
  const { rows } = await db.query<{
    key: string
    hits: number
    window_start: Date
    expires_at: Date
    now: Date
    inserted: boolean
  }>(countSql, [
    unique.map((bucket) => bucket.key),
    unique.map((bucket) => bucket.windowSeconds),
    unique.map((bucket) => bucket.weight),
    unique.map((bucket) => bucket.overflowKey),
    isFull,
  ])
  const byRow = new Map(rows.map((row) => [row.key, row]))
  const counts = unique.flatMap((bucket): BucketCount[] => {
    // A key missing from the answer was counted under its overflow key.
    const row = byRow.get(bucket.key) ?? byRow.get(bucket.overflowKey)
    if (!row) {
      return []
    }
    return [
      {
        key: bucket.key,
        hits: row.hits,
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((row.expires_at.getTime() - row.now.getTime()) / 1000),
        ),
      },
    ]
  })
  return { counts, inserted: rows.filter((row) => row.inserted).length }
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
