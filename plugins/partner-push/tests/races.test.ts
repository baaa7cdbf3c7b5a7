import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'
import type { PushTestContext } from './fixtures'
import type { Received, Receiver } from './receiver'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { sweepDeliveries } from '../jobs/sweep'
import { optionsOf } from '../types'
import { pushFixtures } from './fixtures'
import { runJobs } from './jobs'
import { startReceiver } from './receiver'

/**
 * A partner acknowledges a takedown within milliseconds of answering 204, so its
 * acknowledgement and the CMS's own write to the same delivery (the outcome of the send, the
 * sweep's escalation) happen at the same moment. Each case holds the delivery's row locked from
 * a connection of its own, lets both writes queue up behind it in a set order, then lets them
 * go: whichever commits last, neither undoes the other.
 */

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
const receivers: Receiver[] = []
const ctx = {} as PushTestContext

beforeAll(async () => {
  booted = await bootPayload({
    name: 'partner_push_races',
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost', PUSH_ATTEMPT_TIMEOUT_MS: '5000' },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  Object.assign(ctx, { booted, admin })
})

/** Each case's partner takes a campaign of its own, so it is sent only that case's work. */
beforeEach(async () => {
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
  Object.assign(ctx, { campaign, subProject })
})

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await http?.close()
  await booted?.payload.destroy()
})

const { partnerSite, selectWork, deliveriesOf, runDue } = pushFixtures(ctx)

/** A partner site whose receiver verifies every push, with its own API key; `onTakedown` runs before it answers a takedown. */
const partner = async (name: string, onTakedown: (push: Received) => Promise<void>) => {
  const receiver = await startReceiver([{ status: 204 }], {
    beforeAnswer: async (push) => (push.json.event === 'takedown' ? onTakedown(push) : undefined),
  })
  receivers.push(receiver)
  const site = await partnerSite(name, receiver.url)
  receiver.trust(site.secret)
  const apiKey = `race-key-${site.id}-${Math.random().toString(36).slice(2)}`.padEnd(32, '0')
  await booted.payload.create({
    collection: 'partner-accounts',
    data: { name: `${name}接口`, partnerSite: site.id, enableAPIKey: true, apiKey },
  })
  const api = await apiClient(http.url, null, {
    Authorization: `partner-accounts API-Key ${apiKey}`,
  })
  return { ...site, receiver, api }
}

/**
 * A connection holding a delivery's row locked, and one watching how many statements wait for a
 * lock. `waiters(n)` returns once n do; `release()` lets them go, in the order they queued.
 */
const rowLock = async (deliveryId: number) => {
  const holder = new pg.Client({ connectionString: booted.databaseUrl })
  const observer = new pg.Client({ connectionString: booted.databaseUrl })
  await holder.connect()
  await observer.connect()
  await holder.query('begin')
  await holder.query('select id from deliveries where id = $1 for update', [deliveryId])
  const waiting = async () =>
    Number(
      (
        await observer.query<{ count: string }>(
          `select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and state = 'active'`,
        )
      ).rows[0]!.count,
    )
  return {
    waiters: (n: number, what: string) =>
      waitUntil(async () => (await waiting()) >= n, { timeoutMs: 20_000, intervalMs: 25, what }),
    release: async () => {
      await holder.query('commit')
      await holder.end()
      await observer.end()
    },
  }
}

/** A selected work sent to the partner, then taken down: its takedown delivery, queued. */
const takenDown = async (site: { id: number }, title: string) => {
  const entry = await selectWork(title)
  await runDue()
  expect((await admin.post(`/api/entries/${entry}/deselect`, {})).status).toBe(200)
  return (await deliveriesOf(site.id)).find((d) => d.event === 'takedown')!
}

