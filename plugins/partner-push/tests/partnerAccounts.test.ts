/**
 * Setting up a partner's key over REST, as the national office's script would: an account
 * created with `enableAPIKey: true` and no key gets one, returned once; `issue-key` replaces it,
 * returning the new one once. Each key is tried as the partner uses it, on its feed. It used to
 * be saved without a key (`hasAPIKey: false`) unless the caller invented one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let campaign: number
let site: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'partner_accounts_keys' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  campaign = Number(
    (
      await booted.payload.create({
        collection: 'campaigns',
        data: { name: '2016年“中国梦·大国工匠篇”', year: 2016, status: 'active' },
      })
    ).id,
  )
  site = Number(
    (
      await booted.payload.create({
        collection: 'partner-sites',
        data: { name: '中工网', kind: 'central-news-site', push: { campaigns: [campaign] } },
      })
    ).id,
  )
  await booted.payload.create({
    collection: 'users',
    data: {
      email: 'editor@keys.test',
      password: 'editor-password-1',
      role: 'unit-editor',
      name: '单位编辑',
    },
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

/** The partner's first call: its campaign's feed, with the key. */
const feedStatus = async (apiKey: string) =>
  (
    await fetch(`${http.url}/api/campaigns/${campaign}/feed.json`, {
      headers: { Authorization: `partner-accounts API-Key ${apiKey}` },
    })
  ).status

describe('a partner account created over REST with enableAPIKey and no key', () => {
  let created: { id: number; apiKey?: string }

  it('is given a key, returned in the create response', async () => {
    const { status, body } = await admin.post('/api/partner-accounts', {
      name: '中工网接口',
      partnerSite: site,
      enableAPIKey: true,
    })
    expect(status).toBe(201)
    created = body.doc
    expect(created.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('whose key reads the feed at once', async () => {
    expect(await feedStatus(created.apiKey!)).toBe(200)
  })

  it('never shows the key again', async () => {
    const { body } = await admin.get(`/api/partner-accounts/${created.id}`)
    expect(body).not.toHaveProperty('apiKey')
    expect(body.hasAPIKey).toBe(true)
  })

  it('keeps a key the admin chose', async () => {
    const { body } = await admin.post('/api/partner-accounts', {
      name: '中工网备用接口',
      partnerSite: site,
      enableAPIKey: true,
      apiKey: 'chosen-key-0123456789abcdef',
    })
    expect(body.doc).not.toHaveProperty('apiKey')
    expect(await feedStatus('chosen-key-0123456789abcdef')).toBe(200)
  })

  it('gets no key without enableAPIKey', async () => {
    const { body } = await admin.post('/api/partner-accounts', {
      name: '中工网停用接口',
      partnerSite: site,
    })
    expect(body.doc).not.toHaveProperty('apiKey')
    expect((await admin.get(`/api/partner-accounts/${body.doc.id}`)).body.hasAPIKey).toBe(false)
  })
})

describe('POST /api/partner-accounts/:id/issue-key', () => {
  it('returns a new key once, which works, and the old one stops working', async () => {
    const { body: first } = await admin.post('/api/partner-accounts', {
      name: '东方网接口',
      partnerSite: site,
      enableAPIKey: true,
    })
    const { status, body } = await admin.post(`/api/partner-accounts/${first.doc.id}/issue-key`, {})
    expect(status).toBe(200)
    expect(body.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.apiKey).not.toBe(first.doc.apiKey)
    expect(body.header).toBe(`Authorization: partner-accounts API-Key ${body.apiKey}`)
    expect(body.message).toMatch(
      /^新的 API 密钥只显示这一次.* \/ the new API key is shown only this once/,
    )
    expect(await feedStatus(body.apiKey)).toBe(200)
    expect(await feedStatus(first.doc.apiKey)).toBe(401)
  })

  it('gives a key to an account saved without one', async () => {
    const { body: account } = await admin.post('/api/partner-accounts', {
      name: '新华网接口',
      partnerSite: site,
    })
    const { body } = await admin.post(`/api/partner-accounts/${account.doc.id}/issue-key`, {})
    expect(await feedStatus(body.apiKey)).toBe(200)
    expect((await admin.get(`/api/partner-accounts/${account.doc.id}`)).body.hasAPIKey).toBe(true)
  })

  it('answers 404 for an unknown account', async () => {
    expect((await admin.post('/api/partner-accounts/999999/issue-key', {})).status).toBe(404)
  })

  it.each([
    ['anonymous', () => apiClient(http.url, null)],
    [
      'a unit editor',
      () => apiClient(http.url, { email: 'editor@keys.test', password: 'editor-password-1' }),
    ],
    [
      'the partner itself',
      async () =>
        apiClient(http.url, null, {
          Authorization: `partner-accounts API-Key ${(await admin.post('/api/partner-accounts', { name: `自助-${Date.now()}`, partnerSite: site, enableAPIKey: true })).body.doc.apiKey}`,
        }),
    ],
  ])('refuses %s with 403, changing nothing', async (_who, client) => {
    const { body: account } = await admin.post('/api/partner-accounts', {
      name: `受保护-${Date.now()}`,
      partnerSite: site,
      enableAPIKey: true,
    })
    const { status, body } = await (
      await client()
    ).post(`/api/partner-accounts/${account.doc.id}/issue-key`, {})
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe('只有管理员可以签发 API 密钥 / only admins issue API keys')
    expect(await feedStatus(account.doc.apiKey)).toBe(200)
  })
})
