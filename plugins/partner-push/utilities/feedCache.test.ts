import type { Payload } from 'payload'

import { describe, expect, it } from 'vitest'

import { cachedFeedPage, invalidateCampaignFeed } from './feedCache'

const page = (text: string) => ({
  body: Buffer.from(text),
  etag: `"${text}"`,
  contentType: 'application/feed+json',
})

/** Each test its own Payload stand-in: the state is kept per booted Payload. */
const setup = (ttlMs = 60_000) => {
  const payload = {} as Payload
  let builds = 0
  const get = (key = 'k', campaignId = 1) =>
    cachedFeedPage({
      payload,
      key,
      campaignId,
      ttlMs,
      build: async () => {
        builds += 1
        await new Promise((resolve) => setTimeout(resolve, 5))
        return page(`v${builds}`)
      },
    })
  return { payload, get, builds: () => builds }
}

describe('cached feed pages', () => {
  it('builds a page once for concurrent polls and serves the bytes after that', async () => {
    const { get, builds } = setup()
    const pages = await Promise.all(Array.from({ length: 10 }, () => get()))
    expect(new Set(pages.map((p) => p.etag))).toEqual(new Set(['"v1"']))
    expect((await get()).etag).toBe('"v1"')
    expect(builds()).toBe(1)
  })

  it('rebuilds a campaign’s pages after it changed, and only that campaign’s', async () => {
    const { payload, get } = setup()
    await get('a', 1)
    await get('b', 2)
    invalidateCampaignFeed(payload, 1)
    expect((await get('a', 1)).etag).toBe('"v3"')
    expect((await get('b', 2)).etag).toBe('"v2"')
  })

  it('rebuilds once the page is older than the TTL (another instance may have changed it)', async () => {
    const { get } = setup(0)
    await get()
    expect((await get()).etag).toBe('"v2"')
  })

  it('keeps no failed build', async () => {
    const payload = {} as Payload
    const failing = cachedFeedPage({
      payload,
      key: 'k',
      campaignId: 1,
      ttlMs: 60_000,
      build: () => Promise.reject(new Error('database down')),
    })
    await expect(failing).rejects.toThrow('database down')
    const ok = await cachedFeedPage({
      payload,
      key: 'k',
      campaignId: 1,
      ttlMs: 60_000,
      build: async () => page('ok'),
    })
    expect(ok.etag).toBe('"ok"')
  })

  it('stores a page built while its campaign changed as stale', async () => {
    const { payload } = setup()
    let release!: () => void
    const building = cachedFeedPage({
      payload,
      key: 'k',
      campaignId: 1,
      ttlMs: 60_000,
      build: () => new Promise((resolve) => (release = () => resolve(page('old')))),
    })
    invalidateCampaignFeed(payload, 1)
    release()
    expect((await building).etag).toBe('"old"')
    const next = await cachedFeedPage({
      payload,
      key: 'k',
      campaignId: 1,
      ttlMs: 60_000,
      build: async () => page('new'),
    })
    expect(next.etag).toBe('"new"')
  })
})
