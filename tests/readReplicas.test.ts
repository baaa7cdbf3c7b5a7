import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from './helpers/payload'

import { readReplicaUrls } from '../src/db/pool'
import { bootPayload } from './helpers/payload'
import { waitUntil } from './helpers/wait'

/**
 * `DATABASE_READ_REPLICA_URLS` → the Postgres adapter's read replicas. The "replica" is the same
 * database reached under another application_name, so which connection ran a read shows in
 * pg_stat_activity: reads go there, except right after a write here or a change told by
 * another instance (then to the primary, which has it for sure).
 */

const replicaName = 'wangju-read-replica'
let booted: Booted
let observer: pg.Client

/** Whether a statement started on a replica connection since `since`. */
const replicaReadSince = async (since: Date): Promise<boolean> => {
  const { rows } = await observer.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = $1 and query_start > $2`,
    [replicaName, since],
  )
  return rows[0]!.n > 0
}

const databaseNow = async (): Promise<Date> =>
  (await observer.query<{ now: Date }>('select clock_timestamp() as now')).rows[0]!.now

/** Reads organizers through Payload and tells whether a replica answered. */
const readGoesToReplica = async (): Promise<boolean> => {
  const since = await databaseNow()
  await booted.payload.find({ collection: 'organizers', depth: 0, limit: 5 })
  return replicaReadSince(since)
}

beforeAll(async () => {
  booted = await bootPayload({
    name: 'read_replicas',
    env: (databaseUrl) => {
      const replica = new URL(databaseUrl)
      replica.searchParams.set('application_name', replicaName)
      return { DATABASE_READ_REPLICA_URLS: ` ${replica.toString()} , ` }
    },
  })
  observer = new pg.Client({ connectionString: booted.databaseUrl })
  await observer.connect()
})

afterAll(async () => {
  await observer?.end()
  await booted?.payload.destroy()
  delete process.env.DATABASE_READ_REPLICA_URLS
})

describe('read replicas', () => {
  it('reads from the replica once no write happened here for a moment', async () => {
    // Boot wrote the first admin: reads stay on the primary for 2 s after.
    await waitUntil(readGoesToReplica, { timeoutMs: 15_000, what: 'a read on the replica' })
  })

  it('reads from the primary right after a write', async () => {
    await waitUntil(readGoesToReplica, { timeoutMs: 15_000, what: 'a read on the replica' })
    await booted.payload.create({
      collection: 'organizers',
      data: { name: '运城市总工会', kind: 'federation', level: 'city' },
    })
    expect(await readGoesToReplica()).toBe(false)
  })

  it('reads from the primary right after another instance told of a change', async () => {
    await waitUntil(readGoesToReplica, { timeoutMs: 15_000, what: 'a read on the replica' })
    await observer.query(`select pg_notify('wangju_changes', $1)`, [
      JSON.stringify({ from: 'another-instance', slugs: ['organizers'] }),
    ])
    // The notice reaches this instance's listener over its own connection.
    await waitUntil(async () => !(await readGoesToReplica()), {
      timeoutMs: 5_000,
      what: 'reads to go to the primary',
    })
  })

  it('takes the replicas as a comma-separated list, and none when unset', () => {
    expect(
      readReplicaUrls({ DATABASE_READ_REPLICA_URLS: 'postgres://a/x, postgres://b/x' }),
    ).toEqual(['postgres://a/x', 'postgres://b/x'])
    expect(readReplicaUrls({ DATABASE_READ_REPLICA_URLS: ' , ' })).toBeUndefined()
    expect(readReplicaUrls({})).toBeUndefined()
  })
})
