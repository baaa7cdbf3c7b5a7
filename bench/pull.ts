/**
 * `npm run bench:pull`: what a partner site's list read costs, against its ceilings.
 *
 * The same request for every target: the published works of one campaign, 20 a page, newest
 * change first, read anonymously (published works are public). Each target gets the same load
 * (autocannon, 32 connections, BENCH_DURATION seconds after a 2 s warm-up).
 *
 * To add a target, add one entry to `targets`: without `start` it is served by the production
 * server at `path`; with `start` it runs a server of its own.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Endpoint } from './lib/ceilingServer'
import type { GeneratedData } from './generate'
import type { LoadResult } from './lib/load'
import type { RssStats } from './lib/residentMemory'
import type { PartResult, Ratio } from './lib/results'

import { joinRunningCluster } from '../src/db/embeddedPostgres'
import { generateData } from './generate'
import { bootBenchPayload } from './lib/benchPayload'
import { startCeiling } from './lib/ceilingServer'
import { benchDuration, makeDataDir, removeDataDir, say, since } from './lib/env'
import { runLoad } from './lib/load'
import { machineInfo, writeResult } from './lib/results'
import { sampleRss } from './lib/residentMemory'
import { launchServer } from './lib/server'
import { fmt, markdownTable, ratio, ratiosTable } from './lib/table'

export type PullContext = {
  /** The production server (`npm start`) on the generated data. */
  app: Endpoint
  /** The campaign whose published works are read. */
  campaign: GeneratedData['pullCampaign']
  partnerApiKey: string
  /** Its embedded database, for ceilings that query it themselves. */
  databaseUrl: string
  /** Where this run keeps its files. */
  dataDir: string
  /** The bytes (a) answered, for its in-memory ceiling. */
  feedBodyFile: string
  /** The bytes (b) answered, for its in-memory ceiling. */
  restBodyFile: string
}

export type PullTarget = {
  id: string
  name: string
  /** Set while the feature is not built: the target is not measured and shows `n/a`. */
  pending?: string
  /** The request path and query (on the production server unless `start` gives a server). */
  path: (ctx: PullContext) => string
  /** Headers of every request, e.g. the partner's API key. */
  headers?: (ctx: PullContext) => Record<string, string>
  /** A server of its own for this target, started before and stopped after its measurement. */
  start?: (ctx: PullContext) => Promise<Endpoint>
}

/** The filter every target answers: published works of one campaign, 20 a page, newest first. */
export const restListPath = (campaignId: number) =>
  `/api/entries?where[campaign][equals]=${campaignId}&where[status][equals]=published&limit=20&sort=-updatedAt`

export const targets: PullTarget[] = [
  {
    id: 'a',
    name: 'partner feed page (20 works), JSON Feed with the partner’s API key',
    path: (ctx) => `/api/campaigns/${ctx.campaign.id}/feed.json?limit=20`,
    headers: (ctx) => ({ Authorization: `partner-accounts API-Key ${ctx.partnerApiKey}` }),
  },
  {
    id: 'b',
    name: 'stock Payload REST, depth 1',
    path: (ctx) => restListPath(ctx.campaign.id),
  },
  {
    id: 'c1',
    name: 'HTTP ceiling: express, bytes of (a) from memory',
    path: (ctx) => restListPath(ctx.campaign.id),
    start: (ctx) => startCeiling({ mode: 'c1', env: { CEILING_BODY_FILE: ctx.feedBodyFile } }),
  },
  {
    id: 'c1b',
    name: 'HTTP ceiling: express, bytes of (b) from memory',
    path: (ctx) => restListPath(ctx.campaign.id),
    start: (ctx) => startCeiling({ mode: 'c1', env: { CEILING_BODY_FILE: ctx.restBodyFile } }),
  },
  {
    id: 'c2',
    name: 'uncached ceiling: express + pg, one query',
    path: (ctx) => restListPath(ctx.campaign.id),
    start: (ctx) =>
      startCeiling({
        mode: 'c2',
        env: { DATABASE_URL: ctx.databaseUrl, CEILING_CAMPAIGN: String(ctx.campaign.id) },
      }),
  },
]

