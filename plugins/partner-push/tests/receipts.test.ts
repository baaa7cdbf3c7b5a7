import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

import { createServer } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload, creatorOf } from '../../../tests/helpers/payload'
import { runJobs as runQueued } from './jobs'

const label = '中国梦·大国工匠篇'

const withLabel = `<html><head><title>【${label}】焊花里的青春</title></head><body><p>正文</p></body></html>`
const withoutLabel = '<html><head><title>焊花里的青春</title></head><body><p>正文</p></body></html>'

/** A partner's site on loopback: article pages (with the label, without, redirecting) and its webhook receiver. */
const pages: Record<string, { status: number; html?: string; headers?: Record<string, string> }> = {
  '/with-label': { status: 200, html: withLabel },
  '/entity-label': {
    status: 200,
    html: '<html><body><h1>【中国梦&middot;大国工匠篇】焊花里的青春</h1></body></html>',
  },
  // Spellings browsers show as the label too: an HTML5 name, a legacy reference without `;`, a decimal one.
  '/entity-centerdot': {
    status: 200,
    html: '<h1>&#x3010;中国梦&centerdot;大国工匠篇&rbrack;焊花</h1>',
  },
  '/entity-legacy': { status: 200, html: '<h1>【中国梦&middot大国工匠篇】焊花</h1>' },
  '/entity-decimal': {
    status: 200,
    html: '<h1>&#20013;&#22269;&#26790;&#183;&#22823;&#22269;&#24037;&#21280;&#31687;</h1>',
  },
  '/without-label': { status: 200, html: withoutLabel },
  '/moved': { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } },
  '/changing': { status: 200, html: withoutLabel },
  '/hook': { status: 204 },
}

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let site: Server
let siteUrl: string
let admin: Api
let partner: Api
let pullOnly: Api
let stranger: Api
let entry: number
let otherEntry: number
/** Published in the site's own campaign, never selected: anyone reads it, nobody was given it. */
let unselectedEntry: number
let partnerSite: number
/** When the work was first pushed to the partner (its first delivery). */
let pushedAt: Date
/** Works of their own for the tests that follow one partner's word about a work over time. */
const works = { again: 0, word: 0, race: 0, entities: 0 }

const create = creatorOf(() => booted.payload)

const receiptsOf = async (entryId: number) =>
  (
    await booted.payload.find({
      collection: 'receipts',
      where: { entry: { equals: entryId } },
      sort: 'createdAt',
      depth: 0,
      limit: 0,
    })
  ).docs

const current = async (entryId: number) =>
  (await receiptsOf(entryId)).filter((r) => !r.supersededAt)

/** A moment after the push, as a partner in Beijing writes it. */
const beijingTime = (date: Date) =>
  new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00')

const runJobs = () => runQueued(booted.payload)

/** Reports a receipt for `path` on the partner's site and runs the check job. */
const report = async (
  path: string,
  { entryId = entry, column = '工匠频道' }: { entryId?: number; column?: string } = {},
) => {
  const res = await partner.post(`/api/entries/${entryId}/receipts`, {
    url: `${siteUrl}${path}`,
    channel: 'pc',
    column,
    publishedAt: beijingTime(new Date()),
  })
  expect([200, 201]).toContain(res.status)
  await runJobs()
  return booted.payload.findByID({ collection: 'receipts', id: res.body.doc.id, depth: 0 })
}

/** A published work the national office selects: the selection pushes it to the partners taking its campaign. */
const selectedWork = async (title: string, subProject: number) => {
  const id = await create('entries', {
    title,
    subProject,
    status: 'published',
    authors: [{ name: '张师傅' }],
  })
  expect((await admin.post(`/api/entries/${id}/select`, { reason: '传播局精选' })).status).toBe(200)
  await runJobs()
  return id
}

