/**
 * `npm run bench:push`: what it costs to push selected works to partner sites durably, against a
 * plain loop sending the same signed bodies.
 *
 * - Receivers: one loopback port per partner site, in this process, each verifying the Standard
 *   Webhooks signature with its partner's secret and answering 204 (bench/lib/receivers.ts).
 * - Push: the selection is the Local API update the `/select` endpoint makes; the partner-push
 *   hook writes one delivery and one job per partner in its transaction; `npm run worker` runs
 *   the jobs from the Postgres queue with the app's autorun settings, as a deployment with
 *   JOBS_AUTORUN=false on the web instances does (the bench process's Payload runs no jobs).
 * - Ceiling: a plain undici loop in a process of its own sending the bodies the receivers got,
 *   re-signed per request as an attempt signs them, with the runner's concurrency as the running
 *   config sets it (`runnerOf`: the plugin's own runner and caps when it has them, else
 *   JOBS_AUTORUN_LIMIT jobs per poll run in parallel), times the workers.
 *
 * (a) one work selected for 200 partners: selection to the last 2xx; (b) 100 works × 20
 * partners: deliveries per second from the first selection to the last 2xx.
 *
 * `BENCH_PUSH_PARTNERS`, `BENCH_PUSH_WORKS`, `BENCH_PUSH_WORK_PARTNERS` and `BENCH_PUSH_WORKERS`
 * change the sizes; `BENCH_CPU_PROF=<dir>` makes the workers write V8 CPU profiles there.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Payload } from 'payload'
import type { Pool } from 'pg'

import type { Arrival, Receivers } from './lib/receivers'
import type { CeilingMessage, CeilingRun } from './lib/pushCeiling'
import type { PartResult, Ratio } from './lib/results'
import type { RssStats } from './lib/residentMemory'
import type { RunningWorker } from './lib/worker'

import { generateSecret } from '../plugins/partner-push/utilities/signature'
import { poolOf } from '../plugins/shared/pool'
import { generateData } from './generate'
import { bootBenchPayload } from './lib/benchPayload'
import { postmasterPid, treeCpuMs } from './lib/cpu'
import { makeDataDir, median, removeDataDir, say, sleep, since } from './lib/env'
import { runPushCeiling } from './lib/pushCeiling'
import { startReceivers, wallNow } from './lib/receivers'
import { machineInfo, writeResult } from './lib/results'
import { sampleRss } from './lib/residentMemory'
import { benchAdmin } from './lib/server'
import { fmt, markdownTable, ratio, ratiosTable } from './lib/table'
import { startWorker } from './lib/worker'

/** Partner sites of (a) (`BENCH_PUSH_PARTNERS`). @default 200 */
const partnerCount = Number(process.env.BENCH_PUSH_PARTNERS || 200)
/** Works of (b) (`BENCH_PUSH_WORKS`). @default 100 */
const workCount = Number(process.env.BENCH_PUSH_WORKS || 100)
/** Partner sites of (b) (`BENCH_PUSH_WORK_PARTNERS`). @default 20 */
const workPartnerCount = Number(process.env.BENCH_PUSH_WORK_PARTNERS || 20)
/** `npm run worker` processes (`BENCH_PUSH_WORKERS`). @default 1 */
const workerCount = Number(process.env.BENCH_PUSH_WORKERS || 1)

/** How the deliveries are run, as the running config says: what the ceiling must match. */
export type PushRunner = {
  /** The runner polling the deliveries' queue. */
  cron: string
  /** Delivery jobs it takes per poll. */
  perPoll: number
  /** Sends under way at once, all workers together. */
  inFlight: number
  /** Sends to one partner under way at once per worker; null: no cap but the poll's. */
  perPartner: number | null
  /** For the notes. */
  description: string
}

/**
 * The plugin's own runner when its resolved options (in `config.custom.partnerPush`) have one
 * (a queue of its own, sends started in the background, capped per process and per partner);
 * else the app's autorun (src/payload.config.ts), which runs a poll's jobs in parallel.
 */
