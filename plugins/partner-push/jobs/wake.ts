import type { Payload, PayloadRequest } from 'payload'
import type { Client, Pool } from 'pg'

import { sql } from '@payloadcms/db-postgres'

import type { ResolvedOptions } from '../types'

import { poolOf } from '../../shared/pool'
import { queryInRequest } from '../../shared/queryInRequest'
import { tableOf } from './deliver'

const listeningKey = Symbol.for('wangju-cms.partner-push.listening')
const listeningOf = (): Set<string> => {
  const global = globalThis as typeof globalThis & { [listeningKey]?: Set<string> }
  return (global[listeningKey] ??= new Set())
}

/** The PostgreSQL channel a version's job is announced on (one per deliveries table). */
const channelOf = (options: ResolvedOptions) => `partner_push_${tableOf(options.slugs.deliveries)}`

/**
 * Announces a queued version job to the runners listening (`listenForVersions`), in the save's
 * transaction: PostgreSQL delivers it when the save commits, and never when it rolls back.
 */
export const announceJob = async ({
  req,
  options,
  jobId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  jobId: number | string
}) => {
  if (!options.wakeRunner) {
    return
  }
  await queryInRequest({
    payload: req.payload,
    req,
    query: sql`select pg_notify(${channelOf(options)}, ${String(jobId)})`,
  })
}

/**
 * Runs one announced job through Payload's runner (`payload.jobs.runByID`), once this runner has
 * taken it: taken in one statement, as Payload's poll takes jobs (`processing`), so of the
 * runners hearing the announcement (and a poll at the same moment) one runs it, and a job
 * already taken or done is left alone.
 */
const runAnnounced = async ({
  payload,
  pool,
  jobId,
}: {
  payload: Payload
  pool: Pool
  jobId: string
}) => {
  const { rows } = await pool.query(
    `update "payload_jobs" set "processing" = true, "updated_at" = now()
      where id = $1 and "processing" = false and "completed_at" is null and "has_error" is not true
        and ("wait_until" is null or "wait_until" < now())
      returning id`,
    [Number(jobId)],
  )
  if (rows[0]) {
    await payload.jobs.runByID({ id: rows[0].id as number, silent: true })
  }
}

/**
 * On an instance that runs the jobs queue (its `jobs.autoRun` has crons: `npm run worker`, or a
 * server with JOBS_AUTORUN on), runs a version's job the moment its save commits, through
 * Payload's own runner (`payload.jobs.run` for that job), instead of at the runner's next poll:
 * a fan-out then starts within milliseconds of the selection. The job stays in the queue like any
 * other: an announcement missed (no listener, a lost connection) leaves it to the next poll, and
 * a job two runners start at once sends nothing twice (each delivery is claimed once).
 */
export const listenForVersions = async ({
  payload,
  options,
}: {
  payload: Payload
  options: ResolvedOptions
}) => {
  const autoRun = payload.config.jobs?.autoRun
  const crons = typeof autoRun === 'function' ? await autoRun(payload) : (autoRun ?? [])
  if (!options.wakeRunner || !options.isEnabled || crons.length === 0) {
    return
  }
  const pool = poolOf(payload) as Pool & {
    Client: new (config: unknown) => Client
    options: unknown
  }
  const channel = channelOf(options)
  // One listener per database and channel in a process (Next's bundle and the server's code
  // may each boot a Payload on the same database): one runner per announcement is enough.
  const { connectionString, host, port, database } = pool.options as unknown as Record<
    string,
    unknown
  >
  const key = `${JSON.stringify([connectionString, host, port, database])}:${channel}`
  const listening = listeningOf()
  if (listening.has(key)) {
    return
  }
  listening.add(key)
  const running = new Set<string>()
  let client: Client | undefined
  let isClosed = false
  const connect = async (): Promise<void> => {
    const listener = new pool.Client(pool.options)
    client = listener
    listener.on('notification', ({ payload: jobId }) => {
      if (!jobId || running.has(jobId)) {
        return
      }
      running.add(jobId)
      void runAnnounced({ payload, pool, jobId })
        .catch((err: unknown) =>
          payload.logger.warn({
            err,
            msg: 'partner push: an announced job did not run now (the queue runs it at its next poll)',
            jobId,
          }),
        )
        .finally(() => running.delete(jobId))
    })
    listener.on('error', (err) => {
      payload.logger.warn({ err, msg: 'partner push: the job announcements connection failed' })
      void listener.end().catch(() => {})
      // The runner's polls go on meanwhile; announcements resume once reconnected.
      reconnect()
    })
    await listener.connect()
    await listener.query(`listen "${channel}"`)
  }
  const reconnect = () => {
    if (!isClosed) {
      setTimeout(() => void connect().catch(reconnect), 1_000).unref()
    }
  }
  await connect().catch((err: unknown) => {
    payload.logger.warn({ err, msg: 'partner push: not listening for job announcements yet' })
    reconnect()
  })
  const destroy = payload.destroy.bind(payload)
  payload.destroy = async () => {
    isClosed = true
    listening.delete(key)
    await client?.end().catch(() => {})
    return destroy()
  }
}
