/**
 * `npm run bench:push`: what it costs to push selected works to partner sites durably, against a
 * plain loop sending the same signed bodies.
 *
 * - Receivers: one loopback port per partner site, in this process, each verifying the Standard
 *   Webhooks signature with its partner's secret and answering 204 (bench/lib/receivers.ts).
 * - Push: the selection is the Local API update the `/select` endpoint makes; the partner-push
 *   hook writes the version's deliveries (one statement) and one job for the version in its
 *   transaction; `npm run worker` runs the jobs from the Postgres queue with the app's autorun
 *   settings (and at once when the selection's commit announces the job), as a deployment with
 *   JOBS_AUTORUN=false on the web instances does (the bench process's Payload runs no jobs).
 * - Ceiling: a plain undici loop in a process of its own sending the bodies the receivers got,
 *   re-signed per request as an attempt signs them, with the plugin's caps as the running config
 *   sets them (`runnerOf`: sends per process and per partner), times the workers.
 * - Bounds: statements counted in the worker (bench/lib/worker.ts `countQueries`) and in this
 *   process during the selections; the selection timed again with the fan-out hook off.
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
/** Works selected with the push hook off, to time the selection alone. */
const selectionAloneCount = 20
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
 * The app's autorun (src/payload.config.ts) polling the jobs, one job per work version that
 * sends to its partners itself, under the plugin's caps (`config.custom.partnerPush`: sends per
 * process and per partner).
 */