const runnerOf = (payload: Payload): PushRunner => {
  const options = (payload.config.custom?.partnerPush ?? {}) as Partial<{
    queue: string
    runCron: string
    runLimit: number
    perPartnerConcurrency: number
    maxSendsInFlight: number
  }>
  if (options.runLimit && options.maxSendsInFlight) {
    return {
      cron: options.runCron ?? '* * * * * *',
      perPoll: options.runLimit,
      inFlight: options.maxSendsInFlight * workerCount,
      perPartner: options.perPartnerConcurrency ?? null,
      description: `the plugin's own runner on the \`${options.queue}\` queue (cron \`${options.runCron}\`, up to ${options.runLimit} delivery jobs per poll, each claiming its delivery and starting its send in the background; at most ${options.maxSendsInFlight} sends per process and ${options.perPartnerConcurrency} per partner)`,
    }
  }
  const perPoll = Number(process.env.JOBS_AUTORUN_LIMIT || 20)
  const cron = process.env.JOBS_AUTORUN_CRON || '* * * * * *'
  return {
    cron,
    perPoll,
    inFlight: perPoll * workerCount,
    perPartner: null,
    description: `the app's autorun (cron \`${cron}\`, up to ${perPoll} jobs per poll, JOBS_AUTORUN_LIMIT, run in parallel; Payload skips a tick while the previous poll still runs)`,
  }
}

/** Requests the ceiling keeps in flight for `partners` receivers: the runner's caps. */
const ceilingConcurrency = (runner: PushRunner, partners: number) =>
  Math.min(
    runner.inFlight,
    runner.perPartner ? partners * runner.perPartner * workerCount : Infinity,
  )
/** The queue is sampled this often to see when the runner holds jobs. */
const queueSampleMs = 50

type QueueSample = { at: number; processing: number; waiting: number }

/** One delivery's timeline from its row: queued, sent (attempt start), answered. */
type DeliveryTimes = { createdAt: number; attemptAt: number; latencyMs: number }

export type PhaseMeasurement = {
  id: 'a' | 'b'
  works: number
  partners: number
  deliveries: number
  /** Epoch ms: the first selection call started. */
  startedAt: number
  /** ms from the first selection call to the last one returning (the hook queues in the transaction). */
  selectMs: number
  /** Duration of each selection call, ms. */
  perSelectMs: number[]
  /** ms from the first selection to the first and to the last 2xx at the receivers. */
  firstMs: number
  lastMs: number
  perSecond: number
  rss: RssStats
  /** CPU over the phase, ms: the worker process(es), and the embedded PostgreSQL (selection, queue and jobs). */
  cpu: { workerMs: number; postgresMs: number }
  stages: StageTimes
}

/** Where a delivery's time goes, from the rows and from the queue sampled every 50 ms. */
export type StageTimes = {
  /** Runner polls that sent something, and the most deliveries one poll sent. */
  polls: number
  maxPerPoll: number
  /** Seconds spanned from the first send to the last (whole polls). */
  pollSpanS: number
  /** Median ms from a poll (the whole second the cron fires on) to a delivery's send. */
  pollToSendMs: number
  /** Median ms of the send itself (connect, POST, the receiver's verification, the 2xx). */
  sendMs: number
  /** Median ms from a delivery's row to its send: waiting in the queue. */
  queuedMs: number
  /** Median ms the runner held a poll's jobs (some job marked processing), from the samples. */
  batchMs: number
  /** All the time the runner held jobs, ms. */
  heldMs: number
  /** Share of the samples from the first send to the last 2xx in which the runner held jobs. */
  busyShare: number
}

export type CeilingMeasurement = {
  id: 'c-a' | 'c-b'
  deliveries: number
  /** Requests it kept in flight. */
  concurrency: number
  lastMs: number
  loopMs: number
  perSecond: number
  /** CPU of the loop's process while it sent, ms. */
  cpuMs: number
  rss: RssStats
}

