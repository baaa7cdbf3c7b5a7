import { commitTransaction, createLocalReq, initTransaction } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { serveApp } from '../helpers/http'
import { bootPayload, creatorOf } from '../helpers/payload'

/**
 * Partners' REST and GraphQL reads answered from kept bytes (src/http/partnerReads): the same
 * bytes Payload gives, a change visible to the next read, a removed key refused at once, a
 * mutation never kept, and every read answered from the cache still in the audit log.
 */

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
const ids = {} as Record<
  'unit' | 'campaign' | 'other' | 'subProject' | 'work' | 'site' | 'otherSite' | 'account',
  number
>

const keys = {
  partner: 'cache-partner-key-0123456789',
  sameCampaigns: 'cache-same-key-0123456789',
  other: 'cache-other-key-0123456789',
}

const create = creatorOf(() => booted.payload)

const listPath = () =>
  `/api/entries?where[campaign][equals]=${ids.campaign}&limit=20&sort=-updatedAt&depth=1`

const read = async (path: string, key: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${http.url}${path}`, {
    headers: { Authorization: `partner-accounts API-Key ${key}`, ...headers },
  })
  return { status: res.status, cache: res.headers.get('x-cache'), text: await res.text() }
}

const query = async (key: string, body: Record<string, unknown>) => {
  const res = await fetch(`${http.url}/api/graphql`, {
    method: 'POST',
    headers: {
      Authorization: `partner-accounts API-Key ${key}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  })
  return { status: res.status, cache: res.headers.get('x-cache'), text: await res.text() }
}

const entriesQuery = {
  query: `query Works($campaign: JSON) {
    Entries(where: { campaign: { equals: $campaign } }, limit: 20, sort: "-updatedAt") {
      totalDocs
      docs { id title subProject { name } submittingUnit { name } }
    }
  }`,
}