const runnerOf = (payload: Payload): PushRunner => {
  const options = (payload.config.custom?.partnerPush ?? {}) as Partial<{
    perPartnerConcurrency: number
    maxSendsInFlight: number
  }>
  const perPoll = Number(process.env.JOBS_AUTORUN_LIMIT || 20)
  const cron = process.env.JOBS_AUTORUN_CRON || '* * * * * *'
  const maxSends = options.maxSendsInFlight ?? 20
  const wakes = (options as { wakeRunner?: boolean }).wakeRunner !== false
  const perPartner = options.perPartnerConcurrency ?? 4
  return {
    cron,
    perPoll,
    inFlight: maxSends * workerCount,
    perPartner,
    description: `the app's autorun (cron \`${cron}\`, up to ${perPoll} jobs per poll, JOBS_AUTORUN_LIMIT; Payload skips a tick while the previous poll still runs), ${wakes ? 'the worker also LISTENing for each version job the selection announces (NOTIFY on commit) and running it at once through `payload.jobs.runByID`; ' : ''}one job per work version, which claims its version's deliveries in batches as send slots free, sends them (at most ${maxSends} sends per process, ${perPartner} per partner: the plugin's \`maxSendsInFlight\` and \`perPartnerConcurrency\`) and writes their outcomes in batches`,
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
  /** SQL statements over the phase: the worker(s) (null: not counted), and the selections' in this process. */
  queries: { worker: number | null; selection: number }
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
    const select = (id: number, context: Record<string, unknown> = {}) =>
      payload.update({
        context,
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
      workers.push(
        startWorker({ env: { OUTBOUND_ALLOW_LIST: '127.0.0.1' }, nodeArgs, countQueries: true }),
      )
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

    // The selection alone: the same update with the partner-push fan-out hook off (`skipPush`).
    const aloneMs: number[] = []
    const aloneCount = countQueries(pool)
    for (const work of plan.aloneWorks) {
      const t = wallNow()
      await select(work, { skipPush: true })
      aloneMs.push(wallNow() - t)
    }
    const selectionAlone = {
      works: aloneMs.length,
      medianMs: median(aloneMs),
      statements: aloneCount.stop() / Math.max(1, aloneMs.length),
    }
    say(
      `push: a selection without the push hook: ${fmt(selectionAlone.medianMs, 0)} ms (median of ${aloneMs.length}), ${fmt(selectionAlone.statements, 1)} SQL statements`,
    )

    if (receivers.failures().length) {
      throw new Error(`pushes that did not verify: ${receivers.failures().slice(0, 5).join('; ')}`)
    }
    await Promise.all(workers.map((w) => w.stop()))
    return pushResult({
      selectionAlone,
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
  const others = candidates.filter((c) => c.id !== warm!.id && c.id !== fan!.id)
  const rest = others.slice(0, works)
  if (rest.length < works) {
    throw new Error(`only ${rest.length} published text works for (b), ${works} wanted`)
  }
  // Selected without the push hook (`skipPush`), to time the selection alone.
  const alone = others.slice(works, works + selectionAloneCount)
  const chosen = [warm!.id, fan!.id, ...rest.map((r) => r.id), ...alone.map((r) => r.id)]
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
    aloneWorks: alone.map((r) => r.id),
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
  let queries = 0
  const done = (async () => {
    while (!isStopped) {
      queries += 1
      const { rows } = await pool.query<{ processing: number; waiting: number }>(
        `select count(*) filter (where processing)::int as processing, count(*) filter (where not processing)::int as waiting
           from payload_jobs where task_slug = 'deliverToPartner' and completed_at is null and has_error is not true`,
      )
      samples.push({ at: wallNow(), ...rows[0]! })
      await sleep(queueSampleMs)
    }
  })()
  return {
    /** Statements it has sent so far (to leave out of the selections' count). */
    queries: () => queries,
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
  const workerQueries = async () => {
    const counts = await Promise.all(workers.map((w) => w.queries()))
    return counts.some((n) => n === null) ? null : counts.reduce((sum, n) => sum! + n!, 0)
  }
  const queriesBefore = await workerQueries()
  const rss = workers.map((w) => sampleRss({ pid: w.pid }))
  const queue = sampleQueue(pool)
  const workerCpu = () => workers.reduce((sum, w) => sum + treeCpuMs(w.pid), 0)
  const cpuBefore = { worker: workerCpu(), postgres: treeCpuMs(postgres) }
  const perSelectMs: number[] = []
  const selection = countQueries(pool)
  const samplerBefore = queue.queries()
  const startedAt = wallNow()
  for (const work of works) {
    const t = wallNow()
    await select(work)
    perSelectMs.push(wallNow() - t)
  }
  const selectMs = wallNow() - startedAt
  const selectionQueries = selection.stop() - (queue.queries() - samplerBefore)
  await receivers.waitFor({ count: expected, timeoutMs: 600_000, what: `(${id})` })
  const arrivals = receivers.take()
  const samples = await queue.stop()
  const rssStats = rss.map((r) => r.stop())
  await waitDelivered({ pool, works, count: expected, workers })
  const cpu = {
    workerMs: workerCpu() - cpuBefore.worker,
    postgresMs: treeCpuMs(postgres) - cpuBefore.postgres,
  }
  const queriesAfter = await workerQueries()
  const queries = {
    worker: queriesBefore === null || queriesAfter === null ? null : queriesAfter - queriesBefore,
    selection: selectionQueries,
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
    queries,
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
  const problems = workers
    .flatMap((w) => w.output().split('\n'))
    .filter((line) => /"level":(40|50|60)/.test(line) && line.includes('partner push'))
  if (problems.length) {
    say(
      `push: (${id}) the worker reported ${problems.length} partner-push warnings or errors, e.g. ${problems[0]!.slice(0, 600)}`,
    )
  }
  say(
    `push: (${id}) ${expected} deliveries in ${(lastMs / 1000).toFixed(1)} s (${measurement.perSecond.toFixed(0)}/s); ` +
      `CPU per delivery: worker ${(cpu.workerMs / expected).toFixed(1)} ms, PostgreSQL ${(cpu.postgresMs / expected).toFixed(1)} ms; ` +
      `SQL statements per delivery: worker ${queries.worker === null ? '?' : (queries.worker / expected).toFixed(2)}, selection ${(queries.selection / expected).toFixed(2)}`,
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

/**
 * Counts the statements this process sends through `pool`'s clients until stopped (the
 * selections: the bench process runs no jobs, so all of them are the selections' own).
 */
const countQueries = (pool: Pool) => {
  const Client = (
    pool as unknown as { Client: { prototype: { query: (...args: unknown[]) => unknown } } }
  ).Client
  const query = Client.prototype.query
  let count = 0
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    count += 1
    return query.apply(this, args)
  }
  return {
    stop: () => {
      Client.prototype.query = query
      return count
    },
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

/** The selection timed with the fan-out hook off. */
type SelectionAlone = { works: number; medianMs: number; statements: number }

const pushResult = ({
  selectionAlone,
  a,
  b,
  ceilingA,
  ceilingB,
  runner,
  generated,
  wallS,
}: {
  selectionAlone: SelectionAlone
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
      target: '≥ 0.5',
      check: (v) => v >= 0.5,
    }),
    ratio({
      name: `b / c (${b.works} works × ${b.partners} partners: push vs plain loop, deliveries/s)`,
      a: b.perSecond,
      b: ceilingB.perSecond,
      target: '≥ 0.5',
      check: (v) => v >= 0.5,
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
    p.queries.worker === null ? '—' : fmt(p.queries.worker / p.deliveries, 2),
    fmt(p.queries.selection / p.deliveries, 2),
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
    '—',
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
      'sender SQL statements / delivery',
      'selection SQL statements / delivery',
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
    `Push: the selection is the Local API update the \`/select\` endpoint makes (\`bestWork.status = selected\`, as the bench admin); the partner-push hook writes the version's deliveries (one statement for all partners) and queues one job for the version, in that update's transaction. The jobs run in ${workers} (src/worker.ts), the production runner: ${runner.description}; the bench process's Payload runs no jobs (JOBS_AUTORUN=false), as web instances beside a worker. Timed from the first selection call to the last 2xx at the receivers; a warm-up fan-out to ${b.partners} partners ran first. The selections of (b) are made one after another while the worker already sends.`,
    `Ceiling (c): the bodies the receivers got in the same case, sent again by a plain undici \`request\` loop in a process of its own (one keep-alive Agent, each request signed at send time with \`webhookHeaders\` as an attempt is, after an untimed warm-up), as many requests in flight as the runner allows (${ceilingA.concurrency} for (a), ${ceilingB.concurrency} for (b)${runner.perPartner ? `, at most ${runner.perPartner * workerCount} to one partner` : ''}); timed from its first request to the last 2xx at the receivers. It has no queue, no delivery rows and no SSRF guard: it bounds what the sending alone costs.`,
    `CPU per delivery: utime + stime from /proc over the case, of the worker process(es) and of the embedded PostgreSQL's processes (the selections' transactions included), and the loop process's own \`process.cpuUsage()\` while it sent. Stages, from the delivery rows and the jobs table sampled every ${queueSampleMs} ms: “poll held” is how long a poll's jobs were marked processing, “runner busy” the share of samples from the first send to the last 2xx in which the runner held any, “worker on CPU while holding” the worker's CPU time over the time it held jobs; “poll → send” is from the whole second the cron fired on to the attempt's start (a job the selection announced does not wait for the poll: then it only says where in the second the sends fell), “send → 2xx” the attempt's recorded latency, “queued” from the delivery's row to its send.`,
    `SQL statements: every \`query\` of node-postgres' clients, counted in the worker process(es) over the case (the queue's polling and bookkeeping, the fan-out's claims and outcome writes, retries, the sweep), and in the bench process during the selection calls (the selections' own transactions, the queue sampler's statements left out).`,
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
    bounds: boundsOf({ ratios, a, b, ceilingA, ceilingB, selectionAlone }),
    data: { a, b, ceilingA, ceilingB, runner, selectionAlone, workers: workerCount },
  }
}

/**
 * Why push misses the loop, from this run's figures: where the time from the first selection to
 * the last 2xx went (the selections, timed per call and again with the fan-out hook off, and the
 * tail after the last one), and what the sender spent per delivery (CPU, SQL statements).
 */
const boundsOf = ({
  ratios,
  a,
  b,
  ceilingA,
  ceilingB,
  selectionAlone,
}: {
  ratios: Ratio[]
  a: PhaseMeasurement
  b: PhaseMeasurement
  ceilingA: CeilingMeasurement
  ceilingB: CeilingMeasurement
  selectionAlone: SelectionAlone
}) => {
  const bounds: { ratios: string[]; text: string }[] = []
  const sender = (p: PhaseMeasurement, c: CeilingMeasurement) =>
    `the worker spent ${fmt(p.cpu.workerMs / p.deliveries, 1)} ms of CPU${p.queries.worker === null ? '' : ` and ${fmt(p.queries.worker / p.deliveries, 2)} SQL statements`} per delivery (PostgreSQL ${fmt(p.cpu.postgresMs / p.deliveries, 1)} ms), the loop ${fmt(c.cpuMs / c.deliveries, 2)} ms`
  const [ratioA, ratioB] = ratios
  if (ratioA?.isMet === false) {
    bounds.push({
      ratios: [ratioA.name],
      text:
        `of the ${fmt(a.lastMs, 0)} ms from the selection call to the last 2xx (the loop: ${fmt(ceilingA.lastMs, 0)} ms), the selection's update took ${fmt(a.selectMs, 0)} ms (it writes the ${a.deliveries} deliveries in one statement and queues one job, ${fmt(a.queries.selection / a.works, 0)} SQL statements in all), the first 2xx came ${fmt(a.firstMs, 0)} ms after the call, and the sends from then on took ${fmt(a.lastMs - a.firstMs, 0)} ms; ` +
        `${sender(a, ceilingA)}; the first 2xx came ${fmt(a.firstMs - a.selectMs, 0)} ms after the selection returned (its commit announces the job, the worker runs it and claims its first batch).`,
    })
  }
  if (ratioB?.isMet === false) {
    const selections = b.selectMs
    const maxRate = b.deliveries / (selections / 1000)
    const needed = b.deliveries / (0.5 * ceilingB.perSecond)
    bounds.push({
      ratios: [ratioB.name],
      text:
        `the selections, not the sending: the ${b.works} selections, made one after another, took ${fmt(selections / 1000, 2)} s (${fmt(median(b.perSelectMs), 0)} ms each, median; the same update with the fan-out hook off took ${fmt(selectionAlone.medianMs, 0)} ms, median of ${selectionAlone.works}, with ${fmt(selectionAlone.statements, 1)} SQL statements against ${fmt(b.queries.selection / b.works, 1)} with it), and the last 2xx came ${fmt(b.lastMs - selections, 0)} ms after the last selection returned: ` +
        `at this selection rate no sender passes ${fmt(maxRate, 0)} deliveries/s (${fmt(maxRate / ceilingB.perSecond, 2)} of the loop), while ≥ 0.5 needs all ${b.deliveries} within ${fmt(needed, 2)} s, i.e. ${fmt((needed * 1000) / b.works, 0)} ms per selection. The sender kept up: ${sender(b, ceilingB)}; deliveries waited ${fmt(b.stages.queuedMs, 0)} ms (median) from their row to their send.`,
    })
  }
  return bounds
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runPush()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n${(result.bounds ?? []).map((x) => `- ${x.ratios.join('; ')}: ${x.text}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
