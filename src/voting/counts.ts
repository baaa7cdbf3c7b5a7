import type { Payload } from 'payload'
import type { Pool } from 'pg'

import { createHash } from 'node:crypto'

import { matchesIfNoneMatch } from '../../plugins/partner-push/utilities/feed'
import type { Answer } from './answer'

import { refuse } from './refusal'

/**
 * Public counts (公开票数): the valid votes of a public work, and of every public work of a
 * sub-project, for partner and H5 pages that poll them. Anonymous, answered from bytes kept for
 * `countCacheMs` in this process (a vote or an invalidation on this instance drops them at once),
 * with an ETag (`If-None-Match` → 304) and a short `max-age` for browsers and CDNs in front.
 */

/** How long this process answers a count from memory. */
export const countCacheMs = 1_000

/** What browsers and CDNs may keep: a page polling every few seconds costs little. */
export const countMaxAgeSeconds = 5

type Cached = {
  body: string
  etag: string
  expiresAt: number
  /** When its count was read, in this process's order of reads (`nextRead`). */
  read: number
}

const caches = new WeakMap<Payload, Map<string, Cached>>()

/** Counts kept at most; the oldest are forgotten first. */
const maxCached = 10_000

/** Reads of counts started in this process, in order: a later read never loses to an earlier one. */
let reads = 0
const nextRead = () => ++reads

const cacheOf = (payload: Payload) => {
  let cache = caches.get(payload)
  if (!cache) {
    cache = new Map()
    caches.set(payload, cache)
  }
  return cache
}

/** Keeps `fresh` unless the cache holds a later read (or a later forgetting) of the same key. */
const keep = (cache: Map<string, Cached>, key: string, fresh: Cached) => {
  const known = cache.get(key)
  if (known && known.read > fresh.read) {
    return
  }
  cache.delete(key)
  cache.set(key, fresh)
  while (cache.size > maxCached) {
    cache.delete(cache.keys().next().value!)
  }
}

/** An expired entry marking when a key was forgotten: a read started before it is not kept. */
const forgotten = (): Cached => ({ body: '', etag: '', expiresAt: 0, read: nextRead() })

/** Forgets the cached counts of a work and of its sub-project's list (after a vote or an invalidation). */
export const forgetCounts = ({
  payload,
  entryIds,
  subProjectIds,
}: {
  payload: Payload
  entryIds: number[]
  subProjectIds: number[]
}) => {
  const cache = cacheOf(payload)
  for (const id of entryIds) {
    keep(cache, `entry:${id}`, forgotten())
  }
  for (const id of subProjectIds) {
    keep(cache, `sub-project:${id}`, forgotten())
  }
}

const cachedAnswer = (body: string, read: number): Cached => ({
  body,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  expiresAt: Date.now() + countCacheMs,
  read,
})

const cached = async ({
  payload,
  key,
  build,
}: {
  payload: Payload
  key: string
  build: () => Promise<unknown>
}): Promise<Cached> => {
  const cache = cacheOf(payload)
  const known = cache.get(key)
  if (known && known.expiresAt > Date.now()) {
    return known
  }
  const read = nextRead()
  const fresh = cachedAnswer(JSON.stringify(await build()), read)
  keep(cache, key, fresh)
  return fresh
}

/** The answer to a count request: 200 with the JSON, or 304 for a matching `If-None-Match`. */
export const countAnswer = (answer: Cached, ifNoneMatch: string | null): Answer => {
  const headers = {
    etag: answer.etag,
    'cache-control': `public, max-age=${countMaxAgeSeconds}`,
  }
  if (matchesIfNoneMatch(ifNoneMatch, answer.etag)) {
    return { status: 304, headers, body: null }
  }
  return {
    status: 200,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: answer.body,
  }
}

type Counting = { running?: Promise<Counted>; next?: Promise<Counted> }

type Counted = { votes: number; read: number }

const countings = new WeakMap<Pool, Map<number, Counting>>()

/**
 * The valid votes of a work, read by a statement that starts after this call: a vote committed
 * before the call is among them. Calls for one work while such a read is under way share the
 * next one, so a burst of votes on one work costs a count per round trip, not per vote.
 */
export const countValidVotes = ({
  pool,
  entryId,
}: {
  pool: Pool
  entryId: number
}): Promise<Counted> => {
  let works = countings.get(pool)
  if (!works) {
    works = new Map()
    countings.set(pool, works)
  }
  let counting = works.get(entryId)
  if (!counting) {
    counting = {}
    works.set(entryId, counting)
  }
  const state = counting
  const start = () => {
    const read = nextRead()
    const running = pool
      .query<{ votes: string }>(
        'select count(*) as votes from votes where entry_id = $1 and valid',
        [entryId],
      )
      .then(({ rows }) => ({ votes: Number(rows[0]!.votes), read }))
    state.running = running
    const settle = () => {
      if (state.running === running) {
        state.running = undefined
        if (!state.next && works.get(entryId) === state) {
          works.delete(entryId)
        }
      }
    }
    running.then(settle, settle)
    return running
  }
  if (state.next) {
    return state.next
  }
  if (!state.running) {
    return start()
  }
  const next = state.running
    .catch(() => undefined)
    .then(() => {
      state.next = undefined
      return start()
    })
  state.next = next
  return next
}

/**
 * Keeps the count a vote just read (`countValidVotes`) as the work's public count, so the pages
 * polling it after a vote cost no statement; a later read or forgetting of the work wins. The
 * vote's own statement found the work public (`castVote`).
 */