describe('a takedown acknowledged as its delivery is recorded', () => {
  it.each([
    { first: 'the outcome', second: 'the acknowledgement' },
    { first: 'the acknowledgement', second: 'the outcome' },
  ])(
    'ends delivered and acknowledged when $first commits before $second',
    async ({ first }) => {
      let lock: Awaited<ReturnType<typeof rowLock>> | undefined
      let acknowledging: Promise<{ status: number; body: { acknowledgedAt?: string } }> | undefined
      const site = await partner(
        `撤稿确认竞争网站-${first === 'the outcome' ? 'a' : 'b'}`,
        async (push) => {
          // The partner has taken the takedown; the delivery's row is held until both writes wait.
          lock = await rowLock(takedown.id)
          if (first === 'the acknowledgement') {
            acknowledging = site.api.post('/api/deliveries/acknowledge', {
              webhookId: push.headers['webhook-id'],
            })
            await lock.waiters(1, 'the acknowledgement waiting on the delivery’s row')
          }
        },
      )
      const takedown = await takenDown(site, `撤稿确认竞争-${first}`)

      const sending = runJobs(booted.payload)
      await waitUntil(() => lock, {
        timeoutMs: 20_000,
        intervalMs: 25,
        what: 'the takedown to reach the partner',
      })
      if (first === 'the outcome') {
        await lock!.waiters(1, 'the outcome waiting on the delivery’s row')
        const [push] = site.receiver.received.filter((r) => r.json.event === 'takedown')
        acknowledging = site.api.post('/api/deliveries/acknowledge', {
          webhookId: push!.headers['webhook-id'],
        })
      }
      await lock!.waiters(2, 'the outcome and the acknowledgement waiting on the delivery’s row')
      await lock!.release()
      await sending
      const acknowledged = await acknowledging!

      expect(acknowledged.status).toBe(200)
      const stored = await booted.payload.findByID({
        collection: 'deliveries',
        id: takedown.id,
        depth: 0,
      })
      expect(stored).toMatchObject({
        state: 'delivered',
        acknowledgedAt: acknowledged.body.acknowledgedAt,
        attemptCount: 1,
      })
      expect(stored.attempts!.map((a) => [a.outcome, a.statusCode])).toEqual([['delivered', 204]])
      // Nothing for the partner to catch up on, nothing for the sweep to send again.
      expect((await site.api.get('/api/deliveries/takedowns')).body.docs).toEqual([])
    },
    60_000,
  )
})

describe('a takedown acknowledged as the sweep escalates it', () => {
  // The app's options (its mail task among them), every takedown overdue at once.
  const options = () => ({ ...optionsOf(booted.payload), ackWithinMs: 0 })
  const mailsAbout = async (deliveryId: number) =>
    (
      await booted.payload.find({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: 'sendMail' } },
        limit: 0,
      })
    ).docs.filter((job) =>
      (job.input as { text: string }).text.includes(`（推送记录 ${deliveryId}）`),
    )

  it.each([
    { first: 'the escalation', second: 'the acknowledgement', mails: 1 },
    { first: 'the acknowledgement', second: 'the escalation', mails: 0 },
  ])(
    'keeps the acknowledgement when $first commits before $second, and mails at most once',
    async ({ first, mails }) => {
      const site = await partner(`撤稿上报竞争网站-${mails}`, async () => {})
      const takedown = await takenDown(site, `撤稿上报竞争-${first}`)
      await runDue()
      const [push] = site.receiver.received.filter((r) => r.json.event === 'takedown')

      const lock = await rowLock(takedown.id)
      const acknowledge = () =>
        site.api.post('/api/deliveries/acknowledge', { webhookId: push!.headers['webhook-id'] })
      const sweep = () => sweepDeliveries({ payload: booted.payload, options: options() })
      const [start, then] = first === 'the escalation' ? [sweep, acknowledge] : [acknowledge, sweep]
      const started = start()
      await lock.waiters(1, `${first} waiting on the delivery’s row`)
      const followed = then()
      await lock.waiters(2, 'the escalation and the acknowledgement waiting on the delivery’s row')
      await lock.release()
      await Promise.all([started, followed])

      const stored = await booted.payload.findByID({
        collection: 'deliveries',
        id: takedown.id,
        depth: 0,
      })
      expect(stored.acknowledgedAt).toBeTruthy()
      expect(Boolean(stored.escalatedAt)).toBe(mails === 1)
      expect((await site.api.get('/api/deliveries/takedowns')).body.docs).toEqual([])
      // A later sweep finds nothing left to escalate: the partner's contacts were mailed at most once.
      await sweep()
      // One mail per escalation here: the site's failure address (no office address is set).
      expect(await mailsAbout(takedown.id)).toHaveLength(mails)
    },
    60_000,
  )
})
