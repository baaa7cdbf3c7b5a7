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
 * The national office's push actions over REST (the admin's buttons call these): pause and
 * resume a partner, resend one delivery, replay the finally failed ones of a partner or a time
 * range. Jobs are run by hand, as if their waits had passed.
 */
let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let organizer: Api
let campaign: number
let subProject: number
const receivers: Receiver[] = []
const ctx = {} as PushTestContext

beforeAll(async () => {
  // No partner here must time out: 5 s, as 1 s was beaten by loopback answers on a busy machine.
  booted = await bootPayload({
    name: 'partner_push_admin',
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost', PUSH_ATTEMPT_TIMEOUT_MS: '5000' },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  const unit = Number(
    (
      await booted.payload.create({
        collection: 'organizers',
        data: { name: '山西省总工会', kind: 'federation', level: 'provincial' },
      })
    ).id,
  )
  campaign = Number(
    (
      await booted.payload.create({
        collection: 'campaigns',
        data: {
          name: '2016年“中国梦·大国工匠篇”',
          year: 2016,
          status: 'active',
          label: '中国梦·大国工匠篇',
          hosts: [unit],
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
  await booted.payload.create({
    collection: 'users',
    data: {
      email: 'organizer@shanxi.test',
      password: 'organizer-password-1',
      role: 'organizer',
      organizer: unit,
      name: '山西组织者',
    },
  })
  organizer = await apiClient(http.url, {
    email: 'organizer@shanxi.test',
    password: 'organizer-password-1',
  })
  Object.assign(ctx, { booted, admin, campaign, subProject })
})

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await http?.close()
  await booted?.payload.destroy()
})

const { partnerSite, selectWork, deliveriesOf, runDue } = pushFixtures(ctx)

/** A partner site with a receiver of its own answering from `script`. */
const partner = async (name: string, script: Reply[]) => {
  const receiver = await startReceiver(script)
  receivers.push(receiver)
  return { ...(await partnerSite(name, receiver.url)), receiver }
}

describe('pause and resume', () => {
  it('holds a partner’s pushes while paused and sends them on resume', async () => {
    const site = await partner('人民网', [{ status: 204 }])
    const work = await selectWork('焊花里的青春')
    const pause = await admin.post(`/api/partner-sites/${site.id}/pause`, {})
    expect(pause.status).toBe(200)
    expect(pause.body.message).toContain('已暂停')
    await runDue()
    expect(site.receiver.received).toHaveLength(0)
    expect((await deliveriesOf(site.id))[0]!.state).toBe('held')
    // What the work's progress bar re-reads while deliveries are under way.
    const progress = async () =>
      (await admin.get(`/api/entries/${work}?depth=0&select[pushProgress]=true`)).body.pushProgress
    expect(await progress()).toMatchObject({ total: 1, held: 1, delivered: 0 })

    expect((await admin.post(`/api/partner-sites/${site.id}/resume`, {})).status).toBe(200)
    await runDue()
    expect(site.receiver.received).toHaveLength(1)
    expect((await deliveriesOf(site.id))[0]!.state).toBe('delivered')
    expect(
      (await booted.payload.findByID({ collection: 'partner-sites', id: site.id })).push?.status,
    ).toBe('active')
    expect(await progress()).toMatchObject({ total: 1, pending: 0, held: 0, delivered: 1 })
  })

  it.each([
    [
      'paused',
      'the 恢复推送 action',
      (id: number) => admin.post(`/api/partner-sites/${id}/resume`, {}),
    ],
    [
      'disabled',
      'the 恢复推送 action',
      (id: number) => admin.post(`/api/partner-sites/${id}/resume`, {}),
    ],
    [
      'paused',
      'the form (status set back to 接收推送)',
      (id: number) => admin.patch(`/api/partner-sites/${id}`, { push: { status: 'active' } }),
    ],
  ])(
    'holds the works selected while a partner is %s and sends them, in order, once resumed through %s',
    async (status, _, resume) => {
      const site = await partner(`暂停期间-${status}-${Math.random().toString(36).slice(2, 7)}`, [
        { status: 204 },
      ])
      site.receiver.trust(site.secret)
      expect(
        (await admin.patch(`/api/partner-sites/${site.id}`, { push: { status } })).status,
      ).toBe(200)
      const titles = ['暂停时选定之一', '暂停时选定之二', '暂停时选定之三']
      for (const title of titles) {
        await selectWork(title)
      }
      await runDue()
      expect(site.receiver.received).toHaveLength(0)
      expect((await deliveriesOf(site.id)).map((d) => d.state)).toEqual(['held', 'held', 'held'])

      expect((await resume(site.id)).status).toBe(200)
      await runDue()
      expect(site.receiver.rejected).toEqual([])
      const got = [...site.receiver.received].sort((a, b) => a.json.sequence - b.json.sequence)
      // Its first three messages, numbered in the order the works were selected.
      expect(
        got.map((r) => [r.json.sequence, r.json.event, r.json.item.headlines[0]!.value]),
      ).toEqual(titles.map((title, i) => [i + 1, 'publish', `【中国梦·大国工匠篇】${title}`]))
      expect((await deliveriesOf(site.id)).map((d) => d.state)).toEqual([
        'delivered',
        'delivered',
        'delivered',
      ])
    },
  )
})

describe('a new partner site', () => {
  it('says in its 推送状况 why it receives nothing: paused by default, what is missing and what waits', async () => {
    const receiver = await startReceiver([{ status: 204 }])
    receivers.push(receiver)
    const created = await admin.post('/api/partner-sites', {
      name: '新设立的网站',
      kind: 'union-site',
      push: { endpointURL: receiver.url, campaigns: [campaign] },
    })
    const id = Number(created.body.doc.id)
    const note = async () => (await admin.get(`/api/partner-sites/${id}`)).body.pushNote as string
    expect((await admin.get(`/api/partner-sites/${id}`)).body.push.status).toBe('paused')
    expect(await note()).toContain('新建的参与网站默认暂停')
    expect(await note()).toContain('签名密钥')

    // Resuming before there is a secret would take pushes nothing can sign.
    const early = await admin.post(`/api/partner-sites/${id}/resume`, {})
    expect(early.status).toBe(400)
    expect(early.body.errors[0].message).toMatch(
      /^还不能恢复：尚未生成签名密钥.* \/ cannot resume yet: no signing secret/,
    )

    const rotated = await admin.post(`/api/partner-sites/${id}/rotate-secret`, {})
    expect(rotated.body).toMatchObject({ status: 'paused' })
    expect(rotated.body.message).toContain('点“恢复推送”后才发送')
    receiver.trust(rotated.body.secret)

    await selectWork('新网站暂停期间的作品')
    await runDue()
    expect(receiver.received).toHaveLength(0)
    expect(await note()).toContain('1 条推送等待恢复后按顺序发送')

    expect((await admin.post(`/api/partner-sites/${id}/resume`, {})).status).toBe(200)
    await runDue()
    expect(receiver.received.map((r) => r.json.item.headlines[0]!.value)).toEqual([
      '【中国梦·大国工匠篇】新网站暂停期间的作品',
    ])
    expect(await note()).toMatch(/^接收推送中/)
  })
})

describe('resend and replay', () => {
  it('resends one delivery under the same webhook-id', async () => {
    const site = await partner('新华网', [{ status: 204 }])
    await selectWork('大国焊匠')
    await runDue()
    const [delivery] = await deliveriesOf(site.id)
    const res = await admin.post(`/api/deliveries/${delivery!.id}/resend`, {})
    expect(res.body).toMatchObject({ resent: 1 })
    await runDue()
    expect(site.receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      delivery!.webhookId,
      delivery!.webhookId,
    ])
    expect((await admin.post('/api/deliveries/999999/resend', {})).status).toBe(404)
  })

  it('replays the finally failed deliveries of one partner, and only those', async () => {
    const fixed = await partner('光明网', [{ status: 404 }, { status: 204 }])
    const stillBroken = await partner('中国网', [{ status: 404 }])
    await selectWork('匠心筑梦')
    await runDue()
    expect((await deliveriesOf(fixed.id))[0]!.state).toBe('failed')
    expect((await deliveriesOf(stillBroken.id))[0]!.state).toBe('failed')

    const res = await admin.post('/api/deliveries/replay', { partnerSite: fixed.id })
    expect(res.body).toMatchObject({ replayed: 1 })
    await runDue()
    expect((await deliveriesOf(fixed.id))[0]!.state).toBe('delivered')
    expect(fixed.receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      (await deliveriesOf(fixed.id))[0]!.webhookId,
      (await deliveriesOf(fixed.id))[0]!.webhookId,
    ])
    expect(stillBroken.receiver.received).toHaveLength(1)
    expect((await deliveriesOf(stillBroken.id))[0]!.state).toBe('failed')
  })

  it('replays by time range: failures created before `from` stay as they are', async () => {
    const res = await admin.post('/api/deliveries/replay', {
      from: new Date(Date.now() + 60_000).toISOString(),
    })
    expect(res.body).toMatchObject({ replayed: 0 })
    const all = await admin.post('/api/deliveries/replay', {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date().toISOString(),
    })
    expect(all.body.replayed).toBeGreaterThanOrEqual(1)
  })
})

describe('refusals', () => {
  it('refuses an invalid time or partner with 400, in Chinese first', async () => {
    const res = await admin.post('/api/deliveries/replay', { from: '昨天' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/^无效的时间 from.* \/ invalid from/)
    expect((await admin.post('/api/deliveries/replay', { partnerSite: 'abc' })).status).toBe(400)
  })

  it('takes only an ISO 8601 date or a date-time with an offset as a replay’s time, not whatever Date.parse reads', async () => {
    // Each of these Date.parse reads as some instant: "1" as the year 2001.
    for (const from of [
      '1',
      '2026',
      'Tue, 01 Dec 2026 08:00:00 GMT',
      '2026-11-20T08:00:00',
      '2026-02-30',
      1_700_000_000_000,
    ]) {
      const res = await admin.post('/api/deliveries/replay', { from })
      expect(res.status, String(from)).toBe(400)
      expect(res.body.errors[0].message).toMatch(
        /^无效的时间 from：.*ISO 8601.* \/ invalid from: .*ISO 8601 date or a date-time with an offset/,
      )
    }
    expect((await admin.post('/api/deliveries/replay', { to: '2026-13-01' })).status).toBe(400)
    // Taken, and read as the instants they name: nothing failed then.
    for (const range of [
      { from: '2999-01-01' },
      { from: '2000-01-01T08:00:00+08:00', to: '2000-01-02T00:00Z' },
    ]) {
      const res = await admin.post('/api/deliveries/replay', range)
      expect(res.status, JSON.stringify(range)).toBe(200)
      expect(res.body).toMatchObject({ replayed: 0 })
    }
  })

  it.each([
    ['rotate a secret', (ids: Ids) => `/api/partner-sites/${ids.site}/rotate-secret`],
    ['pause', (ids: Ids) => `/api/partner-sites/${ids.site}/pause`],
    ['resend', (ids: Ids) => `/api/deliveries/${ids.delivery}/resend`],
    ['replay', () => '/api/deliveries/replay'],
  ])('lets only admins %s', async (_, path) => {
    const [site] = (await booted.payload.find({ collection: 'partner-sites', limit: 1 })).docs
    const [delivery] = (await booted.payload.find({ collection: 'deliveries', limit: 1 })).docs
    expect(
      (await organizer.post(path({ site: Number(site!.id), delivery: Number(delivery!.id) }), {}))
        .status,
    ).toBe(403)
  })
})

type Ids = { site: number; delivery: number }