export const runPush = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = await makeDataDir('push')
  let receivers: Receivers | undefined
  const workers: RunningWorker[] = []
  let bench: Awaited<ReturnType<typeof bootBenchPayload>> | undefined
  try {
    // Partner endpoints on loopback are refused unless allowed, at save and at connect time.
    bench = await bootBenchPayload({ dataDir, env: { OUTBOUND_ALLOW_LIST: '127.0.0.1' } })
    const { payload } = bench
    const pool = poolOf(payload)
    say(`push: generating data in ${dataDir}`)
    const generated = await generateData({ payload, dataDir })

    const plan = await planWorks({ pool, partners: partnerCount, works: workCount })
    receivers = await startReceivers({ secrets: plan.siteIds.map(() => generateSecret()) })
    // Set up paused and taking no campaign: a paused site taking a campaign would be held every
    // work selected meanwhile (the warm-up's), and resuming would send those into the measurement.
    say(`push: ${plan.siteIds.length} receivers; partner sites set up (paused, taking nothing yet)`)
    for (const [i, id] of plan.siteIds.entries()) {
      await payload.update({
        collection: 'partner-sites',
        id,
        data: {
          push: {
            status: 'paused',
            endpointURL: receivers.receivers[i]!.url,
            campaigns: [],
            secret: payload.encrypt(receivers.receivers[i]!.secret),
          },
        } as never,
      })
    }
    const admin = (
      await payload.find({
        collection: 'users',
        where: { email: { equals: benchAdmin.email } },
        limit: 1,
        depth: 0,
      })
    ).docs[0]!
    const select = (id: number) =>
      payload.update({
        collection: 'entries',
        id,
        data: {
          bestWork: {
            status: 'selected',
            selectedAt: new Date().toISOString(),
            selectedBy: admin.id,
            reason: '基准测试：全网推送',
          },
        } as never,
        depth: 0,
        user: admin,
      })
    const setStatus = async (ids: number[], status: 'active' | 'paused', campaigns?: number[]) => {
      for (const id of ids) {
        await payload.update({
          collection: 'partner-sites',
          id,
          data: { push: { status, ...(campaigns ? { campaigns } : {}) } } as never,
          depth: 0,
        })
      }
    }

    const runner = runnerOf(payload)
    say(
      `push: starting ${workerCount} worker(s) (npm run worker: ${runner.perPoll} delivery jobs per poll, cron ${runner.cron}, ${runner.inFlight} sends in flight at most)`,
    )
    // BENCH_CPU_PROF=<dir>: the workers write V8 CPU profiles there when they stop.
    const nodeArgs = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
      : []
    for (let i = 0; i < workerCount; i++) {
      workers.push(startWorker({ env: { OUTBOUND_ALLOW_LIST: '127.0.0.1' }, nodeArgs }))
    }
    await waitForWorkers({ payload, pool, workers })

    // Warm-up, discarded: the worker's first deliveries (JIT, first connections) and the receivers'.
    const warmPartners = plan.siteIds.slice(0, workPartnerCount)
    await setStatus(warmPartners, 'active', [plan.campaignA])
    await select(plan.warmWork)
    await receivers.waitFor({ count: warmPartners.length, timeoutMs: 120_000, what: 'warm-up' })
    await waitDelivered({ pool, works: [plan.warmWork], count: warmPartners.length, workers })
    receivers.take()

    say(`push: (a) one work to ${plan.siteIds.length} partners`)
    await setStatus(plan.siteIds, 'active', [plan.campaignA])
    const postgres = postmasterPid(path.join(dataDir, 'postgres'))
    const a = await fanOutPhase({
      id: 'a',
      pool,
      postgres,
      receivers,
      workers,
      select,
      works: [plan.fanWork],
      partners: plan.siteIds.length,
    })
    const ceilingA = await ceilingPhase({
      id: 'c-a',
      dataDir,
      receivers,
      arrivals: a.arrivals,
      runner,
      partners: plan.siteIds.length,
    })

    say(`push: (b) ${plan.bWorks.length} works to ${workPartnerCount} partners`)
    await setStatus(plan.siteIds.slice(workPartnerCount), 'paused')
    await setStatus(plan.siteIds.slice(0, workPartnerCount), 'active', plan.bCampaigns)
    const b = await fanOutPhase({
      id: 'b',
      pool,
      postgres,
      receivers,
      workers,
      select,
      works: plan.bWorks,
      partners: workPartnerCount,
    })
    const ceilingB = await ceilingPhase({
      id: 'c-b',
      dataDir,
      receivers,
      arrivals: b.arrivals,
      runner,
      partners: workPartnerCount,
    })

    if (receivers.failures().length) {
      throw new Error(`pushes that did not verify: ${receivers.failures().slice(0, 5).join('; ')}`)
    }
    await Promise.all(workers.map((w) => w.stop()))
    return pushResult({
      a: a.measurement,
      b: b.measurement,
      ceilingA,
      ceilingB,
      runner,
      generated,
      wallS: since(started) / 1000,
    })
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => {})))
    await receivers?.close()
    await bench?.close()
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

