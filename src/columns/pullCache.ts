import type { Payload } from 'payload'

import { createHash } from 'node:crypto'

/**
 * Column pulls and feeds kept as finished bytes, so a site polling a column costs no query while
 * nothing in it changed (the partner feed's pattern, plugins/partner-push/utilities/feedCache.ts).
 *
 * What a pull shows depends on many documents: the column, its campaign, the items its sections
 * resolved to, their files. Each answer remembers those (`deps`, e.g. `column:3`, `campaign:1`,
 * `entries:42`, `media:7`); a change bumps a counter and marks what it touched with it. An answer
 * is fresh while nothing it depends on (and nothing marked `*`) changed after its build began, and
 * it is younger than the TTL, which bounds how stale it can be after a change made by another
 * instance, or read between a hook and its transaction's commit.
 *
 * One state per booted Payload, reached through a registry symbol: Next bundles its own copy of
 * this module, and the hooks and the endpoints must see the same state.
 */
export type CachedPull = {
  /** The answer: 200 with these bytes, or 404. */
  status: 200 | 404
  body: Buffer
  etag: string
  contentType: string
  /** The document the bytes encode (GraphQL answers it as JSON). */
  doc: unknown
  deps: Set<string>
  /** The change counter when the build began. */
  since: number
  builtAt: number
}

type PullState = {
  counter: number
  /** The counter value of the last change of each dependency. */
  changed: Map<string, number>
  answers: Map<string, CachedPull>
  /** Builds under way, with the counter they began at: one begun before a change is not joined. */
  building: Map<string, { since: number; promise: Promise<CachedPull> }>
}

/** Answers kept per Payload, and changes remembered; the oldest go first. */
const maxAnswers = 2_000
const maxChanges = 20_000
/** How long an answer is trusted without a change seen here: other instances' changes show after it. */
export const pullCacheTtlMs = 5_000

const registry = Symbol.for('wangju-cms.columns.pull-state')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, PullState> }

const stateOf = (payload: Payload): PullState => {
  const global = globalThis as WithRegistry
  const states = (global[registry] ??= new WeakMap())
  let state = states.get(payload)
  if (!state) {
    state = { counter: 0, changed: new Map(), answers: new Map(), building: new Map() }
    states.set(payload, state)
  }
  return state
}

/** Marks what changed: every answer that depends on one of `deps` is built again on its next pull. */
export const markChanged = (payload: Payload, deps: string[]): void => {
  const state = stateOf(payload)
  state.counter += 1
  for (const dep of deps) {
    state.changed.delete(dep)
    state.changed.set(dep, state.counter)
  }
  // Forgetting an old change is safe once no answer older than it is left.
  while (state.changed.size > maxChanges) {
    state.changed.delete(state.changed.keys().next().value!)
    state.answers.clear()
  }
}

/**
 * A column's pull and feed changed: `columnId` for one column, none for every column (e.g. when
 * an interaction is approved and the caller does not know the column).
 */
export const invalidateColumnPull = (payload: Payload, columnId?: number): void =>
  markChanged(payload, [columnId === undefined ? '*' : `column:${columnId}`])

const isFresh = (state: PullState, answer: CachedPull): boolean => {
  if (Date.now() - answer.builtAt >= pullCacheTtlMs) {
    return false
  }
  if ((state.changed.get('*') ?? 0) > answer.since) {
    return false
  }
  for (const dep of answer.deps) {
    if ((state.changed.get(dep) ?? 0) > answer.since) {
      return false
    }
  }
  return true
}

/** A strong ETag: a hash of exactly the bytes sent. */
export const etagOf = (body: Buffer): string =>
  `"${createHash('sha256').update(body).digest('base64url')}"`

/** `If-None-Match` against our ETag, compared weakly as RFC 9110 says. */
export const matchesIfNoneMatch = (header: string | null | undefined, etag: string): boolean => {
  if (!header) {
    return false
  }
  const bare = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag))
}

/**
 * The cached answer under `key`, or a new one from `build`. Concurrent misses share one build; a
 * failed build is not kept; an answer built while something it depends on changed is stale at once.
 */
export const cachedPull = async ({
  payload,
  key,
  build,
}: {
  payload: Payload
  key: string
  build: () => Promise<Omit<CachedPull, 'since' | 'builtAt' | 'etag'>>
}): Promise<CachedPull> => {
  const state = stateOf(payload)
  const cached = state.answers.get(key)
  if (cached && isFresh(state, cached)) {
    return cached
  }
  const since = state.counter
  const pending = state.building.get(key)
  if (pending && pending.since === since) {
    return pending.promise
  }
  const builtAt = Date.now()
  const promise = build()
    .then((answer) => {
      const entry: CachedPull = { ...answer, etag: etagOf(answer.body), since, builtAt }
      state.answers.delete(key)
      state.answers.set(key, entry)
      while (state.answers.size > maxAnswers) {
        state.answers.delete(state.answers.keys().next().value!)
      }
      return entry
    })
    .finally(() => {
      if (state.building.get(key)?.promise === promise) {
        state.building.delete(key)
      }
    })
  state.building.set(key, { since, promise })
  return promise
}