beforeAll(async () => {
  site = createServer((req, res) => {
    const page = pages[req.url ?? ''] ?? { status: 404, html: 'not found' }
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
    res.end(page.html ?? '')
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`

  booted = await bootPayload({
    name: 'partner_receipts',
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost' },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  const campaign = await create('campaigns', {
    name: '2016年“中国梦·大国工匠篇”',
    year: 2016,
    status: 'active',
    label,
  })
  const otherCampaign = await create('campaigns', {
    name: '2017年上海市主题活动',
    year: 2017,
    status: 'active',
  })
  const subProject = await create('sub-projects', {
    campaign,
    name: '大国工匠作品征集',
    kind: 'other',
    _status: 'published',
  })
  const otherSubProject = await create('sub-projects', {
    campaign: otherCampaign,
    name: '读书征文',
    kind: 'essay',
    _status: 'published',
  })

  // 中工网 takes pushes (its receiver is on the same loopback site); 工人日报网 only pulls.
  partnerSite = await create('partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    push: { status: 'active', endpointURL: `${siteUrl}/hook`, campaigns: [campaign] },
  })
  expect((await admin.post(`/api/partner-sites/${partnerSite}/rotate-secret`, {})).status).toBe(200)
  const pullOnlySite = await create('partner-sites', {
    name: '工人日报网',
    kind: 'central-news-site',
    push: { campaigns: [campaign] },
  })
  const strangerSite = await create('partner-sites', {
    name: '东方网',
    kind: 'commercial-site',
    push: { campaigns: [otherCampaign] },
  })
  await create('partner-accounts', {
    name: '中工网接口',
    partnerSite,
    enableAPIKey: true,
    apiKey: 'receipt-partner-key-0123456789',
  })
  await create('partner-accounts', {
    name: '工人日报网接口',
    partnerSite: pullOnlySite,
    enableAPIKey: true,
    apiKey: 'receipt-pull-only-key-0123456789',
  })
  await create('partner-accounts', {
    name: '东方网接口',
    partnerSite: strangerSite,
    enableAPIKey: true,
    apiKey: 'receipt-stranger-key-0123456789',
  })
  partner = await apiClient(http.url, null, {
    Authorization: 'partner-accounts API-Key receipt-partner-key-0123456789',
  })
  pullOnly = await apiClient(http.url, null, {
    Authorization: 'partner-accounts API-Key receipt-pull-only-key-0123456789',
  })
  stranger = await apiClient(http.url, null, {
    Authorization: 'partner-accounts API-Key receipt-stranger-key-0123456789',
  })

  entry = await selectedWork('焊花里的青春', subProject)
  otherEntry = await create('entries', {
    title: '上海：最美劳动者',
    subProject: otherSubProject,
    status: 'published',
  })
  unselectedEntry = await create('entries', {
    title: '已发布未选定',
    subProject,
    status: 'published',
  })
  await booted.payload.update({
    collection: 'entries',
    id: otherEntry,
    data: { bestWork: { status: 'selected' } },
  })
  const [delivery] = (
    await booted.payload.find({
      collection: 'deliveries',
      where: { entry: { equals: entry } },
      sort: 'createdAt',
      limit: 1,
      depth: 0,
    })
  ).docs
  expect(delivery).toMatchObject({ partnerSite, state: 'delivered' })
  pushedAt = new Date(delivery!.createdAt)

  Object.assign(works, {
    again: await selectedWork('再报一次的作品', subProject),
    word: await selectedWork('先转载后不转载的作品', subProject),
    race: await selectedWork('同时报送的作品', subProject),
    entities: await selectedWork('标识写成字符引用的作品', subProject),
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
  await new Promise<void>((resolve) => {
    site?.closeAllConnections()
    if (site) {
      site.close(() => resolve())
    } else {
      resolve()
    }
  })
})

describe('a partner reports where it published a work', () => {
  it('is verified when the page carries the campaign label', async () => {
    const receipt = await report('/with-label')
    expect(receipt).toMatchObject({
      kind: 'published',
      partnerSite,
      channel: 'pc',
      column: '工匠频道',
      verification: { status: 'verified' },
    })
    expect(receipt.verification?.checkedAt).toBeTruthy()
  })

  it('recognises the label written with HTML entities', async () => {
    expect((await report('/entity-label')).verification?.status).toBe('verified')
  })

  it.each(['/entity-centerdot', '/entity-legacy', '/entity-decimal'])(
    'recognises the label on %s, as a browser shows it',
    async (path) => {
      expect((await report(path, { entryId: works.entities })).verification?.status).toBe(
        'verified',
      )
    },
  )

  it('is unverified when the page lacks the label', async () => {
    const receipt = await report('/without-label')
    expect(receipt.verification?.status).toBe('unverified')
    expect(receipt.verification?.detail).toContain(label)
  })

  it.each([
    ['a redirect (not followed)', '/moved'],
    ['a missing page', '/gone'],
  ])('is unreachable on %s', async (_, path) => {
    expect((await report(path)).verification?.status).toBe('unreachable')
  })

  it.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'http://10.0.0.1/article'],
    ['an IPv4-mapped loopback outside the allow list', 'http://[::ffff:7f00:2]/'],
    ['a non-http scheme', 'file:///etc/passwd'],
  ])('refuses %s with 400 and stores nothing', async (_, url) => {
    const before = (await receiptsOf(entry)).length
    const res = await partner.post(`/api/entries/${entry}/receipts`, { url, channel: 'weibo' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/^转载网址不可用：.+ \/ /)
    expect((await receiptsOf(entry)).length).toBe(before)
  })

  it('refuses an unknown channel', async () => {
    expect(
      (
        await partner.post(`/api/entries/${entry}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'tiktok',
        })
      ).status,
    ).toBe(400)
  })

  it('refuses a decline without a reason', async () => {
    expect((await partner.post(`/api/entries/${entry}/receipts`, { declined: true })).status).toBe(
      400,
    )
  })

  it('accepts receipts only for works the site was given: selected, in a campaign it takes', async () => {
    expect(
      (
        await partner.post(`/api/entries/${otherEntry}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'pc',
        })
      ).status,
    ).toBe(404)
    expect((await partner.get(`/api/entries/${unselectedEntry}`)).status).toBe(200)
    expect(
      (
        await partner.post(`/api/entries/${unselectedEntry}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'pc',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await stranger.post(`/api/entries/${entry}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'pc',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await admin.post(`/api/entries/${entry}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'pc',
        })
      ).status,
    ).toBe(403)
  })

  it('keeps receipts closed to partners and to direct writes', async () => {
    expect((await partner.get('/api/receipts')).status).toBe(403)
    expect(
      (
        await partner.post('/api/receipts', {
          entry,
          partnerSite,
          kind: 'published',
          url: 'https://example.org/',
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await admin.post('/api/receipts', {
          entry,
          partnerSite,
          kind: 'published',
          url: 'https://example.org/',
        })
      ).status,
    ).toBe(403)
  })
})