export const keepEntryCount = ({
  payload,
  entryId,
  subProjectId,
  counted,
}: {
  payload: Payload
  entryId: number
  subProjectId: number
  counted: Counted
}) => {
  keep(
    cacheOf(payload),
    `entry:${entryId}`,
    cachedAnswer(
      JSON.stringify({ entry: entryId, subProject: subProjectId, votes: counted.votes }),
      counted.read,
    ),
  )
}

/** Works the public reads (`entryRules`' public rule: published, not taken down), as SQL on `e`. */
const publicWork = `e.status = 'published' and e.syndication_pubstatus is distinct from 'canceled'`

/** `GET /api/entries/:id/votes`: `{ entry, votes }`, the valid votes of a public work; 404 otherwise. */
export const entryCount = ({
  payload,
  pool,
  entryId,
}: {
  payload: Payload
  pool: Pool
  entryId: number
}): Promise<Cached> =>
  cached({
    payload,
    key: `entry:${entryId}`,
    build: async () => {
      const { rows } = await pool.query<{ id: number; sub_project_id: number; votes: string }>(
        `select e.id, e.sub_project_id,
                (select count(*) from votes v where v.entry_id = e.id and v.valid) as votes
           from entries e where e.id = $1 and ${publicWork}`,
        [entryId],
      )
      const row = rows[0]
      if (!row) {
        throw refuse(404, '没有该作品，或作品未公开 / no such work, or the work is not public')
      }
      return { entry: row.id, subProject: row.sub_project_id, votes: Number(row.votes) }
    },
  })

/**
 * `GET /api/votes/counts?subProject=`: the valid votes of every public work of a published
 * sub-project, most votes first (ties by id), for a ranking page.
 */
export const subProjectCounts = ({
  payload,
  pool,
  subProjectId,
}: {
  payload: Payload
  pool: Pool
  subProjectId: number
}): Promise<Cached> =>
  cached({
    payload,
    key: `sub-project:${subProjectId}`,
    build: async () => {
      const { rows: subProjects } = await pool.query<{ id: number; name: string }>(
        `select id, name from sub_projects where id = $1 and _status = 'published'`,
        [subProjectId],
      )
      const subProject = subProjects[0]
      if (!subProject) {
        throw refuse(
          404,
          '没有该子项目，或子项目未发布 / no such sub-project, or it is not published',
        )
      }
      const { rows } = await pool.query<{ id: number; title: string; votes: string }>(
        `select e.id, e.title, count(v.id) as votes
           from entries e
           left join votes v on v.entry_id = e.id and v.valid
          where e.sub_project_id = $1 and ${publicWork}
          group by e.id
          order by votes desc, e.id`,
        [subProjectId],
      )
      return {
        subProject: { id: subProject.id, name: subProject.name },
        works: rows.map((row) => ({ entry: row.id, title: row.title, votes: Number(row.votes) })),
      }
    },
  })

export type WorkTally = {
  entry: number
  title: string
  status: string
  /** Every vote cast, invalidated ones included. */
  raw: number
  valid: number
  invalid: number
  /** Votes carrying each flag (a vote may carry several). */
  flags: Record<'address-burst' | 'code-burst' | 'same-agent', number>
}

/**
 * The organizer's tally of a sub-project: raw, valid and invalidated votes and the flags per
 * work, every work of the sub-project (public or not), most valid votes first.
 */
export const subProjectTally = async ({
  pool,
  subProjectId,
}: {
  pool: Pool
  subProjectId: number
}): Promise<{ works: WorkTally[]; totals: Omit<WorkTally, 'entry' | 'title' | 'status'> }> => {
  const { rows } = await pool.query<{
    id: number
    title: string
    status: string
    raw: string
    valid: string
    address_burst: string
    code_burst: string
    same_agent: string
  }>(
    `with f as (
       select f.parent_id, f.value from votes_flags f
        join votes v on v.id = f.parent_id where v.sub_project_id = $1
     )
     select e.id, e.title, e.status::text as status,
            (select count(*) from votes v where v.entry_id = e.id) as raw,
            (select count(*) from votes v where v.entry_id = e.id and v.valid) as valid,
            (select count(*) from f join votes v on v.id = f.parent_id
              where v.entry_id = e.id and f.value = 'address-burst') as address_burst,
            (select count(*) from f join votes v on v.id = f.parent_id
              where v.entry_id = e.id and f.value = 'code-burst') as code_burst,
            (select count(*) from f join votes v on v.id = f.parent_id
              where v.entry_id = e.id and f.value = 'same-agent') as same_agent
       from entries e
      where e.sub_project_id = $1
      order by valid desc, e.id`,
    [subProjectId],
  )
  const works = rows.map((row) => ({
    entry: row.id,
    title: row.title,
    status: row.status,
    raw: Number(row.raw),
    valid: Number(row.valid),
    invalid: Number(row.raw) - Number(row.valid),
    flags: {
      'address-burst': Number(row.address_burst),
      'code-burst': Number(row.code_burst),
      'same-agent': Number(row.same_agent),
    },
  }))
  const sum = (pick: (work: WorkTally) => number) =>
    works.reduce((total, work) => total + pick(work), 0)
  return {
    works,
    totals: {
      raw: sum((work) => work.raw),
      valid: sum((work) => work.valid),
      invalid: sum((work) => work.invalid),
      flags: {
        'address-burst': sum((work) => work.flags['address-burst']),
        'code-burst': sum((work) => work.flags['code-burst']),
        'same-agent': sum((work) => work.flags['same-agent']),
      },
    },
  }
}
