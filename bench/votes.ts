/**
 * `npm run bench:votes`: what a public vote and a public count cost, against their ceilings.
 *
 * One campaign with a sub-project open for votes (one vote per voter per work per day, the
 * per-address limit out of the way: the load comes from one machine) and 101 published works;
 * voter tokens signed beforehand, as `/api/votes/verify` hands them out. The production server.
 * - (a) baseline: the same row as a vote writes, inserted into `votes` by a plain parameterised
 *   INSERT through `pg`, 16 connections, from this process;
 * - (b) verified votes: `POST /api/entries/:id/vote {token}`, 16 connections (autocannon), each
 *   request a voter and work not paired before, from its own address (X-Forwarded-For, which the
 *   server trusts from loopback);
 * - (c) a burst of 10 000 votes for one work by 10 000 voters, 64 connections: every vote must
 *   be answered 201, stored once, and counted;
 * - (d) the public count of a work, `GET /api/entries/:id/votes`, 32 connections, against
 * - (e) the bare HTTP ceiling: Express answering the same bytes from memory.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import autocannon from 'autocannon'
import pg from 'pg'

import type { LoadResult } from './lib/load'
import type { PartResult, Ratio } from './lib/results'

import { joinRunningCluster } from '../src/db/embeddedPostgres'
import { signVoterToken, voterHash } from '../src/voting/secrets'
import { bootBenchPayload } from './lib/benchPayload'
import { startCeiling } from './lib/ceilingServer'
import { benchDuration, makeDataDir, removeDataDir, say, since } from './lib/env'
import { runLoad } from './lib/load'
import { machineInfo, writeResult } from './lib/results'
import { launchServer } from './lib/server'
import { fmt, markdownTable } from './lib/table'

/** Connections of the vote load and of the baseline's pool: a busy H5 page's worth. */
const voteConnections = 16

/** Votes of the burst, all for one work. */
const burstVotes = 10_000

/** Works voted for in (b): voter tokens × works is how many votes it can cast without a repeat. */
const works = 100

/** Voter tokens for (b); the burst's voters are others. */
const voters = 3_000

export const voteTarget = 0.5
export const countTarget = 0.7

export type World = {
  campaign: number
  subProject: number
  /** The works of (b). */
  works: number[]
  /** The burst's work. */
  burstWork: number
  /** The baseline's rows go to a work of their own, so they count for no other. */
  baselineWork: number
  /** Voter tokens: (b)'s, and the burst's. */
  tokens: string[]
  burstTokens: string[]
}

export const makeWorld = async (dataDir: string): Promise<World> => {
  const bench = await bootBenchPayload({ dataDir })
  try {
    const { payload } = bench
    const unit = await payload.create({
      collection: 'organizers',
      data: { name: '上海市总工会', kind: 'federation', level: 'provincial' },
    })
    const campaign = await payload.create({
      collection: 'campaigns',
      data: {
        name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
        year: 2017,
        status: 'active',
        hosts: [unit.id],
      },
    })
    const now = Date.now()
    const subProject = await payload.create({
      collection: 'sub-projects',
      data: {
        campaign: campaign.id,
        name: '“最美劳动者”微电影、微视频征集',
        kind: 'micro-video',
        _status: 'published',
        voting: {
          enabled: true,
          opensAt: new Date(now - 86_400_000).toISOString(),
          closesAt: new Date(now + 86_400_000).toISOString(),
          perVoterPerDay: 1,
          // One machine sends every vote: the per-address limit would stop the load, not measure it.
          perAddressPerDay: 10_000_000,
        },
      } as never,
    })
    const ids: number[] = []
    for (let i = 0; i < works + 2; i++) {
      const entry = await payload.create({
        collection: 'entries',
        data: {
          title: `作品${i + 1}：申城工匠的一天`,
          subProject: subProject.id,
          submittingUnit: unit.id,
          status: 'published',
          authors: [{ name: `陆师傅${i + 1}` }],
        } as never,
      })
      ids.push(Number(entry.id))
    }
    const sign = async (email: string) => {
      const voter = voterHash({ payload, kind: 'email', address: email })
      const { token } = await signVoterToken({ payload, voter, kind: 'email', ttlSeconds: 7_200 })
      return { token }
    }
    const signed = []
    for (let i = 0; i < voters; i++) {
      signed.push(await sign(`voter${i}@bench.local`))
    }
    const burst = []
    for (let i = 0; i < burstVotes; i++) {
      burst.push(await sign(`burst${i}@bench.local`))
    }
    return {
      campaign: Number(campaign.id),
      subProject: Number(subProject.id),
      works: ids.slice(0, works),
      burstWork: ids[works]!,
      baselineWork: ids[works + 1]!,
      tokens: signed.map((each) => each.token),
      burstTokens: burst.map((each) => each.token),
    }
  } finally {
    await bench.close()
  }
}

