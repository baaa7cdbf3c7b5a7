import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'
import type { PushTestContext } from './fixtures'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { attempt, settleSends } from '../jobs/deliver'
import { sweepDeliveries } from '../jobs/sweep'
import { optionsOf } from '../types'
import { pushFixtures } from './fixtures'
import { runJobs } from './jobs'
// What the admin's toast shows of an error message (Payload does not export it by name).
import { createErrorsFromMessage } from '../../../node_modules/@payloadcms/ui/dist/elements/Toasts/fieldErrors.js'
import { ninjsValidator } from './jsonSchema'
import { startReceiver } from './receiver'

const { extended } = ninjsValidator()

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let campaign: number
let subProject: number
const ctx = {} as PushTestContext
const attemptTimeoutMs = 5_000
/** How long a partner that must time out takes to answer. */
const slowerThanTimeout = attemptTimeoutMs + 3_000
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = []

beforeAll(async () => {
  booted = await bootPayload({
    name: 'partner_push',
    // Longer than a busy machine takes to answer on loopback: with 1 s, a 200 or a 410 could time
    // out and be retried. The partners that must time out take longer than this (slowerThanTimeout).
    env: {
      OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost',
      PUSH_ATTEMPT_TIMEOUT_MS: String(attemptTimeoutMs),
    },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  campaign = Number(
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
  subProject = Number(
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

const { partnerSite: partner, selectWork, deliveriesOf, runDue, runDueUntil } = pushFixtures(ctx)

/** The partner's delivery once it is in `state` (the first, when it has several). */
const deliveryIn = (site: number, state: string) => async () => {
  const [delivery] = await deliveriesOf(site)
  return delivery?.state === state && delivery
}

describe('signed deliveries', () => {
  it('signs every push the Standard Webhooks way, verifiable with the partner’s secret', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    const site = await partner('人民网', receiver.url)
    await selectWork('焊花里的青春')
    const delivery = await runDueUntil(deliveryIn(site.id, 'delivered'), {
      what: 'the push to 人民网 delivered',
    })
    expect(receiver.received.length).toBeGreaterThanOrEqual(1)
    for (const push of receiver.received) {
      expect(() => new Webhook(site.secret).verify(push.body, push.headers)).not.toThrow()
      expect(push.headers['webhook-id']).toBe(delivery.webhookId)
      expect(push.json).toMatchObject({
        event: 'publish',
        sequence: 1,
        item: { pubstatus: 'usable', version: '1' },
      })
      expect(push.json.item.headlines[0]!.value).toBe('【中国梦·大国工匠篇】焊花里的青春')
    }
  })

  it('sends the work as a ninjs 2.2 item, valid against IPTC’s schema with our extension, attribution included', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    await partner('中国网信网', receiver.url)
    await selectWork('数控车间的年轻人')
    const push = await runDueUntil(async () => receiver.received[0], {
      what: 'the push to 中国网信网',
    })
    const item = push.json.item as unknown as Record<string, unknown>
    expect(extended(item)).toEqual([])
    expect(item).toMatchObject({
      standard: { name: 'ninjs', version: '2.2' },
      headlines: [
        { role: 'main', contenttype: 'text/plain', value: '【中国梦·大国工匠篇】数控车间的年轻人' },
      ],
      bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>三十年如一日。</p>' }],
      by: '张师傅（临汾钢铁厂）',
      subjects: [
        expect.objectContaining({ rel: 'campaign', name: '2016年“中国梦·大国工匠篇”' }),
        expect.objectContaining({ rel: 'sub-project', name: '大国工匠作品征集' }),
      ],
      x_wangju: {
        campaign: { label: '中国梦·大国工匠篇' },
        authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
        attribution: {
          originalAuthor: '张师傅',
          originalTitle: '数控车间的年轻人',
          source: '2016年“中国梦·大国工匠篇”',
        },
      },
    })
    expect(
      (item.x_wangju as { attribution: { responsibleEditor: string } }).attribution
        .responsibleEditor,
    ).toBeTruthy()
    for (const old of ['headline', 'body_html', 'subject']) {
      expect(item).not.toHaveProperty(old)
    }
  })

  it('sends both signatures during a rotation, so the old and the new secret both verify', async () => {
    const receiver = await startReceiver([{ status: 204 }])
    receivers.push(receiver)
    const site = await partner('新华网', receiver.url)
    const { body: rotated } = await admin.post(`/api/partner-sites/${site.id}/rotate-secret`, {})
    await selectWork('大国焊匠')
    const push = await runDueUntil(async () => receiver.received[0], { what: 'the push to 新华网' })
    expect(push.headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(() => new Webhook(site.secret).verify(push.body, push.headers)).not.toThrow()
    expect(() => new Webhook(rotated.secret).verify(push.body, push.headers)).not.toThrow()
  })
})

describe('retries', () => {
  it('delivers once, with the same webhook-id, to a receiver failing with 500 three times', async () => {
    const receiver = await startReceiver([
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 200 },
    ])
    receivers.push(receiver)
    const site = await partner('中国网', receiver.url)
    await selectWork('匠心筑梦')
    const delivery = await runDueUntil(deliveryIn(site.id, 'delivered'), {
      what: 'the push to 中国网 delivered',
    })
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(
      Array(4).fill(delivery.webhookId),
    )
    expect(delivery).toMatchObject({ state: 'delivered', attemptCount: 4 })
    expect(delivery!.attempts!.map((a) => a.statusCode)).toEqual([500, 500, 500, 200])
    await runDue()
    expect(receiver.received).toHaveLength(4)
  })

  it.each([
    ['a timeout', async () => startReceiver([{ status: 200, delayMs: slowerThanTimeout }])],
    [
      'a refused connection',
      async () => {
        const closed = await startReceiver([{ status: 200 }])
        await closed.close()
        return closed
      },
    ],
  ])('retries after %s and says it will retry', async (_, make) => {
    const receiver = await make()
    const site = await partner(`重试网站-${Math.random().toString(36).slice(2, 7)}`, receiver.url)
    await selectWork('重试中的作品')
    await runDue()
    const [delivery] = await deliveriesOf(site.id)
    expect(delivery!.state).toBe('retrying')
    expect(new Date(delivery!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now())
    expect(delivery!.lastError).toBeTruthy()
    await receiver.close().catch(() => {})
  })

  it('does not retry a 404, and marks it finally failed', async () => {
    const receiver = await startReceiver([{ status: 404 }])
    receivers.push(receiver)
    const site = await partner('中国日报网', receiver.url)
    await selectWork('不存在的接口')
    const failed = await runDueUntil(deliveryIn(site.id, 'failed'), {
      what: 'the push to 中国日报网 failed',
    })
    // Failed by the first 404 it got, and not sent again.
    expect(failed.attempts!.filter((a) => a.statusCode === 404)).toHaveLength(1)
    expect(failed.attempts!.at(-1)!.statusCode).toBe(404)
    const sent = receiver.received.length
    await runDue()
    expect(receiver.received).toHaveLength(sent)
  })

  it('waits for Retry-After on a 429', async () => {
    const receiver = await startReceiver([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 200 },
    ])
    receivers.push(receiver)
    const site = await partner('光明网', receiver.url)
    await selectWork('请稍后再来')
    await runJobs(booted.payload)
    const [delivery] = await deliveriesOf(site.id)
    expect(delivery!.state).toBe('retrying')
    expect(
      new Date(delivery!.nextAttemptAt!).getTime() - receiver.received[0]!.at,
    ).toBeGreaterThanOrEqual(2_000)
    await waitUntil(
      async () => {
        await runJobs(booted.payload)
        return receiver.received.length === 2
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the retry after Retry-After' },
    )
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(2_000)
  }, 30_000)

  it('disables an endpoint that answers 410 Gone and mails its contacts', async () => {
    const receiver = await startReceiver([{ status: 410 }])
    receivers.push(receiver)
    const site = await partner('央广网', receiver.url)
    await selectWork('已下线的接口')
    const saved = await runDueUntil(
      async () => {
        const found = await booted.payload.findByID({ collection: 'partner-sites', id: site.id })
        return found.push?.status === 'disabled' && found
      },
      { what: '央广网 disabled' },
    )
    expect(saved.push?.disabledReason).toContain('(410)')
    const mails = await booted.payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'sendMail' } },
    })
    expect(mails.docs.some((job) => (job.input as { to: string }).to === 'ops@partner.test')).toBe(
      true,
    )
  })
})

describe('updates and takedowns', () => {
  it('sends versions in order and takes the work back from every partner that received it', async () => {
    const first = await startReceiver([{ status: 200 }])
    const second = await startReceiver([{ status: 200 }])
    receivers.push(first, second)
    const sites = [
      (await partner('中工网', first.url)).id,
      (await partner('央视网', second.url)).id,
    ]
    const entry = await selectWork('劳动者之歌')
    // Each version delivered to both before the next is made.
    const deliveredToBoth = (versions: number, what: string) =>
      runDueUntil(
        async () => {
          const { docs } = await booted.payload.find({
            collection: 'deliveries',
            where: { and: [{ entry: { equals: entry } }, { partnerSite: { in: sites } }] },
            depth: 0,
            limit: 0,
          })
          return docs.length === 2 * versions && docs.every((d) => d.state === 'delivered')
        },
        { what },
      )
    await deliveredToBoth(1, 'the publish delivered')
    await admin.patch(`/api/entries/${entry}`, { text: '三十年如一日，修订版。' })
    await deliveredToBoth(2, 'the update delivered')
    await admin.post(`/api/entries/${entry}/deselect`, {})
    await deliveredToBoth(3, 'the takedown delivered')
    for (const receiver of [first, second]) {
      // As the partner keeps them: the first push of each webhook-id (a retry repeats it).
      const mine = receiver.received.filter(
        (r, i, all) =>
          r.json.item.headlines[0]!.value.includes('劳动者之歌') &&
          all.findIndex((o) => o.headers['webhook-id'] === r.headers['webhook-id']) === i,
      )
      expect(mine.map((r) => [r.json.event, r.json.item.version, r.json.item.pubstatus])).toEqual([
        ['publish', '1', 'usable'],
        ['update', '2', 'usable'],
        ['takedown', '3', 'canceled'],
      ])
      expect(mine.map((r) => r.json.sequence)).toEqual(
        [...mine.map((r) => r.json.sequence)].sort((a, b) => a - b),
      )
      for (const push of mine) {
        expect(extended(push.json.item)).toEqual([])
      }
    }
  })
})

describe('a version’s body', () => {
  it('never brings back content taken down since: a publish still being retried at the takedown carries the takedown, under its own webhook-id and number', async () => {
    const receiver = await startReceiver([{ status: 500 }, { status: 500 }, { status: 204 }])
    receivers.push(receiver)
    const site = await partner('中国搜索', receiver.url)
    receiver.trust(site.secret)
    await booted.payload.create({
      collection: 'partner-accounts',
      data: {
        name: '中国搜索接口',
        partnerSite: site.id,
        enableAPIKey: true,
        apiKey: 'chinaso-api-key-0123456789abcdef',
      },
    })
    const partnerApi = await apiClient(http.url, null, {
      Authorization: 'partner-accounts API-Key chinaso-api-key-0123456789abcdef',
    })
    const entry = await selectWork('送达前被撤下的作品')
    const version1 = (await booted.payload.findByID({ collection: 'entries', id: entry }))
      .syndication!
    // A save partners are not shown (no new version) before the first attempt and between attempts.
    expect((await admin.patch(`/api/entries/${entry}`, { internalNotes: '等待复核' })).status).toBe(
      200,
    )
    await runDue()
    expect((await admin.patch(`/api/entries/${entry}`, { internalNotes: '复核中' })).status).toBe(
      200,
    )
    await runDue()
    expect((await admin.post(`/api/entries/${entry}/deselect`, {})).status).toBe(200)
    const version2 = (await booted.payload.findByID({ collection: 'entries', id: entry }))
      .syndication!
    await waitUntil(
      async () => {
        await runDue()
        const mine = await deliveriesOf(site.id)
        return mine.length === 2 && mine.every((d) => d.state === 'delivered')
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the publish and the takedown delivered' },
    )

    const pushes = receiver.received.filter((r) => r.json.item.uri === `urn:wangju:entry:${entry}`)
    const [publish, takedown] = [...(await deliveriesOf(site.id))].sort(
      (a, b) => a.version - b.version,
    )
    const seen = (push: (typeof pushes)[number]) => [
      push.headers['webhook-id'],
      push.json.sequence,
      push.json.event,
      push.json.item.version,
      push.json.item.pubstatus,
      push.json.item.versioncreated,
    ]
    // Before the takedown: version 1 twice, its time that of the version, not of the saves since.
    expect(pushes.slice(0, 2).map(seen)).toEqual(
      Array(2).fill([
        publish!.webhookId,
        publish!.sequence,
        'publish',
        '1',
        'usable',
        version1.changedAt,
      ]),
    )
    // After it, only the takedown: in its own message and in the publish's retry (its webhook-id and number kept).
    expect(pushes.slice(2).map(seen).sort()).toEqual(
      [
        [publish!.webhookId, publish!.sequence, 'takedown', '2', 'canceled', version2.changedAt],
        [takedown!.webhookId, takedown!.sequence, 'takedown', '2', 'canceled', version2.changedAt],
      ].sort(),
    )
    for (const push of pushes.slice(2)) {
      expect(push.json.item).not.toHaveProperty('bodies')
      expect(push.json.item).not.toHaveProperty('renditions')
      expect(extended(push.json.item)).toEqual([])
    }
    expect(publish).toMatchObject({ state: 'delivered', attemptCount: 3, sentAs: takedown!.id })

    // Acknowledging what arrived under the publish's webhook-id acknowledges the takedown it carried.
    const acknowledged = await partnerApi.post('/api/deliveries/acknowledge', {
      webhookId: publish!.webhookId,
    })
    expect(acknowledged.status).toBe(200)
    expect(acknowledged.body.deliveryId).toBe(takedown!.id)
    expect((await partnerApi.get('/api/deliveries/takedowns')).body.docs).toEqual([])
  }, 60_000)
})

describe('durability', () => {
  // The app's options (its mail task among them), with this file's attempt timeout.
  const options = () => ({ ...optionsOf(booted.payload), attemptTimeoutMs })

  it('sends a delivery once when two runners take it at the same moment', async () => {
    const receiver = await startReceiver([{ status: 200, delayMs: 200 }])
    receivers.push(receiver)
    const site = await partner('中国青年网', receiver.url)
    await selectWork('同时被两个进程领取')
    const [delivery] = await deliveriesOf(site.id)
    const outcomes = await Promise.all(
      [1, 2].map(() =>
        attempt({ payload: booted.payload, options: options(), deliveryId: Number(delivery!.id) }),
      ),
    )
    expect(outcomes.sort()).toEqual(['delivered', 'taken by another runner'])
    expect(receiver.received).toHaveLength(1)
  })

  it('finishes, with the same webhook-id, a delivery whose runner died mid-send', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    const site = await partner('中国经济网', receiver.url)
    await selectWork('进程中断后的推送')
    const [delivery] = await deliveriesOf(site.id)
    // As a killed runner leaves it: held ('sending'), its lease run out, its job gone.
    await booted.payload.update({
      collection: 'deliveries',
      id: delivery!.id,
      data: { state: 'sending', nextAttemptAt: new Date(Date.now() - 1000).toISOString() },
    })
    await booted.payload.delete({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'deliverToPartner' } },
    })
    const { requeued } = await sweepDeliveries({ payload: booted.payload, options: options() })
    expect(requeued).toBeGreaterThanOrEqual(1)
    await runJobs(booted.payload)
    await runDueUntil(deliveryIn(site.id, 'delivered'), {
      what: 'the push to 中国经济网 delivered',
    })
    expect(receiver.received.length).toBeGreaterThanOrEqual(1)
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(
      Array(receiver.received.length).fill(delivery!.webhookId),
    )
  })

  it('escalates a takedown not acknowledged in time, once, and not an acknowledged one', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    const site = await partner('中国西藏网', receiver.url)
    const entry = await selectWork('需要撤稿的作品')
    await runDueUntil(deliveryIn(site.id, 'delivered'), {
      what: 'the publish to 中国西藏网 delivered',
    })
    await admin.post(`/api/entries/${entry}/deselect`, {})
    const takedown = await runDueUntil(
      async () =>
        (await deliveriesOf(site.id)).find(
          (d) => d.event === 'takedown' && d.state === 'delivered',
        ),
      { what: 'the takedown to 中国西藏网 delivered' },
    )
    await booted.payload.update({
      collection: 'deliveries',
      id: takedown.id,
      data: { deliveredAt: new Date(Date.now() - 25 * 3600_000).toISOString() },
    })
    const mailsBefore = (
      await booted.payload.count({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: 'sendMail' } },
      })
    ).totalDocs
    expect((await sweepDeliveries({ payload: booted.payload, options: options() })).escalated).toBe(
      1,
    )
    expect((await sweepDeliveries({ payload: booted.payload, options: options() })).escalated).toBe(
      0,
    )
    expect(
      (
        await booted.payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'sendMail' } },
        })
      ).totalDocs,
    ).toBe(mailsBefore + 1)

    // With its API key the partner acknowledges the takedown.
    await booted.payload.create({
      collection: 'partner-accounts',
      data: {
        name: '西藏网接口',
        partnerSite: site.id,
        enableAPIKey: true,
        apiKey: 'tibet-api-key-0123456789abcdef',
      },
    })
    const partnerApi = await apiClient(http.url, null, {
      Authorization: 'partner-accounts API-Key tibet-api-key-0123456789abcdef',
    })
    expect((await partnerApi.post(`/api/deliveries/${takedown.id}/acknowledge`, {})).status).toBe(
      200,
    )
    expect(
      (await booted.payload.findByID({ collection: 'deliveries', id: takedown.id })).acknowledgedAt,
    ).toBeTruthy()
  })
})