/**
 * The partner sites and works of the run. Works come from the text sub-projects (their generated
 * texts meet the 字数 rule every save checks) and are published; the generator marked every
 * published work selected, so these are put back to "never selected" for their selection to
 * fan out as a first publish.
 */
const planWorks = async ({
  pool,
  partners,
  works,
}: {
  pool: Pool
  partners: number
  works: number
}) => {
  const { rows: sites } = await pool.query<{ id: number }>(
    `select id from partner_sites where push_endpoint_u_r_l is null order by id limit $1`,
    [partners],
  )
  if (sites.length < partners) {
    throw new Error(`only ${sites.length} partner sites, ${partners} wanted`)
  }
  const { rows: candidates } = await pool.query<{ id: number; campaign_id: number }>(
    `select e.id, e.campaign_id from entries e join sub_projects s on s.id = e.sub_project_id
      where e.status = 'published' and s.kind in ('essay', 'book-review') order by e.id`,
  )
  const byCampaign = groupBy(candidates, (c) => c.campaign_id)
  const campaignA = [...byCampaign.entries()].find(([, list]) => list.length >= 2)?.[0]
  if (!campaignA) {
    throw new Error('no campaign with two published text works')
  }
  const [warm, fan] = byCampaign.get(campaignA)!
  const rest = candidates.filter((c) => c.id !== warm!.id && c.id !== fan!.id).slice(0, works)
  if (rest.length < works) {
    throw new Error(`only ${rest.length} published text works for (b), ${works} wanted`)
  }
  const chosen = [warm!.id, fan!.id, ...rest.map((r) => r.id)]
  await pool.query(
    `update entries set best_work_status = null, best_work_selected_at = null, best_work_selected_by_id = null,
       syndication_pubstatus = null, syndication_version = 0, syndication_changed_at = null where id = any($1::int[])`,
    [chosen],
  )
  return {
    siteIds: sites.map((s) => s.id),
    campaignA,
    warmWork: warm!.id,
    fanWork: fan!.id,
    bWorks: rest.map((r) => r.id),
    bCampaigns: [...new Set(rest.map((r) => r.campaign_id))],
  }
}

/** Each worker is up once a job queued now has run: one sweep job per worker, taken in turn. */
const waitForWorkers = async ({
  payload,
  pool,
  workers,
}: {
  payload: Payload
  pool: Pool
  workers: RunningWorker[]
}) => {
  const jobs = await Promise.all(
    workers.map(() => payload.jobs.queue({ task: 'sweepDeliveries', input: {} })),
  )
  const ids = jobs.map((j) => Number(j.id))
  const started = performance.now()
  for (;;) {
    const dead = workers.find((w) => w.hasExited())
    if (dead) {
      throw new Error(`a worker exited while starting:\n${dead.output()}`)
    }
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from payload_jobs where id = any($1::int[]) and completed_at is null`,
      [ids],
    )
    if (rows[0]!.n === 0) {
      return
    }
    if (since(started) > 180_000) {
      throw new Error(`the worker ran no job within 180 s:\n${workers[0]!.output()}`)
    }
    await sleep(100)
  }
}

/** Waits until the deliveries of `works` are all recorded as delivered (the row is written after the 2xx). */
const waitDelivered = async ({
  pool,
  works,
  count,
  workers,
}: {
  pool: Pool
  works: number[]
  count: number
  workers: RunningWorker[]
}) => {
  const started = performance.now()
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from deliveries where entry_id = any($1::int[]) and state = 'delivered'`,
      [works],
    )
    if (rows[0]!.n >= count) {
      return
    }
    if (since(started) > 60_000) {
      throw new Error(
        `${rows[0]!.n} of ${count} deliveries recorded as delivered:\n${workers[0]!.output()}`,
      )
    }
    await sleep(100)
  }
}

/** Counts the runner's jobs in hand and waiting, every `queueSampleMs`, until stopped. */
const sampleQueue = (pool: Pool) => {
  const samples: QueueSample[] = []
  let isStopped = false
  const done = (async () => {
    while (!isStopped) {
      const { rows } = await pool.query<{ processing: number; waiting: number }>(
        `select count(*) filter (where processing)::int as processing, count(*) filter (where not processing)::int as waiting
           from payload_jobs where task_slug = 'deliverToPartner' and completed_at is null and has_error is not true`,
      )
      samples.push({ at: wallNow(), ...rows[0]! })
      await sleep(queueSampleMs)
    }
  })()
  return {
    stop: async () => {
      isStopped = true
      await done
      return samples
    },
  }
}