describe('the reported publication time', () => {
  const post = (api: Api, publishedAt: unknown) =>
    api.post(`/api/entries/${entry}/receipts`, {
      url: `${siteUrl}/with-label`,
      channel: 'pc',
      publishedAt,
    })

  it('is stored as the instant the partner wrote, whatever its offset', async () => {
    const at = new Date(Date.now() - 60_000)
    expect((await post(partner, beijingTime(at))).status).toBe(200)
    const [receipt] = (await current(entry)).filter((r) => r.url === `${siteUrl}/with-label`)
    expect(new Date(receipt!.publishedAt!).getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000)
  })

  it('may be a little ahead of our clock', async () => {
    expect((await post(partner, new Date(Date.now() + 2 * 60_000).toISOString())).status).toBe(200)
  })

  it.each([
    [
      'in the future',
      () => new Date(Date.now() + 60 * 60_000).toISOString(),
      /^发布时间（publishedAt）.+晚于当前时间 \/ publishedAt .+ is in the future$/,
    ],
    [
      'before the work was pushed to the partner',
      () => new Date(pushedAt.getTime() - 60 * 60_000).toISOString(),
      /^发布时间（publishedAt）.+早于作品推送给贵网站的时间 .+ \/ publishedAt .+ is before the work was pushed to your site/,
    ],
    [
      'without an offset',
      () => '2026-11-20T08:00:00',
      /^发布时间（publishedAt）须为带时区的 ISO 8601 时间.+ \/ publishedAt must be an ISO 8601 date-time with an offset/,
    ],
    [
      'not a date-time',
      () => '2026年11月20日',
      /^发布时间（publishedAt）须为带时区的 ISO 8601 时间/,
    ],
    ['a number', () => 1_763_600_000_000, /^发布时间（publishedAt）须为带时区的 ISO 8601 时间/],
  ])('is refused with 400 when %s, and nothing changes', async (_, at, message) => {
    const before = await receiptsOf(entry)
    const res = await post(partner, at())
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(message)
    expect(await receiptsOf(entry)).toEqual(before)
  })

  it('is refused before the work was first pushed, for a partner that only pulls', async () => {
    const res = await post(pullOnly, new Date(pushedAt.getTime() - 60 * 60_000).toISOString())
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toContain(pushedAt.toISOString())
    expect((await post(pullOnly, new Date().toISOString())).status).toBe(201)
  })
})

