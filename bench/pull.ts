/**
 * `npm run bench:pull`: what a partner site's list read costs, against its ceilings.
 *
 * The same list for every target: the published works of one campaign, 20 a page, newest change
 * first — as a feed page, over REST (anonymously and with a partner's key) and over GraphQL —
 * against the ceilings that send the same bytes. Each target gets the same load
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
  /** The bytes each served target answered (by target id), for the ceilings that send them. */
  bodyFiles: Record<string, string>
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
  /** A POST with this body (a GraphQL query) instead of a GET. */
  body?: (ctx: PullContext) => string
  /** A server of its own for this target, started before and stopped after its measurement. */
  start?: (ctx: PullContext) => Promise<Endpoint>
}

/** The filter every target answers: published works of one campaign, 20 a page, newest first. */
export const restListPath = (campaignId: number) =>
  `/api/entries?where[campaign][equals]=${campaignId}&where[status][equals]=published&limit=20&sort=-updatedAt`

const partnerKey = (ctx: PullContext) => ({
  Authorization: `partner-accounts API-Key ${ctx.partnerApiKey}`,
})

/** The same list as `restListPath`, at depth 1, read with a partner's key. */
export const partnerListPath = (campaignId: number) => `${restListPath(campaignId)}&depth=1`

/** The same list over GraphQL, with two relations of each work (its sub-project and its unit). */
export const partnerGraphqlBody = (campaignId: number) =>
  JSON.stringify({
    query: `query PartnerList($campaign: JSON) {
      Entries(where: { campaign: { equals: $campaign }, status: { equals: published } }, limit: 20, sort: "-updatedAt") {
        totalDocs
        docs { id title text description updatedAt authors { name unit } subProject { id name } submittingUnit { id name } }
      }
    }`,
    variables: { campaign: campaignId },
  })

const graphqlHeaders = (ctx: PullContext) => ({
  ...partnerKey(ctx),
  'Content-Type': 'application/json',
})

/** `Cache-Control: no-cache` reads through the partner read cache: what every read cost before it. */
const readThrough = { 'Cache-Control': 'no-cache' }

const bare = (id: string, of: string): PullTarget => ({
  id,
  name: `bare ceiling: node:http alone, bytes of (${of}) from memory`,
  path: (ctx) => restListPath(ctx.campaign.id),
  start: (ctx) => startCeiling({ mode: 'c0', env: { CEILING_BODY_FILE: ctx.bodyFiles[of]! } }),
})

