/**
 * `npm run bench:dashboard`: how fast the campaign dashboard answers on a national campaign,
 * against its target (300 ms).
 *
 * The bench data (bench/generate.ts) with one national campaign grown to about 20 000 works
 * across 36 counties (growDashboardCampaign: paths upward, deliveries, receipts, task table);
 * the production server; an organizer of the campaign's host. Measured one request after
 * another (what a person opening the admin waits for): `GET /api/campaigns/:id/dashboard`, and
 * the admin's home page `/admin?campaign=:id` (the dashboard with its charts' numbers, which the
 * browser draws);
 * then the JSON endpoint under a little concurrency (autocannon, 4 connections).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import type { DashboardData, GeneratedData } from './generate'
import type { LoadResult } from './lib/load'
import type { PartResult, Ratio } from './lib/results'

import { generateData, growDashboardCampaign } from './generate'
import { bootBenchPayload } from './lib/benchPayload'
import { benchDuration, makeDataDir, removeDataDir, root, say, since } from './lib/env'
import { runLoad } from './lib/load'
import { machineInfo, writeResult } from './lib/results'
import { launchServer } from './lib/server'
import { fmt, markdownTable } from './lib/table'

/** Sequential requests per target (`BENCH_DASHBOARD_REQUESTS`). @default 200 */
const requests = Number(process.env.BENCH_DASHBOARD_REQUESTS || 200)

/** Requests before measuring (JIT, caches, pool connections), not counted. */
const warmup = 10

/** The target: the dashboard answers within this, at the 99th percentile. */
export const targetMs = 300

const organizer = { email: 'organizer@bench.local', password: 'bench-organizer-password-1' }

type Sequential = {
  id: string
  name: string
  path: string
  requests: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  meanMs: number
  bytes: number
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!

/** GETs `url` `count` times one after another; every answer must be a 200 passing `check`. */
const sequential = async ({
  id,
  name,
  base,
  path: urlPath,
  headers,
  count,
  check,
}: {
  id: string
  name: string
  base: string
  path: string
  headers: Record<string, string>
  count: number
  check: (body: string) => boolean
}): Promise<Sequential> => {
  const get = async () => {
    const started = performance.now()
    const res = await fetch(`${base}${urlPath}`, { headers })
    const body = await res.text()
    const ms = since(started)
    if (res.status !== 200 || !check(body)) {
      throw new Error(`GET ${urlPath}: ${res.status} ${body.slice(0, 300)}`)
    }
    return { ms, bytes: Buffer.byteLength(body) }
  }
  for (let i = 0; i < warmup; i++) {
    await get()
  }
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const { ms, bytes: size } = await get()
    times.push(ms)
    bytes = size
  }
  const sorted = [...times].sort((a, b) => a - b)
  return {
    id,
    name,
    path: urlPath,
    requests: count,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1)!,
    meanMs: times.reduce((sum, t) => sum + t, 0) / times.length,
    bytes,
  }
}

/**
 * The script that draws the charts: of the build's script chunks, those holding ECharts (its DOM
 * marker `_echarts_instance_`), with their sizes as sent and gzipped. The dashboard fetches it
 * when it first shows a chart, once, and the browser caches it; the page timings, the HTML alone,
 * do not include it.
 */
const chartScripts = async () => {
  const dir = path.join(root, '.next', 'static', 'chunks')
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.js'))
  let bytes = 0
  let gzipBytes = 0
  let files = 0
  for (const name of names) {
    const body = await fs.readFile(path.join(dir, name))
    if (body.includes('_echarts_instance_')) {
      files++
      bytes += body.length
      gzipBytes += gzipSync(body).length
    }
  }
  return { files, bytes, gzipBytes, scripts: names.length }
}

