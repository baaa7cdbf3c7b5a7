import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'
import type { PushTestContext } from './fixtures'
import type { Receiver, Reply } from './receiver'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { pushFixtures } from './fixtures'
import { startReceiver } from './receiver'

/**
 * What a partner built from the guide relies on, checked as that partner: a receiver verifying
 * every push with `standardwebhooks`, and the partner's own API key for what it asks back.
 */
let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
const receivers: Receiver[] = []
const ctx = {} as PushTestContext

beforeAll(async () => {
  // No partner here must time out: 5 s, as 1 s was beaten by loopback answers on a busy machine.
  booted = await bootPayload({
    name: 'partner_contract',
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost', PUSH_ATTEMPT_TIMEOUT_MS: '5000' },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  const campaign = Number(
    (
      await booted.payload.create({
        collection: 'campaigns',
        data: {
          name: '2016年“中国梦·大国工匠篇”',
          year: 2016,
          status: 'active',
          label: '中国梦·大国工匠篇',
        },
      })
    ).id,
  )
  const subProject = Number(
    (
      await booted.payload.create({
        collection: 'sub-projects',
        data: { campaign, name: '大国工匠作品征集', kind: 'other', _status: 'published' },
      })
    ).id,
  )
  Object.assign(ctx, { booted, admin, campaign, subProject })
})

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await http?.close()
  await booted?.payload.destroy()
})

const { partnerSite, selectWork, deliveriesOf, runDue } = pushFixtures(ctx)

/** A partner site whose receiver verifies every push with its secret, and an API key of its own. */
const partner = async (name: string, script: Reply[] = [{ status: 204 }]) => {
  const receiver = await startReceiver(script)
  receivers.push(receiver)
  const site = await partnerSite(name, receiver.url)
  receiver.trust(site.secret)
  const apiKey = `partner-key-${site.id}-${Math.random().toString(36).slice(2)}`.padEnd(32, '0')
  await booted.payload.create({
    collection: 'partner-accounts',
    data: { name: `${name}接口`, partnerSite: site.id, enableAPIKey: true, apiKey },
  })
  const api = await apiClient(http.url, null, {
    Authorization: `partner-accounts API-Key ${apiKey}`,
  })
  return { ...site, receiver, api }
}

const titled = (receiver: Receiver, title: string) =>
  receiver.received.filter((r) => r.json.item.headlines[0]!.value.endsWith(title))

describe('sequence', () => {
  it('numbers what a partner receives 1, 2, 3 … without a gap: a version replaced before it was sent takes no number', async () => {
    // The first push is answered 500 and comes again later, under its number.
    const site = await partner('人民网', [{ status: 500 }, { status: 204 }])
    const first = await selectWork('焊花里的青春')
    // Edited before anything went out: version 1 is never sent, version 2 is the partner's first sight of it.
    expect(
      (await admin.patch(`/api/entries/${first}`, { text: '三十年如一日，修订版。' })).status,
    ).toBe(200)
    await selectWork('大国焊匠')
    await runDue()
    await runDue()
    const { received, rejected } = site.receiver
    expect(rejected).toEqual([])
    const sequences = [...new Set(received.map((r) => r.json.sequence))].sort((a, b) => a - b)
    expect(sequences).toEqual([1, 2])
    // One number per message, the same on its retry.
    for (const push of received) {
      expect(
        received
          .filter((r) => r.json.webhookId === push.json.webhookId)
          .every((r) => r.json.sequence === push.json.sequence),
      ).toBe(true)
    }
    expect(
      titled(site.receiver, '焊花里的青春').map((r) => [r.json.event, r.json.item.version]),
    ).toContainEqual(['publish', '2'])
    // The office's log shows the numbers the partner saw, and nothing it did not.
    const log = (await deliveriesOf(site.id)).filter((d) => d.state !== 'superseded')
    expect(log.map((d) => d.sequence).sort()).toEqual([1, 2])
    expect(log.every((d) => d.state === 'delivered')).toBe(true)
  })
})

describe('attribution', () => {
  it('keeps the work’s responsible editor in the takedown, after the selection is taken back', async () => {
    const site = await partner('新华网')
    const work = await selectWork('匠心筑梦')
    await runDue()
    expect((await admin.post(`/api/entries/${work}/deselect`, {})).status).toBe(200)
    await runDue()
    const editorOf = (event: string) =>
      (
        titled(site.receiver, '匠心筑梦').find((r) => r.json.event === event)!.json.item
          .x_wangju as { attribution: { responsibleEditor: string } }
      ).attribution.responsibleEditor
    expect(editorOf('publish')).not.toBe('全国办公室')
    expect(editorOf('takedown')).toBe(editorOf('publish'))
  })
})