const fanOutPhase = async ({
  id,
  pool,
  postgres,
  receivers,
  workers,
  select,
  works,
  partners,
}: {
  id: 'a' | 'b'
  pool: Pool
  /** The postmaster's pid, whose process tree's CPU is counted. */
  postgres: number
  receivers: Receivers
  workers: RunningWorker[]
  select: (id: number) => Promise<unknown>
  works: number[]
  partners: number
}) => {
  const expected = works.length * partners
  receivers.take()
  const rss = workers.map((w) => sampleRss({ pid: w.pid }))
  const queue = sampleQueue(pool)
  const workerCpu = () => workers.reduce((sum, w) => sum + treeCpuMs(w.pid), 0)
  const cpuBefore = { worker: workerCpu(), postgres: treeCpuMs(postgres) }
  const perSelectMs: number[] = []
  const startedAt = wallNow()
  for (const work of works) {
    const t = wallNow()
    await select(work)
    perSelectMs.push(wallNow() - t)
  }
  const selectMs = wallNow() - startedAt
  await receivers.waitFor({ count: expected, timeoutMs: 600_000, what: `(${id})` })
  const arrivals = receivers.take()
  const samples = await queue.stop()
  const rssStats = rss.map((r) => r.stop())
  await waitDelivered({ pool, works, count: expected, workers })
  const cpu = {
    workerMs: workerCpu() - cpuBefore.worker,
    postgresMs: treeCpuMs(postgres) - cpuBefore.postgres,
  }
  if (new Set(arrivals.map((x) => x.webhookId)).size !== expected) {
    throw new Error(
      `(${id}): ${arrivals.length} pushes but ${new Set(arrivals.map((x) => x.webhookId)).size} distinct webhook-ids, ${expected} expected`,
    )
  }
  const times = arrivals.map((x) => x.at).sort((x, y) => x - y)
  const lastMs = times.at(-1)! - startedAt
  const { rows } = await pool.query<DeliveryTimes>(
    `select extract(epoch from d.created_at) * 1000 as "createdAt", extract(epoch from a.at) * 1000 as "attemptAt", a.latency_ms::float as "latencyMs"
       from deliveries d join deliveries_attempts a on a._parent_id = d.id and a._order = 1
      where d.entry_id = any($1::int[])`,
    [works],
  )
  const measurement: PhaseMeasurement = {
    id,
    works: works.length,
    partners,
    deliveries: expected,
    startedAt,
    selectMs,
    perSelectMs,
    firstMs: times[0]! - startedAt,
    lastMs,
    perSecond: expected / (lastMs / 1000),
    rss: sumRss(rssStats),
    cpu,
    stages: stageTimes({
      rows: rows.map((r) => ({
        createdAt: Number(r.createdAt),
        attemptAt: Number(r.attemptAt),
        latencyMs: Number(r.latencyMs),
      })),
      samples,
      lastAt: times.at(-1)!,
    }),
  }
  say(
    `push: (${id}) ${expected} deliveries in ${(lastMs / 1000).toFixed(1)} s (${measurement.perSecond.toFixed(0)}/s); ` +
      `CPU per delivery: worker ${(cpu.workerMs / expected).toFixed(1)} ms, PostgreSQL ${(cpu.postgresMs / expected).toFixed(1)} ms`,
  )
  return { measurement, arrivals }
}

