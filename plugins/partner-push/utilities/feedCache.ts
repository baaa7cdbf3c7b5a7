import type { Payload } from 'payload'

/**
 * Feed pages kept as finished bytes, so a partner's poll costs no query while nothing changed.
 *
 * One state per booted Payload, reached through a registry symbol: Next bundles its own copy of
 * this module (where the invalidating hooks run) and the Express layer has another (where the
 * fast feed handler runs), and both must see the same state.
 *
 * A page is fresh while its campaign's generation is unchanged (bumped by the hooks of this
 * instance the moment a work's syndication state or the campaign changes, and for every campaign
 * when another instance tells of such a change: plugins/shared/changeNotices.ts) and it is
 * younger than the TTL, which bounds how stale a page can be if that notice is lost.
 */
export type CachedFeedPage = {
  body: Buffer
  etag: string
  contentType: string
  generation: number
  /** `FeedState.everyCampaign` when the page's build began. */
  everyCampaign: number
  builtAt: number
}

/** A page as its build makes it, before the cache stamps it. */
export type BuiltFeedPage = Omit<CachedFeedPage, 'generation' | 'everyCampaign' | 'builtAt'>

type FeedState = {
  generations: Map<number, number>
  /** Bumped when another instance changed works or campaigns: every page is built again. */
  everyCampaign: number
  /** Bumped when any partner site or account changes: cached access decisions are re-checked. */
  accessEpoch: number
  pages: Map<string, CachedFeedPage>
  /** Pages being built: concurrent misses for one key wait for the same build. */
  building: Map<string, Promise<CachedFeedPage>>
}

/** Pages kept per Payload; the oldest go first. */
const maxPages = 2_000

const registry = Symbol.for('wangju-cms.partner-push.feed-state')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, FeedState> }

export const feedStateOf = (payload: Payload): FeedState => {
  const global = globalThis as WithRegistry
  const states = (global[registry] ??= new WeakMap())
  let state = states.get(payload)
  if (!state) {
    state = {
      generations: new Map(),
      everyCampaign: 0,
      accessEpoch: 0,
      pages: new Map(),
      building: new Map(),
    }
    states.set(payload, state)
  }
  return state
}

/** The campaign's feed changed: its cached pages are rebuilt on their next poll. */
export const invalidateCampaignFeed = (payload: Payload, campaignId: number): void => {
  const { generations } = feedStateOf(payload)
  generations.set(campaignId, (generations.get(campaignId) ?? 0) + 1)
}

/** Works or campaigns changed on another instance, which does not say which: every page is stale. */
export const invalidateEveryFeed = (payload: Payload): void => {
  feedStateOf(payload).everyCampaign += 1
}

/** Which campaigns a partner may read changed, or an account did: access is looked up again. */
export const invalidateFeedAccess = (payload: Payload): void => {
  feedStateOf(payload).accessEpoch += 1
}

/**
 * The cached page under `key`, or a new one from `build`. A failed build is not cached, and
 * a page built while its campaign changed is stored under the old generation, so the next
 * poll builds it again.
 */
export const cachedFeedPage = async ({
  payload,
  key,
  campaignId,
  ttlMs,
  build,
}: {
  payload: Payload
  key: string
  campaignId: number
  ttlMs: number
  build: () => Promise<BuiltFeedPage>
}): Promise<CachedFeedPage> => {
  const state = feedStateOf(payload)
  const generation = state.generations.get(campaignId) ?? 0
  const { everyCampaign } = state
  const cached = state.pages.get(key)
  if (
    cached &&
    cached.generation === generation &&
    cached.everyCampaign === everyCampaign &&
    Date.now() - cached.builtAt < ttlMs
  ) {
    return cached
  }
  const pending = state.building.get(key)
  if (pending) {
    return pending
  }
  const started = Date.now()
  const promise = build()
    .then((page) => {
      const entry: CachedFeedPage = { ...page, generation, everyCampaign, builtAt: started }
      state.pages.delete(key)
      state.pages.set(key, entry)
      while (state.pages.size > maxPages) {
        state.pages.delete(state.pages.keys().next().value!)
      }
      return entry
    })
    .finally(() => state.building.delete(key))
  state.building.set(key, promise)
  return promise
}
