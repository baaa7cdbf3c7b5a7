import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import express from 'express'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Booted } from '../../../tests/helpers/payload'

import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { generateSecret } from '../utilities/signature'

// More than a worker takes at once (it claims up to twice its 20 requests in flight,
// maxSendsInFlight, ahead): when it dies, some deliveries of the fan-out are claimed and sent,
// some claimed and not sent yet, the others not taken yet.
const partners = 50
let booted: Booted
const receivers: { server: Server; url: string; ids: string[] }[] = []
/** Called as each delivery arrives, before it is answered. */
let onArrival: (() => void) | undefined
const workers: ChildProcess[] = []
let workerOutput = ''

// A worker killed by a signal keeps `exitCode` null: only both being null means it still runs.
const isRunning = (w: ChildProcess) => w.exitCode === null && w.signalCode === null

beforeAll(async () => {
  booted = await bootPayload({ name: 'push_crash', env: { OUTBOUND_ALLOW_LIST: '127.0.0.1' } })
  for (let i = 0; i < partners; i += 1) {
    const ids: string[] = []
    const app = express()
    // Slow enough that the worker is killed with deliveries in flight.
    app.post('/hook', express.text({ type: '*/*' }), (req, res) => {
      ids.push(String(req.headers['webhook-id']))
      onArrival?.()
      setTimeout(() => res.sendStatus(200), 300)
    })
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    receivers.push({
      server,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      ids,
    })
  }
})

afterAll(async () => {
  workers.filter(isRunning).forEach((w) => w.kill('SIGKILL'))
  await Promise.all(
    receivers.map(
      (r) =>
        new Promise<void>((resolve) => {
          r.server.closeAllConnections()
          r.server.close(() => resolve())
        }),
    ),
  )
  await booted?.payload.destroy()
})

/** `npm run worker` on the test database, taking four jobs at a time and sweeping every second. */
const startWorker = () => {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: booted.databaseUrl,
      OUTBOUND_ALLOW_LIST: '127.0.0.1',
      JOBS_AUTORUN_CRON: '* * * * * *',
      JOBS_AUTORUN_LIMIT: '4',
      JOBS_SCHEDULE_CRON: '* * * * * *',
      PUSH_SEND_LEASE_MS: '1500',
      PUSH_LOST_JOB_AFTER_MS: '1500',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  worker.stdout?.on('data', (chunk) => (workerOutput += String(chunk)))
  worker.stderr?.on('data', (chunk) => (workerOutput += String(chunk)))
  workers.push(worker)
  return worker
}