export const targets: PullTarget[] = [
  {
    id: 'a',
    name: 'partner feed page (20 works), JSON Feed with the partner’s API key',
    path: (ctx) => `/api/campaigns/${ctx.campaign.id}/feed.json?limit=20`,
    headers: partnerKey,
  },
  bare('c0', 'a'),
  {
    id: 'b',
    name: 'stock Payload REST, depth 1, anonymous',
    path: (ctx) => restListPath(ctx.campaign.id),
  },
  {
    id: 'd',
    name: 'partner REST, depth 1, with the partner’s API key',
    path: (ctx) => partnerListPath(ctx.campaign.id),
    headers: partnerKey,
  },
  {
    id: 'd0',
    name: 'partner REST as (d), read through the cache (`Cache-Control: no-cache`)',
    path: (ctx) => partnerListPath(ctx.campaign.id),
    headers: (ctx) => ({ ...partnerKey(ctx), ...readThrough }),
  },
  bare('c0d', 'd'),
  {
    id: 'e',
    name: 'partner GraphQL `Entries(limit: 20)` with two relations, with the partner’s API key',
    path: () => '/api/graphql',
    headers: graphqlHeaders,
    body: (ctx) => partnerGraphqlBody(ctx.campaign.id),
  },
  {
    id: 'e0',
    name: 'partner GraphQL as (e), read through the cache (`Cache-Control: no-cache`)',
    path: () => '/api/graphql',
    headers: (ctx) => ({ ...graphqlHeaders(ctx), ...readThrough }),
    body: (ctx) => partnerGraphqlBody(ctx.campaign.id),
  },
  bare('c0e', 'e'),
  {
    id: 'c1',
    name: 'HTTP ceiling: express, bytes of (a) from memory',
    path: (ctx) => restListPath(ctx.campaign.id),
    start: (ctx) => startCeiling({ mode: 'c1', env: { CEILING_BODY_FILE: ctx.bodyFiles.a! } }),
  },
  {
    id: 'c1b',
    name: 'HTTP ceiling: express, bytes of (b) from memory',
    path: (ctx) => restListPath(ctx.campaign.id),
    start: (ctx) => startCeiling({ mode: 'c1', env: { CEILING_BODY_FILE: ctx.bodyFiles.b! } }),
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
    const ctx: PullContext = {
      app: { base: app.base, pid: app.pid, stop: app.stop },
      campaign: generated.pullCampaign,
      partnerApiKey: generated.partnerApiKey,
      databaseUrl: cluster.url('wangju'),
      dataDir,
      bodyFiles: {},
    }
    // What the served targets answer, for the ceilings that send the same bytes; and the check
    // that a kept partner read is the very bytes Payload gives when read through.
    const samples: Record<string, Buffer> = {}
    for (const target of targets.filter((t) => !t.start && !t.pending)) {
      samples[target.id] = (await fetchChecked(`${app.base}${target.path(ctx)}`, target, ctx)).bytes
      ctx.bodyFiles[target.id] = path.join(dataDir, `body-${target.id}.json`)
      await fs.writeFile(ctx.bodyFiles[target.id]!, samples[target.id]!)
    }
    for (const [kept, through] of [
      ['d', 'd0'],
      ['e', 'e0'],
    ] as const) {
      const again = (
        await fetchChecked(
          `${app.base}${targets.find((t) => t.id === kept)!.path(ctx)}`,
          targets.find((t) => t.id === kept)!,
          ctx,
        )
      ).bytes
      if (!again.equals(samples[through]!)) {
        throw new Error(`(${kept}) answered other bytes than (${through}) read through the cache`)
      }
    }
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
        const body = target.body?.(ctx)
        const sample = await fetchChecked(url, target, ctx)
        say(
          `pull: (${target.id}) ${target.name}: ${sample.bytes.length} bytes, ${sample.docs} works; load for ${benchDuration()} s`,
        )
        const rss = sampleRss({ pid: endpoint.pid })
        let load: LoadResult
        try {
          load = await runLoad({ url, headers, ...(body ? { method: 'POST', body } : {}) })
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
      restDocs: JSON.parse(samples.b!.toString('utf8')).docs.length,
    })
  } finally {
    await app?.stop().catch(() => {})
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

/** Sends `target`'s request to `url` once, insisting on a 200 with a non-empty list. */
const fetchChecked = async (url: string, target: PullTarget, ctx: PullContext) => {
  const body = target.body?.(ctx)
  const res = await fetch(url, {
    headers: target.headers?.(ctx),
    ...(body ? { method: 'POST', body } : {}),
  })
  const bytes = Buffer.from(await res.arrayBuffer())
  if (res.status !== 200) {
    throw new Error(`GET ${url}: ${res.status} ${bytes.toString('utf8').slice(0, 300)}`)
  }
  // REST lists `docs`; the JSON Feed lists `items`; GraphQL answers `data.Entries.docs`.
  const parsed = JSON.parse(bytes.toString('utf8')) as {
    docs?: unknown[]
    items?: unknown[]
    data?: { Entries?: { docs?: unknown[] } }
  }
  const docs = parsed.docs ?? parsed.items ?? parsed.data?.Entries?.docs
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
      name: 'a / c0 (feed vs bare node:http)',
      a: rps('a'),
      b: rps('c0'),
      target: '≥ 0.7',
      check: (v) => v >= 0.7,
      pending: feedPending,
    }),
    ratio({
      name: 'a / c1 (feed vs Express serving the same bytes)',
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
    ratio({
      name: 'd / d0 (partner REST: kept vs read through)',
      a: rps('d'),
      b: rps('d0'),
      target: '≥ 10',
      check: (v) => v >= 10,
    }),
    ratio({
      name: 'e / e0 (partner GraphQL: kept vs read through)',
      a: rps('e'),
      b: rps('e0'),
      target: '≥ 10',
      check: (v) => v >= 10,
    }),
    ratio({ name: 'd / c0d (partner REST vs bare node:http)', a: rps('d'), b: rps('c0d') }),
    ratio({ name: 'e / c0e (partner GraphQL vs bare node:http)', a: rps('e'), b: rps('c0e') }),
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
    `Request: the published works of “${generated.pullCampaign.name}” (${generated.pullCampaign.published} published works out of ${generated.counts.entries}; every REST target answered ${restDocs} works per page), 20 a page, \`sort=-updatedAt\`, anonymous for (b), with a partner's API key for (d) and (e); (a) the same campaign's feed page of 20 changes (all its published works are selected), with a partner's API key and no If-None-Match, so every request is a full 200 (from the bytes cached by the feed handler, tried in front of Express by the server's request listener: the page cache, the API-key cache and batched audit entries, see plugins/partner-push/http/feedHandler.ts).`,
    `Load: autocannon, 32 connections, ${benchDuration()} s per target after a 2 s warm-up, from the bench process on the same machine (the load generator takes a core of its own).`,
    'Server RSS: VmRSS of the serving Node process and its children, sampled every 250 ms during the load; the embedded PostgreSQL (detached by pg_ctl) is not included. (b) and c2 share the same PostgreSQL.',
    'c0 serves the bytes of (a), c0d those of (d), c0e those of (e), with `node:http` alone (no framework): the most a Node server on this machine answers; c1 serves the bytes of (a), c1b those of (b), through Express. Each ceiling sends what the target it bounds sends.',
    '(d) and (e) are answered from the partner read cache (src/http/partnerReads): the bytes Payload gave the same read, kept per campaign set until a collection the answer can show changes; (d0) and (e0) send the same requests with `Cache-Control: no-cache`, which reads through it — the whole stack, as every partner read cost before the cache. The run checks that a kept answer is byte for byte what a read through gives.',
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
