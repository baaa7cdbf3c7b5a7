import type { Config, Payload, PayloadRequest, Plugin } from 'payload'
import type { Client, Pool } from 'pg'

import { sql } from '@payloadcms/db-postgres'
import { randomUUID } from 'node:crypto'

import type { ChangeHook } from './everyChange'

import { onEveryChange } from './everyChange'
import { poolOf } from './pool'
import { queryInRequest } from './queryInRequest'

/**
 * Changes told across app instances on one database, through PostgreSQL `LISTEN/NOTIFY`.
 *
 * Each instance keeps copies (feed pages, partners' key grants and reads, column pulls, compiled
 * word lists) that its own hooks drop the moment a document changes. Another instance learns of
 * the change here: every save through Payload sends `{ from, slugs }` on the channel *inside its
 * transaction* — PostgreSQL delivers it when the save commits, before the saving request answers,
 * and never when it rolls back — and every instance listening hands the collections' slugs to
 * the caches that subscribed (`onChangesElsewhere`). Caches react coarsely (a changed collection
 * drops what can show it); their TTLs stay only as the safety net for a notification lost while
 * the listening connection was down, and a reconnect tells them everything may have changed.
 *
 * Writes made in SQL outside Payload's hooks call `announceChanges` themselves.
 */

/** Which collections changed: a test for a slug (every slug, after a lost connection). */
export type Changed = (slug: string) => boolean

type Subscriber = (changed: Changed) => void

type NoticeState = {
  /** This Payload's own mark: its notices come back to it and are skipped. */
  from: string
  channel: string | null
  subscribers: Set<Subscriber>
}

const registry = Symbol.for('wangju-cms.change-notices')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, NoticeState> }

// One state per Payload, shared by every bundled copy of this module (Next bundles its own).
const stateOf = (payload: Payload): NoticeState => {
  const states = ((globalThis as WithRegistry)[registry] ??= new WeakMap())
  let state = states.get(payload)
  if (!state) {
    state = { from: randomUUID(), channel: null, subscribers: new Set() }
    states.set(payload, state)
  }
  return state
}

/**
 * Calls `fn` whenever another instance changed documents (or notices may have been missed). Any
 * plugin can subscribe, whether or not the app installed `changeNotices`: without it nothing is
 * told, and the caches' TTLs alone bound what another instance sees.
 */
export const onChangesElsewhere = (payload: Payload, fn: Subscriber): void => {
  stateOf(payload).subscribers.add(fn)
}

const tell = (payload: Payload, changed: Changed) => {
  for (const fn of stateOf(payload).subscribers) {
    try {
      fn(changed)
    } catch (err) {
      payload.logger.error({ err, msg: 'change notices: a cache failed to drop its copies' })
    }
  }
}

const noticeOf = (state: NoticeState, slugs: string[]) =>
  JSON.stringify({ from: state.from, slugs: [...new Set(slugs)].sort() })

/**
 * Tells the other instances that documents of `slugs` changed: in the request's transaction when
 * there is one (delivered at its commit), at once otherwise. For writes made in SQL; saves
 * through Payload are told by the plugin's hooks.
 */
export const announceChanges = async (
  payload: Payload,
  slugs: string[],
  req?: PayloadRequest,
): Promise<void> => {
  const state = stateOf(payload)
  if (!state.channel || slugs.length === 0) {
    return
  }
  await queryInRequest({
    payload,
    req,
    query: sql`select pg_notify(${state.channel}, ${noticeOf(state, slugs)})`,
  })
}

/**
 * Applies a notice from the channel: from this Payload itself, nothing (its hooks did it);
 * otherwise the subscribers drop their copies. With read replicas, reads right after are sent to
 * the primary as after a write here: a copy rebuilt from a replica that has not replayed the
 * change yet would be kept as current.
 */
const receive = (payload: Payload, raw: string | undefined) => {
  const state = stateOf(payload)
  let notice: { from?: unknown; slugs?: unknown }
  try {
    notice = JSON.parse(raw ?? '') as typeof notice
  } catch {
    return
  }
  if (notice.from === state.from || !Array.isArray(notice.slugs)) {
    return
  }
  const slugs = new Set(notice.slugs.map(String))
  markReadAfterWrite(payload)
  tell(payload, (slug) => slugs.has(slug))
}

/** The Postgres adapter's read-after-write mark (reads go to the primary for a while). */
const markReadAfterWrite = (payload: Payload) => {
  const db = payload.db as unknown as { primaryDrizzle?: unknown; lastWriteTimestamp?: number }
  if (db.primaryDrizzle) {
    db.lastWriteTimestamp = Date.now()
  }
}

/**
 * Holds one connection of its own (outside the pool: a pooled one goes back after each query) on
 * `LISTEN <channel>`. A failed connection is made again after a second; since notices sent
 * meanwhile are lost, the subscribers are then told that everything may have changed.
 */
const listen = async (payload: Payload, channel: string): Promise<void> => {
  const pool = poolOf(payload) as Pool & {
    Client: new (config: unknown) => Client
    options: unknown
  }
  let client: Client | undefined
  let isClosed = false
  let hasListened = false
  const connect = async (): Promise<void> => {
    const listener = new pool.Client(pool.options)
    client = listener
    listener.on('notification', (message) => {
      if (message.channel === channel) {
        receive(payload, message.payload)
      }
    })
    listener.on('error', (err) => {
      payload.logger.warn({ err, msg: 'change notices: the listening connection failed' })
      void listener.end().catch(() => {})
      reconnect()
    })
    await listener.connect()
    if (isClosed) {
      // Payload was destroyed while this connection was being made.
      await listener.end()
      return
    }
    await listener.query(`listen "${channel}"`)
    if (hasListened) {
      tell(payload, () => true)
    }
    hasListened = true
  }
  const reconnect = () => {
    if (!isClosed) {
      setTimeout(() => void connect().catch(reconnect), 1_000).unref()
    }
  }
  const destroy = payload.destroy.bind(payload)
  payload.destroy = async () => {
    isClosed = true
    await client?.end().catch(() => {})
    return destroy()
  }
  await connect().catch((err: unknown) => {
    payload.logger.warn({ err, msg: 'change notices: not listening yet (retrying)' })
    hasListened = true
    reconnect()
  })
}

/**
 * The plugin: every collection's saves and deletions (but `ignore`) are told on `channel`, and
 * this instance listens to the others'. Add it last among the plugins, so it sees every collection.
 */
export const changeNotices =
  ({
    channel = 'wangju_changes',
    ignore = [],
    listens = true,
  }: {
    /** The PostgreSQL channel: one per set of instances sharing a database. */
    channel?: string
    /** Collections whose changes no cache depends on (written on every read, like an audit log). */
    ignore?: string[]
    /** Whether this process listens; a command-line tool keeps no copies and only tells. */
    listens?: boolean
  } = {}): Plugin =>
  (config: Config): Config => {
    const announce =
      (slug: string): ChangeHook =>
      async ({ req }) => {
        await announceChanges(req.payload, [slug], req)
      }
    return {
      ...config,
      ...onEveryChange(config, { ignore, hookFor: announce }),
      onInit: async (payload) => {
        await config.onInit?.(payload)
        stateOf(payload).channel = channel
        if (listens) {
          // In the background: the start never waits on the listening connection.
          void listen(payload, channel).catch((err: unknown) =>
            payload.logger.error({ err, msg: 'change notices: cannot listen' }),
          )
        }
      },
    }
  }