/** The same bodies, to the same receivers, through the plain loop. */
const ceilingPhase = async ({
  id,
  dataDir,
  receivers,
  arrivals,
  runner,
  partners,
}: {
  id: 'c-a' | 'c-b'
  dataDir: string
  receivers: Receivers
  arrivals: Arrival[]
  runner: PushRunner
  partners: number
}): Promise<CeilingMeasurement> => {
  const messages: CeilingMessage[] = arrivals.map((x) => ({
    url: receivers.receivers[x.receiver]!.url,
    secret: receivers.receivers[x.receiver]!.secret,
    webhookId: x.webhookId,
    body: x.body,
  }))
  const file = path.join(dataDir, `${id}.json`)
  await fs.writeFile(file, JSON.stringify(messages))
  receivers.take()
  const concurrency = ceilingConcurrency(runner, partners)
  const run: CeilingRun = await runPushCeiling({
    file,
    concurrency,
    perPartner: runner.perPartner && runner.perPartner * workerCount,
  })
  const got = receivers.take().filter((x) => x.at >= run.startedAt)
  if (got.length !== messages.length || run.non2xx || run.errors) {
    throw new Error(
      `(${id}): ${got.length} of ${messages.length} arrived, ${run.non2xx} non-2xx, ${run.errors} errors`,
    )
  }
  const lastMs = Math.max(...got.map((x) => x.at)) - run.startedAt
  say(
    `push: (${id}) ${messages.length} deliveries in ${(lastMs / 1000).toFixed(2)} s (${(messages.length / (lastMs / 1000)).toFixed(0)}/s); CPU per delivery ${(run.cpuMs / messages.length).toFixed(2)} ms`,
  )
  return {
    id,
    deliveries: messages.length,
    concurrency,
    lastMs,
    loopMs: run.endedAt - run.startedAt,
    perSecond: messages.length / (lastMs / 1000),
    cpuMs: run.cpuMs,
    rss: run.rss,
  }
}

/** `Map.groupBy`, which Node 20 lacks. */
const groupBy = <T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) {
      group.push(item)
    } else {
      groups.set(key, [item])
    }
  }
  return groups
}

const sumRss = (stats: RssStats[]): RssStats => ({
  peakMB: stats.reduce((sum, s) => sum + s.peakMB, 0),
  meanMB: stats.reduce((sum, s) => sum + s.meanMB, 0),
  samples: Math.min(...stats.map((s) => s.samples)),
})

const stageTimes = ({
  rows,
  samples,
  lastAt,
}: {
  rows: DeliveryTimes[]
  samples: QueueSample[]
  lastAt: number
}): StageTimes => {
  // The cron fires on whole seconds; a poll's sends fall in the second it fired in while the poll takes under a second.
  const polls = groupBy(rows, (r) => Math.floor(r.attemptAt / 1000))
  const firstSend = Math.min(...rows.map((r) => r.attemptAt))
  const seconds = [...polls.keys()]
  const window = samples.filter((s) => s.at >= firstSend && s.at <= lastAt)
  const batches: number[] = []
  let heldSince: number | null = null
  for (const s of samples) {
    if (s.processing > 0 && heldSince === null) {
      heldSince = s.at
    } else if (s.processing === 0 && heldSince !== null) {
      batches.push(s.at - heldSince)
      heldSince = null
    }
  }
  return {
    polls: polls.size,
    maxPerPoll: Math.max(...[...polls.values()].map((list) => list.length)),
    pollSpanS: Math.max(...seconds) - Math.min(...seconds) + 1,
    pollToSendMs: median(rows.map((r) => r.attemptAt % 1000)),
    sendMs: median(rows.map((r) => r.latencyMs)),
    queuedMs: median(rows.map((r) => r.attemptAt - r.createdAt)),
    batchMs: batches.length ? median(batches) : NaN,
    heldMs: batches.reduce((sum, ms) => sum + ms, 0),
    busyShare: window.length ? window.filter((s) => s.processing > 0).length / window.length : NaN,
  }
}