/** An address per request, as votes come from many phones: 10.x.y.z, a /24 per 256 requests. */
export const addressOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`

type Rate = {
  connections: number
  durationS: number
  perSecond: number
  total: number
  p50Ms: number | null
  p99Ms: number | null
  errors: number
  non2xx: number
}

/**
 * (a) The row a vote writes, inserted by a plain parameterised statement, `connections` at a time
 * for the bench duration after a warm-up; each insert its own transaction, as each vote is.
 */
const plainInserts = async ({
  databaseUrl,
  world,
  connections,
}: {
  databaseUrl: string
  world: World
  connections: number
}): Promise<Rate> => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections })
  const day = new Date().toISOString().slice(0, 10)
  let n = 0
  const insert = () => {
    const i = n++
    return pool.query(
      `insert into votes (entry_id, sub_project_id, campaign_id, day, valid, voter, verifier,
                          address, address_block, user_agent)
       values ($1, $2, $3, $4, true, $5, 'email', $6, $7, $8)`,
      [
        world.baselineWork,
        world.subProject,
        world.campaign,
        day,
        `baseline-${i}`,
        addressOf(i),
        `${addressOf(i).split('.').slice(0, 3).join('.')}.0/24`,
        'autocannon',
      ],
    )
  }
  const run = async (seconds: number) => {
    const deadline = performance.now() + seconds * 1000
    let done = 0
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          await insert()
          done++
        }
      }),
    )
    return done
  }
  try {
    await run(2)
    const durationS = benchDuration()
    const total = await run(durationS)
    return {
      connections,
      durationS,
      perSecond: total / durationS,
      total,
      p50Ms: null,
      p99Ms: null,
      errors: 0,
      non2xx: 0,
    }
  } finally {
    await pool.end()
  }
}

/** Deletes (a)'s rows and vacuums the table, so (b) starts on the votes of the world alone. */
const clearBaseline = async ({ databaseUrl, world }: { databaseUrl: string; world: World }) => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('delete from votes where entry_id = $1', [world.baselineWork])
    await client.query('vacuum analyze votes')
  } finally {
    await client.end()
  }
}

/**
 * Votes over HTTP, each request the next of `pairs` (its work and token) from its own address.
 * `amount` sends exactly that many; otherwise it runs for `durationS`.
 */
export const voteLoad = async ({
  base,
  connections,
  pair,
  durationS,
  amount,
}: {
  base: string
  connections: number
  pair: (n: number) => { work: number; token: string }
  durationS?: number
  amount?: number
}) => {
  let n = 0
  const statuses = new Map<number, number>()
  let maxCount = 0
  const result = await autocannon({
    url: base,
    connections,
    ...(amount ? { amount } : { duration: durationS }),
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = n++
          const { work, token } = pair(i)
          return {
            ...req,
            path: `/api/entries/${work}/vote`,
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': addressOf(i),
              'user-agent': 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.44',
            },
            body: JSON.stringify({ token }),
          }
        },
        onResponse: (status: number, body: string) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status === 201) {
            maxCount = Math.max(maxCount, (JSON.parse(body) as { votes: number }).votes)
          }
        },
      },
    ],
  } as never)
  return { result, statuses: Object.fromEntries(statuses), sent: n, maxCount }
}

const rateOf = (result: autocannon.Result, durationS: number, connections: number): Rate => ({
  connections,
  durationS,
  perSecond: result.requests.average,
  total: result.requests.total,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
})

export const runVotes = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = await makeDataDir('votes')
  let app: Awaited<ReturnType<typeof launchServer>> | undefined
  try {
    say(`votes: a campaign open for votes and ${voters + burstVotes} voter tokens in ${dataDir}`)
    const world = await makeWorld(dataDir)

    say('votes: starting the production server')
    app = await launchServer({ dataDir })
    const cluster = await joinRunningCluster(path.join(dataDir, 'postgres'))
    if (!cluster) {
      throw new Error('the server’s embedded PostgreSQL is not running')
    }
    const databaseUrl = cluster.url('wangju')
    const durationS = benchDuration()

    say(`votes: (a) plain inserts, ${voteConnections} connections, ${durationS} s`)
    const baseline = await plainInserts({ databaseUrl, world, connections: voteConnections })
    // The baseline's rows are not votes: left in the table, dated now, the server's anomaly sweep
    // would take them for a burst of tens of thousands of votes and sweep them all through (b).
    await clearBaseline({ databaseUrl, world })

    say(`votes: (b) verified votes over HTTP, ${voteConnections} connections, ${durationS} s`)
    // Voter i % voters for work ⌊i / voters⌋: no pair twice, warm-up included.
    const pair = (i: number) => ({
      work: world.works[Math.floor(i / voters) % works]!,
      token: world.tokens[i % voters]!,
    })
    const warm = await voteLoad({
      base: app.base,
      connections: voteConnections,
      pair,
      durationS: 2,
    })
    const offset = warm.sent
    const measured = await voteLoad({
      base: app.base,
      connections: voteConnections,
      pair: (i) => pair(i + offset),
      durationS,
    })
    const votes = rateOf(measured.result, durationS, voteConnections)
    if (offset + measured.sent > voters * works) {
      throw new Error(`(b) sent ${offset + measured.sent} votes, more than its voter–work pairs`)
    }

    say(`votes: (c) a burst of ${burstVotes} votes for one work, 64 connections`)
    const burstStarted = performance.now()
    const burst = await voteLoad({
      base: app.base,
      connections: 64,
      pair: (i) => ({ work: world.burstWork, token: world.burstTokens[i]! }),
      amount: burstVotes,
    })
    const burstS = since(burstStarted) / 1000
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const { rows: stored } = await client.query<{ n: string; voters: string; valid: string }>(
      'select count(*) as n, count(distinct voter) as voters, count(*) filter (where valid) as valid from votes where entry_id = $1',
      [world.burstWork],
    )
    await client.end()
    const countPath = `/api/entries/${world.burstWork}/votes`
    const counted = (await (await fetch(`${app.base}${countPath}`)).json()) as { votes: number }
    const burstResult = {
      sent: burst.sent,
      statuses: burst.statuses,
      stored: Number(stored[0]!.n),
      distinctVoters: Number(stored[0]!.voters),
      valid: Number(stored[0]!.valid),
      counted: counted.votes,
      lastAnsweredCount: burst.maxCount,
      seconds: burstS,
    }
    const isBurstWhole =
      burstResult.statuses[201] === burstVotes &&
      burstResult.stored === burstVotes &&
      burstResult.distinctVoters === burstVotes &&
      burstResult.counted === burstVotes &&
      burstResult.lastAnsweredCount === burstVotes
    say(`votes: burst ${JSON.stringify(burstResult)}`)

    say(`votes: (d) the public count of a work, 32 connections, ${durationS} s`)
    const countBody = Buffer.from(await (await fetch(`${app.base}${countPath}`)).arrayBuffer())
    const count: LoadResult = await runLoad({ url: `${app.base}${countPath}` })
    await app.stop()
    app = undefined

    say(`votes: (e) the HTTP ceiling, the same ${countBody.length} bytes from memory`)
    const bodyFile = path.join(dataDir, 'count-body.json')
    await fs.writeFile(bodyFile, countBody)
    const ceiling = await startCeiling({ mode: 'c1', env: { CEILING_BODY_FILE: bodyFile } })
    let bare: LoadResult
    try {
      bare = await runLoad({ url: `${ceiling.base}/api/entries` })
    } finally {
      await ceiling.stop()
    }

    const voteRatio = votes.perSecond / baseline.perSecond
    const countRatio = count.reqPerSec / bare.reqPerSec
    const ratios: Ratio[] = [
      {
        name: 'verified votes per second ÷ plain inserts of the same row per second',
        value: voteRatio,
        target: `≥ ${voteTarget}`,
        isMet: voteRatio >= voteTarget,
      },
      {
        name: 'public count requests per second ÷ bare HTTP ceiling',
        value: countRatio,
        target: `≥ ${countTarget}`,
        isMet: countRatio >= countTarget,
      },
      {
        name: `burst of ${burstVotes} votes on one work: votes stored and counted once each ÷ votes sent`,
        value: isBurstWhole ? 1 : burstResult.stored / burstVotes,
        target: '= 1',
        isMet: isBurstWhole,
      },
    ]
    const rates = markdownTable(
      ['target', 'connections', 'per second', 'total', 'p50 ms', 'p99 ms', 'errors / non-2xx'],
      [
        ['(a) baseline: plain INSERT of a vote’s row through pg', baseline],
        ['(b) verified votes, `POST /api/entries/:id/vote` with a voter token', votes],
      ].map(([name, rate]) => {
        const r = rate as Rate
        return [
          name as string,
          r.connections,
          fmt(r.perSecond, 0),
          r.total,
          r.p50Ms === null ? '—' : fmt(r.p50Ms, 1),
          r.p99Ms === null ? '—' : fmt(r.p99Ms, 1),
          `${r.errors} / ${r.non2xx}`,
        ]
      }),
    )
    const counts = markdownTable(
      ['target', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors / non-2xx', 'bytes'],
      [
        ['(d) public count, `GET /api/entries/:id/votes`', count],
        ['(e) HTTP ceiling: express, the same bytes from memory', bare],
      ].map(([name, load]) => {
        const l = load as LoadResult
        return [
          name as string,
          l.connections,
          fmt(l.reqPerSec, 0),
          fmt(l.p50Ms, 1),
          fmt(l.p99Ms, 1),
          `${l.errors} / ${l.non2xx}`,
          countBody.length,
        ]
      }),
    )
    const burstTable = markdownTable(
      [
        'votes sent',
        'answered 201',
        'stored',
        'distinct voters',
        'valid',
        'public count',
        'largest count answered',
        'seconds',
      ],
      [
        [
          burstResult.sent,
          burstResult.statuses[201] ?? 0,
          burstResult.stored,
          burstResult.distinctVoters,
          burstResult.valid,
          burstResult.counted,
          burstResult.lastAnsweredCount,
          fmt(burstResult.seconds, 1),
        ],
      ],
    )
    const ratiosTable = markdownTable(
      ['measure', 'value', 'target', 'status'],
      ratios.map((r) => [
        r.name,
        fmt(r.value, 2),
        r.target,
        r.isMet === null ? '—' : r.isMet ? 'met' : '**missed**',
      ]),
    )
    const notes = [
      `A campaign with one sub-project open for votes, ${works} works for (b), one for the burst and one for the baseline's rows; ${voters} voter tokens for (b) and ${burstVotes} for the burst, signed beforehand as \`/api/votes/verify\` signs them (HS256). The production server (\`npm start\`'s src/server.ts on its embedded PostgreSQL), rate limits off (every request comes from 127.0.0.1), the per-address limit raised (each vote names its own address in X-Forwarded-For, trusted from loopback).`,
      `(a) and (b): ${voteConnections} connections for ${durationS} s after a 2 s warm-up, from this process. (a) inserts the row (b) writes — work, sub-project, campaign, day, voter hash, verifier, address, block, user agent — into the same table with the same indexes, one autocommitted statement per row; its rows are deleted (and the table vacuumed) before (b), so the server's anomaly sweep does not take them for votes. (b) is a whole vote: the token's signature checked, the work's voting window read (cached for a second), a transaction that takes the voter's and the address's advisory locks, counts the voter's votes for the work that day and the address's in the sub-project, inserts — sent as one round trip — then the work's valid votes read after the commit (one read shared by the votes for a work that arrive while it runs), the answer and, a second later, the anomaly sweep.`,
      `(c): ${burstVotes} voters, one request each, for one work, 64 connections at once; the stored rows counted in PostgreSQL afterwards, and the public count read from the server. Each 201 answers the work's count read after its vote committed, so the largest answered must be ${burstVotes}; and every vote must be answered 201, stored once and counted.`,
      `(d) and (e): autocannon, 32 connections, ${durationS} s after a 2 s warm-up. (d) reads a work's count through the server's Express layer (body cap, rate limiter, credential check, then src/voting/fastPath.ts, which answers from the bytes cached for a second, with an ETag), (e) is a minimal Express server in a process of its own answering the same bytes.`,
    ]
    return {
      part: 'votes',
      title: 'Public votes',
      machine: machineInfo(),
      wallS: since(started) / 1000,
      tables: [rates, burstTable, counts, ratiosTable],
      notes,
      ratios,
      bounds: [],
      data: { baseline, votes, burst: burstResult, count, bare, warmupVotes: warm.sent },
    }
  } finally {
    await app?.stop().catch(() => {})
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runVotes()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