describe('a slow partner', () => {
  it('holds up only its own delivery: the runner finishes its batch and the others are delivered at once', async () => {
    const slow = await startReceiver([{ status: 200, delayMs: slowerThanTimeout }, { status: 200 }])
    const fast = await startReceiver([{ status: 200 }])
    receivers.push(slow, fast)
    const slowSite = await partner('慢网站', slow.url)
    const fastSite = await partner('快网站', fast.url)
    await selectWork('不被拖慢的推送')
    // One runner poll: it claims both deliveries, starts their sends and is done, while the slow
    // partner still has not answered (its attempt times out after attemptTimeoutMs and is retried).
    await booted.payload.jobs.run({ allQueues: true, limit: 100 })
    const runnerDoneAt = Date.now()
    const fastDelivery = await waitUntil(deliveryIn(fastSite.id, 'delivered'), {
      intervalMs: 20,
      what: 'the fast partner',
    })
    await settleSends()
    expect(slow.received).toHaveLength(1)
    // The runner was free again, and the fast partner had its push, before the slow partner's attempt ended.
    const [first] = ((await deliveriesOf(slowSite.id))[0]!.attempts ?? []) as {
      at: string
      latencyMs: number
      outcome: string
    }[]
    expect(first!.outcome).toBe('retry')
    const slowAttemptEnded = Date.parse(first!.at) + first!.latencyMs
    expect(runnerDoneAt).toBeLessThan(slowAttemptEnded)
    expect(Date.parse(fastDelivery.deliveredAt!)).toBeLessThan(slowAttemptEnded)
    await runDueUntil(deliveryIn(slowSite.id, 'delivered'), {
      what: 'the slow partner’s retry delivered',
    })
  })
})

