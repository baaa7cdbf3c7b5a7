import type { CollectionSlug, Payload } from 'payload'

/**
 * Partners' REST and GraphQL reads kept as the bytes Payload answered, with the change counts of
 * the collections each answer was read from.
 *
 * One state per booted Payload, reached through a registry symbol: Next bundles its own copy of
 * this module (where the hooks that count changes run) and the Express layer has another (where
 * the cache answers), and both must see the same state — as the feed's cache does
 * (plugins/partner-push/utilities/feedCache.ts).
 */
export type CachedRead = {
  status: number
  headers: [string, string][]
  body: Buffer
  /** `body` gzipped, made on the first hit from a client that takes gzip. */
  gzipped?: Buffer
  /** The collections the answer depends on, and their change counts when its read began. */
  dependsOn: string[]
  stamp: number[]
  builtAt: number
  /** For the audit entry of a read answered from here. */
  summary: ReadSummary
}

/** What a cached answer held, for the audit entry of a read it answers. */
export type ReadSummary = {
  /** The collection read, or those a GraphQL query's fields read. */
  target: string
  operation: string
  returned: number
  totalDocs?: number
}

type ReadCacheState = {
  /** Per collection slug: how often it changed on this instance. */
  changes: Map<string, number>
  reads: Map<string, CachedRead>
  bytes: number
  /** Reads under way that will fill a key: concurrent misses wait for the first. */
  filling: Map<string, Promise<CachedRead | null>>
  /** Per collection slug: the collections its documents can show (relationships, uploads, joins). */
  reach: Map<string, string[]>
}

const registry = Symbol.for('wangju-cms.partner-reads.state')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, ReadCacheState> }

export const readCacheStateOf = (payload: Payload): ReadCacheState => {
  const global = globalThis as WithRegistry
  const states = (global[registry] ??= new WeakMap())
  let state = states.get(payload)
  if (!state) {
    state = { changes: new Map(), reads: new Map(), bytes: 0, filling: new Map(), reach: new Map() }
    states.set(payload, state)
  }
  return state
}

/** A document of `slug` changed (or is about to be committed): answers that show it are stale. */
export const noteChanged = (payload: Payload, slug: string): void => {
  const { changes } = readCacheStateOf(payload)
  changes.set(slug, (changes.get(slug) ?? 0) + 1)
}

/** The change counts of `slugs` now, to stamp an answer whose read begins. */
export const stampOf = (payload: Payload, slugs: string[]): number[] => {
  const { changes } = readCacheStateOf(payload)
  return slugs.map((slug) => changes.get(slug) ?? 0)
}

/**
 * Every collection a document of `slug` can show at any depth: itself, what its relationship,
 * upload and join fields point at, and so on. Worked out once per collection from the config.
 */
export const reachOf = (payload: Payload, slug: string): string[] => {
  const { reach } = readCacheStateOf(payload)
  const known = reach.get(slug)
  if (known) {
    return known
  }
  const seen = new Set<string>()
  const visit = (current: string) => {
    const collection = payload.collections[current as CollectionSlug]
    if (seen.has(current) || !collection) {
      return
    }
    seen.add(current)
    for (const target of pointsAt(collection.config.flattenedFields)) {
      visit(target)
    }
  }
  visit(slug)
  const found = [...seen].sort()
  reach.set(slug, found)
  return found
}

type FieldLike = {
  type: string
  relationTo?: string | string[]
  collection?: string | string[]
  flattenedFields?: FieldLike[]
  blocks?: { flattenedFields?: FieldLike[] }[]
}

const pointsAt = (fields: readonly unknown[]): string[] => {
  const found: string[] = []
  for (const field of fields as FieldLike[]) {
    if (field.type === 'relationship' || field.type === 'upload') {
      found.push(...[field.relationTo ?? []].flat())
    } else if (field.type === 'join') {
      found.push(...[field.collection ?? []].flat())
    }
    if (field.flattenedFields) {
      found.push(...pointsAt(field.flattenedFields))
    }
    for (const block of field.blocks ?? []) {
      found.push(...pointsAt(block.flattenedFields ?? []))
    }
  }
  return found
}

/** Answers kept at most, and their bytes; the oldest go first. */
const maxReads = 2_000
const maxBytes = 64 * 1024 * 1024

export const keepRead = (payload: Payload, key: string, read: CachedRead): void => {
  const state = readCacheStateOf(payload)
  forget(state, key)
  state.reads.set(key, read)
  state.bytes += read.body.length
  while (state.reads.size > maxReads || state.bytes > maxBytes) {
    forget(state, state.reads.keys().next().value!)
  }
}

const forget = (state: ReadCacheState, key: string) => {
  const known = state.reads.get(key)
  if (known) {
    state.bytes -= known.body.length
    state.reads.delete(key)
  }
}

/** The answer kept under `key`, if nothing it depends on changed since and it is younger than `ttlMs`. */
export const freshRead = (payload: Payload, key: string, ttlMs: number): CachedRead | null => {
  const state = readCacheStateOf(payload)
  const read = state.reads.get(key)
  if (!read) {
    return null
  }
  const isFresh =
    Date.now() - read.builtAt < ttlMs &&
    read.dependsOn.every((slug, i) => (state.changes.get(slug) ?? 0) === read.stamp[i])
  if (!isFresh) {
    forget(state, key)
    return null
  }
  return read
}