const pushResult = ({
  a,
  b,
  ceilingA,
  ceilingB,
  runner,
  generated,
  wallS,
}: {
  a: PhaseMeasurement
  b: PhaseMeasurement
  ceilingA: CeilingMeasurement
  ceilingB: CeilingMeasurement
  runner: PushRunner
  generated: Awaited<ReturnType<typeof generateData>>
  wallS: number
}): PartResult => {
  const ratios: Ratio[] = [
    ratio({
      name: `a / c (1 work × ${a.partners} partners: push vs plain loop, deliveries/s)`,
      a: a.perSecond,
      b: ceilingA.perSecond,
      target: '≥ 0.8',
      check: (v) => v >= 0.8,
    }),
    ratio({
      name: `b / c (${b.works} works × ${b.partners} partners: push vs plain loop, deliveries/s)`,
      a: b.perSecond,
      b: ceilingB.perSecond,
      target: '≥ 0.8',
      check: (v) => v >= 0.8,
    }),
  ]
  const workers = `${workerCount} × \`npm run worker\``
  const perDelivery = (ms: number, count: number) => fmt(ms / count, 1)
  const pushRow = (p: PhaseMeasurement, label: string) => [
    label,
    `push: selection, jobs queue, ${workers}`,
    p.deliveries,
    fmt(p.lastMs / 1000, 2),
    fmt(p.perSecond, 0),
    fmt(p.firstMs, 0),
    fmt(p.selectMs / 1000, 2),
    perDelivery(p.cpu.workerMs, p.deliveries),
    perDelivery(p.cpu.postgresMs, p.deliveries),
    fmt(p.rss.peakMB, 0),
  ]
  const loopRow = (c: CeilingMeasurement, label: string) => [
    label,
    `(c) plain undici loop, ${c.concurrency} in flight${runner.perPartner ? `, ${runner.perPartner * workerCount} per partner` : ''}`,
    c.deliveries,
    fmt(c.lastMs / 1000, 2),
    fmt(c.perSecond, 0),
    '—',
    '—',
    perDelivery(c.cpuMs, c.deliveries),
    '—',
    fmt(c.rss.peakMB, 0),
  ]
  const aLabel = `(a) 1 work × ${a.partners} partners`
  const bLabel = `(b) ${b.works} works × ${b.partners} partners`
  const table = markdownTable(
    [
      'case',
      'path',
      'deliveries',
      'start → last 2xx (s)',
      'deliveries / s',
      'first 2xx (ms)',
      'selection calls (s)',
      'sender CPU ms / delivery',
      'PostgreSQL CPU ms / delivery',
      'sender RSS peak MB',
    ],
    [pushRow(a, aLabel), loopRow(ceilingA, aLabel), pushRow(b, bLabel), loopRow(ceilingB, bLabel)],
  )
  const stageTable = markdownTable(
    [
      'case',
      'runner polls used',
      'most per poll',
      'poll held (ms, median)',
      'runner busy',
      'worker on CPU while holding',
      'poll → send (ms, median)',
      'send → 2xx (ms, median)',
      'queued (ms, median)',
    ],
    [a, b].map((p) => [
      `(${p.id})`,
      `${p.stages.polls} in ${p.stages.pollSpanS} s`,
      p.stages.maxPerPoll,
      fmt(p.stages.batchMs, 0),
      `${fmt(p.stages.busyShare * 100, 0)} %`,
      `${fmt((p.cpu.workerMs / p.stages.heldMs) * 100, 0)} %`,
      fmt(p.stages.pollToSendMs, 0),
      fmt(p.stages.sendMs, 0),
      fmt(p.stages.queuedMs, 0),
    ]),
  )
  const notes = [
    `Receivers: ${a.partners} loopback HTTP servers in the bench process, one per partner site, each verifying the Standard Webhooks signature with its partner's secret (\`standardwebhooks\`, as the partner's guide shows) and answering 204; every push verified, and each delivery arrived once (distinct webhook-ids).`,
    `Push: the selection is the Local API update the \`/select\` endpoint makes (\`bestWork.status = selected\`, as the bench admin); the partner-push hook writes a delivery and queues a job per partner in that update's transaction. The jobs run in ${workers} (src/worker.ts), the production runner: ${runner.description}; the bench process's Payload runs no jobs (JOBS_AUTORUN=false), as web instances beside a worker. Timed from the first selection call to the last 2xx at the receivers; a warm-up fan-out to ${b.partners} partners ran first. The selections of (b) are made one after another while the worker already sends.`,
    `Ceiling (c): the bodies the receivers got in the same case, sent again by a plain undici \`request\` loop in a process of its own (one keep-alive Agent, each request signed at send time with \`webhookHeaders\` as an attempt is, after an untimed warm-up), as many requests in flight as the runner allows (${ceilingA.concurrency} for (a), ${ceilingB.concurrency} for (b)${runner.perPartner ? `, at most ${runner.perPartner * workerCount} to one partner` : ''}); timed from its first request to the last 2xx at the receivers. It has no queue, no delivery rows and no SSRF guard: it bounds what the sending alone costs.`,
    `CPU per delivery: utime + stime from /proc over the case, of the worker process(es) and of the embedded PostgreSQL's processes (the selections' transactions included), and the loop process's own \`process.cpuUsage()\` while it sent. Stages, from the delivery rows and the jobs table sampled every ${queueSampleMs} ms: “poll held” is how long a poll's jobs were marked processing, “runner busy” the share of samples from the first send to the last 2xx in which the runner held any, “worker on CPU while holding” the worker's CPU time over the time it held jobs; “poll → send” is from the whole second the cron fired on to the attempt's start, “send → 2xx” the attempt's recorded latency, “queued” from the delivery's row to its send.`,
    `Sender RSS: VmRSS of the worker process(es) (push) or of the loop's process (c), sampled every 250 ms; the embedded PostgreSQL is not included.`,
    `Data: ${generated.counts.partnerSites} partner sites, ${generated.counts.entries} works (bench/generate.ts); the selected works are published works of text sub-projects, put back to “never selected” first.`,
  ]
  return {
    part: 'push',
    title: 'Push fan-out',
    machine: machineInfo(),
    wallS,
    tables: [table, stageTable, ratiosTable(ratios)],
    notes,
    ratios,
    bounds: boundsOf({ ratios, a, b, ceilingB, runner }),
    data: { a, b, ceilingA, ceilingB, runner, workers: workerCount },
  }
}