describe('a partner’s latest word about a work', () => {
  it('updates the receipt for the same URL instead of adding one, and checks the page again', async () => {
    const first = await report('/changing', { entryId: works.again, column: '要闻' })
    expect(first.verification?.status).toBe('unverified')
    pages['/changing'] = { status: 200, html: withLabel }
    const second = await report('/changing#comments', { entryId: works.again, column: '工匠频道' })
    expect(second.id).toBe(first.id)
    expect(second).toMatchObject({
      url: `${siteUrl}/changing`,
      column: '工匠频道',
      verification: { status: 'verified' },
    })
    expect(new Date(second.reportedAt!).getTime()).toBeGreaterThan(
      new Date(first.reportedAt!).getTime(),
    )
    expect(await receiptsOf(works.again)).toHaveLength(1)
  })

  it('answers 201 for a new receipt and 200 for an update', async () => {
    const body = {
      url: `${siteUrl}/with-label`,
      channel: 'app',
      publishedAt: new Date().toISOString(),
    }
    const created = await partner.post(`/api/entries/${works.again}/receipts`, body)
    const updated = await partner.post(`/api/entries/${works.again}/receipts`, body)
    expect([created.status, updated.status]).toEqual([201, 200])
    expect(updated.body.doc.id).toBe(created.body.doc.id)
    expect(updated.body.message).toMatch(/^已更新回执.+ \/ receipt updated/)
  })

  it('is a decline that supersedes its receipts of the work, kept as history', async () => {
    await report('/with-label', { entryId: works.word })
    await report('/without-label', { entryId: works.word })
    const res = await partner.post(`/api/entries/${works.word}/receipts`, {
      declined: true,
      reason: '本站版面已满，下期再用',
    })
    expect(res.status).toBe(201)
    expect(await current(works.word)).toEqual([
      expect.objectContaining({ kind: 'declined', reason: '本站版面已满，下期再用', partnerSite }),
    ])
    expect((await receiptsOf(works.word)).filter((r) => r.supersededAt).map((r) => r.url)).toEqual([
      `${siteUrl}/with-label`,
      `${siteUrl}/without-label`,
    ])
  })

  it('updates the one decline when the partner declines again', async () => {
    const res = await partner.post(`/api/entries/${works.word}/receipts`, {
      declined: true,
      reason: '与本站定位不符',
    })
    expect(res.status).toBe(200)
    const declines = (await receiptsOf(works.word)).filter((r) => r.kind === 'declined')
    expect(declines).toEqual([
      expect.objectContaining({
        id: res.body.doc.id,
        reason: '与本站定位不符',
        supersededAt: null,
      }),
    ])
  })

  it('is a receipt after a decline, which supersedes the decline and revives the receipt for that URL', async () => {
    const revived = await report('/with-label', { entryId: works.word })
    const rows = await receiptsOf(works.word)
    expect(rows).toHaveLength(3)
    expect((await current(works.word)).map((r) => [r.id, r.kind])).toEqual([
      [revived.id, 'published'],
    ])
    expect(rows.find((r) => r.kind === 'declined')?.supersededAt).toBeTruthy()
  })

  it('shows in the reach: the current word counted, what it replaced as history', async () => {
    const { body } = await admin.get(`/api/entries/${works.word}/reach`)
    expect(body.summary).toEqual({ published: 1, verified: 1, declined: 0, partners: 1 })
    expect(body.receipts).toEqual([
      expect.objectContaining({
        kind: 'published',
        url: `${siteUrl}/with-label`,
        verification: 'verified',
        supersededAt: null,
      }),
    ])
    expect(
      body.superseded.map((r: { kind: string; url: string | null }) => [r.kind, r.url]).sort(),
    ).toEqual([
      ['declined', null],
      ['published', `${siteUrl}/without-label`],
    ])
  })

  it('keeps one row when the same URL is reported many times at once', async () => {
    const body = {
      url: `${siteUrl}/with-label`,
      channel: 'wechat',
      publishedAt: new Date().toISOString(),
    }
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => partner.post(`/api/entries/${works.race}/receipts`, body)),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    expect(new Set(answers.map((a) => a.body.doc.id)).size).toBe(1)
    expect(await receiptsOf(works.race)).toHaveLength(1)
  })

  it('is one row per partner, work and URL in the database itself', async () => {
    const [row] = await current(works.race)
    await expect(
      booted.payload.create({
        collection: 'receipts',
        data: { entry: works.race, partnerSite, kind: 'published', url: row!.url, channel: 'pc' },
        depth: 0,
      }),
    ).rejects.toThrow()
    expect(await receiptsOf(works.race)).toHaveLength(1)
  })

  it('is exactly one word when a decline and a receipt arrive at once', async () => {
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([
        partner.post(`/api/entries/${works.race}/receipts`, {
          declined: true,
          reason: `第 ${round} 轮`,
        }),
        partner.post(`/api/entries/${works.race}/receipts`, {
          url: `${siteUrl}/with-label`,
          channel: 'wechat',
        }),
      ])
      const kinds = (await current(works.race)).map((r) => r.kind)
      expect([['declined'], ['published']]).toContainEqual(kinds)
    }
    expect((await receiptsOf(works.race)).filter((r) => r.kind === 'declined')).toHaveLength(1)
  })
})

