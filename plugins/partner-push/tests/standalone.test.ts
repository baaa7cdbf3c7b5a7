/**
 * The plugin in a Payload app of its own (tests/helpers/config.ts): the collections it works
 * with, each with only the fields it reads, no roles, none of this app's code or other plugins,
 * and the plugin's default options but the allow list (the partner's receiver is on loopback).
 * A selected work is pushed to a real HTTP receiver, signed; a partner's key reads the feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PluginTestApp } from '../../../tests/helpers/pluginApp'
import type { Receiver } from './receiver'

import { waitUntil } from '../../../tests/helpers/wait'
import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { partnerPushTestConfig, testServerURL } from './helpers/config'
import { runJobs } from './jobs'
import { startReceiver } from './receiver'

let app: PluginTestApp
let receiver: Receiver
let token: string
let campaign: number
let otherCampaign: number
let site: number
let secret: string
/** The work the first test pushes, which the feed then shows. */
let pushedWork: number

const password = 'correct-horse-battery-7'

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'partner_push_standalone',
    config: partnerPushTestConfig({ allowList: ['127.0.0.1'] }),
  })
  receiver = await startReceiver([{ status: 204 }])
  await app.local.create({
    collection: 'users',
    data: { email: 'office@push.test', password, name: '全国办公室编辑' },
  })
  token = await app.login({ email: 'office@push.test', password })
  campaign = (
    await app.local.create({
      collection: 'campaigns',
      data: { name: '大国工匠', label: '网聚职工正能量' },
    })
  ).id
  otherCampaign = (await app.local.create({ collection: 'campaigns', data: { name: '最美职工' } }))
    .id
  // Over REST, as the office sets a site up: a site starts paused; the secret is the plugin's, shown once.
  const created = await app.call('POST', '/api/partner-sites', {
    token,
    body: { name: '新华网', push: { endpointURL: receiver.url, campaigns: [campaign] } },
  })
  expect(created.status).toBe(201)
  site = created.body.doc.id
  const rotated = await app.call('POST', `/api/partner-sites/${site}/rotate-secret`, { token })
  expect(rotated.status).toBe(200)
  secret = rotated.body.secret
  receiver.trust(secret)
  expect((await app.call('POST', `/api/partner-sites/${site}/resume`, { token })).status).toBe(200)
})

afterAll(async () => {
  await receiver?.close()
  await app?.close()
})

/** A published work of `campaignId`, then selected: the selection is what sends it out. */
const selectWork = async (title: string, campaignId: number) => {
  const { id } = await app.local.create({
    collection: 'entries',
    data: {
      title,
      text: '三十年如一日。',
      status: 'published',
      campaign: campaignId,
      authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
    },
  })
  await app.local.update({
    collection: 'entries',
    id,
    data: { bestWork: { status: 'selected', selectedAt: new Date().toISOString() } },
  })
  return id
}

describe('partner-push in an app of its own', () => {
  it('pushes a selected work to the partner’s receiver, signed with the site’s secret, and only to the partners of its campaign', async () => {
    const work = await selectWork('焊花里的青春', campaign)
    pushedWork = work
    const push = await waitUntil(
      async () => {
        await runJobs(app.payload)
        return receiver.received.find((p) => p.json.item.uri === `urn:wangju:entry:${work}`)
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the push of the selected work' },
    )

    // The receiver verified the signature with the secret (standardwebhooks), or it would have answered 401.
    expect(receiver.rejected).toEqual([])
    expect(push.json).toMatchObject({ event: 'publish', sequence: 1 })
    expect(push.json.item.headlines[0]!.value).toBe('【网聚职工正能量】焊花里的青春')
    const [delivery] = (
      await app.local.find({
        collection: 'deliveries',
        where: { entry: { equals: work } },
        depth: 0,
      })
    ).docs
    expect(delivery).toMatchObject({ state: 'delivered', webhookId: push.headers['webhook-id'] })
    // A work of a campaign the site does not take is not sent to it.
    await selectWork('钢梁上的舞者', otherCampaign)
    await runJobs(app.payload)
    expect(receiver.received).toHaveLength(1)
  })

  it('lets a partner account’s key read the feed of a campaign its site takes, and no other', async () => {
    const created = await app.call('POST', '/api/partner-accounts', {
      token,
      body: { name: '新华网接口', partnerSite: site, enableAPIKey: true },
    })
    expect(created.status).toBe(201)
    const apiKey = created.body.doc.apiKey
    expect(apiKey).toEqual(expect.any(String))

    const feed = await app.call('GET', `/api/campaigns/${campaign}/feed.json`, { apiKey })
    expect(feed.status, feed.text).toBe(200)
    expect(feed.body.items.map((item: { title: string }) => item.title)).toEqual([
      '【网聚职工正能量】焊花里的青春',
    ])
    // Links on Payload's serverURL: the plugin's default public address.
    expect(feed.body.feed_url).toBe(`${testServerURL}/api/campaigns/${campaign}/feed.json`)
    expect(feed.body.items[0].url).toBe(`${testServerURL}/api/entries/${pushedWork}`)
    expect(
      (await app.call('GET', `/api/campaigns/${otherCampaign}/feed.json`, { apiKey })).status,
    ).toBe(403)
    expect((await app.call('GET', `/api/campaigns/${campaign}/feed.json`)).status).toBe(401)
  })

  it('leaves the office’s actions to users of the admin by default, never to a partner’s key', async () => {
    const { body } = await app.call('POST', '/api/partner-accounts', {
      token,
      body: { name: '新华网接口二', partnerSite: site, enableAPIKey: true },
    })
    const apiKey = body.doc.apiKey
    for (const path of [
      `/api/partner-sites/${site}/pause`,
      `/api/partner-sites/${site}/rotate-secret`,
      '/api/deliveries/replay',
    ]) {
      expect((await app.call('POST', path, { apiKey })).status, path).toBe(403)
    }
    expect(
      (await app.call('POST', '/api/deliveries/replay', { token, body: { from: '2026-11-20' } }))
        .status,
    ).toBe(200)
    expect((await app.call('GET', '/api/deliveries?depth=0', { apiKey })).status).toBe(403)
  })
})