beforeAll(async () => {
  booted = await bootPayload({ name: 'partner_read_cache' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  ids.unit = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.campaign = await create('campaigns', {
    name: '2016年“中国梦·大国工匠篇”',
    year: 2016,
    status: 'active',
    label: '中国梦·大国工匠篇',
    hosts: [ids.unit],
  })
  ids.other = await create('campaigns', {
    name: '2017年上海市主题活动',
    year: 2017,
    status: 'active',
    hosts: [ids.unit],
  })
  ids.subProject = await create('sub-projects', {
    campaign: ids.campaign,
    name: '大国工匠作品征集',
    kind: 'other',
    _status: 'published',
  })
  ids.work = await create('entries', {
    title: '焊花里的青春',
    subProject: ids.subProject,
    submittingUnit: ids.unit,
    status: 'published',
    text: '三十年如一日。',
    authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
  })
  ids.site = await create('partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    push: { campaigns: [ids.campaign] },
  })
  const sameSite = await create('partner-sites', {
    name: '工人日报网',
    kind: 'central-news-site',
    push: { campaigns: [ids.campaign] },
  })
  ids.otherSite = await create('partner-sites', {
    name: '东方网',
    kind: 'commercial-site',
    push: { campaigns: [ids.other] },
  })
  ids.account = await create('partner-accounts', {
    name: '中工网接口',
    partnerSite: ids.site,
    enableAPIKey: true,
    apiKey: keys.partner,
  })
  await create('partner-accounts', {
    name: '工人日报网接口',
    partnerSite: sameSite,
    enableAPIKey: true,
    apiKey: keys.sameCampaigns,
  })
  await create('partner-accounts', {
    name: '东方网接口',
    partnerSite: ids.otherSite,
    enableAPIKey: true,
    apiKey: keys.other,
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('partner REST reads', () => {
  it('answers the second read from the bytes Payload gave the first, for every site taking the same campaigns', async () => {
    const first = await read(listPath(), keys.partner)
    expect(first.status).toBe(200)
    expect(first.cache).toBe('miss')
    expect(JSON.parse(first.text).docs.map((doc: { title: string }) => doc.title)).toEqual([
      '焊花里的青春',
    ])
    const second = await read(listPath(), keys.partner)
    expect(second).toEqual({ ...first, cache: 'hit' })
    // Another site with the same campaigns reads what everyone reads: the same kept answer.
    expect(await read(listPath(), keys.sameCampaigns)).toEqual({ ...first, cache: 'hit' })
    // The query's parameters in another order are the same read.
    const reordered = `/api/entries?depth=1&sort=-updatedAt&limit=20&where[campaign][equals]=${ids.campaign}`
    expect((await read(reordered, keys.partner)).cache).toBe('hit')
    // `Cache-Control: no-cache` reads through, and gets the same bytes from Payload.
    const through = await read(listPath(), keys.partner, { 'Cache-Control': 'no-cache' })
    expect(through).toEqual({ ...first, cache: 'miss' })
  })

  it('gzips a kept answer for a client that takes gzip, the same content', async () => {
    const plain = await read(listPath(), keys.partner)
    const res = await fetch(`${http.url}${listPath()}`, {
      headers: {
        Authorization: `partner-accounts API-Key ${keys.partner}`,
        'Accept-Encoding': 'gzip',
      },
    })
    expect(res.headers.get('x-cache')).toBe('hit')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(Number(res.headers.get('content-length'))).toBeLessThan(Buffer.byteLength(plain.text))
    expect(await res.text()).toBe(plain.text)
  })

  it('keeps a site with other campaigns apart', async () => {
    await read(listPath(), keys.partner)
    expect((await read(listPath(), keys.other)).cache).toBe('miss')
  })

  it('shows a change to the work, or to what the work shows at depth 1, at the next read', async () => {
    await read(listPath(), keys.partner)
    expect((await read(listPath(), keys.partner)).cache).toBe('hit')
    await booted.payload.update({
      collection: 'entries',
      id: ids.work,
      data: { title: '焊花里的青春（修订）' },
    })
    const afterTitle = await read(listPath(), keys.partner)
    expect(afterTitle.cache).toBe('miss')
    expect(JSON.parse(afterTitle.text).docs[0].title).toBe('焊花里的青春（修订）')

    await booted.payload.update({
      collection: 'sub-projects',
      id: ids.subProject,
      data: { name: '大国工匠作品征集（第二批）' },
    })
    const afterSubProject = JSON.parse((await read(listPath(), keys.partner)).text)
    expect(afterSubProject.docs[0].subProject.name).toBe('大国工匠作品征集（第二批）')
  })

  it('does not keep the old answer read while a change was still uncommitted', async () => {
    const req = await createLocalReq({}, booted.payload)
    await initTransaction(req)
    await booted.payload.update({
      collection: 'entries',
      id: ids.work,
      data: { title: '焊花里的青春（未提交）' },
      req,
    })
    // Read between the write's hooks and its commit: the old title, which must not stay.
    const during = JSON.parse((await read(listPath(), keys.partner)).text)
    expect(during.docs[0].title).not.toBe('焊花里的青春（未提交）')
    await commitTransaction(req)
    const after = await read(listPath(), keys.partner)
    expect(after.cache).toBe('miss')
    expect(JSON.parse(after.text).docs[0].title).toBe('焊花里的青春（未提交）')
  })

  it('refuses a key removed at the next read, and keeps no answer for it', async () => {
    const key = 'cache-removed-key-0123456789'
    const account = await create('partner-accounts', {
      name: '将被删除的接口',
      partnerSite: ids.site,
      enableAPIKey: true,
      apiKey: key,
    })
    await read(listPath(), key)
    expect((await read(listPath(), key)).cache).toBe('hit')
    await booted.payload.delete({ collection: 'partner-accounts', id: account })
    const refused = await read(listPath(), key)
    expect(refused.status).toBe(401)
    expect(refused.cache).toBeNull()
  })

  it('follows a site that takes another campaign at the next read', async () => {
    const before = await read(listPath(), keys.other)
    expect(JSON.parse(before.text).docs).toHaveLength(1)
    await booted.payload.update({
      collection: 'partner-sites',
      id: ids.otherSite,
      data: { push: { campaigns: [ids.other, ids.campaign] } },
    })
    expect((await read(listPath(), keys.other)).cache).toBe('miss')
    await booted.payload.update({
      collection: 'partner-sites',
      id: ids.otherSite,
      data: { push: { campaigns: [ids.other] } },
    })
  })

  it('does not keep what is not a shared read: an anonymous read, a partner’s own site', async () => {
    const anonymous = await fetch(`${http.url}${listPath()}`)
    expect(anonymous.headers.get('x-cache')).toBeNull()
    const ownSite = await read(`/api/partner-sites/${ids.site}`, keys.partner)
    expect(ownSite.cache).toBeNull()
  })
})

describe('partner GraphQL reads', () => {
  it('answers a repeated query from kept bytes, and shows a change at the next read', async () => {
    const body = { ...entriesQuery, variables: { campaign: ids.campaign } }
    const first = await query(keys.partner, body)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.text).data.Entries.docs[0].submittingUnit.name).toBe('临汾市总工会')
    expect(first.cache).toBe('miss')
    expect(await query(keys.partner, body)).toEqual({ ...first, cache: 'hit' })
    expect((await query(keys.sameCampaigns, body)).cache).toBe('hit')

    await booted.payload.update({
      collection: 'organizers',
      id: ids.unit,
      data: { name: '临汾市总工会（宣教部）' },
    })
    const changed = await query(keys.partner, body)
    expect(changed.cache).toBe('miss')
    expect(JSON.parse(changed.text).data.Entries.docs[0].submittingUnit.name).toBe(
      '临汾市总工会（宣教部）',
    )
  })

  it('never keeps a mutation, or a query that failed', async () => {
    const mutation = {
      query: `mutation { updateEntry(id: ${ids.work}, data: { title: "篡改" }) { id } }`,
    }
    expect((await query(keys.partner, mutation)).cache).toBeNull()
    expect((await query(keys.partner, mutation)).cache).toBeNull()
    const failing = { query: '{ Entries { docs { noSuchField } } }' }
    await query(keys.partner, failing)
    expect((await query(keys.partner, failing)).cache).not.toBe('hit')
  })
})

describe('audit of kept answers', () => {
  it('records the reads answered from the cache as partner reads, in batches', async () => {
    const path = `/api/entries?where[campaign][equals]=${ids.campaign}&limit=5`
    await read(path, keys.partner)
    for (let i = 0; i < 3; i++) {
      expect((await read(path, keys.partner)).cache).toBe('hit')
    }
    await http.flushAuditLog()
    const { docs } = await booted.payload.find({
      collection: 'audit-log' as 'organizers',
      where: {
        and: [{ action: { equals: 'partner-read' } }, { 'details.cached': { equals: true } }],
      } as never,
      depth: 0,
      limit: 0,
      overrideAccess: true,
    })
    const ofPath = docs.filter((doc) =>
      (doc as unknown as { details: { request: string } }).details.request.includes('limit=5&'),
    )
    expect(ofPath.length).toBeGreaterThan(0)
    const reads = ofPath.map(
      (doc) => (doc as unknown as { details: { reads: number } }).details.reads,
    )
    expect(reads.reduce((sum, n) => sum + n, 0)).toBe(3)
    expect((ofPath[0] as unknown as { targetCollection: string }).targetCollection).toBe('entries')
  })
})

describe('the front door', () => {
  it('answers feed polls before Express with the client address Express would give, for the audit log', async () => {
    const poll = await fetch(`${http.url}/api/campaigns/${ids.campaign}/feed.json?limit=5`, {
      headers: {
        Authorization: `partner-accounts API-Key ${keys.partner}`,
        // From loopback, a trusted proxy: its X-Forwarded-For counts; a client's own X-Real-IP never does.
        'X-Forwarded-For': '203.0.113.7',
        'X-Real-IP': '198.51.100.1',
        'User-Agent': 'front-door-test',
      },
    })
    expect(poll.status).toBe(200)
    await http.flushAuditLog()
    const { docs } = await booted.payload.find({
      collection: 'audit-log' as 'organizers',
      where: { userAgent: { equals: 'front-door-test' } } as never,
      depth: 0,
      overrideAccess: true,
    })
    expect(docs.map((doc) => (doc as unknown as { ip: string }).ip)).toEqual(['203.0.113.7'])
  })

  it('hands what the feed handler does not answer to Express', async () => {
    const refused = await fetch(`${http.url}/api/campaigns/${ids.campaign}/feed.json?limit=5`, {
      headers: { Authorization: 'partner-accounts API-Key not-a-key-0123456789' },
    })
    expect(refused.status).toBe(401)
  })
})