export type TargetMeasurement = {
  id: string
  name: string
  pending?: string
  url?: string
  /** Size of one response body, bytes. */
  responseBytes?: number
  /** Documents in one response (a check that every target answers the same works). */
  docs?: number
  load?: LoadResult
  rss?: RssStats
}

export const runPull = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = await makeDataDir('pull')
  let app: Awaited<ReturnType<typeof launchServer>> | undefined
  try {
    say(`pull: generating data in ${dataDir}`)
    const bench = await bootBenchPayload({ dataDir })
    let generated: GeneratedData
    try {
      generated = await generateData({ payload: bench.payload, dataDir })
    } finally {
      await bench.close()
    }

    say('pull: starting the production server')
    app = await launchServer({ dataDir })
    const cluster = await joinRunningCluster(path.join(dataDir, 'postgres'))
    if (!cluster) {
      throw new Error('the server’s embedded PostgreSQL is not running')
    }
    const restBodyFile = path.join(dataDir, 'rest-body.json')
    const feedBodyFile = path.join(dataDir, 'feed-body.json')
    const ctx: PullContext = {
      app: { base: app.base, pid: app.pid, stop: app.stop },
      campaign: generated.pullCampaign,
      partnerApiKey: generated.partnerApiKey,
      databaseUrl: cluster.url('wangju'),
      dataDir,
      feedBodyFile,
      restBodyFile,
    }
    const restBody = await fetchChecked(`${app.base}${restListPath(ctx.campaign.id)}`)
    await fs.writeFile(restBodyFile, restBody.bytes)
    const feedTarget = targets.find((t) => t.id === 'a')!
    const feedBody = await fetchChecked(
      `${app.base}${feedTarget.path(ctx)}`,
      feedTarget.headers?.(ctx),
    )
    await fs.writeFile(feedBodyFile, feedBody.bytes)

    const measurements: TargetMeasurement[] = []
    for (const target of targets) {
      if (target.pending) {
        measurements.push({ id: target.id, name: target.name, pending: target.pending })
        continue
      }
      const endpoint = target.start ? await target.start(ctx) : ctx.app
      try {
        const url = `${endpoint.base}${target.path(ctx)}`
        const headers = target.headers?.(ctx)
        const sample = await fetchChecked(url, headers)
        say(
          `pull: (${target.id}) ${target.name}: ${sample.bytes.length} bytes, ${sample.docs} works; load for ${benchDuration()} s`,
        )
        const rss = sampleRss({ pid: endpoint.pid })
        let load: LoadResult
        try {
          load = await runLoad({ url, headers })
        } finally {
          measurements.push({
            id: target.id,
            name: target.name,
            url,
            responseBytes: sample.bytes.length,
            docs: sample.docs,
            rss: rss.stop(),
          })
        }
        measurements.at(-1)!.load = load
      } finally {
        if (target.start) {
          await endpoint.stop()
        }
      }
    }
    await app.stop()
    app = undefined
    return pullResult({
      measurements,
      generated,
      wallS: since(started) / 1000,
      restDocs: restBody.docs,
    })
  } finally {
    await app?.stop().catch(() => {})
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

/** GETs `url` once, insisting on a 200 with a non-empty list. */
const fetchChecked = async (url: string, headers?: Record<string, string>) => {
  const res = await fetch(url, { headers })
  const bytes = Buffer.from(await res.arrayBuffer())
  if (res.status !== 200) {
    throw new Error(`GET ${url}: ${res.status} ${bytes.toString('utf8').slice(0, 300)}`)
  }
  // REST lists `docs`; the JSON Feed lists `items`.
  const parsed = JSON.parse(bytes.toString('utf8')) as { docs?: unknown[]; items?: unknown[] }
  const docs = parsed.docs ?? parsed.items
  if (!docs?.length) {
    throw new Error(`GET ${url}: no documents`)
  }
  return { bytes, docs: docs.length }
}

const pullResult = ({
  measurements,
  generated,
  wallS,
  restDocs,
}: {
  measurements: TargetMeasurement[]
  generated: GeneratedData
  wallS: number
  restDocs: number
}): PartResult => {
  const by = (id: string) => measurements.find((m) => m.id === id)
  const rps = (id: string) => by(id)?.load?.reqPerSec ?? null
  const feedPending = by('a')?.pending
  const feedP99 = by('a')?.load?.p99Ms ?? null
  const ratios: Ratio[] = [
    ratio({
      name: 'a / c1 (feed vs HTTP ceiling)',
      a: rps('a'),
      b: rps('c1'),
      target: '≥ 0.7',
      check: (v) => v >= 0.7,
      pending: feedPending,
    }),
    ratio({
      name: 'a / c2 (feed vs uncached ceiling)',
      a: rps('a'),
      b: rps('c2'),
      target: '> 1',
      check: (v) => v > 1,
      pending: feedPending,
    }),
    ratio({
      name: 'a / b (feed vs stock REST)',
      a: rps('a'),
      b: rps('b'),
      target: '≥ 10',
      check: (v) => v >= 10,
      pending: feedPending,
    }),
    {
      name: 'feed p99 at concurrency 32 (ms)',
      value: feedP99,
      target: '< 50',
      isMet: feedP99 === null ? null : feedP99 < 50,
      ...(feedP99 === null ? { pending: feedPending } : {}),
    },
    ratio({ name: 'b / c1b (stock REST vs its HTTP ceiling)', a: rps('b'), b: rps('c1b') }),
    ratio({ name: 'b / c2 (stock REST vs uncached ceiling)', a: rps('b'), b: rps('c2') }),
  ]
  const table = markdownTable(
    [
      'target',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors / non-2xx',
      'bytes/response',
      'server RSS peak MB',
      'server RSS mean MB',
    ],
    measurements.map((m) => [
      `(${m.id}) ${m.name}`,
      m.pending ? `n/a (${m.pending})` : fmt(m.load?.reqPerSec, 0),
      fmt(m.load?.p50Ms, 0),
      fmt(m.load?.p99Ms, 0),
      m.load ? `${m.load.errors} / ${m.load.non2xx}` : 'n/a',
      m.responseBytes ?? 'n/a',
      fmt(m.rss?.peakMB, 0),
      fmt(m.rss?.meanMB, 0),
    ]),
  )
  const notes = [
    `Request: the published works of “${generated.pullCampaign.name}” (${generated.pullCampaign.published} published works out of ${generated.counts.entries}; every REST target answered ${restDocs} works per page), 20 a page, \`sort=-updatedAt\`, anonymous; (a) the same campaign's feed page of 20 changes (all its published works are selected), with a partner's API key and no If-None-Match, so every request is a full 200 (from the bytes cached by the feed handler in front of Next: the page cache, the API-key cache and batched audit entries, see plugins/partner-push/http/feedHandler.ts).`,
    `Load: autocannon, 32 connections, ${benchDuration()} s per target after a 2 s warm-up, from the bench process on the same machine (the load generator takes a core of its own).`,
    'Server RSS: VmRSS of the serving Node process and its children, sampled every 250 ms during the load; the embedded PostgreSQL (detached by pg_ctl) is not included. (b) and c2 share the same PostgreSQL.',
    'c1 serves the bytes of (a), c1b those of (b): each ceiling sends what the target it bounds sends.',
    'c2 answers the same 20 works with one SQL query (relations as ids, authors aggregated), so its documents are smaller than (b)’s depth-1 documents with populated sub-project, campaign and unit.',
    `Data: ${generated.counts.organizers} unions, ${generated.counts.campaigns} campaigns, ${generated.counts.subProjects} sub-projects, ${generated.counts.partnerSites} partner sites, ${generated.counts.entries} works (${generated.counts.published} published), generated in ${generated.timings.totalS.toFixed(1)} s.`,
  ]
  const result: PartResult = {
    part: 'pull',
    title: 'Partner pull',
    machine: machineInfo(),
    wallS,
    tables: [table, ratiosTable(ratios)],
    notes,
    ratios,
    data: { measurements, generated },
  }
  return result
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runPull()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