it('delivers every delivery of a fan-out to 50 partners after the worker is killed mid-way, none twice per version', async () => {
  const { payload } = booted
  const campaign = Number(
    (
      await payload.create({
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
      await payload.create({
        collection: 'sub-projects',
        data: { campaign, name: '作品征集', kind: 'other', _status: 'published' },
      })
    ).id,
  )
  for (const [i, receiver] of receivers.entries()) {
    await payload.create({
      collection: 'partner-sites',
      data: {
        name: `合作网站${i + 1}`,
        kind: 'union-site',
        push: {
          status: 'active',
          endpointURL: receiver.url,
          campaigns: [campaign],
          secret: payload.encrypt(generateSecret()),
        },
      } as never,
    })
  }
  const entry = await payload.create({
    collection: 'entries',
    data: { title: '全网推送的精品', subProject, status: 'published' },
  })
  await payload.update({
    collection: 'entries',
    id: entry.id,
    data: { bestWork: { status: 'selected' } } as never,
  })
  expect((await payload.count({ collection: 'deliveries' })).totalDocs).toBe(partners)

  const first = startWorker()
  // Killed the moment the sixth partner hears of it, from the receiver's own handler: a poll
  // from this process, stalled on a busy machine, once let the fan-out finish before the kill.
  const exited = new Promise((resolve) => first.once('exit', resolve))
  onArrival = () => {
    if (receivers.filter((r) => r.ids.length > 0).length >= 6) {
      first.kill('SIGKILL')
      onArrival = undefined
    }
  }
  await waitUntil(() => !isRunning(first), {
    timeoutMs: 60_000,
    intervalMs: 50,
    what: 'the fan-out to start and the worker to be killed',
  })
  await exited
  const cutOff = receivers.filter((r) => r.ids.length > 0).length
  expect(cutOff).toBeLessThan(partners)
  // Left as the kill left them: claimed under a lease with their attempt logged as started (more
  // of them than partners reached: some were claimed and never sent), or still pending (the
  // version's job had not taken them).
  const states = (await payload.find({ collection: 'deliveries', limit: 0, depth: 0 })).docs.map(
    (d) => d.state,
  )
  expect(states.filter((state) => state === 'sending').length).toBeGreaterThan(cutOff)
  expect(states).toContain('pending')

  const second = startWorker()
  await waitUntil(
    async () =>
      (await payload.count({ collection: 'deliveries', where: { state: { equals: 'delivered' } } }))
        .totalDocs === partners,
    {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: `every delivery to be delivered\n${workerOutput}`,
    },
  )
  second.kill('SIGTERM')
  await new Promise((resolve) => second.once('exit', resolve))

  const deliveries = await payload.find({ collection: 'deliveries', limit: 0, depth: 0 })
  for (const receiver of receivers) {
    // Each partner got the work; a message cut off by the kill may come again, always under the same webhook-id.
    expect(receiver.ids.length).toBeGreaterThanOrEqual(1)
    expect(new Set(receiver.ids).size).toBe(1)
    const mine = deliveries.docs.filter((d) => d.webhookId === receiver.ids[0])
    expect(mine).toHaveLength(1)
    // Every request the partner saw is in the log, the cut-off ones too.
    expect(mine[0]!.attemptCount).toBeGreaterThanOrEqual(receiver.ids.length)
  }
}, 420_000)

it('logs an attempt cut off by the kill as interrupted: the log counts every request the partner saw', async () => {
  // A worker the test before left running (it failed before stopping it) would take this one's
  // delivery from under the worker this test kills.
  await Promise.all(
    workers
      .filter(isRunning)
      .map((w) => new Promise((resolve) => w.once('exit', resolve).kill('SIGKILL'))),
  )
  const { payload } = booted
  const secret = generateSecret()
  const seen: { id: string; isVerified: boolean }[] = []
  let release: (() => void) | undefined
  const app = express()
  // A partner that verifies each push and takes its time over the first: the worker dies meanwhile.
  app.post('/hook', express.text({ type: '*/*' }), (req, res) => {
    let isVerified = true
    try {
      new Webhook(secret).verify(req.body as string, req.headers as Record<string, string>)
    } catch {
      isVerified = false
    }
    seen.push({ id: String(req.headers['webhook-id']), isVerified })
    if (seen.length === 1) {
      release = () => res.sendStatus(200)
      return
    }
    res.sendStatus(200)
  })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  receivers.push({ server, url: '', ids: [] })
  const campaign = Number(
    (
      await payload.create({
        collection: 'campaigns',
        data: {
          name: '2017年“网聚职工正能量”',
          year: 2017,
          status: 'active',
          label: '网聚职工正能量',
        },
      })
    ).id,
  )
  const subProject = Number(
    (
      await payload.create({
        collection: 'sub-projects',
        data: { campaign, name: '微视频征集', kind: 'other', _status: 'published' },
      })
    ).id,
  )
  const site = await payload.create({
    collection: 'partner-sites',
    data: {
      name: '慢回应的合作网站',
      kind: 'union-site',
      push: {
        status: 'active',
        endpointURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        campaigns: [campaign],
        secret: payload.encrypt(secret),
      },
    } as never,
  })
  const entry = await payload.create({
    collection: 'entries',
    data: { title: '中断后重发的作品', subProject, status: 'published' },
  })
  await payload.update({
    collection: 'entries',
    id: entry.id,
    data: { bestWork: { status: 'selected' } } as never,
  })
  const deliveryOf = async () =>
    (
      await payload.find({
        collection: 'deliveries',
        where: { partnerSite: { equals: site.id } },
        depth: 0,
      })
    ).docs[0]!

  const first = startWorker()
  await waitUntil(() => seen.length === 1, {
    timeoutMs: 60_000,
    intervalMs: 50,
    what: `the first request\n${workerOutput}`,
  })
  first.kill('SIGKILL')
  await new Promise((resolve) => first.once('exit', resolve))
  release?.()
  // Before any recovery, the log already holds the attempt the partner is answering.
  expect(await deliveryOf()).toMatchObject({
    state: 'sending',
    attemptCount: 1,
    attempts: [expect.objectContaining({ outcome: 'started' })],
  })

  const second = startWorker()
  await waitUntil(async () => ((await deliveryOf()).state === 'delivered' ? true : undefined), {
    timeoutMs: 240_000,
    intervalMs: 500,
    what: `the delivery\n${workerOutput}`,
  })
  second.kill('SIGTERM')
  await new Promise((resolve) => second.once('exit', resolve))

  const delivery = await deliveryOf()
  expect(seen).toEqual([
    { id: delivery.webhookId, isVerified: true },
    { id: delivery.webhookId, isVerified: true },
  ])
  expect(delivery.attemptCount).toBe(seen.length)
  expect(delivery.attempts!.map((a) => [a.outcome, a.statusCode ?? null])).toEqual([
    ['interrupted', null],
    ['delivered', 200],
  ])
  expect(delivery.attempts![0]!.error).toContain('进程中断')
}, 420_000)