export const runDashboard = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = await makeDataDir('dashboard')
  let app: Awaited<ReturnType<typeof launchServer>> | undefined
  try {
    say(`dashboard: generating data in ${dataDir}`)
    const bench = await bootBenchPayload({ dataDir })
    let generated: GeneratedData
    let grown: DashboardData
    try {
      generated = await generateData({ payload: bench.payload, dataDir })
      grown = await growDashboardCampaign({ payload: bench.payload, dataDir })
      const existing = await bench.payload.find({
        collection: 'users',
        where: { email: { equals: organizer.email } },
        limit: 1,
      })
      if (!existing.docs.length) {
        await bench.payload.create({
          collection: 'users',
          data: {
            ...organizer,
            role: 'organizer',
            organizer: grown.host.id,
            name: '基准测试组织者',
          } as never,
        })
      }
    } finally {
      await bench.close()
    }

    say('dashboard: starting the production server')
    app = await launchServer({ dataDir })
    const login = await fetch(`${app.base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(organizer),
    })
    const { token } = (await login.json()) as { token?: string }
    if (!token) {
      throw new Error(`login as ${organizer.email}: ${login.status}`)
    }
    const headers = { Authorization: `JWT ${token}` }
    const jsonPath = `/api/campaigns/${grown.campaign.id}/dashboard`
    const sample = (await (await fetch(`${app.base}${jsonPath}`, { headers })).json()) as {
      totals: { works: number; reported: number; quota: number }
      units: unknown[]
      behindQuota: unknown[]
      awaitingScreening: { total: number }
      push: { deliveries: { delivered: number }; receipts: { published: number; verified: number } }
      isComplete: boolean
    }
    if (!sample.isComplete || sample.totals.works < grown.counts.entries * 0.9) {
      throw new Error(`the dashboard does not show the whole campaign: ${JSON.stringify(sample)}`)
    }
    say(
      `dashboard: ${sample.totals.works} works, ${sample.units.length} units, ${sample.awaitingScreening.total} awaiting; ${requests} requests each`,
    )

    const measured: Sequential[] = []
    measured.push(
      await sequential({
        id: 'a',
        name: 'dashboard JSON (`GET /api/campaigns/:id/dashboard`)',
        base: app.base,
        path: jsonPath,
        headers,
        count: requests,
        check: (body) => body.includes('"submissionsPerDay"'),
      }),
    )
    measured.push(
      await sequential({
        id: 'b',
        name: 'admin home page with the dashboard (`/admin?campaign=:id`, HTML with the charts’ numbers)',
        base: app.base,
        path: `/admin?campaign=${grown.campaign.id}`,
        headers,
        count: Math.max(20, Math.round(requests / 2)),
        check: (body) => body.includes('campaign-figures') && body.includes('chart-per-unit'),
      }),
    )
    // The baseline: Payload's own admin page for the same reader, its template and nothing else.
    measured.push(
      await sequential({
        id: 'c',
        name: 'baseline: Payload’s own account page (`/admin/account`), the same admin template without the dashboard',
        base: app.base,
        path: '/admin/account',
        headers,
        count: Math.max(20, Math.round(requests / 2)),
        check: (body) => body.includes('<html'),
      }),
    )
    say(
      `dashboard: JSON p99 ${fmt(measured[0]!.p99Ms)} ms, page p99 ${fmt(measured[1]!.p99Ms)} ms, account page p99 ${fmt(measured[2]!.p99Ms)} ms`,
    )
    const charts = await chartScripts()
    say(`dashboard: JSON under 4 connections for ${benchDuration()} s`)
    const loaded: LoadResult = await runLoad({
      url: `${app.base}${jsonPath}`,
      headers,
      connections: 4,
    })
    await app.stop()
    app = undefined

    const [json, page, baseline] = measured as [Sequential, Sequential, Sequential]
    const ratios: Ratio[] = [
      ...[json, page].map((m) => ({
        name: `${m === json ? 'dashboard JSON' : 'admin dashboard page'} p99, one request at a time (ms)`,
        value: m.p99Ms,
        target: `< ${targetMs}`,
        isMet: m.p99Ms < targetMs,
      })),
      {
        name: 'admin dashboard page p50 − Payload’s own page p50: what the dashboard adds (ms)',
        value: page.p50Ms - baseline.p50Ms,
        target: '',
        isMet: null,
      },
    ]
    const table = markdownTable(
      ['target', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'bytes/response'],
      measured.map((m) => [
        `(${m.id}) ${m.name}`,
        m.requests,
        fmt(m.p50Ms),
        fmt(m.p90Ms),
        fmt(m.p99Ms),
        fmt(m.maxMs),
        fmt(m.meanMs),
        m.bytes,
      ]),
    )
    const loadTable = markdownTable(
      ['target', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors / non-2xx'],
      [
        [
          '(a) dashboard JSON',
          loaded.connections,
          fmt(loaded.reqPerSec, 0),
          fmt(loaded.p50Ms, 0),
          fmt(loaded.p99Ms, 0),
          `${loaded.errors} / ${loaded.non2xx}`,
        ],
      ],
    )
    const ratiosTable = markdownTable(
      ['measure', 'value', 'target', 'status'],
      ratios.map((r) => [
        r.name,
        fmt(r.value),
        r.target || '—',
        r.isMet === null ? '—' : r.isMet ? 'met' : '**missed**',
      ]),
    )
    const notes = [
      `Campaign: “${grown.campaign.name}”, hosted by ${grown.host.name}: ${sample.totals.works} works from ${grown.counts.participants} participating counties on 3 calls, created over the last 45 days at every stage (${sample.totals.reported} reported upward against a task table of ${sample.totals.quota}; ${sample.behindQuota.length} units behind quota; ${sample.awaitingScreening.total} works awaiting screening at the host), ${grown.counts.reportSteps} steps of paths upward, ${grown.counts.deliveries} deliveries (${sample.push.deliveries.delivered} delivered) and ${grown.counts.receipts} receipts (${sample.push.receipts.verified} verified). The rest of the bench data around it: ${generated.counts.entries} works in ${generated.counts.campaigns} campaigns.`,
      `Reader: an organizer of the host (the whole campaign: \`isComplete\`), logged in once; its JWT in the Authorization header of every request. (a) is ${requests} requests, (b) and (c) ${Math.max(20, Math.round(requests / 2))} each, one after another after ${warmup} unmeasured ones, timed in the bench process from sending to the last byte; (b) is the full admin page (Payload's template, the campaign picker, figures, the three charts' numbers, the lists and the collection links), as the browser's first request gets it.`,
      `Load row: autocannon, 4 connections, ${benchDuration()} s after a 2 s warm-up, from the bench process on the same 2-core machine; no target.`,
      'Every figure is a grouped count in PostgreSQL (src/reporting/dashboard.ts), run side by side on the pool: the progress matrix’s statements (campaignProgress, reused), the works per unit, sub-project, status and day read from the entries’ (campaign, unit, sub-project, status, created) index alone, the push counts (deliveries and receipts of the campaign’s works, whose ids only the table holds), and the awaiting list (counted from the index; only the newest works read from the table). After generating, the bench runs VACUUM ANALYZE, as autovacuum does soon after in production: without the visibility map PostgreSQL reads the table behind every index entry.',
      `Charts: the page carries their numbers; the browser draws them as SVG with ECharts (core, bar charts, grid, legend, SVG renderer), a script of its own (${charts.files} of the build's ${charts.scripts} script files, ${Math.round(charts.bytes / 1024)} KB, ${Math.round(charts.gzipBytes / 1024)} KB gzipped) fetched when the dashboard first shows a chart and cached; the timings above are of the HTML alone.`,
      'Baseline (c): the same reader’s account page, Payload’s admin template (navigation, permissions, client config) with no view of ours, so (b) − (c) is what the dashboard adds to the page.',
    ]
    const extraKB = Math.round((page.bytes - baseline.bytes) / 1024)
    const bounds =
      page.p99Ms < targetMs
        ? []
        : [
            {
              ratios: [ratios[1]!.name],
              text:
                `the admin page is Payload's admin template plus the dashboard. The template alone, (c), takes p50 ${fmt(baseline.p50Ms)} / p99 ${fmt(baseline.p99Ms)} ms for this reader; ` +
                `the dashboard's numbers, (a), p50 ${fmt(json.p50Ms)} ms; the page adds ${fmt(page.p50Ms - baseline.p50Ms)} ms p50 to (c): those numbers, the campaign list and ${extraKB} KB more HTML (the charts’ numbers now, not their SVG). ` +
                `The template's access lookups are made once per request (src/access/roles.ts keeps the lookup of an organizer's hosted campaigns and subtree in flight; before, the rules of every collection asked at the same moment and one page sent about 50 identical lookups), which brought (c) from p50 240 to about 100 ms on this data; the page's p90 is ${fmt(page.p90Ms)} ms, its p99 the slowest two of its 100 requests on a 2-core machine shared with the bench's own process. ` +
                'The dashboard’s own numbers are bounded by the push counts: deliveries and receipts reach the campaign only through their works, whose ids only the table holds, so both statements read the campaign’s 20 000 works from the table (about 25 of their 35–40 ms; the entries’ index with the id included saves about 10 ms); per-campaign push counts kept by the deliveries’ and receipts’ hooks would make them a few rows.',
            },
          ]
    return {
      bounds,
      part: 'dashboard',
      title: 'Campaign dashboard',
      machine: machineInfo(),
      wallS: since(started) / 1000,
      tables: [table, loadTable, ratiosTable],
      notes,
      ratios,
      data: { measured, loaded, charts, grown, sample: { totals: sample.totals } },
    }
  } finally {
    await app?.stop().catch(() => {})
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runDashboard()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
