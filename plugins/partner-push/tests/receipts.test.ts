import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

import { createServer } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'

const label = '中国梦·大国工匠篇'

/** A partner's article pages on loopback: one carries the label, one does not, one redirects. */
const pages: Record<string, { status: number; html?: string; headers?: Record<string, string> }> = {
  '/with-label': { status: 200, html: `<html><head><title>【${label}】焊花里的青春</title></head><body><p>正文</p></body></html>` },
  '/entity-label': { status: 200, html: '<html><body><h1>【中国梦&middot;大国工匠篇】焊花里的青春</h1></body></html>' },
  '/without-label': { status: 200, html: '<html><head><title>焊花里的青春</title></head><body><p>正文</p></body></html>' },
  '/moved': { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } },
}

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let site: Server
let siteUrl: string
let admin: Api
let partner: Api
let stranger: Api
let entry: number
let otherEntry: number
let partnerSite: number

const create = async (collection: string, data: Record<string, unknown>) =>
  Number((await booted.payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)

const receiptsOf = async (entryId: number) =>
  (await booted.payload.find({ collection: 'receipts', where: { entry: { equals: entryId } }, sort: 'createdAt', depth: 0, limit: 0 })).docs

/** Reports a receipt for `path` on the partner's page server and runs the check job. */
const report = async (path: string) => {
  const res = await partner.post(`/api/entries/${entry}/receipts`, { url: `${siteUrl}${path}`, channel: 'pc', column: '工匠频道', publishedAt: '2026-11-20T08:00:00Z' })
  expect(res.status).toBe(201)
  await booted.payload.jobs.run({ allQueues: true, limit: 100 })
  return booted.payload.findByID({ collection: 'receipts', id: res.body.doc.id, depth: 0 })
}

beforeAll(async () => {
  site = createServer((req, res) => {
    const page = pages[req.url ?? ''] ?? { status: 404, html: 'not found' }
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
    res.end(page.html ?? '')
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`

  booted = await bootPayload({ name: 'partner_receipts', env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost' } })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  const campaign = await create('campaigns', { name: '2016年“中国梦·大国工匠篇”', year: 2016, status: 'active', label })
  const otherCampaign = await create('campaigns', { name: '2017年上海市主题活动', year: 2017, status: 'active' })
  const subProject = await create('sub-projects', { campaign, name: '大国工匠作品征集', kind: 'other', _status: 'published' })
  const otherSubProject = await create('sub-projects', { campaign: otherCampaign, name: '读书征文', kind: 'essay', _status: 'published' })
  entry = await create('entries', { title: '焊花里的青春', subProject, status: 'published', authors: [{ name: '张师傅' }] })
  await booted.payload.update({ collection: 'entries', id: entry, data: { bestWork: { status: 'selected' } } })
  otherEntry = await create('entries', { title: '上海：最美劳动者', subProject: otherSubProject, status: 'published' })
  await booted.payload.update({ collection: 'entries', id: otherEntry, data: { bestWork: { status: 'selected' } } })

  partnerSite = await create('partner-sites', { name: '中工网', kind: 'central-news-site', push: { campaigns: [campaign] } })
  const strangerSite = await create('partner-sites', { name: '东方网', kind: 'commercial-site', push: { campaigns: [otherCampaign] } })
  await create('partner-accounts', { name: '中工网接口', partnerSite, enableAPIKey: true, apiKey: 'receipt-partner-key-0123456789' })
  await create('partner-accounts', { name: '东方网接口', partnerSite: strangerSite, enableAPIKey: true, apiKey: 'receipt-stranger-key-0123456789' })
  partner = await apiClient(http.url, null, { Authorization: 'partner-accounts API-Key receipt-partner-key-0123456789' })
  stranger = await apiClient(http.url, null, { Authorization: 'partner-accounts API-Key receipt-stranger-key-0123456789' })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
  await new Promise<void>((resolve) => {
    site?.closeAllConnections()
    site ? site.close(() => resolve()) : resolve()
  })
})

describe('a partner reports where it published a work', () => {
  it('is verified when the page carries the campaign label', async () => {
    const receipt = await report('/with-label')
    expect(receipt).toMatchObject({ kind: 'published', partnerSite, channel: 'pc', column: '工匠频道', verification: { status: 'verified' } })
    expect(receipt.verification?.checkedAt).toBeTruthy()
  })

  it('recognises the label written with HTML entities', async () => {
    expect((await report('/entity-label')).verification?.status).toBe('verified')
  })

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
    expect((await partner.post(`/api/entries/${entry}/receipts`, { url: `${siteUrl}/with-label`, channel: 'tiktok' })).status).toBe(400)
  })

  it('stores a decline with its reason', async () => {
    const res = await partner.post(`/api/entries/${entry}/receipts`, { declined: true, reason: '本站版面已满，下期再用' })
    expect(res.status).toBe(201)
    const stored = await booted.payload.findByID({ collection: 'receipts', id: res.body.doc.id, depth: 0 })
    expect(stored).toMatchObject({ kind: 'declined', reason: '本站版面已满，下期再用', partnerSite })
  })

  it('refuses a decline without a reason', async () => {
    expect((await partner.post(`/api/entries/${entry}/receipts`, { declined: true })).status).toBe(400)
  })

  it('accepts receipts only for works the partner may pull', async () => {
    expect((await partner.post(`/api/entries/${otherEntry}/receipts`, { url: `${siteUrl}/with-label`, channel: 'pc' })).status).toBe(404)
    expect((await stranger.post(`/api/entries/${entry}/receipts`, { url: `${siteUrl}/with-label`, channel: 'pc' })).status).toBe(404)
    expect((await admin.post(`/api/entries/${entry}/receipts`, { url: `${siteUrl}/with-label`, channel: 'pc' })).status).toBe(403)
  })

  it('keeps receipts closed to partners and to direct writes', async () => {
    expect((await partner.get('/api/receipts')).status).toBe(403)
    expect((await partner.post('/api/receipts', { entry, partnerSite, kind: 'published', url: 'https://example.org/' })).status).toBe(403)
    expect((await admin.post('/api/receipts', { entry, partnerSite, kind: 'published', url: 'https://example.org/' })).status).toBe(403)
  })
})

describe('the work’s reach', () => {
  it('lists which partners published it where, verified or not, and who declined', async () => {
    const { status, body } = await admin.get(`/api/entries/${entry}/reach`)
    expect(status).toBe(200)
    expect(body.summary).toMatchObject({ published: 5, verified: 2, declined: 1, partners: 1 })
    expect(body.receipts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'published', partnerSite: { id: partnerSite, name: '中工网' }, url: `${siteUrl}/without-label`, channel: 'pc', verification: 'unverified' }),
        expect.objectContaining({ kind: 'published', url: `${siteUrl}/with-label`, verification: 'verified' }),
        expect.objectContaining({ kind: 'declined', reason: '本站版面已满，下期再用', verification: null }),
      ]),
    )
  })

  it('is not shown to partners', async () => {
    expect((await partner.get(`/api/entries/${entry}/reach`)).status).toBe(403)
  })
})