describe('the work’s reach', () => {
  it('lists which partners published it where and when, verified or not', async () => {
    await runJobs()
    const { status, body } = await admin.get(`/api/entries/${entry}/reach`)
    expect(status).toBe(200)
    // /with-label, /entity-label, /without-label, /moved and /gone from 中工网, /with-label from 工人日报网.
    expect(body.summary).toEqual({ published: 6, verified: 3, declined: 0, partners: 2 })
    expect(body.superseded).toEqual([])
    expect(body.receipts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'published',
          partnerSite: { id: partnerSite, name: '中工网' },
          url: `${siteUrl}/without-label`,
          channel: 'pc',
          verification: 'unverified',
        }),
        expect.objectContaining({
          kind: 'published',
          partnerSite: { id: partnerSite, name: '中工网' },
          url: `${siteUrl}/with-label`,
          verification: 'verified',
        }),
        expect.objectContaining({
          partnerSite: expect.objectContaining({ name: '工人日报网' }),
          url: `${siteUrl}/with-label`,
        }),
      ]),
    )
    for (const receipt of body.receipts) {
      expect(new Date(receipt.publishedAt).getTime()).toBeGreaterThanOrEqual(
        pushedAt.getTime() - 5 * 60_000,
      )
      expect(receipt.reportedAt).toBeTruthy()
    }
  })

  it('is not shown to partners', async () => {
    expect((await partner.get(`/api/entries/${entry}/reach`)).status).toBe(403)
  })
})