describe('fan-out progress', () => {
  it('shows a work’s delivered, retrying and failed deliveries of all', async () => {
    const ok = await startReceiver([{ status: 200 }])
    const flaky = await startReceiver([{ status: 503 }])
    const gone = await startReceiver([{ status: 403 }])
    receivers.push(ok, flaky, gone)
    await partner('进度-送达', ok.url)
    await partner('进度-重试', flaky.url)
    await partner('进度-失败', gone.url)
    const entry = await selectWork('进度可见的作品')
    await runJobs(booted.payload)
    const { body } = await admin.get(`/api/entries/${entry}`)
    // Every partner taking the campaign got it: earlier tests' partners too.
    expect(body.pushProgress.total).toBeGreaterThanOrEqual(3)
    expect(body.pushProgress.delivered).toBeGreaterThanOrEqual(1)
    expect(body.pushProgress.retrying).toBeGreaterThanOrEqual(1)
    expect(body.pushProgress.failed).toBeGreaterThanOrEqual(1)
    const list = await admin.get('/api/entries?limit=5')
    expect(list.body.docs[0].pushProgress).toBeUndefined()
  })
})

describe('deleting', () => {
  it('removes a work’s push history with the work', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    const site = await partner('国际在线', receiver.url)
    const entry = await selectWork('将被删除的作品')
    await runDue()
    expect(await deliveriesOf(site.id)).toHaveLength(1)
    expect((await admin.delete(`/api/entries/${entry}`)).status).toBe(200)
    expect(await deliveriesOf(site.id)).toHaveLength(0)
  })
})

