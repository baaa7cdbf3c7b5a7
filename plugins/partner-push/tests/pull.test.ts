import { createRequire } from 'node:module'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload, creatorOf } from '../../../tests/helpers/payload'

/** A strict XML parser (sax ships with Payload): the RSS must be well-formed XML. */
type SaxParser = {
  onerror: (err: Error) => void
  onopentag: (node: { name: string }) => void
  onclosetag: (name: string) => void
  ontext: (text: string) => void
  write: (xml: string) => { close: () => void }
}
const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean) => SaxParser }

const label = '中国梦·大国工匠篇'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let partner: Api
let anonymous: Api
const ids = {} as Record<'taken' | 'otherCampaign' | 'unknown', number>
const entries = {} as Record<
  'selected' | 'selectedLater' | 'draft' | 'unselected' | 'selectedUnpublished' | 'otherCampaign',
  number
>
const notices = {} as Record<'published' | 'draft' | 'otherCampaign', number>
const workers = {} as Record<'published' | 'recommended' | 'otherCampaign', number>

const create = creatorOf(() => booted.payload)

/** A published work, then selected as 精品 the way the national office does it. */
const selectedWork = async (title: string, subProject: number, unit: number) => {
  const id = await create('entries', {
    title,
    subProject,
    submittingUnit: unit,
    status: 'published',
    text: '三十年如一日。\n\n焊花里的青春。',
    description: '一线焊工的故事',
    authors: [{ name: '张师傅', unit: '临汾钢铁厂', mobile: '13900000000' }],
  })
  await booted.payload.update({
    collection: 'entries',
    id,
    data: { bestWork: { status: 'selected' } },
  })
  return id
}

const getFeed = (
  client: 'partner' | 'other' | 'anonymous',
  path: string,
  headers: Record<string, string> = {},
) =>
  fetch(`${http.url}${path}`, {
    headers: {
      ...headers,
      ...(client === 'partner'
        ? { Authorization: 'partner-accounts API-Key pull-partner-key-0123456789' }
        : {}),
      ...(client === 'other'
        ? { Authorization: 'partner-accounts API-Key pull-other-key-0123456789' }
        : {}),
    },
  })

type JsonFeed = {
  version: string
  title: string
  feed_url: string
  next_url?: string
  _wangju: { next_since?: string }
  items: {
    id: string
    title: string
    content_html?: string
    content_text?: string
    date_modified: string
    authors?: { name: string }[]
    _wangju: {
      pubstatus: string
      version: number
      campaign: { id: number }
      attribution?: Record<string, string>
    }
  }[]
}