describe('takedown acknowledgement', () => {
  let mine: Awaited<ReturnType<typeof partner>>
  let other: Awaited<ReturnType<typeof partner>>
  let takedown: { webhookId: string; deliveryId: number; uri: string }
  let publishWebhookId: string

  beforeAll(async () => {
    mine = await partner('中国网')
    other = await partner('光明网')
    const work = await selectWork('需要撤下的作品')
    await runDue()
    await admin.post(`/api/entries/${work}/deselect`, {})
    await runDue()
    const pushes = titled(mine.receiver, '需要撤下的作品')
    const received = pushes.find((r) => r.json.event === 'takedown')!
    // What the partner has: the webhook-id header, and the body's webhookId and deliveryId.
    expect(received.json.webhookId).toBe(received.headers['webhook-id'])
    takedown = {
      webhookId: received.headers['webhook-id']!,
      deliveryId: received.json.deliveryId,
      uri: received.json.item.uri,
    }
    publishWebhookId = pushes.find((r) => r.json.event === 'publish')!.headers['webhook-id']!
  })

  it('lists to a partner key its own takedowns not yet acknowledged, with the ids it received', async () => {
    const { status, body } = await mine.api.get('/api/deliveries/takedowns')
    expect(status).toBe(200)
    expect(body.docs).toEqual([
      expect.objectContaining({
        ...takedown,
        version: '2',
        state: 'delivered',
        acknowledgeBy: expect.any(String),
      }),
    ])
    // The other site's list names only its own.
    const theirs = (await other.api.get('/api/deliveries/takedowns')).body.docs as {
      webhookId: string
    }[]
    expect(theirs).toHaveLength(1)
    expect(theirs[0]!.webhookId).not.toBe(takedown.webhookId)
  })

  it.each([
    [
      'another site’s takedown',
      () => ({
        webhookId: titled(other.receiver, '需要撤下的作品').find(
          (r) => r.json.event === 'takedown',
        )!.headers['webhook-id'],
      }),
      404,
    ],
    ['a webhook-id never sent', () => ({ webhookId: 'msg_00000000000000000000000000000000' }), 404],
    ['a publish', () => ({ webhookId: publishWebhookId }), 400],
    ['no webhookId', () => ({}), 400],
  ])('refuses to acknowledge %s', async (_, body, status) => {
    expect((await mine.api.post('/api/deliveries/acknowledge', body())).status).toBe(status)
  })

  it.each([
    ['the public', async () => apiClient(http.url, null)],
    ['an admin (the office does not acknowledge for a partner)', async () => admin],
  ])(
    'answers %s 403 on the takedown list and on acknowledging, whatever the body',
    async (_, client) => {
      const api = await client()
      expect((await api.get('/api/deliveries/takedowns')).status).toBe(403)
      // Who asks is answered before what is asked: no 400 telling a stranger what the body lacks.
      expect((await api.post('/api/deliveries/acknowledge', {})).status).toBe(403)
      expect(
        (await api.post('/api/deliveries/acknowledge', { webhookId: takedown.webhookId })).status,
      ).toBe(403)
    },
  )

  it('acknowledges a takedown by the webhook-id the partner received, once', async () => {
    const first = await mine.api.post('/api/deliveries/acknowledge', {
      webhookId: takedown.webhookId,
    })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      deliveryId: takedown.deliveryId,
      acknowledgedAt: expect.any(String),
    })
    expect((await mine.api.get('/api/deliveries/takedowns')).body.docs).toEqual([])
    const stored = await booted.payload.findByID({
      collection: 'deliveries',
      id: takedown.deliveryId,
    })
    expect(stored.acknowledgedAt).toBe(first.body.acknowledgedAt)
    // Said again (a retried request): the first time stands.
    expect(
      (await mine.api.post('/api/deliveries/acknowledge', { webhookId: takedown.webhookId })).body
        .acknowledgedAt,
    ).toBe(first.body.acknowledgedAt)
    // The other site's takedown is still waiting for its own word.
    expect((await other.api.get('/api/deliveries/takedowns')).body.docs).toHaveLength(1)
  })

  it('acknowledges by the deliveryId in the push body as well', async () => {
    const [theirs] = (await other.api.get('/api/deliveries/takedowns')).body.docs as {
      deliveryId: number
    }[]
    expect(
      (await other.api.post(`/api/deliveries/${theirs!.deliveryId}/acknowledge`, {})).status,
    ).toBe(200)
    expect((await other.api.get('/api/deliveries/takedowns')).body.docs).toEqual([])
  })
})