/**
 * Why push misses the loop, from this run's figures. For the app's autorun (one Local API job per
 * delivery, a poll's jobs run in parallel) the statement counts and profile shares were measured
 * while building this part (a PostgreSQL statement log of (b) with the worker's connections named,
 * and `BENCH_CPU_PROF`); for the plugin's own runner only this run's figures are given.
 */
const boundsOf = ({
  ratios,
  a,
  b,
  ceilingB,
  runner,
}: {
  ratios: Ratio[]
  a: PhaseMeasurement
  b: PhaseMeasurement
  ceilingB: CeilingMeasurement
  runner: PushRunner
}) => {
  const missed = ratios.filter((r) => r.isMet === false).map((r) => r.name)
  if (!missed.length) {
    return []
  }
  const s = b.stages
  const workerMs = b.cpu.workerMs / b.deliveries
  const measured =
    `in (b) the worker spent ${fmt(workerMs, 1)} ms of CPU per delivery and PostgreSQL ${fmt(b.cpu.postgresMs / b.deliveries, 1)} ms, against ${fmt(ceilingB.cpuMs / ceilingB.deliveries, 2)} ms for the plain loop, while the send itself took ${fmt(s.sendMs, 0)} ms (median), so one worker cannot pass about ${fmt(1000 / workerMs, 0)} deliveries/s however it polls; ` +
    `deliveries waited ${fmt(s.queuedMs / 1000, 1)} s in the queue (median), the runner held jobs in ${fmt(s.busyShare * 100, 0)} % of the samples (${s.polls} polls sent something in ${s.pollSpanS} s, at most ${s.maxPerPoll} per poll)${runner.perPartner ? '' : `, and the worker was on CPU ${fmt((b.cpu.workerMs / s.heldMs) * 100, 0)} % of the time it held jobs`}. ` +
    `(a) also waits for the selection: its update wrote the ${a.deliveries} deliveries and jobs in ${fmt(a.selectMs / 1000, 1)} s before a poll could see them.`
  const text = runner.perPartner
    ? `the work each delivery costs in the job runner, not the sending: every delivery is still a job of its own run through Payload's Local API; ${measured}`
    : `the work each delivery costs in the job runner, not the sending: every delivery is a job of its own run through Payload's Local API; ${measured} ` +
      'Where the CPU goes (measured while building this part): about 31 SQL statements per delivery, 12 of them the queue’s own bookkeeping (taking the job, its task log, its completion) and 19 the attempt (the delivery, the partner, the in-flight count, the claim, the work at depth 1 with its campaign, sub-project, unit, selector and progress count, and the delivery’s update, which at the default depth re-reads the delivery, its partner and work and checks document locks); ' +
      'a CPU profile of the worker puts about three quarters of its busy time into building and sending them (drizzle-orm 37 %, socket writes to PostgreSQL 21 %, payload and @payloadcms/drizzle 14 %), 6 % into garbage collection and about 1 % into undici. ' +
      'Polling back to back alone (a loop on `payload.jobs.run`, tried while building this part) gave (a) 20/s and (b) 23/s with the runner 91–94 % busy, so the target needs fewer statements per delivery: one job per work version that builds the body once and sends to its partners with one claim and one state update in SQL, instead of one Local API job per partner.'
  return [{ ratios: missed, text }]
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runPush()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n${(result.bounds ?? []).map((x) => `- ${x.ratios.join('; ')}: ${x.text}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