beforeAll(async () => {
  booted = await bootPayload({
    name: 'partner_pull',
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost' },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  const unit = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
  })
  ids.taken = await create('campaigns', {
    name: '2016年“中国梦·大国工匠篇”',
    year: 2016,
    status: 'active',
    label,
    hosts: [unit],
  })
  ids.otherCampaign = await create('campaigns', {
    name: '2017年上海市主题活动',
    year: 2017,
    status: 'active',
    hosts: [unit],
  })
  ids.unknown = ids.otherCampaign + 1000
  const subProject = await create('sub-projects', {
    campaign: ids.taken,
    name: '大国工匠作品征集',
    kind: 'other',
    _status: 'published',
  })
  const otherSubProject = await create('sub-projects', {
    campaign: ids.otherCampaign,
    name: '读书征文',
    kind: 'essay',
    _status: 'published',
  })

  entries.selected = await selectedWork('焊花里的青春', subProject, unit)
  entries.selectedLater = await selectedWork('大国焊匠', subProject, unit)
  entries.draft = await create('entries', {
    title: '草稿作品',
    subProject,
    submittingUnit: unit,
    status: 'draft',
  })
  entries.unselected = await create('entries', {
    title: '已发布未选定',
    subProject,
    submittingUnit: unit,
    status: 'published',
  })
  entries.selectedUnpublished = await create('entries', {
    title: '选定未发布',
    subProject,
    submittingUnit: unit,
    status: 'reported',
    bestWork: { status: 'selected' },
  })
  entries.otherCampaign = await selectedWork('上海：最美劳动者', otherSubProject, unit)

  notices.published = await create('notices', {
    title: '关于开展大国工匠篇的通知',
    campaign: ids.taken,
    _status: 'published',
  })
  notices.draft = await create('notices', {
    title: '评选结果（草稿）',
    campaign: ids.taken,
    _status: 'draft',
  })
  notices.otherCampaign = await create('notices', {
    title: '上海的通知',
    campaign: ids.otherCampaign,
    _status: 'published',
  })
  workers.published = await create('featured-workers', {
    name: '李师傅',
    unit,
    campaign: ids.taken,
    status: 'published',
  })
  workers.recommended = await create('featured-workers', {
    name: '王师傅',
    unit,
    campaign: ids.taken,
    status: 'recommended',
  })
  workers.otherCampaign = await create('featured-workers', {
    name: '陆师傅',
    unit,
    campaign: ids.otherCampaign,
    status: 'published',
  })

  const site = await create('partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    push: { campaigns: [ids.taken] },
  })
  const otherSite = await create('partner-sites', {
    name: '东方网',
    kind: 'commercial-site',
    push: { campaigns: [ids.otherCampaign] },
  })
  await create('partner-accounts', {
    name: '中工网接口',
    partnerSite: site,
    enableAPIKey: true,
    apiKey: 'pull-partner-key-0123456789',
  })
  await create('partner-accounts', {
    name: '东方网接口',
    partnerSite: otherSite,
    enableAPIKey: true,
    apiKey: 'pull-other-key-0123456789',
  })
  partner = await apiClient(http.url, null, {
    Authorization: 'partner-accounts API-Key pull-partner-key-0123456789',
  })
  anonymous = await apiClient(http.url, null)
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const idsOf = (docs: { id: number | string }[]) =>
  docs.map((d) => Number(d.id)).sort((a, b) => a - b)
const sorted = (...values: number[]) => [...values].sort((a, b) => a - b)

describe('a partner’s key reads what the public reads, and its feed what its site takes', () => {
  it('through REST: every published work, no drafts, nothing unpublished', async () => {
    const { status, body } = await partner.get('/api/entries?limit=0&depth=0')
    expect(status).toBe(200)
    const published = sorted(
      entries.selected,
      entries.selectedLater,
      entries.unselected,
      entries.otherCampaign,
    )
    expect(idsOf(body.docs)).toEqual(published)
    expect(body.totalDocs).toBe(4)
    expect(idsOf((await anonymous.get('/api/entries?limit=0&depth=0')).body.docs)).toEqual(
      published,
    )
    expect((await partner.get(`/api/entries/${entries.draft}`)).status).toBe(404)
    expect((await partner.get(`/api/entries/${entries.selectedUnpublished}`)).status).toBe(404)
  })

  it('lists the works its site may republish with a filter, and pulls them from the feed', async () => {
    const { body } = await partner.get(
      `/api/entries?limit=0&depth=0&where[bestWork.status][equals]=selected&where[campaign][equals]=${ids.taken}`,
    )
    expect(idsOf(body.docs)).toEqual(sorted(entries.selected, entries.selectedLater))
  })

  it('through GraphQL, in lists and by id', async () => {
    const { body } = await partner.graphql('{ Entries(limit: 0) { totalDocs docs { id title } } }')
    expect(idsOf(body.data.Entries.docs)).toEqual(
      sorted(entries.selected, entries.selectedLater, entries.unselected, entries.otherCampaign),
    )
    const one = await partner.graphql(`{ Entry(id: ${entries.selectedUnpublished}) { title } }`)
    expect(one.body.data?.Entry ?? null).toBeNull()
  })

  it('the published notices and featured workers, no drafts', async () => {
    expect(idsOf((await partner.get('/api/notices?limit=0')).body.docs)).toEqual(
      sorted(notices.published, notices.otherCampaign),
    )
    expect(idsOf((await partner.get('/api/featured-workers?limit=0')).body.docs)).toEqual(
      sorted(workers.published, workers.otherCampaign),
    )
    const { body } = await partner.graphql(
      '{ Notices(limit: 0) { docs { id } } FeaturedWorkers(limit: 0) { docs { id } } }',
    )
    expect(idsOf(body.data.Notices.docs)).toEqual(sorted(notices.published, notices.otherCampaign))
    expect(idsOf(body.data.FeaturedWorkers.docs)).toEqual(
      sorted(workers.published, workers.otherCampaign),
    )
  })

  it('never sees the authors’ contacts', async () => {
    const { body } = await partner.get(`/api/entries/${entries.selected}`)
    expect(body.authors[0]).not.toHaveProperty('mobile')
  })
})

describe('the campaign feed', () => {
  let first: JsonFeed
  let etag: string

  it('lists the same works as JSON Feed 1.1, oldest change first, with caching headers', async () => {
    const res = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/feed+json')
    expect(res.headers.get('cache-control')).toBe('private, max-age=30')
    expect(res.headers.get('vary')).toContain('Authorization')
    etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    first = (await res.json()) as JsonFeed
    expect(first.version).toBe('https://jsonfeed.org/version/1.1')
    expect(first.items.map((item) => item.id)).toEqual([
      `urn:wangju:entry:${entries.selected}`,
      `urn:wangju:entry:${entries.selectedLater}`,
    ])
    const [item] = first.items
    expect(item!.title).toContain(label)
    expect(item!.content_html).toBe('<p>三十年如一日。</p><p>焊花里的青春。</p>')
    expect(item!.authors).toEqual([{ name: '张师傅' }])
    expect(item!._wangju).toMatchObject({
      pubstatus: 'usable',
      version: 1,
      campaign: { id: ids.taken },
      attribution: { originalAuthor: '张师傅', originalTitle: '焊花里的青春' },
    })
    expect(first.next_url).toBeUndefined()
    expect(first._wangju.next_since).toBeTruthy()
  })

  it('answers a repeat with the ETag with 304 and no body', async () => {
    const res = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`, {
      'If-None-Match': etag,
    })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(etag)
    expect(await res.text()).toBe('')
  })

  it('pages with next_url when more changes remain', async () => {
    const res = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json?limit=1`)
    const page = (await res.json()) as JsonFeed
    expect(page.items.map((item) => item.id)).toEqual([`urn:wangju:entry:${entries.selected}`])
    const next = new URL(page.next_url!)
    const rest = (await (
      await getFeed('partner', `${next.pathname}${next.search}`)
    ).json()) as JsonFeed
    expect(rest.items.map((item) => item.id)).toEqual([`urn:wangju:entry:${entries.selectedLater}`])
  })

  it('shows a takedown after the cursor as a tombstone, without the content', async () => {
    await booted.payload.update({
      collection: 'entries',
      id: entries.selected,
      data: { bestWork: { status: 'recommended' } },
    })
    const res = await getFeed(
      'partner',
      `/api/campaigns/${ids.taken}/feed.json?since=${encodeURIComponent(first._wangju.next_since!)}`,
    )
    expect(res.status).toBe(200)
    const page = (await res.json()) as JsonFeed
    expect(page.items).toHaveLength(1)
    const [tombstone] = page.items
    expect(tombstone).toMatchObject({
      id: `urn:wangju:entry:${entries.selected}`,
      _wangju: { pubstatus: 'canceled', version: 2 },
    })
    expect(tombstone!.title).toMatch(/^\[撤稿\] /)
    expect(tombstone).not.toHaveProperty('content_html')
    expect(tombstone!._wangju).not.toHaveProperty('attribution')
    expect(Date.parse(tombstone!.date_modified)).toBeGreaterThan(
      Date.parse(first.items[1]!.date_modified),
    )
  })

  it('gives a new ETag once something changed', async () => {
    const res = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`, {
      'If-None-Match': etag,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(etag)
  })

  it('accepts an ISO date as the cursor', async () => {
    const page = (await (
      await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json?since=2000-01-01T00:00:00Z`)
    ).json()) as JsonFeed
    expect(page.items.map((item) => item._wangju.pubstatus)).toEqual(['usable', 'canceled'])
  })

  it('is also RSS 2.0 that parses as XML, with the items and their pubstatus', async () => {
    const res = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.rss`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/rss+xml')
    const xml = await res.text()
    const found: { guid: string[]; pubstatus: string[]; titles: string[] } = {
      guid: [],
      pubstatus: [],
      titles: [],
    }
    let path: string[] = []
    const parser = sax.parser(true)
    parser.onerror = (err) => {
      throw err
    }
    parser.onopentag = (node) => {
      path = [...path, node.name]
    }
    parser.onclosetag = () => {
      path = path.slice(0, -1)
    }
    parser.ontext = (text) => {
      const [parent, name] = path.slice(-2)
      if (parent === 'item' && name === 'guid') {
        found.guid.push(text)
      } else if (parent === 'item' && name === 'wangju:pubstatus') {
        found.pubstatus.push(text)
      } else if (parent === 'item' && name === 'title') {
        found.titles.push(text)
      }
    }
    parser.write(xml).close()
    expect(xml).toContain('xmlns:wangju="urn:wangju:feed:1"')
    expect(found.guid).toEqual([
      `urn:wangju:entry:${entries.selectedLater}`,
      `urn:wangju:entry:${entries.selected}`,
    ])
    expect(found.pubstatus).toEqual(['usable', 'canceled'])
    expect(found.titles[1]).toMatch(/^\[撤稿\] /)
    const again = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.rss`, {
      'If-None-Match': res.headers.get('etag')!,
    })
    expect(again.status).toBe(304)
  })

  it.each([
    ['a partner not taking the campaign', 'other', () => ids.taken, 403],
    ['an unknown campaign', 'partner', () => ids.unknown, 404],
    ['no API key', 'anonymous', () => ids.taken, 401],
  ] as const)('refuses %s', async (_, client, campaign, status) => {
    expect((await getFeed(client, `/api/campaigns/${campaign()}/feed.json`)).status).toBe(status)
  })

  it.each([
    ['0', 'answered in front of Payload'],
    ['-5', 'answered in front of Payload'],
    ['101', 'answered in front of Payload'],
    ['abc', 'answered in front of Payload'],
    ['0', 'by the endpoint'],
    ['101', 'by the endpoint'],
  ])('refuses limit=%s with the allowed range (%s)', async (limit, how) => {
    // A request with an Origin (a browser's) is passed on to the plugin's endpoint.
    const headers: Record<string, string> = how === 'by the endpoint' ? { Origin: http.url } : {}
    const res = await getFeed(
      'partner',
      `/api/campaigns/${ids.taken}/feed.json?limit=${limit}`,
      headers,
    )
    expect(res.status).toBe(400)
    expect((await res.json()) as unknown).toEqual({
      errors: [
        {
          message: `每页条数 limit 应为 1 到 100 之间的整数（不写为 20），收到“${limit}” / limit must be a whole number from 1 to 100 (default 20), got "${limit}"`,
        },
      ],
    })
  })

  it('refuses a cursor it did not make', async () => {
    expect(
      (await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json?since=not-a-cursor`)).status,
    ).toBe(400)
  })

  it('records every pull in the audit log, identical polls of a moment counted in one entry', async () => {
    const pulls = async () => {
      const { docs } = await booted.payload.find({
        collection: 'audit-log',
        where: {
          and: [
            { action: { equals: 'partner-read' } },
            { targetCollection: { equals: 'campaigns' } },
            { targetId: { equals: String(ids.taken) } },
          ],
        },
        limit: 0,
        pagination: false,
      })
      return docs.reduce(
        (sum, doc) => sum + Number((doc.details as { reads?: number } | null)?.reads ?? 1),
        0,
      )
    }
    await http.flushAuditLog()
    const before = await pulls()
    const first = await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)
    await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)
    expect(
      (
        await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`, {
          'If-None-Match': first.headers.get('etag')!,
        })
      ).status,
    ).toBe(304)
    // Written off the request path, about once a second.
    await expect.poll(pulls, { timeout: 5_000, interval: 200 }).toBe(before + 3)
    expect(await pulls()).toBe(before + 3)
    const { docs } = await booted.payload.find({
      collection: 'audit-log',
      where: {
        and: [{ action: { equals: 'partner-read' } }, { targetId: { equals: String(ids.taken) } }],
      },
      sort: '-createdAt',
      limit: 1,
    })
    expect(docs[0]).toMatchObject({
      actorLabel: expect.any(String),
      actor: { relationTo: 'partner-accounts' },
    })
    expect(docs[0]!.summary).toContain('feed.json')
  })

  it('refuses a partner at once when its site stops taking the campaign, and admits it again', async () => {
    const site = Number(
      (
        await booted.payload.find({
          collection: 'partner-sites',
          where: { name: { equals: '中工网' } },
          limit: 1,
        })
      ).docs[0]!.id,
    )
    expect((await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)).status).toBe(200)
    await booted.payload.update({
      collection: 'partner-sites',
      id: site,
      data: { push: { campaigns: [ids.otherCampaign] } },
    })
    expect((await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)).status).toBe(403)
    await booted.payload.update({
      collection: 'partner-sites',
      id: site,
      data: { push: { campaigns: [ids.taken] } },
    })
    expect((await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)).status).toBe(200)
  })

  it('shows a campaign’s new name at once', async () => {
    const { name } = await booted.payload.findByID({ collection: 'campaigns', id: ids.taken })
    await booted.payload.update({
      collection: 'campaigns',
      id: ids.taken,
      data: { name: '2016年“中国梦·大国工匠篇”（更名）' },
    })
    try {
      const page = (await (
        await getFeed('partner', `/api/campaigns/${ids.taken}/feed.json`)
      ).json()) as JsonFeed
      expect(page.title).toContain('（更名）')
    } finally {
      await booted.payload.update({ collection: 'campaigns', id: ids.taken, data: { name } })
    }
  })

  it('the other partner reads its own campaign’s feed', async () => {
    const page = (await (
      await getFeed('other', `/api/campaigns/${ids.otherCampaign}/feed.json`)
    ).json()) as JsonFeed
    expect(page.items.map((item) => item.id)).toEqual([`urn:wangju:entry:${entries.otherCampaign}`])
  })

  it('stops answering a key the moment it is replaced', async () => {
    const account = Number(
      (
        await booted.payload.find({
          collection: 'partner-accounts',
          where: { name: { equals: '东方网接口' } },
          limit: 1,
        })
      ).docs[0]!.id,
    )
    expect((await getFeed('other', `/api/campaigns/${ids.otherCampaign}/feed.json`)).status).toBe(
      200,
    )
    await booted.payload.update({
      collection: 'partner-accounts',
      id: account,
      data: { apiKey: 'pull-other-key-replaced-9876543210' },
    })
    expect((await getFeed('other', `/api/campaigns/${ids.otherCampaign}/feed.json`)).status).toBe(
      401,
    )
  })
})