describe('the SSRF guard', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'ftp://example.org/hook',
    'http://[::ffff:127.0.0.2]/',
  ])('refuses the endpoint %s at save', async (endpointURL) => {
    const { status, body } = await admin.post('/api/partner-sites', {
      name: `坏地址-${endpointURL}`,
      kind: 'union-site',
      push: { endpointURL },
    })
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toContain('推送地址不可用')
  })

  it.each([
    [
      'a private address',
      'http://10.0.0.1/hook',
      '地址 10.0.0.1 属于内网，禁止访问',
      '10.0.0.1 is a private address, refused',
    ],
    [
      'a scheme other than http(s)',
      'ftp://example.org/hook',
      '只允许 http 和 https 网址，不允许 ftp',
      'only http and https are allowed, not ftp',
    ],
    [
      'a host name that does not resolve',
      'http://no-such-host.invalid/hook',
      '无法解析主机名 no-such-host.invalid（ENOTFOUND）',
      'could not resolve no-such-host.invalid (ENOTFOUND)',
    ],
  ])(
    'says why a receiving URL is refused (%s) in Chinese and English, whole in the admin’s toast',
    async (_what, endpointURL, zh, en) => {
      const { status, body } = await admin.post('/api/partner-sites', {
        name: `坏地址-${endpointURL}`,
        kind: 'union-site',
        push: { endpointURL },
      })
      expect(status).toBe(400)
      const message = body.errors[0].message as string
      expect(message).toBe(
        `推送设置 > 接收地址：推送地址不可用：${zh} / the receiving URL cannot be used, ${en}`,
      )
      // The toast cuts a message at its first ASCII colon and lists the rest split at commas.
      expect(createErrorsFromMessage(message)).toEqual({ message })
    },
  )
})
